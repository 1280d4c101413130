"""A cell's recognised pieces put in reading order: visual lines, top to bottom, left to right.

The page reader joins them into a cell's text; the row splitting of :mod:`stacked_rows` asks how many
lines a cell holds and what each says.
"""
from __future__ import annotations

Box = tuple[float, float, float, float]
Piece = tuple[Box, str, float]


def same_line(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def visual_lines(items: list[Piece]) -> list[list[Piece]]:
    """Group recognised pieces into lines of reading order (top to bottom, left to right)."""
    lines: list[list[Piece]] = []
    for item in sorted(items, key=lambda it: (it[0][1] + it[0][3]) / 2):
        for line in lines:
            if same_line(line[-1][0], item[0]):
                line.append(item)
                break
        else:
            lines.append([item])
    return [sorted(line, key=lambda it: it[0][0]) for line in lines]


def join_line(pieces: list[Piece]) -> str:
    """Pieces of one visual line; a gap wider than a character becomes a space."""
    out = pieces[0][1]
    for (prev_box, _, _), (box, text, _) in zip(pieces, pieces[1:]):
        gap = box[0] - prev_box[2]
        out += (" " if gap > (box[3] - box[1]) else "") + text
    return out


def cell_text(pieces: list[Piece]) -> tuple[str, float]:
    """A cell's text in reading order and its confidence (the weakest line's score;
    1.0 for a blank cell, where there was nothing to misread)."""
    # Wrapped lines of one cell join with nothing: CJK text has no spaces.
    raw = "".join(join_line(line) for line in visual_lines(pieces))
    return raw, round(min((s for _, _, s in pieces), default=1.0), 4)

"""Rows a lost rule joined, split again where their figures stand one above the other.

A 204×98 dpi fax keeps one scan line in two of the page's height: a hairline row
rule can fall between them and be gone along its whole length, so no part of the
table shows the grid line (:mod:`lost_rules` restores a rule only where it still
divides cells somewhere). The grid then holds two printed rows as one, and each
of its cells two rows' text: a 分值 of "9" over "9" read as "94", a 得分 of "10" over
"94.27" (the form's total) as "1094.27", two indicator names as one.

A cell of a 分值 or 得分 column never holds two figures one above the other; two
such cells in one grid row, each holding two short figures (neither filling the
cell's width, as a figure wrapped for want of room does) with a bare band between
them at the same height, are two rows, and the row is split along that band: every
cell of the row is cut there (each line to the side it sits on), and the cells
merged over the row (一级/二级 labels centred on the block) grow by a row. Nothing
is split where any of the row's own cells has a line across the band. The cells cut
are marked ``rule_mended``: the verdict names the restored rule, so a form read so is
never a clean ``ok`` on an inferred row.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from jixiao.extractors.inferred_grid import whole_level_names
from jixiao.extractors.ocr.cell_lines import Box, Piece, join_line, visual_lines
from jixiao.models import Cell, PageTable
from jixiao.normalizers.spacing import squash

#: A figure as a 分值/得分/value cell prints it: a sign, a number, a percent sign.
FIGURE = re.compile(r"^[≥≤<>=]?\d{1,6}(?:\.\d{1,2})?%?$")
#: A line wider than this share of its cell may be a figure wrapped for want of room ("96.7" over "2%").
SHORT_SHARE = 0.8
#: A line crosses the band when the band passes through the middle of it, between this share of its
#: height from its top and as much from its bottom (a wrapped label's second line may reach into it).
CROSSING_SHARE = 0.25
#: Grid rows with stacked figures in at least this many cells are split.
MIN_STACKED_CELLS = 2


def split_stacked_rows(table: PageTable, pieces: dict[int, list[Piece]], k: float,
                       cell_text: Callable[[list[Piece]], tuple[str, float]],
                       repair: Callable[[str], str]) -> PageTable:
    """``table`` with every grid row whose figures stand stacked split in two (module docstring).

    ``pieces`` are each cell's read lines by its index in ``table.cells`` (pixel boxes), ``k``
    points per pixel, ``cell_text`` a cell's text and confidence from its lines."""
    for _ in range(table.n_rows):
        found = _stacked_row(table, pieces, k)
        if found is None:
            break
        table, pieces = _split(table, pieces, *found, k, cell_text, repair)
    return table


def _stacked_gap(cell: Cell, cell_pieces: list[Piece], k: float) -> tuple[float, float] | None:
    """(bottom of the top figure, top of the next one) in pixels when the cell holds two short figures
    or more one above the other (three rows joined by two lost rules: "9" over "10" over the 分值 total
    "100"); None otherwise. The row is split under its top figure, and the lower part again."""
    lines = visual_lines(cell_pieces)
    if len(lines) < 2:
        return None
    width = (cell.bbox[2] - cell.bbox[0]) / k
    for line in lines:
        text = join_line(line).replace(" ", "")
        extent = max(p[0][2] for p in line) - min(p[0][0] for p in line)
        if not FIGURE.match(text) or extent > SHORT_SHARE * width:
            return None
    bottom, top = max(p[0][3] for p in lines[0]), min(p[0][1] for p in lines[1])
    return (bottom, top) if top > bottom else None


def _stacked_row(table: PageTable, pieces: dict[int, list[Piece]], k: float) -> tuple[int, float] | None:
    """The first grid row to split and where (pixels), or None."""
    for row in range(table.n_rows):
        own = [i for i, c in enumerate(table.cells) if c.row == row and c.rowspan == 1]
        gaps = [gap for i in own if (gap := _stacked_gap(table.cells[i], pieces.get(i, []), k)) is not None]
        if len(gaps) < MIN_STACKED_CELLS:
            continue
        low, high = max(g[0] for g in gaps), min(g[1] for g in gaps)
        if high <= low:
            continue
        at = (low + high) / 2
        crossing = [i for i in own if any(_crosses(box, at) for box, _, _ in pieces.get(i, []))]
        if any(not _label(pieces[i]) for i in crossing):
            continue
        return row, at
    return None


def _crosses(box: Box, at: float) -> bool:
    margin = CROSSING_SHARE * (box[3] - box[1])
    return box[1] + margin < at < box[3] - margin


def _label(cell_pieces: list[Piece]) -> bool:
    """One line of words (an 一级/二级 name centred over the two rows, printed merged): not a figure."""
    lines = visual_lines(cell_pieces)
    return len(lines) == 1 and not FIGURE.match(join_line(lines[0]).replace(" ", ""))


def _sides(own: list[Piece], at: float) -> tuple[list[Piece], list[Piece]]:
    """A cell's lines above the cut at ``at`` and below it (by each line's middle)."""
    return [p for p in own if (p[0][1] + p[0][3]) / 2 < at], [p for p in own if (p[0][1] + p[0][3]) / 2 >= at]


def _two_level_names(own: list[Piece], at: float, cell_text: Callable[[list[Piece]], tuple[str, float]],
                     repair: Callable[[str], str]) -> bool:
    """A merged cell's lines parted by the cut at ``at`` into two whole level names (the schema's 一级/二级
    names: "效益指标" above, "满意度指标" below); not when a line crosses the cut, a side is empty, or either side
    is no whole name (a wrapped "产出" over "指标" stays one)."""
    if any(_crosses(box, at) for box, _, _ in own):
        return False
    names = whole_level_names()
    return all(side and squash(repair(cell_text(side)[0])) in names for side in _sides(own, at))


def _cut_parts(cell: Cell, own: list[Piece], at: float, cut: float, spans: tuple[tuple[int, int], tuple[int, int]],
               cell_text: Callable[[list[Piece]], tuple[str, float]], repair: Callable[[str], str]
               ) -> list[tuple[Cell, list[Piece]]]:
    """``cell`` cut at ``at`` (pixels; ``cut`` in points) into its part above and its part below, each with
    its lines, re-read, and placed at its (row, rowspan) of ``spans``; marked ``rule_mended``."""
    x0, y0, x1, y1 = cell.bbox
    out = []
    for part, (r, span), box in zip(_sides(own, at), spans, ((x0, y0, x1, cut), (x0, cut, x1, y1))):
        raw, confidence = cell_text(part)
        out.append((cell.model_copy(update={
            "row": r, "rowspan": span, "bbox": box, "raw_text": raw, "text": repair(raw), "confidence": confidence,
            "alternatives": [], "vocabulary_readings": {}, "figure_reading": None, "unread_width": 0.0,
            "rule_mended": True}), part))
    return out


def _split(table: PageTable, pieces: dict[int, list[Piece]], row: int, at: float, k: float,
           cell_text: Callable[[list[Piece]], tuple[str, float]], repair: Callable[[str], str]
           ) -> tuple[PageTable, dict[int, list[Piece]]]:
    """The table with grid row ``row`` cut at ``at`` (pixels), and its cells' pieces re-indexed."""
    cells: list[Cell] = []
    new_pieces: dict[int, list[Piece]] = {}
    cut = round(at * k, 2)
    for i, cell in enumerate(table.cells):
        own = pieces.get(i, [])
        if cell.row > row:
            kept = [(cell.model_copy(update={"row": cell.row + 1}), own)]
        elif cell.row + cell.rowspan <= row:
            kept = [(cell, own)]
        elif cell.rowspan > 1 and _two_level_names(own, at, cell_text, repair):
            # a merged 一级/二级 label over the rows on both sides holding one group's name above the cut and
            # the next group's below it: the rule between the groups was lost with the rows'; each keeps its rows
            spans = ((cell.row, row - cell.row + 1), (row + 1, cell.row + cell.rowspan - row))
            kept = _cut_parts(cell, own, at, cut, spans, cell_text, repair)
        elif cell.rowspan > 1 or any(_crosses(box, at) for box, _, _ in own):
            kept = [(cell.model_copy(update={"rowspan": cell.rowspan + 1}), own)]
        else:
            kept = _cut_parts(cell, own, at, cut, ((row, 1), (row + 1, 1)), cell_text, repair)
        for new_cell, part in kept:
            new_pieces[len(cells)] = part
            cells.append(new_cell)
    return table.model_copy(update={"cells": cells, "n_rows": table.n_rows + 1}), new_pieces

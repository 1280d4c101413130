"""Column rules a fax left only as dotted traces, found from the pieces they broke into.

Writer prints a table's rules as hairlines. Faxed at 100 dpi and cut to one bit, a
hairline falls between the scanner's pixels: the row rules vanish almost whole and
the column rules survive as a trail of dots and short dashes. No grid is found (a
grid needs rules across as well as down), the table is inferred from its text, and
the text detector, seeing no rule between two cells, can box both as one piece: a
分值 and the 得分 beside it came back as "10 10", one piece in one column.

The column rules are still there in their pieces: short vertical runs at one place
across, one under the other. Pieces of one rule agree on where they lie across to
within a couple of pixels and together cover a good part of the stretch they span,
which no strokes of text do (a stroke is shorter than a rule piece, and the strokes
of a column of text do not line up to a pixel down many rows).
"""
from __future__ import annotations

import numpy as np

from jixiao.extractors.ocr.grid import EDGE_TOLERANCE_IN, Rule, runs_through_text

#: A trail of rule pieces at one place across is a column rule when its pieces add up to
#: at least this long (inches): a few rows of a table; no stroke of text comes so long.
MIN_TRAIL_IN = 0.8
#: ...made of at least this many pieces: one piece alone is among the drawn rules already.
MIN_PIECES = 3
#: A piece longer than this (inches) is a rule even with ink close along both sides (dense cells set tight
#: against it), as the grid finder takes it on coarse pages.
LONG_PIECE_IN = 0.5
#: Pieces of one trail lie within this (inches) of each other across...
ACROSS_IN = EDGE_TOLERANCE_IN / 2
#: ...and at most this far apart (inches) along it: beyond, the rule ended.
MAX_GAP_IN = 1.5


def column_rules(vertical: list[Rule], ink: np.ndarray, dpi: int) -> list[Rule]:
    """Each trail of the page's vertical rule pieces (``vertical``, as :func:`grid.drawn_rules` gives
    them): (x, top, bottom) in pixels, left to right. Pieces with ink close along both their sides
    (``ink``, the page's) are strokes of text: a bold title's strokes lie at the places of the column
    rules below now and then, and lengthened their trails up into the title."""
    band = max(2, round(EDGE_TOLERANCE_IN * dpi / 2))
    vertical = [piece for piece in vertical
                if piece[2] - piece[1] > LONG_PIECE_IN * dpi or not runs_through_text(ink, piece, False, band)]
    return [_spanned(trail) for column in _columns(vertical, ACROSS_IN * dpi)
            for trail in _trails(column, MAX_GAP_IN * dpi)
            if len(trail) >= MIN_PIECES and sum(p[2] - p[1] for p in trail) >= MIN_TRAIL_IN * dpi]


def _columns(pieces: list[Rule], tolerance: float) -> list[list[Rule]]:
    """Pieces grouped by where they lie across (each joins the group whose last piece is
    within ``tolerance`` of it)."""
    groups: list[list[Rule]] = []
    for piece in sorted(pieces):
        if groups and piece[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _trails(column: list[Rule], max_gap: float) -> list[list[Rule]]:
    """A column's pieces, top to bottom, parted where the gap between two exceeds ``max_gap``."""
    trails: list[list[Rule]] = []
    bottom = 0.0
    for piece in sorted(column, key=lambda p: p[1]):
        if trails and piece[1] - bottom <= max_gap:
            trails[-1].append(piece)
            bottom = max(bottom, piece[2])
        else:
            trails.append([piece])
            bottom = piece[2]
    return trails


def _spanned(trail: list[Rule]) -> Rule:
    """A trail as one rule: at its pieces' length-weighted position across, from its first
    piece's top to its last piece's bottom."""
    lengths = [max(p[2] - p[1], 1e-9) for p in trail]
    x = sum(p[0] * w for p, w in zip(trail, lengths)) / sum(lengths)
    return (x, min(p[1] for p in trail), max(p[2] for p in trail))

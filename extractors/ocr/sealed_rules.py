"""Table rules lost under a lifted seal, bridged across the seal's footprint.

Lifting a seal takes whatever is as light as the seal's ink along with it: a
table's hairline rules where they run under the seal. The grid then joins the
cells under the seal across the lost rule, and one cell holds two rows' scores
(a grey 150 dpi scan's seal over the score columns read rows 3 and 4 as one).
Where the seal was is known (its footprint, the box the lift worked in), so a
rule that stops inside that footprint is followed across it:

* seen on both sides of the footprint (the same line, within a rule's band),
  the stretch between the two pieces is the rule's, unless both pieces stop at
  a column rule and no column rule crosses the line between them (the rule runs
  up to a printed merged block's borders);
* seen on one side only, it runs on to the farthest column rule under the
  footprint that crosses its line (rows continue across a table), unless it
  stopped at a column rule (a printed merged block begins there, the rule has
  no business going on).

Either way the bridged stretch must be bare paper on the rule's line in the
lifted image: text crossing the line (a merged cell's label set across two
rows) means no rule was printed there. A rule ending on paper elsewhere than
under a seal is left to the grid's other tests.
"""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from jixiao.extractors.ocr.grid import (EDGE_TOLERANCE_IN, JOIN_GAP_IN, THICKEST_RULE_IN, RuleMasks, _inside_text,
                                        _join_collinear, _segments, _Segment)
from jixiao.extractors.ocr.raster import ink_mask

Box = tuple[float, float, float, float]

#: A rule seen beside a seal is a rule when its pieces on that side come to at least this long
#: (inches): a bold stroke of text (一 in 10 pt type is 0.13 in; joined strokes of a narrow heading
#: reach 0.3 in) is shorter. On 443's stamped 150 dpi grey scan (tune) the lost row rule's pieces
#: beside the seal came to 4.4 in, the one reaching under the seal's edge to 0.6 in.
MIN_SEEN_IN = 0.5
#: Pieces of one rule beside the seal are counted together across breaks up to this long (inches):
#: a faint hairline of a 150 dpi grey scan breaks where it grazes the paper's tone (443's, tune:
#: breaks of 0.2 to 0.34 in between pieces 0.3 to 2 in long), and a bridge must not hang on
#: whether the piece that reaches under the seal happens to be a long one.
SEEN_GAP_IN = 0.4
#: A piece ends under a seal when its end lies in the footprint or this close outside it (inches):
#: the lift's circle leaves the footprint's corners, so a rule's piece usually reaches into the box.
END_REACH_IN = 0.08
#: Ink crosses the rule's line where it runs unbroken from this far (inches) on one side of it to as
#: far on the other: a glyph's stroke set across the line does, a digit set close beside a column
#: rule (its cell's padding is a few pixels at 150 dpi) does not.
CROSS_REACH_IN = 0.01
#: The bridged stretch is crossed by text when ink crosses its line along more than this share of
#: it (rules across it left out). Measured on the stamped 150 dpi grey scans of 101, 137 and 443
#: (tune), along the grid lines inside printed merged blocks: a line of text set across a row line
#: crossed it along 0.22 to 0.47 of the cell's width; the seal's leftover strokes under 137's seal
#: crossed its lost rules along at most 0.04.
MAX_CROSSED_SHARE = 0.1

#: Column and row rules are bridged in turn this many times: a rule seen on one side runs on to the
#: rules crossing its line, and a crossing rule the seal cut is only seen to cross it once it is
#: bridged itself (137's last column under its seal, tune). Each round starts from the rules as seen.
BRIDGING_ROUNDS = 2


def _crossing(crossers: Sequence[_Segment], pos: float, band: float) -> list[float]:
    """Positions of the perpendicular rules that run across the line at ``pos``."""
    return sorted(c.pos for c in crossers if c.start - band <= pos <= c.end + band)


def _bare_line(text: np.ndarray, pos: float, a: int, b: int, columns: list[float], band: int, reach: int) -> bool:
    """Whether no text crosses the line at ``pos`` between ``a`` and ``b`` (``text``: the page's ink
    without its rules; the perpendicular rules' ``columns`` left out)."""
    if b <= a:
        return False
    p = int(round(pos))
    crossed = text[max(p - reach, 0):p + reach + 1, a:b].all(axis=0)
    for x in columns:
        lo, hi = int(x) - band - a, int(x) + band + 1 - a
        crossed[max(lo, 0):max(hi, 0)] = False
    return float(crossed.mean()) <= MAX_CROSSED_SHARE


def _seen_length(seg: _Segment, segs: Sequence[_Segment], band: float, max_gap: float) -> float:
    """Length of ``seg`` and of the pieces on its line before it, chained across breaks up to ``max_gap``."""
    before = sorted((s for s in segs if s is not seg and abs(s.pos - seg.pos) <= band and s.end <= seg.start),
                    key=lambda s: -s.end)
    length, start = seg.end - seg.start, seg.start
    for piece in before:
        if start - piece.end > max_gap:
            break
        length += piece.end - piece.start
        start = min(start, piece.start)
    return length


def _far_end(seg: _Segment, segs: Sequence[_Segment], crossers: Sequence[_Segment], box: Box,
             tol: float, band: float, reach: float) -> float | None:
    """Where the rule ``seg`` (ending under the seal at ``seg.end``) goes on to, or None.

    The next piece on its line when it starts under the seal (seen on both sides; not when both
    pieces stop at column rules with none crossing the line between them: the borders of a merged
    block), otherwise the farthest perpendicular rule under the footprint crossing its line (seen on
    one side).
    """
    x0, y0, x1, y1 = box
    columns = _crossing(crossers, seg.pos, band)
    at_column = any(abs(x - seg.end) <= tol for x in columns)
    after = [s for s in segs if s is not seg and abs(s.pos - seg.pos) <= band and s.start > seg.end]
    if after:
        nearest = min(after, key=lambda s: s.start)
        if nearest.start <= x1 + reach:
            if at_column and any(abs(x - nearest.start) <= tol for x in columns) and \
                    not any(seg.end + tol < x < nearest.start - tol for x in columns):
                return None  # stops at the column rules on both sides, none between: a merged block's border
            return nearest.start
    if at_column:
        return None  # stopped at a column rule: a merged block, or the table's edge
    under = [x for x in columns if seg.end + tol < x <= x1 + reach]
    return max(under) if under else None


def _bridge_one_way(rules: np.ndarray, segs: list[_Segment], crossers: list[_Segment], ink: np.ndarray,
                    text: np.ndarray, boxes: Sequence[Box], dpi: float) -> int:
    """Bridge forward along the rules (increasing position along them); returns how many.
    ``ink`` is the page's ink, ``text`` the same without the rules."""
    tol = EDGE_TOLERANCE_IN * dpi
    band = max(2, round(tol / 2))
    reach = END_REACH_IN * dpi
    bridged = 0
    for box in boxes:
        x0, y0, x1, y1 = box
        for seg in segs:
            if not (y0 <= seg.pos <= y1 and x0 - reach <= seg.end < x1):
                continue
            if _seen_length(seg, segs, band, SEEN_GAP_IN * dpi) < MIN_SEEN_IN * dpi or \
                    _inside_text(ink, seg, True, band):
                continue
            end = _far_end(seg, segs, crossers, box, tol, band, reach)
            if end is None:
                continue
            a, b = int(seg.end), int(round(end))
            if not _bare_line(text, seg.pos, a, b, _crossing(crossers, seg.pos, band), band,
                              max(1, round(CROSS_REACH_IN * dpi))):
                continue
            p = int(round(seg.pos))
            rules[p - 1:p + 1, a:b + 1] = 255
            bridged += 1
    return bridged


def _flipped(segs: list[_Segment], length: int) -> list[_Segment]:
    return [_Segment(s.pos, length - s.end, length - s.start) for s in segs]


def _crossers_mirrored(crossers: list[_Segment], width: int) -> list[_Segment]:
    """Perpendicular rules placed on the page mirrored along the rules (their positions flip)."""
    return [_Segment(width - c.pos, c.start, c.end) for c in crossers]


def _bridge_horizontal(seen: np.ndarray, rules: np.ndarray, across: np.ndarray, ink: np.ndarray,
                       text: np.ndarray, boxes: Sequence[Box], dpi: float) -> int:
    """Bridge the horizontal rules ``seen`` on the page (as found, before any bridging) in both
    directions along them, drawing into ``rules`` (in place); ``across`` holds the perpendicular
    rules as bridged so far. Pass transposed views for the vertical rules.

    Only the band of the page across each footprint is searched (full length along the rules: a
    rule is seen, and its crossing rules found, beside the seal); the whole page's rule pieces took
    as long to find as its rule masks did.
    """
    pad = 5 * max(2, round(EDGE_TOLERANCE_IN * dpi / 2))  # the text tests look 4 bands beside a line
    count = 0
    for x0, y0, x1, y1 in boxes:
        r0, r1 = max(int(y0) - pad, 0), int(y1) + pad + 1
        count += _bridge_in_band(seen[r0:r1], rules[r0:r1], across[r0:r1], ink[r0:r1], text[r0:r1],
                                 (x0, y0 - r0, x1, y1 - r0), dpi)
    return count


def _bridge_in_band(seen: np.ndarray, rules: np.ndarray, across: np.ndarray, ink: np.ndarray,
                    text: np.ndarray, box: Box, dpi: float) -> int:
    """:func:`_bridge_horizontal` for one footprint, on the band of the page across it."""
    tol = EDGE_TOLERANCE_IN * dpi
    band = max(2, round(tol / 2))
    thickest = THICKEST_RULE_IN * dpi
    segs = _join_collinear(_segments(np.ascontiguousarray(seen), True, thickest), band, JOIN_GAP_IN * dpi)
    crossers = _join_collinear(_segments(np.ascontiguousarray(across), False, thickest), band, JOIN_GAP_IN * dpi)
    count = _bridge_one_way(rules, segs, crossers, ink, text, [box], dpi)
    # backwards: the same search on the page mirrored along the rules
    width = rules.shape[1]
    x0, y0, x1, y1 = box
    count += _bridge_one_way(rules[:, ::-1], _flipped(segs, width), _crossers_mirrored(crossers, width),
                             ink[:, ::-1], text[:, ::-1], [(width - x1, y0, width - x0, y1)], dpi)
    return count


def bridge_rules_under_seals(masks: RuleMasks, gray: np.ndarray, footprints: Sequence[Box],
                             dpi: float) -> tuple[RuleMasks, int]:
    """The rule masks with the rules lost under the seals' ``footprints`` bridged, and how many were.

    ``gray`` is the page with the seals lifted (what the grid is found on).
    """
    if not footprints:
        return masks, 0
    ink = ink_mask(gray) > 0
    text = ink & (cv2.dilate(masks.both, np.ones((3, 3), np.uint8)) == 0)
    horizontal, vertical = masks.horizontal.copy(), masks.vertical.copy()
    turned = [(y0, x0, y1, x1) for x0, y0, x1, y1 in footprints]
    count = 0
    for _ in range(BRIDGING_ROUNDS):
        bridged = _bridge_horizontal(masks.vertical.T, vertical.T, horizontal.T, ink.T, text.T, turned, dpi)
        bridged += _bridge_horizontal(masks.horizontal, horizontal, vertical, ink, text, footprints, dpi)
        count += bridged
        if not bridged:
            break
    return RuleMasks(horizontal, vertical), count

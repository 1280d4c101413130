"""Table grids from the ruling lines of a page image.

Rules are found with morphology (an opening with a long thin kernel keeps only
long straight strokes), the row and column edges are the clustered positions of
those rules, and a cell is merged with its neighbour wherever the rule between
them is missing. Everything is in pixels of the upright page image; every
tolerance is a length on paper (inches) turned into pixels at the page's dpi,
and edges are anchored on the longest rule pieces, so the same page resampled a
pixel larger or smaller finds the same grid.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from jixiao.extractors.ocr.components import components_with_stats
from jixiao.extractors.ocr.lost_rules import restore_rules_between_texts
from jixiao.extractors.ocr.faint_rules import faint_horizontal_rules, faint_vertical_rules
from jixiao.extractors.ocr.raster import ink_mask

Box = tuple[float, float, float, float]
#: A straight rule: its position across, and where it starts and ends along it (pixels).
Rule = tuple[float, float, float]

#: Shortest rule segment, in inches: longer than any stroke of 9–12 pt text.
MIN_H_RULE_IN = 0.20
MIN_V_RULE_IN = 0.15
#: Breaks in a rule this short (inches) are bridged (JPEG and noise break thin rules).
GAP_BRIDGE_IN = 0.015
#: Rules closer than this (inches) are the same edge.
EDGE_TOLERANCE_IN = 0.04
#: A rule extending this far (inches) past the outermost crossing rule means the
#: table goes on without a closing rule (cut at the page end).
OPEN_END_IN = 0.08
#: Pieces of one rule separated by at most this (inches) are joined: JPEG and
#: noise break thin rules in places. A coarse page (fax) loses whole stretches
#: of a thin rule where it straddles two rows of pixels, so its gaps run
#: longer; still shorter than a merged cell usually is wide.
JOIN_GAP_IN = 0.08
COARSE_JOIN_GAP_IN = 0.35
#: A rule piece thicker across than this (inches) has other strokes touching it: printed
#: rules, bold outer borders included, are thinner.
THICKEST_RULE_IN = 0.03
#: Rules within this reach (inches) of each other belong to one table region.
REGION_REACH_IN = 0.025
#: Share of a border's length that must be inked for the border to exist.
BORDER_PRESENT = 0.5
#: On a coarse page (fax) a thin rule survives only in fragments: a border that is
#: inked over this share, in a thin line with paper on at least one side, exists.
FRAGMENT_PRESENT = 0.25


@dataclass
class GridCell:
    """A cell as printed, in pixel coordinates; merged blocks have spans > 1."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box
    cut_at_page_end: bool = False
    cut_at_page_start: bool = False
    #: A border of the cell is a rule lost under a seal or a shadow and restored from the
    #: table's geometry (:mod:`lost_rules`): the damage may have taken more than the rule.
    rule_mended: bool = False


@dataclass
class GridTable:
    """One ruled table: its edges and cells, plus a lookup from grid position to cell."""

    row_edges: list[float]
    col_edges: list[float]
    cells: list[GridCell]
    owner: np.ndarray = field(repr=False)  # owner[r, c] = index into cells

    @property
    def box(self) -> Box:
        return self.col_edges[0], self.row_edges[0], self.col_edges[-1], self.row_edges[-1]

    @property
    def n_rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 <= x < x1 and y0 <= y < y1


@dataclass
class RuleMasks:
    """Horizontal and vertical rule pixels of a page (255 = rule)."""

    horizontal: np.ndarray
    vertical: np.ndarray

    @property
    def both(self) -> np.ndarray:
        return cv2.bitwise_or(self.horizontal, self.vertical)


def rule_masks(gray: np.ndarray, dpi: int) -> RuleMasks:
    """Long straight strokes of the page, split by direction: those of the ink mask, and hairlines
    lighter than the ink threshold but darker than the paper beside them (:mod:`faint_rules`)."""
    ink = ink_mask(gray)
    gap = max(2, round(GAP_BRIDGE_IN * dpi))
    h_len, v_len = round(MIN_H_RULE_IN * dpi), round(MIN_V_RULE_IN * dpi)
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    faint = faint_rule_masks(gray, ink, dpi)
    return RuleMasks(h | faint.horizontal, v | faint.vertical)


def faint_rule_masks(gray: np.ndarray, ink: np.ndarray, dpi: int) -> RuleMasks:
    """Hairlines lighter than the ink threshold (:mod:`faint_rules`), at the sizes the grid takes
    for a rule: the seal lift looks for the rules under a seal with the same measure."""
    gap = max(2, round(GAP_BRIDGE_IN * dpi))
    return RuleMasks(faint_horizontal_rules(gray, ink, dpi, gap, round(MIN_H_RULE_IN * dpi)),
                     faint_vertical_rules(gray, ink, dpi, gap, round(MIN_V_RULE_IN * dpi)))


def erase_rules(gray: np.ndarray, masks: RuleMasks, tables: list["GridTable"], dpi: int) -> np.ndarray:
    """The page with its table rules painted white, so line crops carry no rule fragments.

    Only rule pixels lying on a grid edge where the grid has a border are erased: in small bold
    type the strokes of neighbouring characters (三, 二) can pass for short rules too, and a
    merged cell's text can lie on an edge its neighbours divide (a two-tier header's 一级指标
    centred on the rule under 年度指标值: erased there, its strokes read "一级化に").
    """
    band = max(2, round(EDGE_TOLERANCE_IN * dpi / 2)) + 1
    erase = np.zeros_like(masks.horizontal)
    for t in tables:
        for r, y in enumerate(t.row_edges):
            a, b = max(int(y) - band, 0), int(y) + band + 1
            for start, end in _bordered_spans(t, r, horizontal=True):
                x0, x1 = max(int(start) - band, 0), int(end) + band + 1
                erase[a:b, x0:x1] |= masks.horizontal[a:b, x0:x1]
        for c, x in enumerate(t.col_edges):
            a, b = max(int(x) - band, 0), int(x) + band + 1
            for start, end in _bordered_spans(t, c, horizontal=False):
                y0, y1 = max(int(start) - band, 0), int(end) + band + 1
                erase[y0:y1, a:b] |= masks.vertical[y0:y1, a:b]
    erase = cv2.dilate(erase, np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[erase > 0] = 255
    return clean


def _bordered_spans(table: "GridTable", index: int, horizontal: bool) -> list[tuple[float, float]]:
    """Stretches of a grid edge (row edge ``index`` when ``horizontal``, else column edge) that
    divide two cells or bound the table: not those running inside a merged cell."""
    owner = table.owner if horizontal else table.owner.T
    across = table.col_edges if horizontal else table.row_edges
    last = owner.shape[0]
    spans: list[tuple[float, float]] = []
    for k in range(owner.shape[1]):
        if 0 < index < last and owner[index - 1, k] == owner[index, k]:
            continue
        if spans and spans[-1][1] == across[k]:
            spans[-1] = (spans[-1][0], across[k + 1])
        else:
            spans.append((across[k], across[k + 1]))
    return spans


@dataclass
class _Segment:
    """One straight rule piece: position across it, and its extent along it."""

    pos: float
    start: float
    end: float
    #: Of a piece joined from several (:func:`_join_collinear`): where its first piece ends and its last
    #: begins (None for a piece of one).
    first_end: float | None = None
    last_start: float | None = None


def _segments(mask: np.ndarray, horizontal: bool, thickest: float = np.inf) -> list[_Segment]:
    """The mask's rule pieces. A piece thicker across than ``thickest`` pixels has other
    strokes touching it (:func:`_position_across`); it is placed at the median of its pixels."""
    n, labels, stats, _ = components_with_stats(mask)
    out = []
    for k, (x, y, w, h, _area) in enumerate(stats[1:n], start=1):
        across = h if horizontal else w
        if across > thickest:
            pos = _position_across(labels[y:y + h, x:x + w] == k, horizontal) + (y if horizontal else x)
        else:
            pos = y + h / 2 if horizontal else x + w / 2
        out.append(_Segment(pos, x, x + w) if horizontal else _Segment(pos, y, y + h))
    return out


def _position_across(piece: np.ndarray, horizontal: bool) -> float:
    """Where a rule piece lies across it: the median of its pixels' positions across it.

    A seal's ring or a stroke of text left touching a rule widens the piece's box, and the
    middle of the box drifts off the rule: 913's 150 dpi grey seal left a stretch of its ring
    joined to the column rule between 实际完成值 and 分值, the piece's middle fell 7 pixels left
    of the rule, beyond the band a border is looked for in, and the rule was lost from the
    top of the table to the bottom. Most of the piece's pixels are the rule's, so the median
    stays on it; a rule drifting across its box (a photo's) keeps its median near the middle.
    """
    counts = piece.sum(axis=1 if horizontal else 0)
    cumulative = np.cumsum(counts)
    return float(np.searchsorted(cumulative, cumulative[-1] / 2)) + 0.5


def _anchored_groups(positions: list[float], weights: list[float], tolerance: float) -> list[list[int]]:
    """Indices grouped by position: the strongest position anchors a group, and a weaker
    one joins the nearest anchor within ``tolerance`` or anchors a group of its own.

    Chaining neighbours instead (single linkage) let one pixel decide: the strokes
    of a bold header row bridged a real rule to the text below it when a gap
    shrank from 8.5 to 7.5 pixels, and the rule's edge was lost.
    """
    order = sorted(range(len(positions)), key=lambda i: (-weights[i], positions[i]))
    anchors: list[float] = []
    groups: list[list[int]] = []
    for i in order:
        p = positions[i]
        near = [k for k, a in enumerate(anchors) if abs(p - a) <= tolerance]
        if near:
            groups[min(near, key=lambda k: abs(p - anchors[k]))].append(i)
        else:
            anchors.append(p)
            groups.append([i])
    return groups


def _weighted_mean(values: list[float], weights: list[float]) -> float:
    w = [max(x, 1e-9) for x in weights]
    return sum(v * x for v, x in zip(values, w)) / sum(w)


def _join_collinear(segs: list[_Segment], tol: float, max_gap: float, short_gap: float | None = None
                    ) -> list[_Segment]:
    """Pieces of one rule joined: walked in order along the rule, a piece continues the run
    whose last piece lies within ``tol`` across and ``max_gap`` along (a rule with some skew
    left drifts across its length, so each piece is compared with its neighbour, not with the
    rule's first piece). The run is placed at the length-weighted position of its pieces.

    A gap longer than ``short_gap`` (the breaks JPEG and noise make; only a fax's
    lost stretches are longer) is bridged only between pieces each at least as long
    as the gap: a stroke of the title above a table is not a stretch of its rule.

    Joining in one pass over position buckets instead let a short stroke a bucket away
    swallow a whole rule (the joined piece kept the stroke's start): one pixel of
    resampling decided whether a rule was found.
    """
    short_gap = max_gap if short_gap is None else short_gap
    runs: list[list[_Segment]] = []
    ends: list[float] = []
    lasts: list[_Segment] = []
    for seg in sorted(segs, key=lambda s: (s.start, s.pos)):
        best, best_offset = None, tol
        for k, run in enumerate(runs):
            offset = abs(run[-1].pos - seg.pos)
            gap = seg.start - ends[k]
            if offset <= best_offset and gap <= max_gap and (gap <= short_gap or min(
                    seg.end - seg.start, ends[k] - run[0].start) >= gap):
                best, best_offset = k, offset
        if best is None:
            runs.append([seg])
            ends.append(seg.end)
            lasts.append(seg)
        else:
            runs[best].append(seg)
            if seg.end > ends[best]:
                ends[best], lasts[best] = seg.end, seg
    return [_Segment(_weighted_mean([p.pos for p in run], [p.end - p.start for p in run]), run[0].start, end,
                     *((run[0].end, last.start) if len(run) > 1 else (None, None)))
            for run, end, last in zip(runs, ends, lasts)]


def _cluster(positions: list[float], tolerance: float, weights: list[float] | None = None) -> list[float]:
    """Positions within ``tolerance`` of a stronger one, merged into their weighted mean
    (see :func:`_anchored_groups`)."""
    weights = weights or [1.0] * len(positions)
    groups = _anchored_groups(positions, weights, tolerance)
    return sorted(_weighted_mean([positions[i] for i in g], [weights[i] for i in g]) for g in groups)


def _rule_edges(segs: list["_Segment"], tolerance: float, extra: list[float] = ()) -> list[float]:
    """Edge positions of rule pieces, each weighted by its length (``extra`` positions weigh nothing)."""
    return _cluster([s.pos for s in segs] + list(extra), tolerance,
                    [s.end - s.start for s in segs] + [0.0] * len(extra))


def _near_any(value: float, edges: list[float], tolerance: float) -> bool:
    return any(abs(value - e) <= tolerance for e in edges)


#: Horizontal rules sharing an end this many times imply a table edge there.
IMPLIED_EDGE_SUPPORT = 3


def _implied_columns(h_segs: list[_Segment], cols: list[float], tol: float) -> list[float]:
    """Column edges where many horizontal rules end but no vertical rule was seen.

    A table's outer border is often the thinnest rule (collapsed borders print
    half of it), and a coarse scan loses it; the rows still stop there together.
    Only rules that belong to the table count: ones that cross a known column or
    start at one. A line of small bold text can smear into a rule-like run, but
    it sits inside one cell, so it neither crosses nor starts at a column; three
    such runs ending near each other otherwise made a column (one pixel of
    resampling decided whether they were long enough).
    """
    long_rules = [s for s in h_segs if s.end - s.start >= 10 * tol]  # not strokes of text
    ends = []
    for s in long_rules:
        crosses = any(s.start + tol < c < s.end - tol for c in cols)
        if crosses or _near_any(s.end, cols, tol * 1.5):
            ends.append(s.start)
        if crosses or _near_any(s.start, cols, tol * 1.5):
            ends.append(s.end)
    implied = []
    for x in _cluster(ends, tol):
        support = sum(1 for e in ends if abs(e - x) <= tol)
        if support >= IMPLIED_EDGE_SUPPORT and not _near_any(x, cols, tol * 1.5):
            implied.append(x)
    return sorted(cols + implied)


#: A rule whose ends needed the coarse slack must still cover this share of the
#: span between the edges it is snapped to (a "—" in a narrow cell does not).
MIN_SNAPPED_COVER = 0.7


def _stroke_in_a_cell(seg: _Segment, edges: list[float], tol: float, ink: np.ndarray, band: int) -> bool:
    """Whether a horizontal piece is a stroke of text inside one cell: it crosses no column edge,
    stops short of an edge at an end (a rule is drawn into the rules it joins) and has ink close
    above and below it (:func:`_inside_text`) or lies at the foot or head of a line of glyphs
    (:func:`_edge_of_glyphs`).

    Its ends meet edges within ``tol``, not the 1.5 ``tol`` :func:`_spans_edges` allows a rule's ends:
    measured on 137's stamped 150 dpi grey scan (tune), the one page this test was made for, the bold
    strokes of its 0.3 in wide headings (县级 / 评分) stop 0.83 to 1.69 tolerances short of their column
    rules, and with 1.5 tolerances several of them met both edges and cut the header into three rows
    (21 grid rows instead of 19). The real row rules tested there end within 0.94 tolerance. So a real
    rule that lost more than a tolerance of one end (under a seal's ring) and has text close along both
    sides is taken for a stroke; a row rule with a cell's padding bare on one side is not."""
    if not edges or any(seg.start + tol < e < seg.end - tol for e in edges):
        return False
    meets = all(min(abs(e - end) for e in edges) <= tol for end in (seg.start, seg.end))
    dpi = tol / EDGE_TOLERANCE_IN  # the edge tolerance is set in inches of the page
    return not meets and (_inside_text(ink, seg, True, band) or _edge_of_glyphs(ink, seg, dpi))


#: Ink running on unbroken this far from a piece is glyphs, not a rule: thicker than any rule a table
#: is drawn with (3 pt is 0.04 in, and a photo's blur widens it), half the height of 9 pt type.
GLYPH_RUN_IN = 0.06


def _edge_of_glyphs(ink: np.ndarray, seg: _Segment, dpi: float) -> bool:
    """Whether a horizontal piece is the base (or top) of a line of text: ink runs on unbroken
    from it, row after row along much of its length, for more than a rule is thick.

    The last line of a wrapped heading ends in the long bottom strokes of 二, 三 and 县; joined,
    they reach most of the way across a narrow cell with bare paper below them (the gap before
    the heading's next line), so the ink on both sides that tells a stroke inside text is
    missing. A rule, however it lost its ends, is a thin line with the cell's padding of bare
    paper on both sides; a line of glyphs stands a character's height on one side of this one.
    """
    p, a, b = int(round(seg.pos)), int(seg.start), int(seg.end)
    depth = round(GLYPH_RUN_IN * dpi)

    def solid(rows: range) -> bool:
        return all(0 <= r < ink.shape[0] and ink[r, a:b].mean() >= TEXT_SIDES for r in rows)

    return solid(range(p - depth, p + 1)) or solid(range(p, p + depth + 1))


def _spans_edges(seg: _Segment, edges: list[float], tol: float, slack: float) -> bool:
    """Whether a rule runs from one edge to another (ends within ``slack``, mostly drawn)."""
    if not edges:
        return False
    start = min(edges, key=lambda e: abs(e - seg.start))
    end = min(edges, key=lambda e: abs(e - seg.end))
    if abs(seg.start - start) > slack or abs(seg.end - end) > slack or end <= start:
        return False
    if abs(seg.start - start) <= tol and abs(seg.end - end) <= tol:
        return True
    return (seg.end - seg.start) >= MIN_SNAPPED_COVER * (end - start)


#: A rule drawn across this many whole cells is a rule wherever its ends stop.
WHOLE_CELLS_CROSSED = 2


def _without_overshoot(seg: _Segment, edges: list[float], slack: float) -> _Segment:
    """The joined piece without an end piece that lies wholly inside one cell past the slack: a fax's speck
    or a glyph's stroke in the next cell, level with the rule and joined on to it across a gap (a row rule
    from the 三级 column to the table's right edge was read from mid-way through the 二级 names' merged cell,
    and lost). The piece is cut back to the first (last) edge past that end piece, and only when it still
    crosses more than WHOLE_CELLS_CROSSED whole cells: no line of text runs so far. A piece of one, or one
    whose end piece crosses an edge (a rule that lost its end stretch), is returned as it is."""
    if not edges:
        return seg
    start, end = seg.start, seg.end
    if seg.first_end is not None and _off_edge(start, edges, slack) and _inside_one_cell(start, seg.first_end, edges):
        start = min((e for e in edges if e >= seg.first_end), default=start)
    if seg.last_start is not None and _off_edge(end, edges, slack) and _inside_one_cell(seg.last_start, end, edges):
        end = max((e for e in edges if e <= seg.last_start), default=end)
    if (start, end) == (seg.start, seg.end) or sum(start <= e <= end for e in edges) <= WHOLE_CELLS_CROSSED + 1:
        return seg
    return _Segment(seg.pos, start, end)


def _off_edge(at: float, edges: list[float], slack: float) -> bool:
    return min(abs(e - at) for e in edges) > slack


def _inside_one_cell(a: float, b: float, edges: list[float]) -> bool:
    return not any(a < e < b for e in edges)


def _is_rule(seg: _Segment, edges: list[float], tol: float, slack: float, fine: bool,
             ink: np.ndarray | None = None, band: int = 0, drawn: list[float] | None = None) -> bool:
    """Whether a horizontal piece is a row rule: it runs from one column edge to another, or
    (on a finely captured page) it runs right across ``WHOLE_CELLS_CROSSED`` cells.

    With the page's ``ink``, a piece inside one cell that stops short of its column rules and runs
    through text (ink close above and below it) is a stroke of bold type, not a rule: in a
    narrow header cell the joined strokes of 指标 / 分值 reach most of the way across, and taken
    for rules they cut the heading's characters in half.

    A rule that loses a stretch near its end (a photo's shadow at the table's edge, a
    seal's ring where the rule runs out from under it) stops inside a cell; it is still
    the rule along the cells it crosses, and no line of text runs across two whole
    cells. A coarse page's joined fragments can (text beside text across a column), so
    there the ends must meet edges. Column rules are not taken so: taken so, 101's 150 dpi
    grey seal scan gained a column at the page's size and not one pixel taller.

    ``drawn`` are the column edges whose rules run at the piece's height (default: all): whether
    the piece stays inside one cell is asked of them. One ruled region can hold a budget block
    over the indicator table, and an edge of the block's columns does not divide the heading
    below it: the joined bold strokes of 分值 crossed an edge of the block's 分值 | 执行率 and cut
    every heading of a Writer table's scanned header in half.
    """
    if ink is not None and _stroke_in_a_cell(seg, edges if drawn is None else drawn, tol, ink, band):
        return False
    if _spans_edges(seg, edges, tol * 1.5, slack):
        return True
    trimmed = _without_overshoot(seg, edges, slack)  # judged again only when an end piece was left out
    if trimmed is not seg and _spans_edges(trimmed, edges, tol * 1.5, slack):
        return True
    crossed = [e for e in edges if seg.start - slack <= e <= seg.end + slack]
    return fine and len(crossed) > WHOLE_CELLS_CROSSED


def _column_spans(cols: list[float], v_segs: list[_Segment], tol: float) -> dict[float, list[tuple[float, float]]]:
    """Each column edge's vertical rule pieces (start, end), gathered once per region; an edge implied by
    rules ending there (:func:`_implied_columns`) has none."""
    return {c: [(v.start, v.end) for v in v_segs if abs(v.pos - c) <= tol] for c in cols}


def _edges_drawn_at(pos: float, spans: dict[float, list[tuple[float, float]]], slack: float) -> list[float]:
    """The column edges a vertical rule runs along at height ``pos`` (within ``slack`` of its ends); an edge
    drawn by no rule (implied) counts everywhere."""
    return [c for c, pieces in spans.items()
            if not pieces or any(start - slack <= pos <= end + slack for start, end in pieces)]


def _region_edges(h_segs: list[_Segment], v_segs: list[_Segment], tol: float,
                  open_end: float, end_slack: float | None = None, ink: np.ndarray | None = None,
                  band: int = 0) -> tuple[list[float], list[float], bool, bool]:
    """Row and column edges of one table region, and whether its bottom and top are open.

    Text strokes can survive the opening; a real rule joins other rules at both
    ends, so columns must run from one row edge to another and rows must run
    between column edges. Vertical rules running on past the last row edge mean
    the table was cut by the page end without a closing rule (or starts without
    an opening one); the ends of those rules close the grid. ``end_slack`` is
    how far a rule's end may stop short of the edge it runs to (a fax loses
    the ends of thin rules). ``ink`` (the page's) tells strokes of text from rules on a finely
    captured page (:func:`_is_rule`).
    """
    slack = max(end_slack or 0.0, tol * 1.5)
    v_top = min(s.start for s in v_segs)
    v_bottom = max(s.end for s in v_segs)
    rows = _rule_edges(h_segs, tol, [v_top, v_bottom])
    v_real = [s for s in v_segs if _spans_edges(s, rows, tol * 1.5, slack)]
    cols = _implied_columns(h_segs, _rule_edges(v_real, tol), tol)
    fine = end_slack is None  # a coarse page's rules come in fragments that stop short of edges anyway
    spans = _column_spans(cols, v_real, tol)
    h_real = [s for s in h_segs if _is_rule(s, cols, tol, slack, fine, ink if fine else None, band,
                                            _edges_drawn_at(s.pos, spans, slack))]
    rows = _rule_edges(h_real, tol)
    if not rows:
        return [], cols, False, False
    cut_bottom = v_bottom - rows[-1] > open_end
    if cut_bottom:
        rows.append(v_bottom)
    cut_top = rows[0] - v_top > open_end
    if cut_top:
        rows.insert(0, v_top)
    return rows, cols, cut_bottom, cut_top


def _border_present(mask: np.ndarray, pos: float, start: float, end: float,
                    horizontal: bool, band: int, margin: float) -> bool:
    """Whether a rule runs along this border for most of its length."""
    a, b = int(start + margin), int(end - margin)
    if b <= a:
        return True
    p = int(round(pos))
    if horizontal:
        strip = mask[max(p - band, 0):p + band + 1, a:b]
        return bool(strip.size) and strip.any(axis=0).mean() >= BORDER_PRESENT
    strip = mask[a:b, max(p - band, 0):p + band + 1]
    return bool(strip.size) and strip.any(axis=1).mean() >= BORDER_PRESENT


def _fragments_present(ink: np.ndarray, pos: float, start: float, end: float,
                       horizontal: bool, band: int, margin: float) -> bool:
    """Whether a border is drawn in fragments: a coarse page's thin rule, not text crossing it.

    Text that crosses a border (a merged cell's label) has ink on both sides of it as
    well; the fragments of a lost rule lie on one thin line, so at least one side of
    that line is nearly bare paper.
    """
    a, b = int(start + margin), int(end - margin)
    if b <= a:
        return True
    view = ink if horizontal else ink.T
    p = int(round(pos))
    line = view[max(p - band, 0):p + band + 1, a:b]
    above = view[max(p - 3 * band, 0):max(p - band, 0), a:b]
    below = view[p + band + 1:p + 3 * band + 1, a:b]
    if not line.size:
        return False
    cover = float(line.any(axis=0).mean())
    sides = [float(s.any(axis=0).mean()) for s in (above, below) if s.size]
    return cover >= FRAGMENT_PRESENT and min(sides, default=0.0) < 0.5 * cover and _mostly_thin(line, band)


def _mostly_thin(line: np.ndarray, thickness: int) -> bool:
    """Whether most of the ink across a border's band is no thicker than a rule.

    A rule's fragments cross the band in a thin stroke; the lower or upper part of a
    line of text that a border was drawn through (a merged 一级 block's label centred
    on the edge between two of its rows) fills the band from side to side, and its
    glyphs end inside the band, so one side looks bare as a lost rule's would.
    """
    across = line.sum(axis=0)
    inked = across[across > 0]
    return bool(inked.size) and float((inked <= thickness).mean()) >= 0.5


#: A short rule piece with ink along this share of both its sides is a stroke of text. Made for coarse
#: pages' vertical pieces, and reused for fine pages' horizontal ones (_stroke_in_a_cell) on this measure:
#: on 137's stamped 150 dpi grey scan (rendered at 200 dpi, band 4 px) the pieces inside one cell that were
#: text strokes had ink along 0.38 to 0.98 of their least-inked side within the 4-band window, the real
#: row rules (ends within a tolerance of the edges) along none of it (a cell's padding; at most 0.43 on the other side).
TEXT_SIDES = 0.3


def runs_through_text(ink: np.ndarray, rule: Rule, horizontal: bool, band: int) -> bool:
    """Whether a drawn rule (:data:`Rule`) runs through text: ink close along both of its sides."""
    return _inside_text(ink, _Segment(*rule), horizontal, band)


def _inside_text(ink: np.ndarray, seg: _Segment, horizontal: bool, band: int) -> bool:
    """Whether a rule piece runs through text: ink close along both of its sides.

    A column rule has a cell's padding of bare paper on either side; on a coarse
    page a bold character's vertical stroke is long enough to pass for a short rule,
    but its neighbouring strokes lie right beside it.
    """
    view = ink if horizontal else ink.T
    p, a, b = int(round(seg.pos)), int(seg.start), int(seg.end)
    sides = [view[max(p - 4 * band, 0):max(p - band - 1, 0), a:b], view[p + band + 2:p + 4 * band + 1, a:b]]
    return all(side.size and side.any(axis=0).mean() >= TEXT_SIDES for side in sides)


def _merge_cells(rows: list[float], cols: list[float], masks: RuleMasks, band: int,
                 margin: float, ink: np.ndarray | None = None,
                 text_ink: np.ndarray | None = None, dpi: float = 0.0) -> tuple[np.ndarray, set[tuple[int, int]]]:
    """Label each grid position with its merged block (union-find over missing borders).

    With ``ink`` (a coarse page), a border whose rule the mask lost but whose
    fragments are still printed counts as present. A rule that lost a stretch
    inside a block it still mostly divides is restored (:func:`_restore_lost_pieces`).
    With ``text_ink`` (the page's ink), a rule lost under a seal or a shadow between
    two texts is restored (:func:`restore_rules_between_texts`); the grid positions
    beside such a rule are returned with the labels.
    """
    n_r, n_c = len(rows) - 1, len(cols) - 1

    def present(mask: np.ndarray, pos: float, start: float, end: float, horizontal: bool) -> bool:
        if _border_present(mask, pos, start, end, horizontal, band, margin):
            return True
        return ink is not None and _fragments_present(ink, pos, start, end, horizontal, band, margin)

    # v[r, c]: the rule right of column c in row r; h[r, c]: the rule below row r in column c
    v = np.array([[present(masks.vertical, cols[c + 1], rows[r], rows[r + 1], False)
                   for c in range(n_c - 1)] for r in range(n_r)], dtype=bool).reshape(n_r, max(n_c - 1, 0))
    h = np.array([[present(masks.horizontal, rows[r + 1], cols[c], cols[c + 1], True)
                   for c in range(n_c)] for r in range(n_r - 1)], dtype=bool).reshape(max(n_r - 1, 0), n_c)
    labels = _blocks(v, h)
    mended: set[tuple[int, int]] = set()
    for _ in range(n_r + n_c):
        restored = _restore_lost_pieces(labels, v, h)
        if not restored and text_ink is not None:
            between_texts = restore_rules_between_texts(labels, v, h, rows, cols, text_ink, band, margin, dpi)
            mended.update(between_texts)
            restored = bool(between_texts)
        if not restored:
            break
        labels = _blocks(v, h)
    return labels, mended


def _blocks(v: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Grid positions joined wherever the border between them is missing (union-find)."""
    n_r, n_c = v.shape[0], h.shape[1]
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_r):
        for c in range(n_c):
            here = r * n_c + c
            if c + 1 < n_c and not v[r, c]:
                parent[find(here)] = find(here + 1)
            if r + 1 < n_r and not h[r, c]:
                parent[find(here)] = find(here + n_c)
    return np.array([find(i) for i in range(n_r * n_c)]).reshape(n_r, n_c)


def _restore_lost_pieces(labels: np.ndarray, v: np.ndarray, h: np.ndarray) -> bool:
    """Mark present the missing stretches of a rule that runs through a block for the most part.

    A printed merged cell has no rule inside it. When the blocks joined over missing
    borders hold a rule drawn inside them, a border was missing because its rule lost
    a stretch (a fax drops a thin rule where it straddles two rows of pixels: a
    一级 block and the 二级 block beside it came out as one L-shaped cell). On each
    line through a block, the rule is taken as lost where it is drawn along more of
    the block's inside than it is missing; a line drawn along half or less of it (a
    stroke of a merged cell's text taken for a rule) is left as it is.
    Returns whether any border was restored (``v`` and ``h`` are updated in place).
    """
    lines = [(v[:, c], labels[:, c], labels[:, c] == labels[:, c + 1]) for c in range(v.shape[1])]
    lines += [(h[r, :], labels[r, :], labels[r, :] == labels[r + 1, :]) for r in range(h.shape[0])]
    restored = False
    for drawn_here, block_of, inside in lines:  # drawn_here is a view: restoring writes to v or h
        for block in np.unique(block_of[inside]):
            on_line = inside & (block_of == block)
            drawn = int(np.count_nonzero(drawn_here[on_line]))
            lost = int(np.count_nonzero(on_line)) - drawn
            if drawn > lost > 0:
                drawn_here[on_line] = True
                restored = True
    return restored


def _cells_from_labels(labels: np.ndarray, rows: list[float], cols: list[float],
                       cut_bottom: bool, cut_top: bool) -> tuple[list[GridCell], np.ndarray]:
    cells: list[GridCell] = []
    owner = np.zeros_like(labels)
    index: dict[int, int] = {}
    n_r = labels.shape[0]
    for r in range(labels.shape[0]):
        for c in range(labels.shape[1]):
            lab = int(labels[r, c])
            if lab not in index:
                rr, cc = np.nonzero(labels == lab)
                r0, r1, c0, c1 = rr.min(), rr.max(), cc.min(), cc.max()
                index[lab] = len(cells)
                cells.append(GridCell(
                    row=int(r0), col=int(c0), rowspan=int(r1 - r0 + 1), colspan=int(c1 - c0 + 1),
                    box=(cols[c0], rows[r0], cols[c1 + 1], rows[r1 + 1]),
                    cut_at_page_end=cut_bottom and r1 == n_r - 1,
                    cut_at_page_start=cut_top and r0 == 0,
                ))
            owner[r, c] = index[lab]
    return cells, owner


def _flag_open_edge_cells(cells: list[GridCell], rows: list[float], masks: RuleMasks, band: int,
                          margin: float) -> None:
    """Cells on the table's first or last line with no rule along that edge run on across the
    page break: LibreOffice leaves the closing rule off a merged block that continues on the
    next page while the other columns close. Assembly joins such pieces across pages."""
    last = len(rows) - 2
    for cell in cells:
        x0, _, x1, _ = cell.box
        if cell.row + cell.rowspan - 1 == last and not _border_present(
                masks.horizontal, rows[-1], x0, x1, True, band, margin):
            cell.cut_at_page_end = True
        if cell.row == 0 and not _border_present(masks.horizontal, rows[0], x0, x1, True, band, margin):
            cell.cut_at_page_start = True


def drawn_rules(masks: RuleMasks, dpi: int) -> tuple[list[Rule], list[Rule]]:
    """The page's rules, each joined from the pieces JPEG and noise broke it into: horizontal
    as (y, x0, x1), vertical as (x, top, bottom), pixels. Rules on no grid (a 三线表's, a
    frame's sides, rules between rows only) bound the cells of a table inferred from its text."""
    band = max(2, round(EDGE_TOLERANCE_IN * dpi / 2))
    gap = JOIN_GAP_IN * dpi
    joined = [_join_collinear(_segments(mask, horizontal), band, gap)
              for mask, horizontal in ((masks.horizontal, True), (masks.vertical, False))]
    horizontal, vertical = ([(s.pos, s.start, s.end) for s in segs] for segs in joined)
    return horizontal, vertical


def find_tables(gray: np.ndarray, dpi: int, masks: RuleMasks | None = None,
                join_gap_in: float = JOIN_GAP_IN) -> list[GridTable]:
    """Every ruled table of an upright page image, top to bottom."""
    masks = masks or rule_masks(gray, dpi)
    tol = EDGE_TOLERANCE_IN * dpi
    band = max(2, round(tol / 2))
    reach = 2 * max(1, round(REGION_REACH_IN * dpi / 2)) + 1  # odd, 5 px at 200 dpi
    grown = cv2.dilate(masks.both, np.ones((reach, reach), np.uint8))
    n, _, stats, _ = components_with_stats(grown)
    gap = join_gap_in * dpi
    short_gap = JOIN_GAP_IN * dpi
    text_ink = ink_mask(gray) > 0
    ink = text_ink if join_gap_in > JOIN_GAP_IN else None  # coarse: rules in fragments
    thickest = THICKEST_RULE_IN * dpi
    h_pieces = _segments(masks.horizontal, True, thickest)
    v_pieces = _segments(masks.vertical, False, thickest)
    tables = []
    for x, y, w, h, _area in stats[1:n]:
        if w < 0.5 * dpi or h < 0.25 * dpi:
            continue
        # pieces are joined within the region only: a stroke of text above the table must
        # not be joined onto a rule of the table across a coarse page's long gaps
        inside_h = _join_collinear([s for s in h_pieces if y <= s.pos <= y + h and x <= s.start
                                    and s.end <= x + w], band, gap, short_gap)
        inside_v = _join_collinear([s for s in v_pieces if x <= s.pos <= x + w and y <= s.start
                                    and s.end <= y + h], band, gap, short_gap)
        if ink is not None:
            inside_v = [s for s in inside_v if s.end - s.start > 0.5 * dpi or not _inside_text(ink, s, False, band)]
        if len(inside_h) < 1 or len(inside_v) < 2:
            continue
        slack = gap if join_gap_in > JOIN_GAP_IN else None
        rows, cols, cut_bottom, cut_top = _region_edges(inside_h, inside_v, tol, OPEN_END_IN * dpi, slack,
                                                         text_ink, band)
        if len(rows) < 2 or len(cols) < 2:
            continue
        labels, mended = _merge_cells(rows, cols, masks, band, margin=2 * band, ink=ink, text_ink=text_ink, dpi=dpi)
        cells, owner = _cells_from_labels(labels, rows, cols, cut_bottom, cut_top)
        for r, c in mended:
            cells[owner[r, c]].rule_mended = True
        _flag_open_edge_cells(cells, rows, masks, band, margin=2 * band)
        tables.append(GridTable(rows, cols, cells, owner))
    return sorted(tables, key=lambda t: t.box[1])

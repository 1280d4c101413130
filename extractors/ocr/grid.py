"""Table grids from the ruling lines of a page image.

Rules are found with morphology (an opening with a long thin kernel keeps only
long straight strokes), the row and column edges are the clustered positions of
those rules, and a cell is merged with its neighbour wherever the rule between
them is missing. Everything is in pixels of the upright page image.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from jixiao.extractors.ocr.raster import ink_mask

Box = tuple[float, float, float, float]

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
    """Long straight strokes of the page, split by direction."""
    ink = ink_mask(gray)
    gap = max(2, round(GAP_BRIDGE_IN * dpi))
    h_len, v_len = round(MIN_H_RULE_IN * dpi), round(MIN_V_RULE_IN * dpi)
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    return RuleMasks(h, v)


def erase_rules(gray: np.ndarray, masks: RuleMasks, tables: list["GridTable"], dpi: int) -> np.ndarray:
    """The page with its table rules painted white, so line crops carry no rule fragments.

    Only rule pixels lying on a grid edge are erased: in small bold type the
    strokes of neighbouring characters (三, 二) can pass for short rules too.
    """
    band = max(2, round(EDGE_TOLERANCE_IN * dpi / 2)) + 1
    erase = np.zeros_like(masks.horizontal)
    for t in tables:
        x0, y0, x1, y1 = (int(v) for v in t.box)
        x0, y0 = max(x0, band), max(y0, band)
        for y in t.row_edges:
            a, b = max(int(y) - band, 0), int(y) + band + 1
            erase[a:b, x0 - band:x1 + band] |= masks.horizontal[a:b, x0 - band:x1 + band]
        for x in t.col_edges:
            a, b = max(int(x) - band, 0), int(x) + band + 1
            erase[y0 - band:y1 + band, a:b] |= masks.vertical[y0 - band:y1 + band, a:b]
    erase = cv2.dilate(erase, np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[erase > 0] = 255
    return clean


@dataclass
class _Segment:
    """One straight rule piece: position across it, and its extent along it."""

    pos: float
    start: float
    end: float


def _segments(mask: np.ndarray, horizontal: bool) -> list[_Segment]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if horizontal:
            out.append(_Segment(y + h / 2, x, x + w))
        else:
            out.append(_Segment(x + w / 2, y, y + h))
    return out


def _join_collinear(segs: list[_Segment], tol: float, max_gap: float) -> list[_Segment]:
    """Pieces on one line (positions within ``tol``) with gaps up to ``max_gap`` as one segment.

    Pieces are first grouped by position, then joined along the line in order of
    their start: a slightly tilted rule comes in pieces whose positions differ by
    a pixel, and each piece must join its neighbours along the line whatever its
    exact position.
    """
    groups: list[list[_Segment]] = []
    for seg in sorted(segs, key=lambda s: s.pos):
        if groups and seg.pos - float(np.mean([g.pos for g in groups[-1]])) <= tol:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    joined: list[_Segment] = []
    for group in groups:
        run: list[_Segment] = []
        for seg in sorted(group, key=lambda s: s.start):
            if run and seg.start - max(s.end for s in run) <= max_gap:
                run.append(seg)
                continue
            if run:
                joined.append(_joined(run))
            run = [seg]
        joined.append(_joined(run))
    return joined


def _joined(run: list[_Segment]) -> _Segment:
    """One segment over pieces of a rule: their mean position weighted by length."""
    lengths = [max(s.end - s.start, 1.0) for s in run]
    pos = float(np.average([s.pos for s in run], weights=lengths))
    return _Segment(pos, min(s.start for s in run), max(s.end for s in run))


def _cluster(positions: list[float], tolerance: float) -> list[float]:
    """Positions closer than ``tolerance`` merged into their mean."""
    out: list[list[float]] = []
    for p in sorted(positions):
        if out and p - out[-1][-1] <= tolerance:
            out[-1].append(p)
        else:
            out.append([p])
    return [float(np.mean(group)) for group in out]


def _near_any(value: float, edges: list[float], tolerance: float) -> bool:
    return any(abs(value - e) <= tolerance for e in edges)


#: Horizontal rules sharing an end this many times imply a table edge there.
IMPLIED_EDGE_SUPPORT = 3


def _implied_columns(h_segs: list[_Segment], cols: list[float], tol: float) -> list[float]:
    """Column edges where many horizontal rules end but no vertical rule was seen.

    A table's outer border is often the thinnest rule (collapsed borders print
    half of it), and a coarse scan loses it; the rows still stop there together.
    """
    long_rules = [s for s in h_segs if s.end - s.start >= 10 * tol]  # not strokes of text
    ends = [s.start for s in long_rules] + [s.end for s in long_rules]
    implied = []
    for x in _cluster(ends, tol):
        support = sum(1 for e in ends if abs(e - x) <= tol)
        if support >= IMPLIED_EDGE_SUPPORT and not _near_any(x, cols, tol * 1.5):
            implied.append(x)
    return sorted(cols + implied)


#: A rule whose ends needed the coarse slack must still cover this share of the
#: span between the edges it is snapped to (a "—" in a narrow cell does not).
MIN_SNAPPED_COVER = 0.7


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


def _region_edges(h_segs: list[_Segment], v_segs: list[_Segment], tol: float,
                  open_end: float, end_slack: float | None = None) -> tuple[list[float], list[float], bool, bool]:
    """Row and column edges of one table region, and whether its bottom and top are open.

    Text strokes can survive the opening; a real rule joins other rules at both
    ends, so columns must run from one row edge to another and rows must run
    between column edges. Vertical rules running on past the last row edge mean
    the table was cut by the page end without a closing rule (or starts without
    an opening one); the ends of those rules close the grid. ``end_slack`` is
    how far a rule's end may stop short of the edge it runs to (a fax loses
    the ends of thin rules).
    """
    slack = max(end_slack or 0.0, tol * 1.5)
    v_top = min(s.start for s in v_segs)
    v_bottom = max(s.end for s in v_segs)
    rows = _cluster([s.pos for s in h_segs] + [v_top, v_bottom], tol)
    v_real = [s for s in v_segs if _spans_edges(s, rows, tol * 1.5, slack)]
    cols = _implied_columns(h_segs, _cluster([s.pos for s in v_real], tol), tol)
    h_real = [s for s in h_segs if _spans_edges(s, cols, tol * 1.5, slack)]
    rows = _cluster([s.pos for s in h_real], tol)
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
    return cover >= FRAGMENT_PRESENT and min(sides, default=0.0) < 0.5 * cover


#: A short rule piece with ink along this share of both its sides is a stroke of text.
TEXT_SIDES = 0.3


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
                 margin: float, ink: np.ndarray | None = None) -> np.ndarray:
    """Label each grid position with its merged block (union-find over missing borders).

    With ``ink`` (a coarse page), a border whose rule the mask lost but whose
    fragments are still printed counts as present.
    """
    n_r, n_c = len(rows) - 1, len(cols) - 1
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def present(mask: np.ndarray, pos: float, start: float, end: float, horizontal: bool) -> bool:
        if _border_present(mask, pos, start, end, horizontal, band, margin):
            return True
        return ink is not None and _fragments_present(ink, pos, start, end, horizontal, band, margin)

    for r in range(n_r):
        for c in range(n_c):
            here = r * n_c + c
            if c + 1 < n_c and not present(masks.vertical, cols[c + 1], rows[r], rows[r + 1], False):
                parent[find(here)] = find(here + 1)
            if r + 1 < n_r and not present(masks.horizontal, rows[r + 1], cols[c], cols[c + 1], True):
                parent[find(here)] = find(here + n_c)
    return np.array([find(i) for i in range(n_r * n_c)]).reshape(n_r, n_c)


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


def find_tables(gray: np.ndarray, dpi: int, masks: RuleMasks | None = None,
                join_gap_in: float = JOIN_GAP_IN) -> list[GridTable]:
    """Every ruled table of an upright page image, top to bottom."""
    masks = masks or rule_masks(gray, dpi)
    tol = EDGE_TOLERANCE_IN * dpi
    band = max(2, round(tol / 2))
    grown = cv2.dilate(masks.both, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    gap = join_gap_in * dpi
    ink = ink_mask(gray) > 0 if join_gap_in > JOIN_GAP_IN else None  # coarse: rules in fragments
    h_pieces = _segments(masks.horizontal, True)
    v_pieces = _segments(masks.vertical, False)
    tables = []
    for x, y, w, h, _area in stats[1:n]:
        if w < 0.5 * dpi or h < 0.25 * dpi:
            continue
        # pieces are joined within the region only: a stroke of text above the table must
        # not be joined onto a rule of the table across a coarse page's long gaps
        inside_h = _join_collinear([s for s in h_pieces if y <= s.pos <= y + h and x <= s.start
                                    and s.end <= x + w + 1], band, gap)
        inside_v = _join_collinear([s for s in v_pieces if x <= s.pos <= x + w and y <= s.start
                                    and s.end <= y + h + 1], band, gap)
        if ink is not None:
            inside_v = [s for s in inside_v if s.end - s.start > 0.5 * dpi or not _inside_text(ink, s, False, band)]
        if len(inside_h) < 1 or len(inside_v) < 2:
            continue
        slack = gap if join_gap_in > JOIN_GAP_IN else None
        rows, cols, cut_bottom, cut_top = _region_edges(inside_h, inside_v, tol, OPEN_END_IN * dpi, slack)
        if len(rows) < 2 or len(cols) < 2:
            continue
        labels = _merge_cells(rows, cols, masks, band, margin=2 * band, ink=ink)
        cells, owner = _cells_from_labels(labels, rows, cols, cut_bottom, cut_top)
        _flag_open_edge_cells(cells, rows, masks, band, margin=2 * band)
        tables.append(GridTable(rows, cols, cells, owner))
    return sorted(tables, key=lambda t: t.box[1])

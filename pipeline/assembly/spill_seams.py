"""What a print cut at the seam between a table and its spilled columns, made whole again.

A merged cell that crosses the page's right edge (自评总分(分), a 全年目标实际完成情况 heading, a
narrative cell) prints its left part with no rule on its right, and its right part on the spilled
page with no rule on its left: the grid finder closes neither, so each part's text is left outside
every cell as loose lines, and the row's label and value are lost together (a stated total beside
it is then read as nothing).  A title centred across the sheet's width is cut the same way
("…绩效自评" on one page, "表" on the other) and no longer reads as the title that opens a form.
Once the spilled table is joined (:mod:`spilled_columns`), both parts are known: a row whose cells
stop short of the table's right edge while the spilled part's cells start short of its left edge
holds one cell across the seam, and its text is the lines of both parts, line by line.
"""
from __future__ import annotations

from statistics import median

from jixiao.extractors.ruling import nearest_index
from jixiao.models import PageContent, PageTable
from jixiao.models.page import BBox, Cell, TextLine

#: Points two row edges, or a line's baseline on either page, may differ by and be the same sheet row's (a
#: print places rows exactly; OCR of a scan of such a print moves them by a few points).
EDGE_TOL = 2.0
#: Points within which a cut line ends at the table's right edge, and its rest starts at the spilled
#: table's left edge (a character is 9–12 pt wide; the cut falls between two of them).
CUT_TOL = 6.0
#: Points a line's first glyph may start before the spilled part's left edge and still be its own: one
#: starting further out straddles the seam, and the print showed (and listed) it on both pages.
STRADDLE = 0.5


def _centre(line: TextLine) -> tuple[float, float]:
    return (line.bbox[0] + line.bbox[2]) / 2, (line.bbox[1] + line.bbox[3]) / 2


def _lines_within(lines: list[TextLine], x0: float, y0: float, x1: float, y1: float) -> list[TextLine]:
    return [ln for ln in lines if x0 <= _centre(ln)[0] <= x1 and y0 <= _centre(ln)[1] <= y1]


def _same_baseline(a: TextLine, b: TextLine) -> bool:
    return abs(a.bbox[3] - b.bbox[3]) <= EDGE_TOL


def _rest_text(head: str, rest: TextLine, spilled_left: float) -> str:
    """``rest``'s text as it carries on ``head``: without its first glyph when that glyph straddles the
    seam, shown (and listed) on both pages ("发展股" + "股")."""
    if rest.text and head.endswith(rest.text[0]) and rest.bbox[0] < spilled_left - STRADDLE:
        return rest.text[1:]
    return rest.text


def _read_across(before: list[TextLine], after: list[TextLine], spilled_left: float) -> str:
    """The text of a cell cut in two, line by line: each line's left part then its right part."""
    rests = list(after)
    parts: list[tuple[float, str]] = []
    for line in before:
        rest = next((r for r in rests if _same_baseline(line, r)), None)
        if rest is not None:
            rests.remove(rest)
        parts.append((line.bbox[1], line.text + (_rest_text(line.text, rest, spilled_left) if rest else "")))
    parts += [(r.bbox[1], r.text) for r in rests]
    return "".join(text for _, text in sorted(parts))


def _covering(cells: list[Cell], row: int) -> list[Cell]:
    return [c for c in cells if c.row <= row < c.row + c.rowspan]


def _extended(cell: Cell, to: float, col_edges: list[float], text: str) -> Cell:
    """A cell of the table's last column carried across the seam to ``to`` (the spilled part printed no
    rule to close it: the sheet merged it on), with the text found there."""
    return cell.model_copy(update={
        "colspan": max(nearest_index(col_edges, to) - cell.col, cell.colspan), "text": cell.text + text,
        "bbox": (cell.bbox[0], cell.bbox[1], to, cell.bbox[3])})


def _moved(line: TextLine, dx: float) -> TextLine:
    if not dx:
        return line
    x0, y0, x1, y1 = line.bbox
    return line.model_copy(update={"bbox": (x0 + dx, y0, x1 + dx, y1)})


def mend_seam(whole: PageTable, grid: list[float], left: PageTable, page: PageContent, spilled: PageContent,
              spilled_left: float, spilled_right: float,
              page_shift: float = 0.0) -> tuple[PageTable, PageContent, PageContent]:
    """``whole`` (``left`` joined with the columns spilled to ``spilled`` on the rows of ``grid``, that page's
    part spanning ``spilled_left`` to ``spilled_right``) with each row the seam cut whole again: a cell that stops short
    of both edges becomes one cell holding both parts' text (taken off the pages' loose lines), a cell
    of ``left``'s last column whose row prints nothing at the spilled part's start spans on to the
    spilled cells; then the loose lines cut at the same edge are made whole.

    ``page`` is the page printing ``left``'s right-hand part (for a sheet three pages wide, the page
    of its first spill), ``page_shift`` how far its points lie left of ``left``'s.
    """
    right_end = left.bbox[2]
    shift = right_end - spilled_left
    joined_cells = [c for c in whole.cells if c.col >= left.n_cols]
    page_lines, spilled_lines = [_moved(ln, page_shift) for ln in page.lines], list(spilled.lines)
    seams: list[Cell] = []
    carried: dict[int, tuple[Cell, float, str]] = {}
    blocked: set[int] = set()
    for row, (y0, y1) in enumerate(zip(grid, grid[1:])):
        start = min((c.bbox[0] - shift for c in _covering(joined_cells, row)), default=spilled_right)
        crossing = [c for c in _covering(left.cells, row) if c.bbox[2] >= right_end - EDGE_TOL]
        if start <= spilled_left + EDGE_TOL:
            blocked.update(id(c) for c in crossing)
            continue
        after = _lines_within(spilled_lines, spilled_left - CUT_TOL, y0, start + EDGE_TOL, y1)
        spilled_lines = [ln for ln in spilled_lines if ln not in after]
        if crossing:
            cell, to, text = carried.get(id(crossing[0]), (crossing[0], start + shift, ""))
            head = cell.text + text
            more = "".join(_rest_text(head, line, spilled_left) if k == 0 else line.text
                           for k, line in enumerate(sorted(after, key=lambda ln: ln.bbox[1])))
            carried[id(cell)] = (cell, min(to, start + shift), text + more)
            continue
        reach = max((c.bbox[2] for c in _covering(left.cells, row)), default=left.bbox[0])
        before = _lines_within(page_lines, reach - EDGE_TOL, y0, right_end + CUT_TOL, y1)
        page_lines = [ln for ln in page_lines if ln not in before]
        col = nearest_index(whole.col_edges, reach)
        seams.append(Cell(
            row=row, col=col, colspan=max(nearest_index(whole.col_edges, start + shift) - col, 1),
            text=_read_across(before, after, spilled_left), bbox=(reach, y0, start + shift, y1), method=page.method,
            confidence=min((ln.confidence for ln in before + after), default=1.0),
            seen_at=(page.page, (reach - page_shift, y0, right_end - page_shift, y1))))
    carry = {key: _extended(cell, to, whole.col_edges, text)
             for key, (cell, to, text) in carried.items() if key not in blocked}
    cells = [carry.get(id(c), c) for c in whole.cells] + seams
    mended = whole.model_copy(update={"cells": cells}) if seams or carry else whole
    page_lines, spilled_lines = _rejoin_cut_lines(page_lines, right_end, spilled_lines, spilled_left)
    return (mended, page.model_copy(update={"lines": [_moved(ln, -page_shift) for ln in page_lines]}),
            spilled.model_copy(update={"lines": spilled_lines}))


def _rest_of(line: TextLine, right_end: float, spilled: list[TextLine], spilled_left: float) -> TextLine | None:
    """The spilled page's line that carries on ``line`` (a title or a 主管部门 value cut at the page's
    edge): on the same baseline, starting where the spilled table starts."""
    if abs(line.bbox[2] - right_end) > CUT_TOL:
        return None
    return next((rest for rest in spilled if abs(rest.bbox[0] - spilled_left) <= CUT_TOL
                 and _same_baseline(rest, line)), None)


def _rejoin_cut_lines(lines: list[TextLine], right_end: float, spilled: list[TextLine],
                      spilled_left: float) -> tuple[list[TextLine], list[TextLine]]:
    """Both pages' loose lines with each line cut at the table's right edge made whole on the first page
    (its rest taken off the spilled page)."""
    rests = list(spilled)
    whole: list[TextLine] = []
    for line in lines:
        rest = _rest_of(line, right_end, rests, spilled_left)
        if rest is not None:
            rests.remove(rest)
            line = line.model_copy(update={"text": line.text + _rest_text(line.text, rest, spilled_left),
                                           "confidence": min(line.confidence, rest.confidence)})
        whole.append(line)
    return whole, rests


#: Rows of a joined table's part that must hold a stray line (:func:`strays_at_seams`) for the strays to be a
#: column: one line beyond a seam may be a cut heading's rest or a title's, a column has one in row after row.
MIN_STRAY_ROWS = 2


def _beyond(line: TextLine, bbox: BBox, spilled: bool) -> bool:
    """Whether ``line`` lies within the rows of a part (``bbox``) and reaches right of its cells, or, on a
    spilled page, left of them: where the columns the page's edge cut print (a cut column's rest on the left
    of a page and the next cut column's start on its right share their baselines, and read as one line
    across the part)."""
    within_rows = bbox[1] + EDGE_TOL < _centre(line)[1] < bbox[3] - EDGE_TOL
    return within_rows and (line.bbox[2] > bbox[2] + EDGE_TOL or (spilled and line.bbox[0] < bbox[0] - EDGE_TOL))


def rows_held(lines: list[TextLine]) -> int:
    """How many rows the lines stand in (a line whose centre lies within half a line's height of the one
    above it is in that one's row)."""
    if not lines:
        return 0
    height = median(ln.bbox[3] - ln.bbox[1] for ln in lines)
    centres = sorted(_centre(ln)[1] for ln in lines)
    return 1 + sum(b - a > height / 2 for a, b in zip(centres, centres[1:]))


def strays_at_seams(parts: list[tuple[PageContent, BBox, bool]]) -> list[TextLine]:
    """The loose lines a joined table's parts leave beyond their seams, when they stand in rows enough to be a
    column (:data:`MIN_STRAY_ROWS`); ``parts`` are each part's page as joined, its box there, and whether it
    is a spilled part.

    A column the page's edge cuts prints no rule on that page's right nor on the next's left: neither grid
    closes it, so its values stay loose lines right of the part on one page and left of the spilled part on
    the other, and the joined table lacks it (its targets, its scores). The join cannot place them; they say
    the form read from the table is short of a column, or that its columns are not the ones its headings say.
    """
    strays = [ln for page, bbox, spilled in parts for ln in page.lines if _beyond(ln, bbox, spilled)]
    return strays if rows_held(strays) >= MIN_STRAY_ROWS else []

"""A grid of cells (a worksheet, a Word table) laid out as the page the PDF readers produce.

Spreadsheets and Word tables have no page geometry of their own, but assembly
orders rows and lines by position and matches columns by their x edges.  So the
grid is laid out the way the program would print it at 100 %: column widths and
row heights in points, cumulated into edges.  Merged ranges become one
:class:`Cell` with spans, exactly as pdfplumber reports a merged block.

Which cells form a table is decided the way a reader of the printout decides:
ruled (bordered) cells that touch form one table; everything else with text is a
loose line (titles, 填报单位, prose).  A sheet with no borders at all is printed
with its gridlines by most offices, so there the rows holding two or more values
are taken as the table.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.models import Cell, PageContent, PageTable, TextLine
from jixiao.models.provenance import BBox
from jixiao.normalizers.text_repair import join_lines, repair_text

#: Names a block of source rows/columns (0-based, inclusive) for provenance.
Labeller = Callable[[int, int, int, int], str]


@dataclass
class GridCell:
    """One top-left cell of the source grid; ``ruled`` when any border is drawn around it."""

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    ruled: bool = False


@dataclass
class SourceGrid:
    """A worksheet or a Word table: cells in source coordinates plus the sizes to lay them out."""

    cells: list[GridCell]
    col_widths: list[float]
    row_heights: list[float]
    label: Labeller


@dataclass
class LocatedTable:
    """Where a laid-out table came from, so a bbox can be named in source terms."""

    page: int
    bbox: BBox
    row_edges: list[float]
    col_edges: list[float]
    rows: list[int]   # source row where each laid-out row starts, plus the end
    cols: list[int]   # source column where each laid-out column starts, plus the end
    label: Labeller


@dataclass
class Locator:
    """Names the source block under a (page, bbox): ``表1!A7:L7``, ``table 2, row 7, columns 1-9``."""

    tables: list[LocatedTable] = field(default_factory=list)

    def locate(self, page: int, bbox: BBox | None) -> str:
        if bbox is None:
            return ""
        x0, top, x1, bottom = bbox
        for t in self.tables:
            if t.page != page or bottom <= t.bbox[1] or top >= t.bbox[3]:
                continue
            rows = [i for i in range(len(t.rows) - 1) if t.row_edges[i] < bottom - 0.5 and t.row_edges[i + 1] > top + 0.5]
            cols = [k for k in range(len(t.cols) - 1) if t.col_edges[k] < x1 - 0.5 and t.col_edges[k + 1] > x0 + 0.5]
            if rows and cols:
                return t.label(t.rows[rows[0]], t.rows[rows[-1] + 1] - 1, t.cols[cols[0]], t.cols[cols[-1] + 1] - 1)
        return ""


def cell_text(raw: str) -> str:
    """Cell text the way the PDF path returns it: wrapped lines joined, typography repaired."""
    return repair_text(join_lines(raw.replace("\r", "\n").split("\n")))


def _edges(sizes: list[float]) -> list[float]:
    out = [0.0]
    for size in sizes:
        out.append(out[-1] + size)
    return out


def _infer_rules(cells: list[GridCell]) -> None:
    """No borders anywhere: rows with two or more values, and everything between them, are the table."""
    filled: dict[int, int] = {}
    for c in cells:
        if c.text.strip():
            filled[c.row] = filled.get(c.row, 0) + 1
    rows = [r for r, n in filled.items() if n >= 2]
    if not rows:
        return
    first, last = min(rows), max(rows)
    for c in cells:
        if first <= c.row and c.row + c.rowspan - 1 <= last:
            c.ruled = True


def _components(cells: list[GridCell]) -> list[list[GridCell]]:
    """Ruled cells grouped into tables: cells that share an edge belong together."""
    owner: dict[tuple[int, int], int] = {}
    for i, c in enumerate(cells):
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                owner[(r, k)] = i
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (r, k), i in owner.items():
        for neighbour in ((r + 1, k), (r, k + 1)):
            j = owner.get(neighbour)
            if j is not None:
                parent[find(i)] = find(j)
    groups: dict[int, list[GridCell]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    return sorted(groups.values(), key=lambda g: (min(c.row for c in g), min(c.col for c in g)))


def _layout_table(group: list[GridCell], page: int, xs: list[float], ys: list[float],
                  label: Labeller) -> tuple[PageTable, LocatedTable]:
    """A PageTable over the rules the group draws: source rows/columns with no rule between them fold into one."""
    row_starts = sorted({c.row for c in group} | {c.row + c.rowspan for c in group})
    col_starts = sorted({c.col for c in group} | {c.col + c.colspan for c in group})
    r_index = {r: i for i, r in enumerate(row_starts)}
    c_index = {k: i for i, k in enumerate(col_starts)}
    row_edges = [ys[r] for r in row_starts]
    col_edges = [xs[k] for k in col_starts]
    cells = []
    for c in group:
        r0, r1 = r_index[c.row], r_index[c.row + c.rowspan]
        k0, k1 = c_index[c.col], c_index[c.col + c.colspan]
        cells.append(Cell(row=r0, col=k0, rowspan=r1 - r0, colspan=k1 - k0, text=cell_text(c.text),
                          bbox=(col_edges[k0], row_edges[r0], col_edges[k1], row_edges[r1]), exact=True))
    cells.sort(key=lambda c: (c.row, c.col))
    bbox = (col_edges[0], row_edges[0], col_edges[-1], row_edges[-1])
    table = PageTable(page=page, bbox=bbox, n_rows=len(row_starts) - 1, n_cols=len(col_starts) - 1,
                      cells=cells, col_edges=col_edges)
    located = LocatedTable(page, bbox, row_edges, col_edges, row_starts, col_starts, label)
    return table, located


def grid_page(grid: SourceGrid, page: int, locator: Locator, y_offset: float = 0.0) -> PageContent:
    """Lay one source grid out as a page: ruled tables plus loose lines, in points from the top-left."""
    xs = _edges(grid.col_widths)
    ys = [y + y_offset for y in _edges(grid.row_heights)]
    if not any(c.ruled for c in grid.cells):
        _infer_rules(grid.cells)
    tables = []
    for group in _components([c for c in grid.cells if c.ruled]):
        table, located = _layout_table(group, page, xs, ys, grid.label)
        tables.append(table)
        locator.tables.append(located)
    lines = []
    for c in grid.cells:
        text = cell_text(c.text) if not c.ruled else ""
        if text:
            box = (xs[c.col], ys[c.row], xs[c.col + c.colspan], ys[c.row + c.rowspan])
            lines.append(TextLine(page=page, text=text, bbox=box))
    return PageContent(page=page, width=xs[-1], height=ys[-1], method="text", tables=tables, lines=lines)

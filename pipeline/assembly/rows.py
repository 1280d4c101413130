"""Pages to a single stream of table rows and text lines, in reading order.

Forms are found by walking this stream: a title line opens a form, header rows
set column roles, data rows become indicators. Working on rows rather than
tables is what lets a form continue across page breaks and across the separate
ruled blocks (header fields, budget, indicators) that producers draw.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.models import Cell, CellRead, PageContent, PageTable, TextLine


@dataclass
class RowCell:
    """A grid position's text and the (possibly merged) cell it belongs to."""

    text: str
    cell: Cell
    #: Grid column of this position in its table.
    col: int
    #: True on the first row of a merged block, False on the rows it covers.
    is_origin: bool



@dataclass
class Row:
    """One grid row of a page table."""

    page: int
    table: PageTable
    index: int
    cells: list[RowCell]
    top: float
    #: Set on the last row of a page whose bottom rule was missing (cut by the break).
    cut_at_page_end: bool = False
    #: distinct() worked out once: a row is asked for its cells by every stage of assembly.
    _distinct: list[RowCell] | None = field(default=None, init=False, repr=False, compare=False)
    _nonempty: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def x_center(self, rc: RowCell) -> float:
        """Centre of the grid column (not of a merged block) under a position."""
        edges = self.table.col_edges
        return (edges[rc.col] + edges[rc.col + 1]) / 2

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def distinct(self) -> list[RowCell]:
        """Cells of the row with merged (colspan) blocks counted once, left to right."""
        if self._distinct is None:
            seen: set[int] = set()
            self._distinct = []
            for c in self.cells:
                if id(c.cell) not in seen:
                    seen.add(id(c.cell))
                    self._distinct.append(c)
        return list(self._distinct)

    def nonempty(self) -> list[str]:
        if self._nonempty is None:
            self._nonempty = [c.text for c in self.distinct() if c.text.strip()]
        return list(self._nonempty)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The row's own band across the table: merged blocks give their width, not their height."""
        boxes = [c.cell.bbox for c in self.cells]
        own = [c.cell.bbox for c in self.cells if c.cell.rowspan == 1] or boxes
        return (min(b[0] for b in boxes), min(b[1] for b in own), max(b[2] for b in boxes), max(b[3] for b in own))

    @property
    def confidence(self) -> float:
        return min((c.cell.confidence for c in self.cells), default=1.0)


def table_rows(table: PageTable) -> list[Row]:
    """Rows of a table, each position filled by the cell that covers it."""
    covering: dict[tuple[int, int], Cell] = {}
    for c in table.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                covering[(r, k)] = c
    rows = []
    for r in range(table.n_rows):
        cells = []
        for k in range(table.n_cols):
            c = covering.get((r, k))
            if c is not None:
                cells.append(RowCell(text=c.text, cell=c, col=k, is_origin=c.row == r))
        if not cells:
            continue
        top = min(rc.cell.bbox[1] for rc in cells if rc.is_origin) if any(rc.is_origin for rc in cells) else cells[0].cell.bbox[1]
        own = [rc.cell for rc in cells if rc.is_origin and rc.cell.rowspan == 1]
        cut = bool(own) and all(c.cut_at_page_end for c in own)  # the row itself, not a merged block, was cut
        rows.append(Row(page=table.page, table=table, index=r, cells=cells, top=top, cut_at_page_end=cut))
    return rows


def build_stream(pages: list[PageContent]) -> list[Row | TextLine]:
    """All rows and loose lines of all pages, ordered as a reader meets them."""
    items: list[tuple[tuple[int, float], Row | TextLine]] = []
    for page in pages:
        for table in page.tables:
            for row in table_rows(table):
                items.append(((page.page, row.top), row))
        for line in page.lines:
            items.append(((page.page, line.bbox[1]), line))
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def cell_read(row: Row, rc: RowCell) -> CellRead:
    """What the reader saw in one cell of a row, with where to find it again."""
    cell = rc.cell
    page, bbox = cell.seen_at or (row.page, cell.bbox)
    return CellRead(text=cell.text, page=page, bbox=bbox, confidence=cell.confidence, method=cell.method,
                    exact=cell.exact, span_doubtful=cell.span_doubtful, rule_mended=cell.rule_mended)

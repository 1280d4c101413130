"""The second extractor: camelot-py's lattice grids and camelot's own cell text.

Why keep it next to the text path: it is an independent reading of the same
ruled tables (its own line detection, its own text assignment through pdfminer),
so a disagreement between the two points at a page worth a look, and the
benchmark can show what the default path gains. Only the loose lines outside
the tables come from pypdfium2, exactly as in the text path, because camelot
does not return them and titles are what open forms.

camelot reports a grid of positions with a flag per side telling whether a rule
was drawn there; a merged cell is a group of positions with the internal rules
missing. Those groups are unioned back into rectangular spans here, so the rest
of the pipeline sees the same ``Cell`` with ``rowspan``/``colspan`` it gets from
the text path.

Settings (measured on this machine, see the project notes): ``engine="vector"``
reads the ruling from the PDF's vector strokes without rendering, and
``split_text=True`` stops LibreOffice PDFs (fonts with Ascent/Descent 0) from
having their text assigned to the neighbouring row as a whole.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from jixiao.extractors.chars import fill_cells, loose_lines, page_chars, text_layer
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.ruling import page_edges, rule_covers
from jixiao.models import Cell, PageContent, PageTable
from jixiao.normalizers.text_repair import join_lines, repair_text

if TYPE_CHECKING:
    from jixiao.extractors.readers import PageSource

#: Loggers that print a warning per glyph on Chromium PDFs ("Could not get FontBBox").
NOISY_LOGGERS = ("pdfminer", "camelot", "playa")

Position = tuple[int, int]


def silence_pdf_warnings() -> None:
    """pdfminer warns hundreds of times per Chromium page; the warnings change nothing."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


class _Groups:
    """Union-find over grid positions: positions joined by a missing rule share a root."""

    def __init__(self) -> None:
        self.parent: dict[Position, Position] = {}

    def root(self, p: Position) -> Position:
        self.parent.setdefault(p, p)
        while self.parent[p] != p:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        return p

    def join(self, a: Position, b: Position) -> None:
        self.parent[self.root(a)] = self.root(b)


def merged_groups(cells: list[list]) -> list[list[Position]]:
    """Grid positions grouped into merged cells, each group in reading order.

    Two neighbours are one cell when the rule between them is missing on both
    sides (camelot sets the flags of both positions from the same rule).
    """
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    groups = _Groups()
    for r in range(n_rows):
        for c in range(n_cols):
            groups.root((r, c))
            if c + 1 < n_cols and not cells[r][c].right and not cells[r][c + 1].left:
                groups.join((r, c), (r, c + 1))
            if r + 1 < n_rows and not cells[r][c].bottom and not cells[r + 1][c].top:
                groups.join((r, c), (r + 1, c))
    members: dict[Position, list[Position]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            members.setdefault(groups.root((r, c)), []).append((r, c))
    return list(members.values())


def rectangles(groups: list[list[Position]]) -> list[list[Position]]:
    """Groups as rectangles; a group that is not one (a rule missing on one side only) is split into its positions.

    A ``Cell`` must be a rectangle of positions and no two may overlap; an
    L-shaped group would break both, so it is read as separate cells instead.
    """
    out = []
    for group in groups:
        rows = [r for r, _ in group]
        cols = [c for _, c in group]
        area = (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)
        out.extend([group] if area == len(group) else [[p] for p in group])
    return out


def group_text(cells: list[list], group: list[Position]) -> str:
    """camelot's text of every position of a merged cell, lines joined the CJK way, repaired."""
    lines = [line for r, c in group for line in cells[r][c].text.split("\n")]
    return repair_text(join_lines(lines))


def build_camelot_table(table, page_no: int, page_height: float) -> PageTable:
    """A PageTable from one camelot table: merged spans from edge flags, top-left boxes."""
    xs = [table.cols[0][0]] + [right for _, right in table.cols]
    # camelot's rows run top to bottom with PDF (bottom-left) y; flip to top-left.
    ys = [page_height - table.rows[0][0]] + [page_height - bottom for _, bottom in table.rows]
    cells = []
    for group in rectangles(merged_groups(table.cells)):
        r0, c0 = group[0]
        r1 = max(r for r, _ in group) + 1
        c1 = max(c for _, c in group) + 1
        cells.append(Cell(
            row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0,
            text=group_text(table.cells, group), bbox=(xs[c0], ys[r0], xs[c1], ys[r1]),
        ))
    cells.sort(key=lambda c: (c.row, c.col))
    return PageTable(
        page=page_no, bbox=(xs[0], ys[0], xs[-1], ys[-1]), n_rows=len(ys) - 1, n_cols=len(xs) - 1,
        cells=cells, col_edges=xs,
    )


def mark_page_cuts(table: PageTable, page: pdfium.PdfPage) -> None:
    """Flag cells on the table's first/last line whose rule is not drawn: the page break cut them.

    camelot closes such grids itself but does not say so; form assembly needs
    the flags to join a merged 一级/二级 block with its continuation on the next
    page, so they are set from the page's drawn rules as the text path does.
    """
    drawn_rules = [e for e in page_edges(page) if e["orientation"] == "h"]
    for cell in table.cells:
        x0, top, x1, bottom = cell.bbox
        if cell.row + cell.rowspan == table.n_rows:
            cell.cut_at_page_end = not rule_covers(drawn_rules, bottom, x0, x1)
        if cell.row == 0:
            cell.cut_at_page_start = not rule_covers(drawn_rules, top, x0, x1)


def _camelot_tables(path: Path, page_no: int) -> list:
    """camelot's tables of one page (1-based), empty ones dropped."""
    import camelot

    silence_pdf_warnings()
    found = camelot.read_pdf(
        str(path), pages=str(page_no), flavor="lattice", engine="vector", split_text=True, suppress_stdout=True,
    )
    return [table for table in found if table.shape[0] and table.shape[1]]


def _loose_chars(tables: list[PageTable], page: pdfium.PdfPage, height: float) -> list:
    """pdfium characters outside every table (camelot gives no text outside its tables).

    ``fill_cells`` decides what is inside a cell exactly as the text path does;
    it runs on copies so camelot's own cell text is what the tables keep.
    """
    with text_layer(page) as layer:
        chars = page_chars(layer.textpage, PageFrame.of(page), listing=layer.chars())
    return fill_cells([t.model_copy(deep=True) for t in tables], chars)


def read_camelot_page(page: pdfium.PdfPage, page_no: int, source: "PageSource") -> PageContent:
    """Tables of one page read by camelot, loose lines by pdfium (the ``camelot`` reader)."""
    width, height = page.get_width(), page.get_height()
    tables = [build_camelot_table(t, page_no, height) for t in _camelot_tables(source.path, page_no)]
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    for table in tables:
        mark_page_cuts(table, page)
    lines = loose_lines(_loose_chars(tables, page, height), page_no)
    return PageContent(page=page_no, width=width, height=height, method="text", tables=tables, lines=lines)

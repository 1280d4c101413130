"""Word documents (.docx): tables with their merges, and the paragraphs around them.

The body is walked in order, so a form's title, its 填报单位 line, the table and
the prose after it keep the order they are printed in.  A table cell spanning
columns (``w:gridSpan``) or continued downwards (``w:vMerge``) becomes one merged
cell, as a PDF reader reports a merged block.  Every Word table is a table
(cells are ruled or not, Word users draw forms as tables); a manual page break
starts a new page, so a document of several forms keeps one form per page.

The main document part is parsed as plain XML (lxml), not through python-docx's
object model: its package loading and per-element property lookups were most
of a Word form's reading time, and the reader needs only the body's paragraphs,
tables, spans and merges.  python-docx is kept for finding the main part of a
package whose relationships are unusual.
"""
from __future__ import annotations

import io
import math
from typing import BinaryIO

from jixiao.extractors.formats.source_grid import GridCell, Locator, SourceGrid, cell_text, grid_page
from jixiao.extractors.formats.source import SourceContent
from jixiao.models import PageContent, TextLine

#: Layout of the synthetic page: body text line height and a column's width when Word sets none (points).
LINE_PT = 15.6
FONT_PT = 10.5
DEFAULT_COL_PT = 60.0
TWIPS_PER_PT = 20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _text(element) -> str:
    """Text of a paragraph or cell: runs joined, w:br and paragraph ends as newlines, tabs as spaces."""
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}p"):
        tag = node.tag[len(_W):]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append(" ")
        elif tag == "p":
            if parts:
                parts.append("\n")
        elif node.get(f"{_W}type") != "page":
            parts.append("\n")
    return "".join(parts).strip("\n")


def _breaks_page(paragraph) -> bool:
    if any(br.get(f"{_W}type") == "page" for br in paragraph.iter(f"{_W}br")):
        return True
    return paragraph.find(f"{_W}pPr/{_W}pageBreakBefore") is not None


def _column_widths(tbl, n_cols: int) -> list[float]:
    widths = [int(col.get(f"{_W}w") or 0) / TWIPS_PER_PT for col in tbl.iter(f"{_W}gridCol")]
    widths = [w or DEFAULT_COL_PT for w in widths]
    return (widths + [DEFAULT_COL_PT] * n_cols)[:max(n_cols, len(widths))]


def _table_label(number: int):
    def label(r0: int, r1: int, c0: int, c1: int) -> str:
        rows = f"row {r0 + 1}" if r0 == r1 else f"rows {r0 + 1}-{r1 + 1}"
        cols = f"column {c0 + 1}" if c0 == c1 else f"columns {c0 + 1}-{c1 + 1}"
        return f"table {number}, {rows}, {cols}"
    return label


def _int_val(node, default: int) -> int:
    """A ``w:val`` number property (gridSpan, gridBefore), ``default`` when absent or unreadable."""
    if node is None:
        return default
    try:
        return int(node.get(f"{_W}val", default))
    except ValueError:
        return default


def table_grid(tbl, number: int) -> SourceGrid:
    """A Word table as a source grid: gridSpan → colspan, vMerge continue → the cell above grows."""
    cells: list[GridCell] = []
    open_above: dict[int, GridCell] = {}  # grid column → the cell a vMerge continues
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr")):
        col = _int_val(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for tc in tr.iterchildren(f"{_W}tc"):
            span = max(1, _int_val(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1))
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue" and col in open_above:
                open_above[col].rowspan = r - open_above[col].row + 1
            else:
                cell = GridCell(r, col, _text(tc), 1, span, True)
                cells.append(cell)
                for k in range(col, col + span):
                    open_above.pop(k, None)
                open_above[col] = cell
            col += span
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    widths = _column_widths(tbl, n_cols)
    heights = [LINE_PT + 4] * n_rows
    for c in cells:  # enough height for each cell's wrapped text, surplus of a merged cell to its last row
        if c.rowspan == 1:
            width = sum(widths[c.col:c.col + c.colspan])
            lines = sum(max(1, math.ceil(len(part) * FONT_PT / max(width - 6, FONT_PT))) for part in c.text.split("\n"))
            heights[c.row] = max(heights[c.row], lines * LINE_PT + 4)
    return SourceGrid(cells, widths, heights, _table_label(number))


def _body(data: bytes):
    """The document body as plain lxml elements."""
    import posixpath
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        part = "word/document.xml"
        if "_rels/.rels" in package.NameToInfo:
            rels = etree.fromstring(package.read("_rels/.rels"))
            for rel in rels.iter(f"{_PKG}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    part = posixpath.normpath(rel.get("Target", part).lstrip("/"))
        if part not in package.NameToInfo:
            from docx import Document  # an unusual package: let python-docx find its main part

            return Document(io.BytesIO(data)).element.body
        root = etree.fromstring(package.read(part), parser=etree.XMLParser(huge_tree=True, resolve_entities=False))
    body = root.find(f"{_W}body")
    if body is None:
        raise ValueError("no document body")
    return body


def read_docx(stream: BinaryIO) -> SourceContent:
    """Paragraphs and tables in body order; a page break opens the next page."""
    body = _body(stream.read())
    locator = Locator()
    pages: list[PageContent] = []
    current = PageContent(page=1, width=0.0, height=0.0)
    y, tables_seen = 0.0, 0

    def new_page() -> None:
        nonlocal current, y
        pages.append(current)
        current = PageContent(page=len(pages) + 1, width=0.0, height=0.0)
        y = 0.0

    for child in body.iterchildren():
        tag = child.tag[len(_W):] if child.tag.startswith(_W) else ""
        if tag == "p":
            text = cell_text(_text(child))
            if text:
                width = max(current.width, 400.0)
                current.lines.append(TextLine(page=current.page, text=text, bbox=(0.0, y, width, y + LINE_PT)))
                y += LINE_PT * max(1, math.ceil(len(text) * FONT_PT / width))
            if _breaks_page(child):
                new_page()
        elif tag == "tbl":
            tables_seen += 1
            grid = table_grid(child, tables_seen)
            if not grid.cells:
                continue
            laid = grid_page(grid, current.page, locator, y_offset=y)
            current.tables += laid.tables
            current.lines += laid.lines
            current.width = max(current.width, laid.width)
            y = laid.height
        current.height = max(current.height, y)
    if current.tables or current.lines or not pages:  # a trailing page break opens no page
        pages.append(current)
    return SourceContent(pages=pages, locator=locator)

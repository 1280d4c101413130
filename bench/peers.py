"""Table-only peers, each used the way a plain script would use it.

Every peer returns :class:`Grid` s: a table as a rectangle of grid positions with
the text of every position, merged blocks already filled into each position they
cover (the peer's own way where it has one). Nothing here knows about forms; the
adapter (:mod:`bench.adapter`) turns grids into jixiao's output tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Grid:
    """One table: column and row rules (PDF points, origin top-left) and the text of each position."""

    page: int
    xs: list[float]
    ys: list[float]
    texts: list[list[str]]


# --- pdfplumber -----------------------------------------------------------------------


def _covering_text(table, grid: list[list[str | None]], origins: dict, x: float, y: float) -> str:
    """Text of the merged cell whose box contains (x, y): what a forward fill copies."""
    for box in table.cells:
        if box[0] <= x <= box[2] and box[1] <= y <= box[3] and box in origins:
            r, c = origins[box]
            return grid[r][c] or ""
    return ""


def pdfplumber_grid(table, page_no: int) -> Grid:
    """``Table.extract()`` with every ``None`` (a position a merged cell covers) filled from that cell."""
    grid = table.extract()
    rows = table.rows
    x0, top, x1, bottom = table.bbox
    xs = sorted({box[0] for box in table.cells}) + [x1]
    ys = [row.bbox[1] for row in rows] + [bottom]
    origins = {box: (r, c) for r, row in enumerate(rows) for c, box in enumerate(row.cells) if box is not None}
    texts = []
    for r, values in enumerate(grid):
        line = []
        for c, value in enumerate(values):
            if value is None:
                value = _covering_text(table, grid, origins, (xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2)
            line.append(value)
        texts.append(line)
    return Grid(page=page_no, xs=xs, ys=ys, texts=texts)


def read_pdfplumber(path: Path) -> list[Grid]:
    """``page.find_tables()`` (the lines strategy ``extract_tables`` uses) on every page."""
    import pdfplumber

    grids = []
    with pdfplumber.open(path) as pdf:
        for page_no, page in enumerate(pdf.pages, start=1):
            grids.extend(pdfplumber_grid(t, page_no) for t in page.find_tables())
            page.flush_cache()
    return grids


# --- camelot ----------------------------------------------------------------------------


def read_camelot(path: Path) -> list[Grid]:
    """camelot lattice, spans copied into every covered position (``copy_text``).

    ``split_text=True`` because LibreOffice PDFs otherwise get text in the
    neighbouring row; ``engine="vector"`` reads the PDF's own rules (camelot's
    fastest path for vector-drawn tables; the default renders the page).
    """
    import logging

    import camelot

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    tables = camelot.read_pdf(
        str(path), pages="all", flavor="lattice", engine="vector", split_text=True,
        copy_text=["h", "v"], suppress_stdout=True,
    )
    grids = []
    for table in tables:
        height = table.pdf_size[1]
        xs = [table.cols[0][0]] + [right for _, right in table.cols]
        ys = [height - table.rows[0][0]] + [height - bottom for _, bottom in table.rows]
        grids.append(Grid(page=int(table.page), xs=xs, ys=ys, texts=table.df.astype(str).values.tolist()))
    return grids


# --- img2table --------------------------------------------------------------------------

#: img2table renders PDF pages at 200 dpi and reports boxes in those pixels.
IMG2TABLE_SCALE = 72 / 200


def _edges(values: list[int], count: int) -> list[float] | None:
    """``count`` + 1 distinct rule positions from cell borders, or None if they do not come out even."""
    distinct: list[int] = []
    for v in sorted(set(values)):
        if not distinct or v - distinct[-1] > 3:
            distinct.append(v)
    return [v * IMG2TABLE_SCALE for v in distinct] if len(distinct) == count + 1 else None


def img2table_grid(table, page_no: int) -> Grid | None:
    """An img2table table (merged values repeated in every position, as it gives them)."""
    rows = list(table.content.values())
    if not rows or not rows[0]:
        return None
    cells = [c for row in rows for c in row]
    xs = _edges([c.bbox.x1 for c in cells] + [c.bbox.x2 for c in cells], len(rows[0]))
    ys = _edges([c.bbox.y1 for c in cells] + [c.bbox.y2 for c in cells], len(rows))
    if xs is None or ys is None:
        return None
    return Grid(page=page_no, xs=xs, ys=ys, texts=[[c.value or "" for c in row] for row in rows])


def read_img2table(path: Path) -> list[Grid]:
    """img2table on the PDF's text layer: no OCR, bordered tables only (the forms are ruled)."""
    from img2table.document import PDF

    found = PDF(str(path), pdf_text_extraction=True).extract_tables(
        ocr=None, implicit_rows=False, borderless_tables=False,
    )
    grids = []
    for index, tables in found.items():
        for table in tables:
            grid = img2table_grid(table, index + 1)
            if grid is not None:
                grids.append(grid)
    return grids


PEERS = {"pdfplumber": read_pdfplumber, "camelot": read_camelot, "img2table": read_img2table}

"""Form layouts written as an Excel workbook, the way offices keep these forms.

One sheet per form (LibreOffice prints each sheet from a new page), merged
cells, wrapped text, thin borders, A4 fitted to the page width and the
indicator header rows set as print titles so they repeat on every page.

Row heights are set explicitly: spreadsheet programs do not grow a row for the
text of a merged cell, and a row left too short clips its text out of the PDF.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samples.generate.layout import Cell, FormLayout, Row

BODY_FONT = "Noto Serif CJK SC"
TITLE_FONT = "Noto Sans CJK SC"
BODY_SIZE = 9
HEAD_SIZE = 9.5
TITLE_SIZE = 16
#: Noto CJK line box is ≈1.45 em; a little more keeps descenders off the rule.
LINE_EM = 1.5
CELL_PADDING_PT = 5
MIN_ROW_PT = 17
PROSE_SIZE = 10
MAX_PROSE_LINES = 12
SENTENCE_END = re.compile(r"(?<=[。；;！？])")
#: Printable width (pt) the columns are sized to before fit-to-width scaling.
PRINTABLE_PT = {True: 842 - 60, False: 595 - 60}
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
ALIGN = {
    "head": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "label": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "num": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "text": Alignment(horizontal="left", vertical="center", wrap_text=True),
}


def text_width_em(text: str) -> float:
    """Printed width in em: CJK and full-width forms are 1 em, Latin and digits ≈ 0.55."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def line_count(text: str, width_pt: float, size: float) -> int:
    usable = max(width_pt - CELL_PADDING_PT, size)
    return sum(max(1, math.ceil(text_width_em(part) * size / usable)) for part in text.split("\n"))


def needed_height(text: str, width_pt: float, size: float) -> float:
    return line_count(text, width_pt, size) * size * LINE_EM + CELL_PADDING_PT


def row_chunks(text: str, width_pt: float, size: float) -> list[str]:
    """Split prose at sentence ends so no sheet row is taller than MAX_PROSE_LINES.

    A spreadsheet row never breaks across pages; one taller than the page would
    be clipped, so long paragraphs go into consecutive rows, as offices paste them.
    """
    sentences = [s for s in SENTENCE_END.split(text) if s]
    chunks, current = [], ""
    for sentence in sentences:
        if current and line_count(current + sentence, width_pt, size) > MAX_PROSE_LINES:
            chunks.append(current)
            current = ""
        current += sentence
    return chunks + [current] if current else chunks


def excel_width(points: float) -> float:
    """Excel column width units (≈ default-font characters) for a width in points."""
    return max(1.0, (points / 0.75 - 5) / 7)


def column_points(layout: FormLayout) -> list[float]:
    scale = PRINTABLE_PT[layout.landscape] / sum(layout.col_widths)
    return [w * scale for w in layout.col_widths]


def font_for(role: str) -> Font:
    if role == "head":
        return Font(name=BODY_FONT, size=HEAD_SIZE, bold=True)
    return Font(name=BODY_FONT, size=BODY_SIZE)


def row_heights(rows: list[Row], widths: list[float]) -> list[float]:
    """Heights that fit every cell; a merged block's surplus goes to its last row."""
    heights = [MIN_ROW_PT] * len(rows)
    for r, row in enumerate(rows):
        for cell in row.cells:
            if cell.rowspan == 1:
                w = sum(widths[cell.col:cell.col + cell.colspan])
                heights[r] = max(heights[r], needed_height(cell.text, w, BODY_SIZE))
    for r, row in enumerate(rows):
        for cell in row.cells:
            if cell.rowspan > 1:
                w = sum(widths[cell.col:cell.col + cell.colspan])
                last = min(r + cell.rowspan, len(rows)) - 1
                short = needed_height(cell.text, w, BODY_SIZE) - sum(heights[r:last + 1])
                if short > 0:
                    heights[last] += short
    return heights


def put_cell(ws: Worksheet, row0: int, cell: Cell) -> None:
    top, left = row0, cell.col + 1
    bottom, right = top + cell.rowspan - 1, left + cell.colspan - 1
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(row=r, column=c).border = BOX
    target = ws.cell(row=top, column=left, value=cell.text or None)
    if cell.text and len(cell.text) > 1 and cell.text.startswith("="):
        target.data_type = "s"  # a printed sign ("=100%"), not a formula for Calc to evaluate
    target.font = font_for(cell.role)
    target.alignment = ALIGN[cell.role]
    if bottom > top or right > left:
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def put_rows(ws: Worksheet, first: int, rows: list[Row], widths: list[float]) -> int:
    """Write ruled rows from sheet row `first`; returns the next free row."""
    for i, (row, height) in enumerate(zip(rows, row_heights(rows, widths))):
        for cell in row.cells:
            put_cell(ws, first + i, cell)
        ws.row_dimensions[first + i].height = round(height, 1)
    return first + len(rows)


def put_line(ws: Worksheet, r: int, text: str, n_cols: int, font: Font, align: Alignment, height: float) -> None:
    ws.cell(row=r, column=1, value=text).font = font
    ws.cell(row=r, column=1).alignment = align
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
    ws.row_dimensions[r].height = height


def setup_page(ws: Worksheet, layout: FormLayout, title_rows: tuple[int, int] | None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"


def write_sheet(ws: Worksheet, layout: FormLayout) -> None:
    widths = column_points(layout)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(excel_width(w), 2)
    n = layout.n_cols
    put_line(ws, 1, layout.title, n, Font(name=TITLE_FONT, size=TITLE_SIZE, bold=True),
             Alignment(horizontal="center", vertical="center", wrap_text=True), 34)
    r = 2
    for line in layout.meta:
        put_line(ws, r, line, n, Font(name=BODY_FONT, size=10), Alignment(horizontal="left", vertical="center"), 20)
        r += 1
    r = put_rows(ws, r, layout.pre_rows, widths)
    title_rows = None
    if layout.head_rows:
        title_rows = (r, r + len(layout.head_rows) - 1)
        r = put_rows(ws, r, layout.head_rows, widths)
    r = put_rows(ws, r, layout.body_rows, widths)
    r += 1
    for para in layout.paragraphs:
        for chunk in row_chunks("　　" + para, sum(widths), PROSE_SIZE):
            put_line(ws, r, chunk, n, Font(name=BODY_FONT, size=PROSE_SIZE),
                     Alignment(horizontal="left", vertical="top", wrap_text=True),
                     needed_height(chunk, sum(widths), PROSE_SIZE) + 2)
            r += 1
    setup_page(ws, layout, title_rows)


def write_workbook(layouts: list[FormLayout], path: Path) -> Path:
    """One sheet per form, in page order."""
    wb = Workbook()
    wb.remove(wb.active)
    for i, layout in enumerate(layouts, start=1):
        write_sheet(wb.create_sheet(f"表{i}"), layout)
    wb.save(path)
    return path

"""Spreadsheets printed without "fit to page width": the columns that do not fit the page are printed on
a page of their own (Calc and Excel print a sheet's pages down, then across), so the 得分 and 偏差原因 of
the form's rows come out on the page after its names and values.  Printed portrait at 100 %, as a sheet
is when nobody set its page up.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium

from samples.generate.digital import normalise, table_layouts
from samples.generate.producers import soffice_to_pdf
from samples.generate.xlsx import write_workbook


def spilled_print(truth: dict, out: Path, scale: int = 100) -> int:
    """The truth's forms as a Calc sheet printed unfitted to `out` at `scale` per cent (above 100 a small
    form spills down as well as across); returns its page count."""
    with tempfile.TemporaryDirectory(prefix="spilled-") as work:
        sheet = write_workbook(table_layouts(truth), Path(work) / f"{out.stem}.xlsx")
        book = openpyxl.load_workbook(sheet)
        for ws in book.worksheets:
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            ws.page_setup.orientation = "portrait"
            ws.page_setup.scale = scale
        book.save(sheet)
        normalise(soffice_to_pdf(sheet, Path(work) / f"{out.stem}.raw.pdf"), out)
    return len(pdfium.PdfDocument(str(out)))

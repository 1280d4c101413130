"""Re-read before accusing: a second, stronger reading of exactly the doubtful cells.

A cell read from the text layer is read again by OCR (the text layer against
the glyphs actually drawn); a cell read by OCR is read again at a higher
resolution, in the same upright frame the page reader used (its skew and
quarter turns are repeated). Only the cells asked for are recognised: the page
is rendered once and nothing else on it is read.

What is done with the second reading is decided in :mod:`settle`, on the form's
own checks; this module only reads.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.models.form import CellRead
from jixiao.models.page import PageContent

#: Resolution of a second reading of a text-layer cell, and the least for OCR pages.
REREAD_DPI = 300
#: An OCR page is read again at this many dpi above its first reading (and at least REREAD_DPI).
DPI_STEP = 100


@dataclass(frozen=True)
class SecondReading:
    text: str
    confidence: float
    method: str


#: cells → their second readings, in order (None where the cell could not be read again).
Reader = Callable[[list[CellRead]], list[SecondReading | None]]


def reread_dpi(page: PageContent) -> int:
    return max(REREAD_DPI, page.dpi + DPI_STEP) if page.method == "ocr" else REREAD_DPI


def _user_unit(content: PageContent, pdf_page) -> float:
    """Points per pdfium unit of a page (its /UserUnit): the read page's size in points
    over the size pdfium reports (the longer sides, so a turned page compares alike)."""
    size = max(pdf_page.get_size())
    return round(max(content.width, content.height) / size, 4) if size else 1.0


def page_reader(path: Path, pages: list[PageContent], engine_name: str = "rapidocr") -> Reader:
    """A :data:`Reader` for one document: OCR of the given cells on their pages."""

    def read(cells: list[CellRead]) -> list[SecondReading | None]:
        import pypdfium2 as pdfium

        from jixiao.extractors.ocr.engine import get_engine
        from jixiao.extractors.ocr.cell_reader import reread_cells

        out: list[SecondReading | None] = [None] * len(cells)
        by_page: dict[int, list[int]] = {}
        for i, cell in enumerate(cells):
            if cell.bbox is not None and 1 <= cell.page <= len(pages):
                by_page.setdefault(cell.page, []).append(i)
        if not by_page:
            return out
        engine = get_engine(engine_name)
        pdf = pdfium.PdfDocument(str(path))
        try:
            for page_no, indices in sorted(by_page.items()):
                content = pages[page_no - 1]
                dpi = reread_dpi(content)
                pdf_page = pdf[page_no - 1]
                try:
                    results = reread_cells(pdf_page, [cells[i].bbox for i in indices], engine=engine, dpi=dpi,
                                           skew=content.skew, quarter_turns=content.quarter_turns,
                                           user_unit=_user_unit(content, pdf_page),
                                           prepared=content.method == "ocr" and bool(content.seals))
                finally:
                    pdf_page.close()
                first = "OCR" if content.method == "ocr" else "text layer"
                for i, (text, confidence) in zip(indices, results):
                    out[i] = SecondReading(text, confidence, f"ocr {dpi} dpi, first read by {first}")
        finally:
            pdf.close()
        return out

    return read

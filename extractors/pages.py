"""Read every page of a PDF, each by the path its text layer deserves.

A page with a trustworthy text layer goes through the text path; a page with no
text layer, or one whose text lies (broken ToUnicode maps), goes through OCR.
The decision is made per page by :mod:`jixiao.extractors.routing`, so one scanned
attachment inside a digital report does not send the whole file to OCR.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium

from jixiao.extractors.page_frame import PageFrame, user_units
from jixiao.extractors.text_grid import read_text_page
from jixiao.models import PageContent

Extractor = Literal["text", "camelot"]
OcrMode = Literal["auto", "never", "always"]


@dataclass(frozen=True)
class ReadOptions:
    """How pages are read; the defaults are what `jixiao extract` uses."""

    extractor: Extractor = "text"
    ocr: OcrMode = "auto"
    ocr_engine: str = "rapidocr"
    dpi: int = 200


def _route(page: pdfium.PdfPage, options: ReadOptions) -> tuple[str, str]:
    if options.ocr == "never":
        return "text", "ocr disabled"
    if options.ocr == "always":
        return "ocr", "ocr forced"
    from jixiao.extractors.routing import route_page

    decision = route_page(page)
    return decision.route, decision.reason


def _ocr(page: pdfium.PdfPage, page_no: int, options: ReadOptions, frame: PageFrame) -> PageContent:
    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.extractors.ocr.page_reader import ocr_page

    return ocr_page(page, page_no, engine=get_engine(options.ocr_engine), dpi=options.dpi,
                    user_unit=frame.user_unit)


def read_pages(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions()) -> list[PageContent]:
    """PageContent for every page of an open document, in page order."""
    camelot_pages = None
    if options.extractor == "camelot":
        from jixiao.extractors.camelot_grid import read_camelot_pages

        camelot_pages = read_camelot_pages(path)
    pages = []
    units = user_units(path, len(pdf))
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            route, reason = _route(page, options)
            frame = PageFrame.of(page, units[index])
            if route == "ocr":
                content = _ocr(page, index + 1, options, frame)
            elif camelot_pages is not None:
                content = camelot_pages[index]
            else:
                content = read_text_page(page, index + 1, frame)
            content.route_reason = reason
            pages.append(content)
        finally:
            page.close()
    return pages

"""Read every page of a PDF, each by the path its text layer deserves.

A page with no text layer goes through OCR. Every other page has its fonts
checked glyph by glyph against the rendered page (:mod:`jixiao.extractors.fonts`):
honest fonts keep the text path; a lying font (broken /ToUnicode map) is repaired
from its read glyphs and the page still goes through the text path, with exact
positions; only when too many glyphs are unclear does the page go to OCR. The
character-pair check of :mod:`jixiao.extractors.routing` runs first as a cheap
signal (a doubted page has every glyph read) but no longer decides alone. All of
it is per page, so one scanned attachment inside a digital report does not send
the whole file to OCR.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium

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
    #: Check every font of a text layer glyph by glyph and repair lying ones
    #: (extractors.fonts); only with ocr="auto".
    verify_fonts: bool = True


def _route(page: pdfium.PdfPage, options: ReadOptions) -> tuple[str, str]:
    if options.ocr == "never":
        return "text", "ocr disabled"
    if options.ocr == "always":
        return "ocr", "ocr forced"
    from jixiao.extractors.routing import route_page

    decision = route_page(page)
    return decision.route, decision.reason


def _ocr(page: pdfium.PdfPage, page_no: int, options: ReadOptions) -> PageContent:
    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.extractors.ocr.page_reader import ocr_page

    return ocr_page(page, page_no, engine=get_engine(options.ocr_engine), dpi=options.dpi)


def read_pages(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions()) -> list[PageContent]:
    """PageContent for every page of an open document, in page order."""
    camelot_pages = None
    if options.extractor == "camelot":
        from jixiao.extractors.camelot_grid import read_camelot_pages

        camelot_pages = read_camelot_pages(path)
    verifier = None
    if options.verify_fonts and options.ocr == "auto":
        from jixiao.extractors.fonts.verify import FontVerifier, route_by_fonts

        verifier = FontVerifier()
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            kept = False
            try:
                route, reason = _route(page, options)
                replacements, checks, doubtful = None, [], frozenset()
                if verifier is not None and not reason.startswith("no text layer"):
                    route, reason, replacements, checks, doubtful = route_by_fonts(
                        verifier, page, index + 1, route, reason)
                    verifier.keep_open(page)  # its fonts' handles key the document's glyph cache
                    kept = True
                if route == "ocr":
                    content = _ocr(page, index + 1, options)
                elif camelot_pages is not None and route == "text":
                    content = camelot_pages[index]
                else:
                    content = read_text_page(page, index + 1, replacements, doubtful)
                content.route_reason = reason
                content.fonts = checks
                pages.append(content)
            finally:
                if not kept:
                    page.close()
    finally:
        if verifier is not None:
            verifier.close()
    return pages

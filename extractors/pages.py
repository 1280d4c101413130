"""Read every page of a PDF, each by the reader its text layer deserves.

A page with a trustworthy text layer goes to the chosen text-layer reader; a
page with no text layer, or one whose text lies (broken ToUnicode maps), goes to
OCR. The decision is made per page by :mod:`jixiao.extractors.routing`, so one
scanned attachment inside a digital report does not send the whole file to OCR.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from jixiao.extractors.readers import PageSource, ReadOptions, get_reader
from jixiao.models import PageContent


def _route(page: pdfium.PdfPage, options: ReadOptions) -> tuple[str, str]:
    if options.ocr == "never":
        return "text", "ocr disabled"
    if options.ocr == "always":
        return "ocr", "ocr forced"
    from jixiao.extractors.routing import route_page

    decision = route_page(page)
    return decision.route, decision.reason


def read_pages(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions()) -> list[PageContent]:
    """PageContent for every page of an open document, in page order."""
    source = PageSource(path=path, options=options)
    readers = {"text": get_reader(options.extractor).load()}
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            route, reason = _route(page, options)
            if route not in readers:
                readers[route] = get_reader(route).load()
            content = readers[route](page, index + 1, source)
            content.route_reason = reason
            pages.append(content)
        finally:
            page.close()
    return pages

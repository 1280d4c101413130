"""Read every page of a PDF, each by the reader its text layer deserves.

A page with no text layer goes to OCR. Every other page has its fonts checked
glyph by glyph against the rendered page (:mod:`jixiao.extractors.fonts`, on by
default with ``ocr="auto"``): honest fonts keep the chosen text-layer reader; a
lying font (broken /ToUnicode map) is repaired from its read glyphs and the page
is still read from its text layer, with exact positions; only when too many
glyphs are unclear does the page go to OCR. The character-pair check of
:mod:`jixiao.extractors.routing` runs first as a cheap signal (a doubted page has
every glyph read) and decides alone when the font check is off. All of it is per
page, so one scanned attachment inside a digital report does not send the whole
file to OCR.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium

from jixiao.extractors.page_frame import user_units
from jixiao.extractors.readers import PageSource, ReadOptions, get_reader
from jixiao.models import PageContent

#: Text-layer readers that read a repaired page (they take their characters from
#: :func:`jixiao.extractors.chars.page_chars` with the source's replacements);
#: a repaired page chosen for another reader (camelot) is read by ``text``.
REPAIRING_READERS = ("text", "ruled")


def _route(page: pdfium.PdfPage, options: ReadOptions) -> tuple[str, str]:
    if options.ocr == "never":
        return "text", "ocr disabled"
    if options.ocr == "always":
        return "ocr", "ocr forced"
    from jixiao.extractors.routing import route_page

    decision = route_page(page)
    return decision.route, decision.reason


def _reader_name(route: str, options: ReadOptions) -> str:
    if route == "text":
        return options.extractor
    if route == "repaired":
        return options.extractor if options.extractor in REPAIRING_READERS else "text"
    return route


def read_pages(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions()) -> list[PageContent]:
    """PageContent for every page of an open document, in page order."""
    source = PageSource(path=path, options=options, units=tuple(user_units(path, len(pdf))))
    readers = {}
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
                page_source, checks = source, []
                if verifier is not None and not reason.startswith("no text layer"):
                    route, reason, replacements, checks, doubtful = route_by_fonts(
                        verifier, page, index + 1, route, reason)
                    verifier.keep_open(page)  # its fonts' handles key the document's glyph cache
                    kept = True
                    if replacements is not None:
                        page_source = replace(source, replacements=replacements, doubtful=doubtful)
                name = _reader_name(route, options)
                if name not in readers:
                    readers[name] = get_reader(name).load()
                content = readers[name](page, index + 1, page_source)
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

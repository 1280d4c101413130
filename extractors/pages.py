"""Read every page of a PDF, each by the reader its text layer deserves.

A page with a trustworthy text layer goes to the chosen text-layer reader; a
page with no text layer, or one whose text lies (broken ToUnicode maps), goes to
OCR. The decision is made per page by :mod:`jixiao.extractors.routing`, so one
scanned attachment inside a digital report does not send the whole file to OCR.

Pages are also isolated from each other: a page that cannot be loaded, is too
large to render within ``max_megapixels``, or breaks its reader is skipped and
reported as a :class:`PageProblem`, and the other pages are read as usual.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from jixiao.extractors.page_frame import user_units
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


@dataclass(frozen=True)
class PageProblem:
    """A page that was skipped, or read from damaged content; named in the document's error."""

    page: int
    message: str
    skipped: bool = True

    def describe(self) -> str:
        return f"page {self.page} {'skipped' if self.skipped else 'incomplete'}: {self.message}"


class PageSkipped(Exception):
    """This page cannot be read; the message says why."""


def _check_render_size(page: pdfium.PdfPage, options: ReadOptions) -> None:
    """Refuse to render a page whose image alone could exhaust a worker (a 200-inch scan)."""
    width, height = page.get_size()
    megapixels = (width / 72 * options.dpi) * (height / 72 * options.dpi) / 1e6
    if megapixels > options.max_megapixels:
        raise PageSkipped(
            f"page is {width / 72:.0f} × {height / 72:.0f} in, {megapixels:,.0f} megapixels at {options.dpi} dpi, "
            f"over the {options.max_megapixels:g}-megapixel limit (--max-pixels)")


def _read_one(pdf: pdfium.PdfDocument, index: int, readers: dict, source: PageSource) -> PageContent:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise PageSkipped(f"cannot be loaded ({exc})") from exc
    try:
        route, reason = _route(page, source.options)
        if route not in readers:
            readers[route] = get_reader(route).load()
        if get_reader(route).layer == "image":
            _check_render_size(page, source.options)
        content = readers[route](page, index + 1, source)
        content.route_reason = reason
        return content
    finally:
        page.close()


def read_pages_checked(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions(),
                       skip: frozenset[int] = frozenset()) -> tuple[list[PageContent], list[PageProblem]]:
    """PageContent for every page that could be read, in page order, and the pages that could not.

    Pages numbered in ``skip`` (1-based) are not touched: the caller has already
    found them unfit to load.
    """
    source = PageSource(path=path, options=options, units=tuple(user_units(path, len(pdf))))
    readers = {"text": get_reader(options.extractor).load()}
    pages, problems = [], []
    for index in range(len(pdf)):
        if index + 1 in skip:
            continue
        try:
            pages.append(_read_one(pdf, index, readers, source))
        except PageSkipped as exc:
            problems.append(PageProblem(index + 1, str(exc)))
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - one unreadable page must not cost the others
            problems.append(PageProblem(index + 1, f"cannot be parsed ({type(exc).__name__}: {exc})"))
    return pages, problems


def read_pages(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions()) -> list[PageContent]:
    """PageContent for every readable page of an open document, in page order."""
    return read_pages_checked(pdf, path, options)[0]

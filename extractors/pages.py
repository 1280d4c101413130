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

Pages are also isolated from each other: a page that cannot be loaded, is too
large to render within ``max_megapixels``, or breaks its reader is skipped and
reported as a :class:`PageProblem`, and the other pages are read as usual.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from jixiao.extractors.chars import shared_text_layer
from jixiao.extractors.page_frame import user_units
from jixiao.extractors.pasted_tables import table_picture
from jixiao.extractors.placed_seals import placed_seals
from jixiao.extractors.readers import PageSource, ReadOptions, get_reader
from jixiao.models import PageContent

if TYPE_CHECKING:
    from jixiao.extractors.fonts.verify import FontVerifier

#: Text-layer readers that read a repaired page (they take their characters from
#: :func:`jixiao.extractors.chars.page_chars` with the source's replacements);
#: a repaired page chosen for another reader (camelot) is read by ``text``.
REPAIRING_READERS = ("text", "ruled")

#: Whether a page the pair check calls text is read by its text reader while the font check's first
#: recogniser run goes (kept when the check leaves the page on the text route, the usual case).
#: Only the in-process readers read ahead: camelot reopens the file, and a lying page would waste it.
#: The phase benchmark (``bench.font_phases``) turns it off: it times one thread.
READ_TEXT_DURING_CHECK = True


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


def _read_one(pdf: pdfium.PdfDocument, index: int, readers: dict, source: PageSource,
              verifier: "FontVerifier | None" = None) -> PageContent:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise PageSkipped(f"cannot be loaded ({exc})") from exc
    kept = False
    try:
        # routing, the font check and the reader share the page's text layer, its characters listed once
        with shared_text_layer(page):
            route, reason = _route(page, source.options)
            from jixiao.extractors.routing import NO_LAYER  # imported by _route already
            page_source, checks, ahead = source, [], None
            if verifier is not None and not reason.startswith(NO_LAYER):
                from jixiao.extractors.fonts.verify import route_by_fonts

                if route == "text" and READ_TEXT_DURING_CHECK and source.options.extractor in REPAIRING_READERS:
                    ahead = _ReadAhead(lambda: _loaded(readers, _reader_name("text", source.options))(
                        page, index + 1, source))
                verifier.keep_open(page)  # its fonts' handles key the document's glyph and typeface caches,
                kept = True  # so it stays open even when the check fails part-way
                route, reason, replacements, checks, doubtful = route_by_fonts(verifier, page, index + 1, route, reason,
                                                                               ahead)
                if replacements is not None:
                    page_source = replace(source, replacements=replacements, doubtful=doubtful)
            name = _reader_name(route, source.options)
            read = _loaded(readers, name)
            if get_reader(name).layer == "image":
                _check_render_size(page, source.options)
            if ahead is not None and ahead.content is not None and route == "text":
                content = ahead.content  # read with the page's own claims, as the text route reads it
            else:
                content = read(page, index + 1, page_source)
            if get_reader(name).layer != "image" and not content.tables and source.options.ocr != "never":
                pasted = table_picture(page)
                if pasted is not None:  # the form may be a picture on a text page: read the page as it shows
                    _check_render_size(page, source.options)
                    shown = _loaded(readers, "ocr")(page, index + 1, source)
                    if shown.tables:  # a chart's gridlines are not a table: its page keeps its text layer
                        content, name, reason = shown, "ocr", pasted
            if get_reader(name).layer != "image" and not content.seals:
                content.seals = placed_seals(page, index + 1, source.user_unit(index + 1))
            content.route_reason = reason
            content.fonts = checks
            return content
    finally:
        if not kept:
            page.close()


def _loaded(readers: dict, name: str):
    """The named reader, loaded once per document."""
    if name not in readers:
        readers[name] = get_reader(name).load()
    return readers[name]


class _ReadAhead:
    """A page's text-route read done while its fonts are checked (see READ_TEXT_DURING_CHECK).

    ``content`` stays None when the read failed: the page is then read again where it is routed,
    so an error is raised there, as without the read ahead, and only if the page is read by text.
    """

    def __init__(self, read) -> None:
        self._read = read
        self.content: PageContent | None = None

    def __call__(self) -> None:
        try:
            self.content = self._read()
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - raised again by the read where the page is routed
            self.content = None


def read_pages_checked(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions(),
                       skip: frozenset[int] = frozenset(), read_elsewhere: Mapping[int, PageContent] | None = None,
                       units: tuple[float, ...] | None = None) -> tuple[list[PageContent], list[PageProblem]]:
    """PageContent for every page that could be read, in page order, and the pages that could not.

    Pages numbered in ``skip`` (1-based) are not touched: the caller has already
    found them unfit to load. Pages in ``read_elsewhere`` (page number → content) are
    taken as read, not read again: a long scan's OCR pages read by a batch's other
    workers (:mod:`jixiao.pipeline.batch.page_tasks`). ``units`` are the pages' /UserUnit when the
    caller knows them already (a page task: found once for its document), else read here.
    """
    units = tuple(user_units(path, len(pdf))) if units is None else units
    source = PageSource(path=path, options=options, units=units)
    readers: dict = {}
    verifier = None
    if options.checks_fonts:
        from jixiao.extractors.fonts.verify import FontVerifier

        verifier = FontVerifier()
    pages, problems = [], []
    elsewhere = read_elsewhere or {}
    try:
        for index in range(len(pdf)):
            if index + 1 in skip:
                continue
            if index + 1 in elsewhere:
                pages.append(elsewhere[index + 1])
                continue
            try:
                pages.append(_read_one(pdf, index, readers, source, verifier))
            except PageSkipped as exc:
                problems.append(PageProblem(index + 1, str(exc)))
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - one unreadable page must not cost the others
                problems.append(PageProblem(index + 1, f"cannot be parsed ({type(exc).__name__}: {exc})"))
    finally:
        if verifier is not None:
            verifier.close()
    return pages, problems


def read_pages(pdf: pdfium.PdfDocument, path: Path, options: ReadOptions = ReadOptions()) -> list[PageContent]:
    """PageContent for every readable page of an open document, in page order."""
    return read_pages_checked(pdf, path, options)[0]

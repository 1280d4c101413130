"""One file in, one :class:`models.Document` out — whatever the file turns out to be.

This is the unit of work of every executor (process pool, Ray): it never
raises for a bad input, it reports. Corrupt, encrypted, empty, oversized and
unsupported files end as a failed Document with a message a person can act on.
PDFs go to the page readers of :mod:`jixiao.extractors.pages`; spreadsheets, Word
files and images to :mod:`jixiao.extractors.formats`; a member of an archive is
read from the archive in place.

The file is read once, into memory, and that is what is hashed and parsed: the
Document's ``sha256`` names the bytes its results came from, even when the file
changes on disk while a batch runs. A file that cannot be read at all (gone,
permission denied) gets no hash, so no result is ever stored under the content
of a file that was not read.
"""
from __future__ import annotations

import hashlib
import io
import re
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from jixiao import __version__
from jixiao.extractors.formats import UnreadableInput, detect_format, is_archive, is_supported, read_source
from jixiao.extractors.pages import PageProblem, read_pages_checked
from jixiao.extractors.streams import content_problems
from jixiao.models import Document, Form, PageContent, Seal
from jixiao.extractors.identity import _UNREADABLE, file_sha256, is_path_failure  # noqa: F401 - also imported from here
from jixiao.pipeline.assembly.forms import assemble_document
from jixiao.pipeline.validation.hidden_layers import hidden_layer_findings
from jixiao.pipeline.validation.seal_names import check_seal_names
from jixiao.pipeline.settings import ExtractOptions, Limits

if TYPE_CHECKING:
    from jixiao.normalizers.mapping import IndicatorMapper

# The catalog keys results by this: a new release re-reads what an older one stored.
PIPELINE_VERSION = __version__


class InputRefused(Exception):
    """A file that is not a readable PDF within the limits; the message is shown to users."""


_ZERO_PAGES_RE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")


class InputUnreadable(Exception):
    """The path could not be read (gone, permission denied): a fact about the path, not the content."""


def _declares_no_pages(data: bytes) -> bool:
    """pdfium refuses a page tree with /Count 0 as a format error; say what it really is."""
    return bool(_ZERO_PAGES_RE.search(data[:1 << 20]))


def _check_size(size: int, limits: Limits) -> None:
    size_mb = size / 1e6
    if size_mb == 0:
        raise InputRefused("empty file (0 bytes)")
    if size_mb > limits.max_megabytes:
        raise InputRefused(f"file is {size_mb:.1f} MB, over the {limits.max_megabytes:g} MB limit")


def read_input(path: Path, limits: Limits) -> bytes:
    """The file's bytes, read once and never more than the size limit allows."""
    limit = int(limits.max_megabytes * 1e6)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputUnreadable(f"{_UNREADABLE[0]}{path}") from exc
    except OSError as exc:
        raise InputUnreadable(f"{_UNREADABLE[1]}{exc.strerror or exc}") from exc
    if len(data) > limit:
        size_mb = max(len(data), path.stat().st_size) / 1e6
        raise InputRefused(f"file is {size_mb:.1f} MB, over the {limits.max_megabytes:g} MB limit")
    return data


def open_pdf(data: bytes, limits: Limits) -> pdfium.PdfDocument:
    """The PDF in ``data`` opened under ``limits``, or :class:`InputRefused` saying why it cannot be
    (empty, not a PDF, encrypted, corrupt, no pages, too many pages): the document task and the
    page tasks open a file the same way, so they refuse the same files."""
    if not data:
        raise InputRefused("empty file (0 bytes)")
    if b"%PDF" not in data[:1024]:
        raise InputRefused("not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise InputRefused("encrypted PDF: a password is required to open it") from exc
        if _declares_no_pages(data):
            raise InputRefused("PDF has no pages") from exc
        raise InputRefused(f"corrupt or truncated PDF: {message}") from exc
    if len(pdf) == 0:
        pdf.close()
        raise InputRefused("PDF has no pages")
    if len(pdf) > limits.max_pages:
        count = len(pdf)
        pdf.close()
        raise InputRefused(f"{count} pages, over the {limits.max_pages}-page limit")
    return pdf


def input_format(path: Path, member: str = "", data: bytes | None = None) -> str:
    """pdf, xlsx, docx, jpg, zip, … from the content and the name (see :func:`detect_format`)."""
    name = member.rsplit("!", 1)[-1] if member else path.name
    if data is not None:
        return detect_format(name, data[:1024], io.BytesIO(data))
    with path.open("rb") as handle:
        return detect_format(name, handle.read(1024), handle)


def _read_other(path: Path, fmt: str, options: ExtractOptions, data: bytes | None, in_archive: bool = False):
    """A spreadsheet, Word file or image through its format reader."""
    if not is_supported(fmt):
        raise InputRefused(f"unsupported format: {fmt}")
    if is_archive(fmt):
        from jixiao.extractors.formats.archives import refusal

        raise InputRefused(refusal(data if in_archive and data is not None else path, fmt))
    _check_size(len(data) if data is not None else path.stat().st_size, options.limits)
    read = options.read
    with (io.BytesIO(data) if data is not None else path.open("rb")) as stream:
        content = read_source(fmt, stream, path.name, read.ocr, read.ocr_engine, read.dpi, options.limits.max_pages)
    if len(content.pages) > options.limits.max_pages:
        raise InputRefused(f"{len(content.pages)} pages, over the {options.limits.max_pages}-page limit")
    return content


def _locate(forms: list[Form], locator) -> None:
    """Name the source cells (sheet!A1 range, Word table/row/column) of every located value."""
    for form in forms:
        records = [ind.provenance for ind in form.indicators]
        records += [p for p in (form.budget.provenance if form.budget else None, form.stated_total_provenance) if p]
        for record in records:
            record.location = locator.locate(record.page, record.bbox)


def extract_forms(path: Path, source: str, options: ExtractOptions, fmt: str = "pdf", data: bytes | None = None,
                  member: str = "", read_elsewhere: Mapping[int, PageContent] | None = None,
                  ) -> tuple[int, list[Form], list[PageContent], list[PageProblem]]:
    """Page count, the forms of one file or archive member ``data`` (not yet mapped or re-scored; they know
    whether they are sealed), the pages as they were assembled from (spilled columns joined to their rows:
    :func:`assemble_document`), and the pages that were skipped or damaged.
    PDF pages in ``read_elsewhere`` are taken as read (:func:`read_pages_checked`)."""
    data = read_input(path, options.limits) if data is None else data
    if fmt != "pdf":
        content = _read_other(path, fmt, options, data, in_archive=bool(member))
        forms, assembled = assemble_document(content.pages, source)
        _locate(forms, content.locator)
        return len(content.pages), forms, assembled, []
    if options.read.extractor == "camelot":  # camelot reads files by name
        with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
            copy.write(data)
            copy.flush()
            return _extract_pdf(Path(copy.name), source, options, data, read_elsewhere)
    return _extract_pdf(path, source, options, data, read_elsewhere)


def _extract_pdf(path: Path, source: str, options: ExtractOptions, data: bytes,
                 read_elsewhere: Mapping[int, PageContent] | None = None,
                 ) -> tuple[int, list[Form], list[PageContent], list[PageProblem]]:
    if options.read.checks_fonts and b"/Font" in data:
        # Fonts to check: the glyph reader loads while the file is opened and its streams checked.
        from jixiao.extractors.fonts.reader import load_reader_soon

        load_reader_soon()
    pdf = open_pdf(data, options.limits)
    held = _HELD.get()
    try:
        page_count = len(pdf)
        problems = content_problems(data, page_count)
        unfit = frozenset(p.page for p in problems if p.skipped)
        pages, unread = read_pages_checked(pdf, path, options.read, skip=unfit, read_elsewhere=read_elsewhere)
    finally:
        if held is None:
            pdf.close()
        else:
            held.append((path, pdf))
    problems += unread
    forms, assembled = assemble_document(pages, source)
    mark_sealed(forms, page_seals(assembled))
    return page_count, forms, assembled, sorted(problems, key=lambda p: p.page)


#: PDFs read while :func:`kept_open` is active, with their paths: left open for the caller.
_HELD: ContextVar[list[tuple[Path, pdfium.PdfDocument]] | None] = ContextVar("jixiao_held_pdfs", default=None)


@contextmanager
def kept_open() -> Iterator[list[tuple[Path, pdfium.PdfDocument]]]:
    """PDFs read inside the block stay open until it ends, listed as ``(path, document)``.

    A batch worker draws a document's report pictures from the document it has just
    read: pdfium then loads each page's fonts once, not once for reading and again for
    the picture (about a quarter of a small digital document's picture time).
    """
    held: list[tuple[Path, pdfium.PdfDocument]] = []
    token = _HELD.set(held)
    try:
        yield held
    finally:
        _HELD.reset(token)
        for _, pdf in held:
            pdf.close()


def _judge(doc: Document, options: ExtractOptions, problems: list[PageProblem]) -> None:
    """Status and error from what was found and which pages were lost."""
    lost = "; ".join(p.describe() for p in problems)
    if not doc.forms:
        hint = "; OCR is disabled (--ocr never), so pages without a usable text layer were not read" \
            if options.read.ocr == "never" else ""
        doc.status, doc.error = "failed", "; ".join(filter(None, ["no form or indicator table found" + hint, lost]))
    elif not any(f.indicators or f.stated_total is not None for f in doc.forms):
        doc.status, doc.error = "partial", "; ".join(filter(None, ["forms found but no indicator rows or stated total", lost]))
    elif problems:
        doc.status, doc.error = "partial", lost


def page_seals(pages: list[PageContent]) -> list[Seal]:
    """Every seal the page readers found, in page order."""
    return [seal for page in pages for seal in page.seals]


def mark_sealed(forms: list[Form], seals: list[Seal]) -> None:
    """A form is sealed when a seal sits on one of its pages."""
    for form in forms:
        form.sealed = any(form.first_page <= seal.page <= form.last_page for seal in seals)


def process_document(path: Path, source: str, options: ExtractOptions = ExtractOptions(), member: str = "",
                     read_elsewhere: Mapping[int, PageContent] | None = None) -> Document:
    """Extract, map and validate one file (or archive ``member`` of it); never raises for a bad input.

    ``sha256`` is the hash of the bytes actually read; it stays empty when the
    path could not be read at all. PDF pages in ``read_elsewhere`` (page number → content)
    are taken as read: a long scan's pages read by page tasks (:mod:`jixiao.pipeline.batch.page_tasks`).
    """
    started = time.perf_counter()
    doc = Document(source_file=source)
    try:
        data = _read_member(path, member, options.limits) if member else read_input(path, options.limits)
        doc.sha256 = hashlib.sha256(data).hexdigest()
        doc.format = input_format(path, member, data)
        doc.pages, doc.forms, pages, problems = extract_forms(path, source, options, doc.format, data, member,
                                                              read_elsewhere)
        doc.seals = page_seals(pages)
        doc.frames = [frame for frame in (page.upright_frame() for page in pages) if frame is not None]
        doc.fonts = [check for page in pages for check in page.fonts]
        finish_forms(doc, options)
        _judge(doc, options, problems)
        # second readings re-render PDF pages: not for other formats or PDFs read out of an archive
        judge_reading(doc, path, pages, options, rereadable=doc.format == "pdf" and not member)
        doc.findings.extend(check_seal_names(doc.seals, doc.forms))
        doc.findings.extend(hidden_layer_findings(doc.forms, pages))
    except InputUnreadable as exc:
        doc.status, doc.error = "failed", str(exc)
    except (InputRefused, UnreadableInput) as exc:
        doc.status, doc.error = "failed", str(exc)
    except MemoryError:  # the address-space backstop of the worker's memory limit
        doc.forms, doc.findings = [], []
        doc.status, doc.error = "failed", "memory limit: ran out of memory reading this file (--max-memory)"
    except Exception as exc:  # an extractor bug must not stop the batch
        doc.status, doc.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
    doc.seconds = round(time.perf_counter() - started, 4)
    return doc


def _read_member(path: Path, member: str, limits: Limits) -> bytes:
    from jixiao.extractors.formats.archives import ArchiveLimits, ArchiveRefused, read_member

    try:
        return read_member(path, member, ArchiveLimits(max_member_mb=limits.max_megabytes))
    except ArchiveRefused as exc:
        raise InputRefused(str(exc)) from exc
    except (KeyError, OSError, ValueError) as exc:
        raise InputRefused(f"cannot read {member} from the archive: {exc}") from exc


@lru_cache(maxsize=4)
def indicator_mapper(schema_extra: str | None) -> "IndicatorMapper":
    """One mapper per process and schema: building its alias tables is the costly part."""
    from jixiao.normalizers.mapping import IndicatorMapper

    return IndicatorMapper.from_files(schema_extra)


def judge_reading(doc: Document, path: Path, pages: list[PageContent], options: ExtractOptions,
                  rereadable: bool = True) -> None:
    """Extraction verdicts, second readings of doubtful cells, findings in doubt lowered to needs_review.

    Second readings use OCR, so none is made when OCR is off (``--ocr never``) or
    re-reading is (``reread=False``); the verdicts then rest on the first reading.
    """
    from jixiao.pipeline.validation.reread import page_reader
    from jixiao.pipeline.validation.settle import judge_document

    can_reread = rereadable and options.reread and options.read.ocr != "never"
    reader = page_reader(path, pages, options.read.ocr_engine) if can_reread else None
    judge_document(doc, pages, reader)


def finish_forms(doc: Document, options: ExtractOptions) -> None:
    """Canonical names and findings, the stages after extraction."""
    from jixiao.pipeline.validation.lying_fonts import lying_font_findings
    from jixiao.pipeline.validation.validate import validate_forms

    mapper = indicator_mapper(options.schema_extra)
    for form in doc.forms:
        form.indicators = [mapper.annotate(ind) for ind in form.indicators]
    doc.findings = validate_forms(doc.forms) + lying_font_findings(doc.forms, doc.fonts)

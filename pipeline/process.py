"""One PDF in, one :class:`models.Document` out — whatever the file turns out to be.

This is the unit of work of every executor (process pool, Ray): it never
raises for a bad input, it reports. Corrupt, encrypted, empty, oversized and
not-a-PDF files end as a failed Document with a message a person can act on.
"""
from __future__ import annotations

import hashlib
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from jixiao import __version__
from jixiao.extractors.pages import read_pages
from jixiao.models import Document, Form, PageContent, Seal
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.pipeline.settings import ExtractOptions, Limits

if TYPE_CHECKING:
    from jixiao.normalizers.mapping import IndicatorMapper

# The catalog keys results by this: a new release re-reads what an older one stored.
PIPELINE_VERSION = __version__


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class InputRefused(Exception):
    """A file that is not a readable PDF within the limits; the message is shown to users."""


_ZERO_PAGES_RE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")


def _declares_no_pages(path: Path) -> bool:
    """pdfium refuses a page tree with /Count 0 as a format error; say what it really is."""
    return bool(_ZERO_PAGES_RE.search(path.read_bytes()[:1 << 20]))


def _open_pdf(path: Path, limits: Limits) -> pdfium.PdfDocument:
    size_mb = path.stat().st_size / 1e6
    if size_mb == 0:
        raise InputRefused("empty file (0 bytes)")
    if size_mb > limits.max_megabytes:
        raise InputRefused(f"file is {size_mb:.1f} MB, over the {limits.max_megabytes:g} MB limit")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF" not in head:
        raise InputRefused("not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise InputRefused("encrypted PDF: a password is required to open it") from exc
        if _declares_no_pages(path):
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


def extract_forms(path: Path, source: str, options: ExtractOptions) -> tuple[int, list[Form], list[PageContent]]:
    """Page count, the forms of one PDF (not yet mapped or re-scored; they know whether they are sealed),
    and the pages they came from."""
    pdf = _open_pdf(path, options.limits)
    try:
        pages = read_pages(pdf, path, options.read)
        page_count = len(pdf)
    finally:
        pdf.close()
    forms = assemble_forms(pages, source)
    mark_sealed(forms, page_seals(pages))
    return page_count, forms, pages


def page_seals(pages: list[PageContent]) -> list[Seal]:
    """Every seal the page readers found, in page order."""
    return [seal for page in pages for seal in page.seals]


def mark_sealed(forms: list[Form], seals: list[Seal]) -> None:
    """A form is sealed when a seal sits on one of its pages."""
    for form in forms:
        form.sealed = any(form.first_page <= seal.page <= form.last_page for seal in seals)


def process_document(path: Path, source: str, options: ExtractOptions = ExtractOptions(),
                     sha256: str = "") -> Document:
    """Extract, map and validate one file; never raises for a bad input.

    ``sha256`` spares a second read of the file when the caller already hashed it.
    """
    started = time.perf_counter()
    doc = Document(source_file=source)
    try:
        doc.sha256 = sha256 or file_sha256(path)
        doc.pages, doc.forms, pages = extract_forms(path, source, options)
        doc.seals = page_seals(pages)
        doc.fonts = [check for page in pages for check in page.fonts]
        finish_forms(doc, options)
        if not doc.forms:
            hint = "; OCR is disabled (--ocr never), so pages without a usable text layer were not read" \
                if options.read.ocr == "never" else ""
            doc.status, doc.error = "failed", "no form or indicator table found" + hint
        elif not any(f.indicators or f.stated_total is not None for f in doc.forms):
            doc.status, doc.error = "partial", "forms found but no indicator rows or stated total"
        judge_reading(doc, path, pages, options)
    except InputRefused as exc:
        doc.status, doc.error = "failed", str(exc)
    except Exception as exc:  # an extractor bug must not stop the batch
        doc.status, doc.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
    doc.seconds = round(time.perf_counter() - started, 4)
    return doc


@lru_cache(maxsize=4)
def indicator_mapper(schema_extra: str | None) -> "IndicatorMapper":
    """One mapper per process and schema: building its alias tables is the costly part."""
    from jixiao.normalizers.mapping import IndicatorMapper

    return IndicatorMapper.from_files(schema_extra)


def judge_reading(doc: Document, path: Path, pages: list[PageContent], options: ExtractOptions) -> None:
    """Extraction verdicts, second readings of doubtful cells, findings in doubt lowered to needs_review.

    Second readings use OCR, so none is made when OCR is off (``--ocr never``) or
    re-reading is (``reread=False``); the verdicts then rest on the first reading.
    """
    from jixiao.pipeline.validation.reread import page_reader
    from jixiao.pipeline.validation.settle import judge_document

    can_reread = options.reread and options.read.ocr != "never"
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

"""The digital PDF of a truth document, printed by the producer its plan names."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf

from samples.generate.family_plans import REPORT, WRITER_FORM
from samples.generate.final_accounts import report_html
from samples.generate.html import forms_document, report_document
from samples.generate.layout import FormLayout
from samples.generate.placed_seal import PRODUCERS as PLACED_PRODUCERS, build_placed
from samples.generate.plan import CHROMIUM, LIBREOFFICE, WRITER
from samples.generate.printed import layout_printed_form
from samples.generate.producers import chromium_to_pdf, soffice_to_pdf
from samples.generate.xlsx import write_workbook

WRITER_HTML_FILTER = "HTML (StarWriter)"


def table_layouts(truth: dict) -> list[FormLayout]:
    return [layout_printed_form(form) for form in truth.get("forms") or [] if form.get("kind") != "narrative_report"]


def narrative_forms(truth: dict) -> list[dict]:
    return [form for form in truth.get("forms") or [] if form.get("kind") == "narrative_report"]


def build_digital(truth: dict, producer: str, out: Path, workdir: Path,
                  dress: Callable[[str], str] | None = None) -> Path:
    """Write `out` from the truth; sources (xlsx/html) are left in `workdir`. ``dress`` changes a Chromium
    form's web page before it is printed (a CSS watermark, samples/generate/watermark.py)."""
    name = out.stem
    raw = workdir / f"{name}.raw.pdf"
    if producer == LIBREOFFICE:
        soffice_to_pdf(write_workbook(table_layouts(truth), workdir / f"{name}.xlsx"), raw)
    elif producer == CHROMIUM:
        html = workdir / f"{name}.html"
        page = forms_document(table_layouts(truth))
        html.write_text(dress(page) if dress else page, encoding="utf-8")
        chromium_to_pdf(html, raw)
    elif producer == WRITER:
        forms = narrative_forms(truth)
        if len(forms) != 1:
            raise ValueError(f"{name}: the writer producer prints exactly one narrative report")
        html = workdir / f"{name}.html"
        html.write_text(report_document(forms[0]), encoding="utf-8")
        soffice_to_pdf(html, raw, filter_name="writer_pdf_Export", infilter=WRITER_HTML_FILTER)
    elif producer == WRITER_FORM:  # a table form typed in a word processor
        html = workdir / f"{name}.html"
        html.write_text(ruled_for_writer(forms_document(table_layouts(truth))), encoding="utf-8")
        soffice_to_pdf(html, raw, filter_name="writer_pdf_Export", infilter=WRITER_HTML_FILTER)
    elif producer == REPORT:  # a long 决算 report whose performance forms are a few of its tables
        html = workdir / f"{name}.html"
        html.write_text(report_html(truth["report"], table_layouts(truth)), encoding="utf-8")
        chromium_to_pdf(html, raw)
    elif producer in PLACED_PRODUCERS:  # a seal picture pasted on the page, or a ruled title
        build_placed(truth, producer, table_layouts(truth), raw, workdir)
    else:
        raise ValueError(f"unknown producer {producer!r}")
    return normalise(raw, out)


def ruled_for_writer(html: str) -> str:
    """Writer's HTML import ignores CSS cell borders; the table attributes rule the grid."""
    return html.replace("<table class=", '<table border="1" cellspacing="0" cellpadding="3" width="100%" class=')


def normalise(source: Path, out: Path) -> Path:
    """Drop creation dates and fix the file ID so regenerating does not churn git."""
    with pikepdf.open(source) as pdf:
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata
        for key in ("/DocChecksum", "/ID"):  # differ on every run; the ID is recomputed from content
            if key in pdf.trailer:
                del pdf.trailer[key]
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out

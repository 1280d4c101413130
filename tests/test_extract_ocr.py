"""Scanned and lying-text-layer samples end to end: every form, every row, fields as exact as the digital path.

Scans are read by OCR; lying text layers are repaired from their glyphs and read
on the text path (extractors/fonts), so their fields must be as exact as digital ones.
"""
from pathlib import Path

import pytest

from sample_files import entries, files

OCR_FILES = files("scan", "lying")


@pytest.fixture(scope="module")
def result(sample_runs):
    return sample_runs.result(OCR_FILES)


@pytest.fixture(scope="module")
def summary(sample_runs):
    return sample_runs.evaluation(OCR_FILES)["summary"]


@pytest.mark.parametrize("variant", ["scan", "lying"])
def test_every_form_and_row_found(summary, variant):
    s = summary[variant]
    assert s["forms_found"] == s["forms_expected"]
    assert s["row_recall"] >= 0.99 and s["row_precision"] >= 0.99


@pytest.mark.parametrize("variant, floor", [("scan", 0.97), ("lying", 0.99)])
def test_fields_exact(summary, variant, floor):
    assert summary[variant]["field_exact"] >= floor
    assert summary[variant]["stated_total_exact"] == 1.0


def test_rotated_page_is_read(result):
    """001_wuwei_scan's page 3 is turned 90°; its rows come out with OCR provenance."""
    entry = next(e for e in entries("scan", "lying") if e["rotated_pages"] and "001" in e["file"])
    page = int(next(iter(entry["rotated_pages"])))
    doc = next(d for d in result.documents_ if d.source_file == Path(entry["file"]).name)
    rows = [i for f in doc.forms for i in f.indicators if i.provenance.page == page]
    assert rows and all(i.provenance.method == "ocr" and i.level3_raw for i in rows)


def test_ocr_and_text_pages_are_told_apart(result):
    """Scans are read by OCR on every page; lying pages are repaired on the text path, honest ones untouched."""
    for doc in result.documents_:
        entry = next(e for e in entries("scan", "lying") if Path(e["file"]).name == doc.source_file)
        methods = {i.provenance.page: i.provenance.method for f in doc.forms for i in f.indicators}
        for page, method in methods.items():
            assert method == ("ocr" if entry["text_layer"] == "none" else "text"), (doc.source_file, page)
        repaired = {c.page for c in doc.fonts if c.outcome == "repaired"}
        assert repaired == set(entry.get("lying_pages", [])), doc.source_file


def test_forms_on_lying_pages_say_so(result):
    """An auditor copying figures from such a PDF gets the lie: every such form carries LYING_FONT."""
    for doc in result.documents_:
        entry = next(e for e in entries("scan", "lying") if Path(e["file"]).name == doc.source_file)
        flagged = {f.page for f in doc.findings if f.rule == "LYING_FONT"}
        on_lying_pages = {p for form in doc.forms for p in range(form.first_page, form.last_page + 1)
                          if p in entry.get("lying_pages", [])}
        assert flagged == on_lying_pages, doc.source_file

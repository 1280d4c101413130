"""Tables pasted as pictures on text pages (extractors.pasted_tables): a typed report carrying its
自评表 as a screenshot is read as the page shows, instead of ending "no form found"."""
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.pasted_tables import table_picture

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
PASTED = [e for e in MANIFEST if e.get("kind") == "pasted_picture"]
OTHER_TEXT_LAYERS = [e for e in MANIFEST if e["file"].endswith(".pdf") and e["text_layer"] in ("ok", "lying")
                     and e.get("kind") != "pasted_picture"]


def _pictured_pages(entry: dict) -> list[int]:
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    try:
        return [index + 1 for index in range(len(pdf)) if table_picture(pdf[index]) is not None]
    finally:
        pdf.close()


def test_the_corpus_has_pasted_forms_from_two_producers_on_both_splits():
    assert {e["split"] for e in PASTED} == {"tune", "holdout"}
    assert {e["producer"].split("-report-of:")[0] for e in PASTED} == {"writer", "chromium"}


@pytest.mark.parametrize("entry", PASTED, ids=lambda e: Path(e["file"]).stem)
def test_a_form_pasted_as_a_picture_is_seen_as_one(entry):
    assert _pictured_pages(entry) == list(range(1, entry["pages"] + 1))


@pytest.mark.parametrize("entry", OTHER_TEXT_LAYERS, ids=lambda e: Path(e["file"]).stem)
def test_no_other_text_layer_page_is_taken_for_a_pasted_table(entry):
    assert _pictured_pages(entry) == []


def test_pasted_forms_are_found_with_every_row(sample_runs):
    evaluation = sample_runs.evaluation([SAMPLES / e["file"] for e in PASTED])
    for f in evaluation["files"]:
        assert f["forms"], f["file"]
        for form in f["forms"]:
            assert form["matched_rows"] == form["truth_rows"], f["file"]
            assert form["field_exact"] >= 0.95, (f["file"], form["field_exact"])

"""Columns a print spilled onto a page of their own (pipeline.assembly.spilled_columns) are joined back to
their rows; no other table of the corpus is taken for such columns."""
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.pages import read_pages
from jixiao.extractors.readers import ReadOptions
from jixiao.pipeline.assembly.spilled_columns import join_spilled_columns

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
SPILLED = [e for e in MANIFEST if e.get("kind") == "spilled_columns"]
MULTI_PAGE_TEXT = [e for e in MANIFEST if e["file"].endswith(".pdf") and e["text_layer"] == "ok"
                   and e["pages"] > 1 and e.get("kind") != "spilled_columns"]


def _tables(entry: dict) -> tuple[list[int], list[int]]:
    """Tables per page as read, and after the join."""
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    try:
        pages = read_pages(pdf, SAMPLES / entry["file"], ReadOptions(verify_fonts=False, ocr="never"))
    finally:
        pdf.close()
    return [len(p.tables) for p in pages], [len(p.tables) for p in join_spilled_columns(pages)]


def test_the_corpus_has_spilled_prints_on_both_splits_one_printed_down_then_across():
    assert {e["split"] for e in SPILLED} == {"tune", "holdout"}
    assert any(e["pages"] > 2 for e in SPILLED)  # a sheet taller and wider than a page


@pytest.mark.parametrize("entry", SPILLED, ids=lambda e: Path(e["file"]).stem)
def test_every_spilled_page_joins_its_rows(entry):
    read, after = _tables(entry)
    assert sum(after) < sum(read)


@pytest.mark.parametrize("entry", MULTI_PAGE_TEXT, ids=lambda e: Path(e["file"]).stem)
def test_no_other_table_is_taken_for_spilled_columns(entry):
    read, after = _tables(entry)
    assert after == read


def test_spilled_forms_read_their_scores_and_totals(sample_runs):
    evaluation = sample_runs.evaluation([SAMPLES / e["file"] for e in SPILLED])
    for f in evaluation["files"]:
        for form in f["forms"]:
            assert form["matched_rows"] == form["truth_rows"], f["file"]
            assert form["field_exact"] >= 0.98 and form["stated_total"]["exact"], (f["file"], form["field_exact"])
            assert form["verdict"] == "ok" or form["field_exact"] < 1.0  # a form read whole is not left in doubt

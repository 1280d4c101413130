"""Text a page carries but does not show (extractors.hidden_text): scans made searchable by their
scanner's invisible OCR layer are read as the page shows, and the layer is reported, never read."""
from pathlib import Path

import pytest

from jixiao.extractors.chars import page_chars, text_layer
from jixiao.extractors.fonts.glyphs import PageGlyphs
from jixiao.extractors.hidden_text import hidden_objects, hidden_share
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.routing import NO_LAYER_SHOWN, route_page

from sample_files import SAMPLES, manifest, pdf_pages

MANIFEST = manifest()
SEARCHABLE = [e for e in MANIFEST if e.get("kind") == "searchable_scan"]


def test_the_corpus_has_searchable_scans_on_both_splits_from_several_producers():
    assert {e["split"] for e in SEARCHABLE} == {"tune", "holdout"}
    assert len({e["producer"] for e in SEARCHABLE}) >= 3
    assert all(e["text_layer"] == "hidden" for e in SEARCHABLE)


@pytest.mark.parametrize("entry", SEARCHABLE, ids=lambda e: Path(e["file"]).stem)
def test_a_scanners_invisible_layer_sends_the_page_to_ocr_and_gives_no_characters(entry):
    for page in pdf_pages(entry):
        with text_layer(page) as layer:
            listing = layer.chars()
            hidden, drawn = hidden_share(listing, hidden_objects(listing.objects))
            assert drawn >= 100 and hidden == drawn  # the layer holds the whole page's reading
            shown = page_chars(layer.textpage, PageFrame.of(page), listing=listing)
            assert [c.text for c in shown if not c.text.isspace()] == []  # pdfium's own spaces aside
            assert len(PageGlyphs(layer.textpage, listing)) == 0  # nothing drawn to check a claim against
        route = route_page(page)
        assert route.route == "ocr" and route.reason.startswith(NO_LAYER_SHOWN), route


def test_searchable_scans_read_as_their_pages_show_with_the_layer_reported(sample_runs):
    files = [SAMPLES / e["file"] for e in SEARCHABLE]
    evaluation = sample_runs.evaluation(files)
    for f in evaluation["files"]:
        for form in f["forms"]:
            assert form["matched_rows"] == form["truth_rows"], f["file"]
            assert form["field_exact"] >= 0.97, (f["file"], form["field_exact"])
    findings = sample_runs.result(files).tables["findings"]
    reported = set(findings[findings["rule"] == "HIDDEN_TEXT_LAYER"]["source_file"])
    assert reported == {Path(e["file"]).name for e in SEARCHABLE}

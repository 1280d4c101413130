"""Watermarks (extractors.watermarks): text stamped across a page is not read into the form's cells."""
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.chars import page_chars, text_layer
from jixiao.extractors.hidden_text import unread_objects
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.watermarks import watermark_objects
from jixiao.normalizers.spacing import squash

from sample_files import SAMPLES, manifest, pdf_pages

MANIFEST = manifest()
WATERMARKED = [e for e in MANIFEST if e.get("kind") == "watermark"]
UNMARKED = [e for e in MANIFEST if e["file"].endswith(".pdf") and e["text_layer"] in ("ok", "lying")
            and e.get("kind") != "watermark"]


def test_the_corpus_has_watermarks_of_both_kinds_on_both_splits():
    assert {e["split"] for e in WATERMARKED} == {"tune", "holdout"}
    assert {e["producer"] for e in WATERMARKED} >= {"libreoffice", "chromium"}


@pytest.mark.parametrize("entry", WATERMARKED, ids=lambda e: Path(e["file"]).stem)
def test_a_watermark_is_found_on_every_page_and_none_of_its_characters_is_read(entry):
    digital = next(e for e in MANIFEST if e["truth"] == entry["truth"] and e["variant"] == "digital")
    pdf = pdfium.PdfDocument(str(SAMPLES / digital["file"]))
    try:
        plain = []
        for index in range(len(pdf)):
            with text_layer(pdf[index]) as layer:
                plain.append(squash("".join(c.text for c in page_chars(layer.textpage, PageFrame.of(pdf[index]),
                                                                        listing=layer.chars()))))
    finally:
        pdf.close()
    for page, unmarked in zip(pdf_pages(entry), plain):
        with text_layer(page) as layer:
            listing = layer.chars()
            assert watermark_objects(listing.objects)
            read = squash("".join(c.text for c in page_chars(layer.textpage, PageFrame.of(page), listing=listing)))
        assert read == unmarked  # the page reads as its copy without the watermark


@pytest.mark.parametrize("entry", UNMARKED, ids=lambda e: Path(e["file"]).stem)
def test_no_text_of_a_plain_text_layer_is_left_unread(entry):
    """Neither hidden (extractors.hidden_text) nor a watermark's: every drawn text layer of the corpus but
    the watermarked twins is read whole."""
    for page in pdf_pages(entry):
        with text_layer(page) as layer:
            assert not unread_objects(layer.chars().objects)


def test_watermarked_forms_read_exactly(sample_runs):
    evaluation = sample_runs.evaluation([SAMPLES / e["file"] for e in WATERMARKED])
    for f in evaluation["files"]:
        for form in f["forms"]:
            assert form["field_exact"] == 1.0 and form["verdict"] == "ok", (f["file"], form["field_exact"])

"""Seals pasted as pictures on digital pages (kind seal_image_digital).

A Calc sheet with a transparent PNG seal (tune) and a Chromium page with a JPEG
seal on white that hides the print under it (holdout): the text layer reads as
usual, the seal comes out as a record with its box, colour and arc text, the
form is `sealed`, and the glyph check does not doubt the fonts whose glyphs
the picture covers. Digital pages without a seal picture report none.
"""
import json
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.fonts.glyphs import page_glyphs
from jixiao.extractors.fonts.verify import unseen_under_pictures
from jixiao.extractors.placed_seals import _judge, placed_seals, ring_support, seal_sized_images

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
PLACED = [e for e in MANIFEST if e.get("kind") == "seal_image_digital"]
#: Digital PDFs of the same producers without a seal picture.
UNSEALED = ["pdf/100_tianshui.pdf", "pdf/101_yibin.pdf", "pdf/106_shawan.pdf"]


def test_a_tune_and_a_holdout_file_from_two_producers():
    assert sorted(e["split"] for e in PLACED) == ["holdout", "tune"]
    assert len({e["producer"] for e in PLACED}) == 2


@pytest.mark.parametrize("entry", PLACED, ids=lambda e: Path(e["file"]).stem)
def test_the_pasted_seal_is_a_record_and_the_form_is_sealed(sample_runs, entry):
    path = SAMPLES / entry["file"]
    (doc,) = sample_runs.documents([path])
    assert sorted({s.page for s in doc.seals}) == entry["seal_pages"]
    (seal,) = doc.seals
    assert seal.seen_as == "placed image"
    x0, y0, x1, y1 = seal.bbox
    assert 90 <= x1 - x0 <= 150 and 90 <= y1 - y0 <= 150  # 42 mm ≈ 119 pt
    r, g, b = (int(seal.colour[i:i + 2], 16) for i in (1, 3, 5))
    assert r > g + 60 and r > b + 60
    assert seal.text == entry["seal_text"]
    assert all(f.sealed for f in doc.forms) and doc.forms
    summary = sample_runs.evaluation([path])["summary"]["all"]
    assert summary["field_exact"] == 1.0 and summary["row_recall"] == 1.0


@pytest.mark.parametrize("entry", PLACED, ids=lambda e: Path(e["file"]).stem)
def test_glyphs_under_the_picture_do_not_make_the_font_check_doubt(sample_runs, entry):
    path = SAMPLES / entry["file"]
    (doc,) = sample_runs.documents([path])
    assert doc.fonts and all(c.outcome == "honest" and c.unsure == 0 for c in doc.fonts)
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        glyphs = page_glyphs(textpage)
        textpage.close()
        hidden = [g for g in unseen_under_pictures(page, glyphs) if not g.visible]
    finally:
        pdf.close()
    assert hidden  # the seal lies over the score column: some glyphs are under it
    assert len(hidden) < 0.1 * len(glyphs)


@pytest.mark.parametrize("name", UNSEALED)
def test_digital_pages_without_a_seal_picture_report_none(sample_runs, name):
    (doc,) = sample_runs.documents([SAMPLES / name])
    assert doc.seals == [] and not any(f.sealed for f in doc.forms)
    pdf = pdfium.PdfDocument(str(SAMPLES / name))
    try:
        assert placed_seals(pdf[0], 1, read_text=False) == []
        assert seal_sized_images(pdf[0]) == []
    finally:
        pdf.close()


def _picture(draw) -> np.ndarray:
    img = np.full((240, 240, 3), 255, np.uint8)
    draw(img)
    return img


def test_a_red_ring_is_a_seal_a_red_block_or_black_ring_is_not():
    ring = _picture(lambda im: cv2.circle(im, (120, 120), 100, (214, 38, 46), 8))
    assert ring_support(_judge(ring)) >= 0.95
    block = _picture(lambda im: cv2.rectangle(im, (20, 20), (220, 220), (214, 38, 46), -1))
    assert _judge(block) is None
    black = _picture(lambda im: cv2.circle(im, (120, 120), 100, (20, 20, 20), 8))
    assert _judge(black) is None
    arc = _picture(lambda im: cv2.ellipse(im, (120, 120), (100, 100), 0, 0, 180, (214, 38, 46), 8))
    assert _judge(arc) is None  # half a ring: a red mark, not a seal

"""Finding what a page arrived with before reading it: the photographed sheet under a shadow, and a
grey seal over a dense table. Real corpus samples, no recognition except where a form is read."""
from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium

from jixiao.extractors.ocr.page_image import PdfRaster
from jixiao.extractors.ocr.paper import find_sheet
from jixiao.extractors.ocr.prepare import prepare_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sheet_proportion(name: str) -> float:
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / name)
    try:
        rgb = PdfRaster(pdf[0]).rgb(200)
    finally:
        pdf.close()
    sheet = find_sheet(rgb)
    assert sheet is not None
    width, height = sheet.side_lengths()
    return height / width


def test_a_shadow_across_the_sheet_does_not_cut_its_corner():
    """429's photo (tune) has a shadow over the sheet's lower part, darker than the brightness cut:
    the lit paper alone lost its bottom-right corner and the sheet was squared to a shorter
    page (its rows slanted in the squared image). Paper is found with its shaded part, so the
    sheet keeps the proportions of the same camera's unshaded photo of 100's form."""
    assert abs(_sheet_proportion("429_qingshan_education_photo.pdf")
               - _sheet_proportion("100_tianshui_photo.pdf")) < 0.01


def test_a_grey_seal_voted_for_after_the_tables_circles_is_found():
    """140's grey 150 dpi scan (tune): the table's rules vote for nine circles of seal size before
    the seal's own; a seal ring inked all round is tested however late its circle comes, so the
    seal is found over the 分值/得分 cells it covers and lifted."""
    assert [s.seen_as for s in _seals_found("140_guangxi_values_seal150.pdf")] == ["grey ring"]


def _seals_found(name: str) -> list:
    """The seals the page preparation finds on a sample's first page, at the working resolution."""
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / name)
    try:
        return prepare_page(pdf[0], 200).seals
    finally:
        pdf.close()


def test_the_cells_under_a_late_found_grey_seal_are_read(sample_runs):
    """With the seal lifted, 140's scan reads the 分值 and 得分 of the rows under it (the last five
    rows lost eight of their ten figures while the seal's strokes stayed in the cells)."""
    truth = json.loads((SAMPLES / "truth" / "140_guangxi_values.json").read_text(encoding="utf-8"))
    expected = [(row["weight"], row["score"]) for row in truth["forms"][0]["indicators"]][8:12]
    (doc,) = sample_runs.documents([SAMPLES / "pdf" / "140_guangxi_values_seal150.pdf"])
    (form,) = doc.forms
    read = [(ind.weight, ind.score) for ind in form.indicators][8:12]
    assert read == expected
    assert form.verdict == "suspect"  # the last row's 得分 under the star is still lost


def test_a_pale_ring_whose_circle_the_rules_crowd_out_is_found():
    """149's grey 150 dpi scan (tune, a fresh set's): the table's rules vote for fourteen circles of seal
    size and keep Hough from proposing any within a seal's width of them, the pale ring over the
    权重/得分 columns among them; searched again with the rules painted out, the ring is the one circle."""
    assert [s.seen_as for s in _seals_found("149_guizhou_relief_grants_seal150.pdf")] == ["grey ring"]


def test_the_weights_and_scores_under_a_crowded_out_seal_are_read(sample_runs):
    """With 149's seal lifted its rows' 权重 and 得分 read as printed (15 read 154 and 10 read 7 while
    the seal's strokes stayed in the cells, four more unread) and no row is split by its ring."""
    truth = json.loads((SAMPLES / "truth" / "149_guizhou_relief_grants.json").read_text(encoding="utf-8"))
    expected = [(row["weight"], row["score"]) for row in truth["forms"][0]["indicators"]]
    (doc,) = sample_runs.documents([SAMPLES / "pdf" / "149_guizhou_relief_grants_seal150.pdf"])
    (form,) = doc.forms
    assert [(ind.weight, ind.score) for ind in form.indicators] == expected

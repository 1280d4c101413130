"""A table's grey hairlines under a red seal: followed across it, so the rows under the seal stay rows.

Writer prints row rules as grey hairlines, no darker than a seal's ink in the red channel, so lifting
the seal took them with it and the score column's rows under 132's seal merged into one cell (weights
read "101081010100"). Real sample (132's photo, tune side) for the grid, synthetic pages for what is
and is not drawn back, and the grid's rule test for a rule that loses its last stretch.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.grid import _is_rule, _Segment, find_tables
from jixiao.extractors.ocr.page_reader import ocr_page
from jixiao.extractors.ocr.prepare import prepare_page
from jixiao.extractors.ocr.raster import estimate_skew, rotate_small
from jixiao.extractors.ocr.seals import hairlines_under_seals, lift_red_ink, red_ink_mask, red_seals, with_pale_seal_ink

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
DPI = 200
PHOTO_132 = SAMPLES / "132_yulin_clinic_photo_seal.pdf"


@pytest.fixture(scope="module")
def sealed_132():
    """132's photographed page, prepared and straightened, and its seal's box."""
    doc = pdfium.PdfDocument(PHOTO_132)
    try:
        prepared = prepare_page(doc[0], DPI)
    finally:
        doc.close()
    (seal,) = prepared.seals
    return rotate_small(prepared.gray, estimate_skew(prepared.gray)), seal.box


def test_the_rows_under_the_seal_stay_rows(sealed_132):
    """Every cell of the table the seal lies on spans one row: the seal covers the weight and score
    columns of the last indicator rows, and each of them is its own cell (on main they merged 3 and 2
    rows deep)."""
    gray, (x0, y0, x1, y1) = sealed_132
    (table,) = find_tables(gray, DPI)
    under = [c for c in table.cells if c.box[0] < x1 and c.box[2] > x0 and c.box[1] < y1 and c.box[3] > y0]
    assert len(under) >= 10
    assert [c.rowspan for c in under] == [1] * len(under)


def test_the_weights_and_scores_under_the_seal_are_read_cell_by_cell():
    """The rows under the seal read their own weight and score (on main: "101081010100" and "810"
    for all of them, and one actual "76.8%长期92.4%88%")."""
    doc = pdfium.PdfDocument(PHOTO_132)
    try:
        page = ocr_page(doc[0], 1)
    finally:
        doc.close()
    rows = {row[7]: row[8:10] for table in page.tables for row in table.grid() if len(row) > 9}
    assert {actual: rows.get(actual) for actual in ("76.8%", "长期", "92.4%", "88%")} == {
        "76.8%": ["10", "10"], "长期": ["8", "8"], "92.4%": ["10", "10"], "88%": ["10", "10"]}


def _sealed_table(rule_in_block: bool) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A page with grey hairline rows 100 px apart from x 40 to 860, a red seal (ring and text-like
    bars) over the middle. With ``rule_in_block`` False the rule at y 400 stops at x 330 and starts
    again at x 570 (a merged cell whose inside the seal covers only in part)."""
    h, w = 800, 900
    rgb = np.full((h, w, 3), 236, np.uint8)
    for y in range(100, 701, 100):
        rgb[y:y + 2, 40:860] = 218                                 # a hairline: 18 levels below the paper
    if not rule_in_block:
        rgb[400:402, 330:570] = 236
    for y in range(130, 701, 100):                                 # print in the cells beside the seal
        rgb[y:y + 40, 80:200:4] = 40
        rgb[y:y + 40, 700:820:4] = 40
    seal = np.zeros((h, w), np.uint8)
    cv2.circle(seal, (450, 400), 150, 1, 12)
    for y in range(330, 480, 40):                                  # the seal's text: bars between the rules
        seal[y:y + 14, 360:540] = 1
    seal[392:410, 360:540] = 1                                     # and one bar across the rule at y 400
    ink = np.array([205, 60, 65], np.float32) / 236.0              # translucent red: the inks multiply
    rgb[seal > 0] = np.clip(rgb[seal > 0] * ink, 0, 255).astype(np.uint8)
    return rgb, (290, 240, 611, 561)


def _lifted(rgb: np.ndarray) -> np.ndarray:
    red = red_ink_mask(rgb)
    marks = red_seals(rgb, red, DPI)
    assert len(marks) == 1
    return lift_red_ink(rgb, with_pale_seal_ink(rgb, red, marks), marks, DPI)


def test_a_hairline_under_a_seal_is_drawn_back_and_the_seal_goes():
    """Each hairline crossing the seal is whole again after the lift, darker than the paper; the
    seal's own ink off the rules is paper."""
    rgb, _ = _sealed_table(rule_in_block=True)
    gray = _lifted(rgb)
    paper = int(np.median(gray))
    for y in (300, 400, 500):
        assert (gray[y:y + 2, 40:860].min(axis=0) < paper - 8).all(), y
    bars = np.zeros(gray.shape, bool)
    bars[335:340, 365:535] = True                                  # inside a bar, away from the rules
    assert gray[bars].min() >= paper - 4


def test_a_rule_that_stops_on_bare_paper_is_not_continued_under_the_seal():
    """Where the rule stops inside the seal on bare paper (a merged cell), nothing is drawn there,
    though the rule is seen on both sides of the seal."""
    rgb, box = _sealed_table(rule_in_block=False)
    red = red_ink_mask(rgb)
    marks = red_seals(rgb, red, DPI)
    lifted = cv2.dilate(with_pale_seal_ink(rgb, red, marks), np.ones((5, 5), np.uint8)) > 0
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    from jixiao.extractors.ocr.raster import levelled
    drawn = hairlines_under_seals(levelled(rgb[..., 0].astype(np.float32), gray), lifted, marks, DPI)
    assert not drawn[396:406, 330:570].any()
    assert drawn[298:304, 300:600].any()                            # the whole rules are still followed


def test_a_rule_across_two_whole_cells_is_a_rule_wherever_it_stops():
    """A row rule that lost its last stretch still counts on a finely captured page; a stroke inside
    one cell does not; a coarse page's joined fragments must still meet edges."""
    cols = [0.0, 100.0, 200.0, 300.0, 400.0]
    assert _is_rule(_Segment(50.0, 0.0, 370.0), cols, 8.0, 12.0, fine=True)
    assert not _is_rule(_Segment(50.0, 0.0, 370.0), cols, 8.0, 12.0, fine=False)
    assert not _is_rule(_Segment(50.0, 120.0, 180.0), cols, 8.0, 12.0, fine=True)
    assert not _is_rule(_Segment(50.0, 20.0, 190.0), cols, 8.0, 12.0, fine=True)   # one edge crossed


def test_a_coarse_rule_with_a_speck_joined_on_past_its_edge_is_still_a_rule():
    """A fax's row rule from one column edge across four cells, with a stroke of the names' merged cell level
    with it joined on before its first edge (its first piece wholly inside that cell): judged without the
    stroke, it meets edges at both ends. A rule that lost its end (a piece of one) is not mended so, and a
    joined piece crossing two cells after the cut is no rule either."""
    cols = [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]
    assert _is_rule(_Segment(50.0, 30.0, 500.0, first_end=60.0, last_start=100.0), cols, 8.0, 12.0, fine=False)
    assert not _is_rule(_Segment(50.0, 30.0, 500.0), cols, 8.0, 12.0, fine=False)
    assert not _is_rule(_Segment(50.0, 30.0, 300.0, first_end=60.0, last_start=100.0), cols[:4], 8.0, 12.0,
                        fine=False)


def test_a_single_cell_rule_with_text_close_on_both_sides_is_kept():
    """A sub-row rule drawn across one cell only, between two lines of text set close to it: its ends
    meet the cell's column rules, so the text beside it does not make it a stroke of type. A piece as
    long that stops short of both edges (by more than the tolerance, as the bold strokes of 137's narrow
    headings stop 0.8-1.7 tolerances short) with the same text beside it is a stroke."""
    tol, band = 8.0, 4
    ink = np.zeros((200, 400), dtype=bool)
    ink[88:96, 100:200:2] = True      # the text above the rule, 6-12 px off it
    ink[105:112, 100:200:2] = True    # and below it
    ink[99:102, 101:199] = True       # the rule itself
    cols = [0.0, 100.0, 200.0, 300.0]
    assert _is_rule(_Segment(100.0, 101.0, 199.0), cols, tol, 12.0, fine=True, ink=ink, band=band)
    assert _is_rule(_Segment(100.0, 106.0, 194.0), cols, tol, 12.0, fine=True, ink=ink, band=band)
    assert not _is_rule(_Segment(100.0, 110.0, 190.0), cols, tol, 12.0, fine=True, ink=ink, band=band)


def test_a_joined_piece_with_no_column_edges_is_no_rule():
    """A region whose columns were not found gives no edges: the joined piece is judged as before, no rule."""
    assert not _is_rule(_Segment(50.0, 30.0, 500.0, first_end=60.0, last_start=100.0), [], 8.0, 12.0, fine=False)

"""Hairline rules lighter than the ink threshold (a photographed Writer table), and what is not a rule.

132's photo: Writer prints the row rules as 0.1 pt grey hairlines; after the camera's blur they are a
dozen grey levels below the paper, lighter than the Otsu threshold of the page. Found by their contrast
with the paper beside them, the table has every row; a scan's grain and text fringes give no faint
rule. No OCR runs here.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.faint_rules import faint_horizontal_rules, faint_vertical_rules
from jixiao.extractors.ocr.grid import GAP_BRIDGE_IN, MIN_H_RULE_IN, MIN_V_RULE_IN, find_tables
from jixiao.extractors.ocr.prepare import prepare_page
from jixiao.extractors.ocr.raster import estimate_skew, ink_mask, rotate_small

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
DPI = 200
GAP = max(2, round(GAP_BRIDGE_IN * DPI))


def _page(name: str) -> np.ndarray:
    doc = pdfium.PdfDocument(SAMPLES / name)
    try:
        gray = prepare_page(doc[0], DPI).gray
    finally:
        doc.close()
    return rotate_small(gray, estimate_skew(gray))


def _faint(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ink = ink_mask(gray)
    return (faint_horizontal_rules(gray, ink, DPI, GAP, round(MIN_H_RULE_IN * DPI)),
            faint_vertical_rules(gray, ink, DPI, GAP, round(MIN_V_RULE_IN * DPI)))


@pytest.fixture(scope="module")
def photo_132() -> np.ndarray:
    return _page("132_yulin_clinic_photo_seal.pdf")


def test_the_hairlines_are_lighter_than_the_ink_threshold(photo_132):
    """The premise: a row rule of the photographed table (between two indicator rows) is paper to Otsu."""
    level, _ = cv2.threshold(photo_132, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    (table,) = find_tables(photo_132, DPI)
    y = round(table.row_edges[9])
    x0, x1 = round(table.col_edges[0]) + 20, round(table.col_edges[-1]) - 20
    assert photo_132[y - 3:y + 4, x0:x1].min(axis=0).mean() > level


def test_a_photographed_writer_table_keeps_its_row_rules(photo_132):
    """Six rows above the indicator header, the header, eleven indicator rows and the total."""
    tables = find_tables(photo_132, DPI)
    assert [t.n_rows for t in tables] == [19]
    horizontal, _ = _faint(photo_132)
    rows = np.flatnonzero(horizontal.any(axis=1))
    assert len(np.split(rows, np.flatnonzero(np.diff(rows) > 3) + 1)) >= 16  # the hairlines, one run each


@pytest.mark.parametrize("name", ["001_wuwei_scan.pdf", "420_hengshan_grain_photo.pdf",
                                  "132_yulin_clinic_fax100.pdf"])
def test_grain_text_and_gradients_give_no_faint_row_rule(name):
    """A scan's grain is as strong as a photographed hairline and text has blurred fringes: neither
    passes. A Calc table's photo (dark rules) and a fax (1-bit) gain no horizontal faint rule either."""
    horizontal, _ = _faint(_page(name))
    assert not horizontal.any()


def test_a_lamp_gradient_and_paper_texture_are_no_rules():
    """Uneven light and grainy paper, with no line on them: nothing is found."""
    rng = np.random.default_rng(0)
    h, w = 1200, 1000
    light = np.linspace(200, 245, w)[None, :] * np.linspace(0.9, 1.0, h)[:, None]
    shadow = np.where(np.arange(w)[None, :] > 600, 0.85, 1.0)
    gray = np.clip(light * shadow + rng.normal(0, 2.0, (h, w)), 0, 255).astype(np.uint8)
    horizontal, vertical = _faint(gray)
    assert not horizontal.any() and not vertical.any()


def test_only_rows_that_can_hold_a_run_are_bridged_and_the_rules_are_the_same():
    """The morphology runs on the rows with enough faint pixels only; every other row could hold no
    run of the shortest rule's length, so the rules equal those of the whole page's morphology."""
    from jixiao.extractors.ocr import faint_rules

    gray = _page("132_yulin_clinic_photo_seal.pdf")
    ink = ink_mask(gray)
    min_len = round(MIN_H_RULE_IN * DPI)
    faint = np.where(faint_rules.faint_pixels(gray, ink, DPI), 255, 0).astype(np.uint8)
    faint = cv2.dilate(faint, np.ones((3, 1), np.uint8))
    whole = cv2.morphologyEx(faint, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (GAP, 1)))
    whole = cv2.morphologyEx(whole, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_len, 1)))
    rows = faint_rules._rows_that_can_hold_a_run(faint, GAP, min_len)
    assert 0 < rows.size < gray.shape[0]
    assert np.array_equal(faint_horizontal_rules(gray, ink, DPI, GAP, min_len), faint_rules._on_long_lines(whole, ink, DPI))


def test_a_hairline_half_inked_half_faint_divides_its_narrow_cells():
    """443's Writer table pasted as a screenshot: the small turn that straightens the page spreads the
    hairline under 账务管理's first line over two pixel rows just where the narrow 分值 and 评分 cells
    are. The stretch left of them stays inked; the faint stretch on its line is the same rule, so the
    two lines' weights (2 and 1) are cells of their own, not one cell read "21"."""
    gray = _page("443_jiaoqu_village_public_works_pasted.pdf")
    ink = ink_mask(gray)
    horizontal = faint_horizontal_rules(gray, ink, DPI, GAP, round(MIN_H_RULE_IN * DPI))
    table = max(find_tables(gray, DPI), key=lambda t: t.n_rows)
    widths = [table.col_edges[c + 1] - table.col_edges[c] for c in range(table.n_cols)]
    narrow = [c for c in range(widths.index(max(widths)) + 1, table.n_cols) if widths[c] < 0.3 * DPI]
    split = [r for r in range(1, table.n_rows - 1)
             if len({table.owner[r, c] for c in narrow} | {table.owner[r + 1, c] for c in narrow}) == 2 * len(narrow)
             and table.owner[r, 0] == table.owner[r + 1, 0]]  # rows one 序号 spans
    assert narrow and split, "the sub-rows of a numbered row are divided in every narrow column"
    row_edge = table.row_edges[split[0] + 1]
    x0, x1 = table.col_edges[narrow[-2]], table.col_edges[narrow[-1] + 1]
    band = horizontal[int(row_edge) - 3:int(row_edge) + 4, int(x0):int(x1)]
    assert band.any(axis=0).mean() > 0.5, "the faint stretch of the hairline is found on its inked line"

"""Rules lost under a lifted grey seal, bridged across the seal's footprint.

On 443's stamped 150 dpi grey scan (tune) the seal sits over the score columns of
rows 3 and 4: lifting it took the faint row rule between them, the grid joined the
two rows and the form lost a row. On 137's (tune) it took the column rule between the
text and the 分值 column and the row rules of three rows. Real sample files; the grid
with and without the seals' footprints.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.engine import get_engine
from jixiao.extractors.ocr.grid import find_tables, rule_masks
from jixiao.extractors.ocr.page_reader import footprints, upright_page
from jixiao.extractors.ocr.prepare import prepare_page
from jixiao.extractors.ocr.sealed_rules import bridge_rules_under_seals

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
DPI = 200
SEALED_443 = SAMPLES / "443_jiaoqu_village_public_works_seal150.pdf"
SEALED_137 = SAMPLES / "137_guichi_rural_environment_seal150.pdf"
DIGITAL_137 = SAMPLES / "137_guichi_rural_environment.pdf"


def _upright(path: Path, with_seals: bool):
    doc = pdfium.PdfDocument(path)
    try:
        prepared = prepare_page(doc[0], DPI)
    finally:
        doc.close()
    seals = prepared.seal_mask() if with_seals and prepared.seals else None
    return upright_page(prepared.gray, get_engine(), DPI, prepared.coarse, seals), prepared


def _cells_under(table, box):
    x0, y0, x1, y1 = box
    return [c for c in table.cells if c.box[0] < x1 and c.box[2] > x0 and c.box[1] < y1 and c.box[3] > y0]


@pytest.fixture(scope="module")
def page_443():
    page, prepared = _upright(SEALED_443, with_seals=True)
    return page, prepared


def test_443_score_rows_under_the_seal_are_their_own_cells(page_443):
    """Every 分值 and 评分 cell under the seal spans one row (without the bridge, rows 3 and 4 were one
    cell in those columns, and the 分值 and 县级评分 cells of rows 2 to 4 one block)."""
    page, prepared = page_443
    (table,) = page.tables
    (box,) = footprints(prepared.seal_mask())
    scores = [c for c in _cells_under(table, box) if c.col >= table.n_cols - 3]
    assert len(scores) >= 9
    assert all(c.rowspan == 1 for c in scores)


def test_443_the_grid_without_footprints_joins_the_rows():
    """The same page read without the seals' footprints: the lost rule is missing (the measure the
    bridge is for), so the table has one grid row fewer."""
    with_seals, _ = _upright(SEALED_443, with_seals=True)
    without, _ = _upright(SEALED_443, with_seals=False)
    assert with_seals.tables[0].n_rows == without.tables[0].n_rows + 1


def test_137_cells_under_the_seal_span_one_row_in_the_weight_column():
    """137's 分值 cells under the seal each span one row and one column (without the bridge the
    column rule was lost and three rows' 分值 cells merged with the text column's)."""
    page, prepared = _upright(SEALED_137, with_seals=True)
    (table,) = page.tables
    (box,) = footprints(prepared.seal_mask())
    weights = [c for c in _cells_under(table, box) if c.col == table.n_cols - 3]
    assert len(weights) >= 6
    assert all(c.rowspan == 1 and c.colspan == 1 for c in weights)


def test_nothing_is_bridged_on_a_page_without_seals():
    """The digital twin's rules are left exactly as found: no footprint, no bridge."""
    doc = pdfium.PdfDocument(DIGITAL_137)
    try:
        gray = np.asarray(doc[0].render(scale=DPI / 72, grayscale=True).to_pil())
    finally:
        doc.close()
    masks = rule_masks(gray, DPI)
    bridged, count = bridge_rules_under_seals(masks, gray, [], DPI)
    assert count == 0 and bridged is masks
    assert len(find_tables(gray, DPI, bridged)) == len(find_tables(gray, DPI, masks))


def _block_page(inner_column: bool):
    """A synthetic 150 dpi page: row rules at y=100, 160, 220; the one at 160 stops at the column rules
    x=500 and x=700 (a merged block between them, two lines of text inside it, the row rule falling
    between them), or, with ``inner_column``, a column rule at x=600 crosses it there (no block: the
    row rule's stretch 500–700 was lost, the text set above and below it)."""
    import cv2

    gray = np.full((400, 1200), 255, np.uint8)
    for y in (100, 220):
        cv2.line(gray, (100, y), (1100, y), 0, 1)
    cv2.line(gray, (100, 160), (500, 160), 0, 1)
    cv2.line(gray, (700, 160), (1100, 160), 0, 1)
    for x in (100, 300, 500, 700, 900, 1100) + ((600,) if inner_column else ()):
        cv2.line(gray, (x, 100), (x, 220), 0, 1)
    for y in (145, 190):
        cv2.putText(gray, "ABC" if inner_column else "ABCDEFG", (515, y), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
    return gray


BLOCK_DPI = 150
BLOCK_SEAL = (470.0, 70.0, 730.0, 250.0)


def test_a_row_rule_ending_at_a_merged_blocks_borders_is_not_drawn_across_it():
    """The row rule stops at the column rules on both sides of a merged block under the seal: the
    block's borders, not a rule the seal took (the text inside crosses the line along less than the
    crossed share, so only the geometry tells)."""
    gray = _block_page(inner_column=False)
    masks = rule_masks(gray, BLOCK_DPI)
    bridged, _ = bridge_rules_under_seals(masks, gray, [BLOCK_SEAL], BLOCK_DPI)
    assert bridged.horizontal[158:163, 520:680].max() == 0


def test_a_row_rule_lost_across_a_column_rule_is_bridged():
    """The same pieces with a column rule crossing the line between them: two cells, no merged block;
    the row rule's stretch under the seal is drawn again."""
    gray = _block_page(inner_column=True)
    masks = rule_masks(gray, BLOCK_DPI)
    assert masks.horizontal[158:163, 520:680].max() == 0
    bridged, _ = bridge_rules_under_seals(masks, gray, [BLOCK_SEAL], BLOCK_DPI)
    assert bridged.horizontal[158:163, 520:680].max(axis=0).min() > 0

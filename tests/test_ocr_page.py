"""Table-aware OCR of committed scan and lying samples, checked against truth and digital twins.

A few pages only (OCR costs ~1–3 s a page here): an upright page, the page turned
180°, the page turned 90°, and a dense department form.
"""
from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.engine import get_engine
from jixiao.extractors.ocr.page_reader import ocr_page
from jixiao.pipeline.evaluation.scorer import normalise_text as normalise
from jixiao.models.page import PageContent

ROOT = Path(__file__).resolve().parents[1] / "samples"
#: (scan file stem, 1-based page): chosen to cover 0°, 90° and 180° turns.
PAGES = [("000_jiangmen", 2), ("001_wuwei", 1), ("001_wuwei", 3), ("004_haizhu", 1)]


def _manifest() -> dict[str, dict]:
    path = ROOT / "manifest.json"
    if not path.exists():
        pytest.skip("samples not generated")
    return {Path(e["file"]).stem: e for e in json.loads(path.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def ocr_results() -> dict[tuple[str, int], PageContent]:
    """Each chosen scan page read once for the whole module."""
    manifest = _manifest()
    engine = get_engine()
    out = {}
    for stem, page_no in PAGES:
        if f"{stem}_scan" not in manifest:
            pytest.skip(f"{stem}_scan not generated")
        pdf = pdfium.PdfDocument(ROOT / "pdf" / f"{stem}_scan.pdf")
        out[(stem, page_no)] = ocr_page(pdf[page_no - 1], page_no, engine)
    return out


def test_turned_pages_are_read_upright(ocr_results):
    manifest = _manifest()
    for (stem, page_no), content in ocr_results.items():
        turned = manifest[f"{stem}_scan"]["rotated_pages"].get(str(page_no))
        pdf_page = pdfium.PdfDocument(ROOT / "pdf" / f"{stem}_scan.pdf")[page_no - 1]
        w, h = pdf_page.get_size()
        if turned in (90, 270):
            assert "turned" in content.route_reason
            assert (content.width, content.height) == pytest.approx((h, w), abs=1.5)
        else:
            assert (content.width, content.height) == pytest.approx((w, h), abs=1.5)
        # Read the wrong way up, text comes out as low-confidence garbage.
        cells = [c for t in content.tables for c in t.cells if c.text]
        assert any("三级指标" in c.text for c in cells)
        assert sum(c.confidence for c in cells) / len(cells) > 0.9


def test_cells_have_the_page_content_shape(ocr_results):
    for content in ocr_results.values():
        assert content.method == "ocr" and content.tables
        for table in content.tables:
            assert table.method == "ocr" and len(table.col_edges) == table.n_cols + 1
            covered = set()
            for cell in table.cells:
                x0, top, x1, bottom = cell.bbox
                assert 0 <= x0 < x1 <= content.width + 1 and 0 <= top < bottom <= content.height + 1
                assert cell.method == "ocr" and 0.0 <= cell.confidence <= 1.0
                for r in range(cell.row, cell.row + cell.rowspan):
                    for c in range(cell.col, cell.col + cell.colspan):
                        assert (r, c) not in covered
                        covered.add((r, c))
            assert covered == {(r, c) for r in range(table.n_rows) for c in range(table.n_cols)}


def test_merged_level_cells_span_their_rows(ocr_results):
    """武威's 一级指标 "产出指标" is one cell spanning all its 三级 rows, as printed."""
    table = ocr_results[("001_wuwei", 3)].tables[0]
    spans = [c for c in table.cells if normalise(c.text) == "产出指标"]
    assert spans and max(c.rowspan for c in spans) >= 6


def test_cell_boxes_are_in_pdf_points_of_the_page(ocr_results):
    """Text under each OCR'd cell box in the digital twin is the text OCR read there."""
    content = ocr_results[("001_wuwei", 1)]
    twin = pdfium.PdfDocument(ROOT / "pdf" / "001_wuwei.pdf")[0]
    textpage = twin.get_textpage()
    height = twin.get_height()
    agree = checked = 0
    for cell in content.tables[0].cells:
        if not cell.text or len(cell.text) > 40:
            continue
        x0, top, x1, bottom = cell.bbox
        inside = textpage.get_text_bounded(left=x0 + 1, bottom=height - bottom + 1, right=x1 - 1, top=height - top - 1)
        checked += 1
        agree += normalise(inside) == normalise(cell.text)
    assert checked >= 40 and agree / checked >= 0.9, (agree, checked)

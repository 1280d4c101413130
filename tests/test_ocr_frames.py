"""A ruled frame around a whole indicator table is told before the page is read (issue 13: OCR
time on arrival kinds), and cells under a seal are re-read without copying the page."""
from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.engine import get_engine
from jixiao.extractors.ocr.page_reader import (FRAME_HEADER_LINES, _darkest_ink, _Frame, frames_by_header,
                                               ocr_page, upright_page)
from jixiao.extractors.ocr.prepare import prepare_page
from sample_files import SAMPLES

DPI = 200


class CountingEngine:
    """The recogniser, counting the crops it is asked to read."""

    def __init__(self) -> None:
        self.engine = get_engine()
        self.crops = 0

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def read_crops(self, crops):
        self.crops += len(crops)
        return self.engine.read_crops(crops)

    def read_crops_probs(self, crops, *args, **kwargs):
        self.crops += len(crops)
        return self.engine.read_crops_probs(crops, *args, **kwargs)


def _upright(name: str, engine):
    pdf = pdfium.PdfDocument(str(SAMPLES / "pdf" / name))
    prepared = prepare_page(pdf[0], DPI)
    return upright_page(prepared.gray, engine, DPI, prepared.coarse)


@pytest.mark.parametrize("name", ["204_qujiang_waste_seal300.pdf", "210_yufeng_housing_seal300.pdf"])
def test_a_frame_is_told_from_the_top_lines_of_its_cell(name):
    """The frame is a grid of one cell holding the whole table (13 and 23 lines); its top lines
    name the levels, so it is known for a frame after reading at most FRAME_HEADER_LINES of them."""
    engine = CountingEngine()
    page = _upright(name, engine)
    assert [(t.n_rows, t.n_cols) for t in page.tables] == [(1, 1)]
    cell_lines = sum(1 for c in page.crops if c.table == 0)
    assert cell_lines > 4 * FRAME_HEADER_LINES
    engine.crops = 0
    assert frames_by_header(page, 1, engine, DPI, _Frame(DPI)) == [0]
    assert 0 < engine.crops <= FRAME_HEADER_LINES


def test_a_framed_page_is_read_once(monkeypatch):
    """The framed page's lines are read once, as loose text, not first as the frame's cell lines."""
    from jixiao.extractors.ocr import page_reader

    readings = []
    read_upright = page_reader.read_upright

    def counted(page, *args, **kwargs):
        readings.append([(t.n_rows, t.n_cols) for t in page.tables])
        return read_upright(page, *args, **kwargs)

    monkeypatch.setattr(page_reader, "read_upright", counted)
    pdf = pdfium.PdfDocument(str(SAMPLES / "pdf" / "204_qujiang_waste_seal300.pdf"))
    content = ocr_page(pdf[0], 1, get_engine(), dpi=DPI)
    assert "1 ruled frame(s) around an unruled table read as loose text" in content.route_reason
    assert readings == [[]]
    assert [t.reading for t in content.tables] == ["inferred"]


def test_a_ruled_table_is_not_read_before_the_page():
    """A fully ruled sealed scan has no one-column grid: nothing is read to look for a frame."""
    engine = CountingEngine()
    page = _upright("101_yibin_seal150.pdf", engine)
    assert page.tables and all(t.n_cols > 1 for t in page.tables)
    engine.crops = 0
    assert frames_by_header(page, 1, engine, DPI, _Frame(DPI)) == []
    assert engine.crops == 0


def test_darkest_ink_keeps_the_print_in_the_cell_and_puts_the_page_back():
    page = np.full((40, 60), 250, np.uint8)
    page[10:20, 10:20] = 30    # print
    page[10:20, 30:40] = 120   # seal residue, lighter than print
    page[25:35, 10:50] = 120   # outside the cell: untouched
    before = page.copy()
    with _darkest_ink(page, (5, 5, 45, 22), 250, 200) as strict:
        assert (strict[10:20, 10:20] == 30).all()
        assert (strict[10:20, 30:40] == 250).all()
        assert (strict[25:35, 10:50] == 120).all()
    assert np.array_equal(page, before)

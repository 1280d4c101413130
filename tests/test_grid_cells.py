"""The text path's grid cells: the project's `intersections_to_cells` gives pdfplumber's cells, in its order."""
from __future__ import annotations

from pathlib import Path

import pdfplumber.table as plumber_table
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ruling import MIN_EDGE_LENGTH, close_open_grids, page_edges
from jixiao.extractors.text_grid import (INTERSECTION_TOLERANCE, JOIN_TOLERANCE, SNAP_TOLERANCE,
                                         intersections_to_cells)

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
#: LibreOffice (merged cells), Chromium (rowspans), reportlab and a WPS-like producer.
FILES = ["000_jiangmen.pdf", "001_wuwei.pdf", "004_haizhu.pdf", "100_tianshui.pdf", "106_shawan.pdf"]


def _intersections(page: pdfium.PdfPage) -> dict:
    edges, _, _ = close_open_grids(page_edges(page))
    merged = plumber_table.merge_edges(edges, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= MIN_EDGE_LENGTH]
    return plumber_table.edges_to_intersections(merged, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)


@pytest.mark.parametrize("name", [f for f in FILES if (SAMPLES / f).exists()])
def test_the_same_cells_as_pdfplumber_in_the_same_order(name):
    pdf = pdfium.PdfDocument(str(SAMPLES / name))
    try:
        cells = 0
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                intersections = _intersections(page)
            finally:
                page.close()
            expected = plumber_table.intersections_to_cells(intersections)
            assert intersections_to_cells(intersections) == expected
            cells += len(expected)
        assert cells > 20  # the file has ruled tables: the comparison covered real grids
    finally:
        pdf.close()


def test_a_lone_corner_and_an_unclosed_box_make_no_cell():
    def edge(x0, top, x1, bottom, orientation):
        return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "orientation": orientation,
                "width": x1 - x0, "height": bottom - top}

    # a closed 2 × 1 grid and, beside it, an L shape that closes nothing
    edges = [edge(0, 0, 20, 0, "h"), edge(0, 10, 20, 10, "h"), edge(0, 0, 0, 10, "v"), edge(10, 0, 10, 10, "v"),
             edge(20, 0, 20, 10, "v"), edge(40, 0, 60, 0, "h"), edge(40, 0, 40, 10, "v")]
    intersections = plumber_table.edges_to_intersections(edges, 1, 1)
    cells = intersections_to_cells(intersections)
    assert cells == plumber_table.intersections_to_cells(intersections)
    assert cells == [(0, 0, 10, 10), (10, 0, 20, 10)]


def test_pictures_drawn_from_the_document_just_read_are_the_pictures_drawn_afresh(tmp_path):
    """A batch worker draws a document's report pictures from the PDF it has just read (kept open,
    its fonts loaded): the same PNG bytes as from the file opened again, and the PDF is closed after."""
    from jixiao.pipeline.outputs.report.pictures import draw_pictures
    from jixiao.pipeline.process import kept_open, process_document
    from jixiao.pipeline.settings import extract_options

    path = SAMPLES / "004_haizhu.pdf"
    options = extract_options(verify_fonts=False, ocr="never")
    with kept_open() as read:
        doc = process_document(path, path.name, options)
        assert [p for p, _ in read] == [path]
        draw_pictures(doc, path, tmp_path / "held", read[0][1])
    afresh = process_document(path, path.name, options)
    draw_pictures(afresh, path, tmp_path / "afresh")
    held = sorted((tmp_path / "held" / "pages").glob("*.png"))
    assert len(held) == doc.pages
    assert [p.read_bytes() for p in held] == [(tmp_path / "afresh" / "pages" / p.name).read_bytes() for p in held]
    with pytest.raises(Exception):  # closed when the block ended
        len(read[0][1])

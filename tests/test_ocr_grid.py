"""The ruled-grid finder on scanned pages: a pixel more or less must not change the grid.

An image file and the scanned PDF of the same page differ by a pixel after
resampling (a 1241-pixel frame at 150 dpi is 595.7 pt, the A4 page it was
scanned into 595.3 pt). The grid must come out the same either way, so every
scanned page of the corpus is resampled one pixel taller, shorter and wider and
its tables must keep their rows and columns. No OCR runs here.
"""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import pypdfium2 as pdfium
import pytest
from PIL import Image

from jixiao.extractors.formats.images import FrameRaster
from jixiao.extractors.ocr.grid import find_tables
from jixiao.extractors.ocr.prepare import prepare_page, prepare_raster
from jixiao.extractors.ocr.raster import estimate_skew, rotate_small

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
SCANS = [e for e in MANIFEST if e["file"].endswith(".pdf") and e["text_layer"] == "none"]
DPI = 200


def _straight(gray):
    return rotate_small(gray, estimate_skew(gray))


def _shape(gray) -> list[tuple[int, int]]:
    return [(t.n_rows, t.n_cols) for t in find_tables(gray, DPI)]


def _pages():
    for entry in SCANS:
        for index in range(entry["pages"]):
            yield pytest.param(entry["file"], index, id=f"{Path(entry['file']).stem}-p{index + 1}")


def test_the_corpus_has_scanned_pages_of_every_capture():
    kinds = {e.get("kind") or e["variant"] for e in SCANS}
    assert len(SCANS) >= 10 and {"fax_204x98", "photo", "seal_300dpi"} <= kinds


@pytest.mark.parametrize("file,index", list(_pages()))
def test_a_pixel_more_or_less_keeps_the_grid(file, index):
    pdf = pdfium.PdfDocument(SAMPLES / file)
    try:
        gray = _straight(prepare_page(pdf[index], DPI).gray)
    finally:
        pdf.close()
    expected = _shape(gray)
    h, w = gray.shape
    for size in ((w, h + 1), (w, h - 1), (w + 1, h)):
        assert _shape(cv2.resize(gray, size, interpolation=cv2.INTER_LINEAR)) == expected, size


def test_an_image_frame_and_its_scanned_pdf_page_give_one_grid():
    """000's upside-down 150 dpi page: the TIFF frame is prepared as the scanned PDF page is,
    one pixel taller (595.7 against 595.3 pt), and finds the same 24 × 11 grid."""
    frame = Image.open(SAMPLES / "formats" / "000_jiangmen_image.tif")
    frame.seek(1)
    raster = FrameRaster(frame)
    try:
        from_image = prepare_raster(raster, DPI).gray
    finally:
        raster.close()
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / "000_jiangmen_scan.pdf")
    try:
        from_pdf = prepare_page(pdf[1], DPI).gray
    finally:
        pdf.close()
    assert from_image.shape[0] == from_pdf.shape[0] + 1 and from_image.shape[1] == from_pdf.shape[1]
    image_tables = find_tables(_straight(from_image), DPI)
    pdf_tables = find_tables(_straight(from_pdf), DPI)
    assert [(t.n_rows, t.n_cols) for t in image_tables] == [(t.n_rows, t.n_cols) for t in pdf_tables] == [(24, 11)]
    for a, b in zip(image_tables[0].col_edges, pdf_tables[0].col_edges):
        assert abs(a - b) <= 1.5

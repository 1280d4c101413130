"""A phone photo saved as a .jpg reads as the same photo inside a PDF: one preparation for both.

The photo of 100's form (the sheet at an angle on a desk, 261 dpi) is taken out of
its PDF and read as an image file; the sheet must be found and squared as on the
PDF route, and the cells must come out the same.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.formats import read_source
from jixiao.extractors.ocr.page_reader import ocr_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FOLD = str.maketrans("，；：（）", ",;:()")


def _cells(page) -> list[str]:
    return [text.translate(FOLD) for table in page.tables for row in table.grid() for text in row]


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / "100_tianshui_photo.pdf")
    try:
        page = pdf[0]
        image = next(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
        meta = image.get_metadata()
        path = tmp_path_factory.mktemp("photo") / "photo.jpg"
        image.get_bitmap().to_pil().convert("RGB").save(
            path, quality=92, dpi=(round(meta.horizontal_dpi), round(meta.vertical_dpi)))
        from_pdf = ocr_page(page, 1)
    finally:
        pdf.close()
    with path.open("rb") as stream:
        (from_jpg,) = read_source("jpg", stream, path.name).pages
    return from_pdf, from_jpg


def test_a_photo_file_is_squared_as_the_photo_pdf_page_is(photo):
    from_pdf, from_jpg = photo
    assert "sheet squared from photo" in from_pdf.route_reason
    assert "sheet squared from photo" in from_jpg.route_reason
    assert abs(from_jpg.width - from_pdf.width) < 2 and abs(from_jpg.height - from_pdf.height) < 2


def test_a_photo_file_reads_the_cells_the_photo_pdf_page_reads(photo):
    a, b = (_cells(p) for p in photo)
    assert len(a) == len(b) > 50
    assert sum(x == y for x, y in zip(a, b)) / len(a) >= 0.98, [(x, y) for x, y in zip(a, b) if x != y]

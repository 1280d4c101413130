"""Signs printed alone in a cell (the 指标性质 column of a split target) survive OCR.

The cells are cut from the digital 412 form (a tune file) rendered as the OCR
path renders pages, so the test needs no scan: the clean page already showed the
loss (a lone "≥" read "V", "＝" read "三" or nothing).
"""
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.ocr.cell_reader import read_cells, upright_image
from jixiao.extractors.ocr.engine import get_engine
from jixiao.extractors.ocr.lone_glyphs import LINE_HEIGHT_IN, LINE_RATIO, on_a_line
from jixiao.extractors.ocr.page_reader import _with_thin_marks
from sample_files import SAMPLES

FORM = SAMPLES / "pdf" / "412_guizhou_budget_block.pdf"
SIGNS = {"≥": "≥", "≤": "≤", "＝": "=", "﹦": "="}


def _sign_cells() -> list[tuple[str, tuple[float, float, float, float]]]:
    with pdfplumber.open(FORM) as pdf:
        page = pdf.pages[0]
        cells = [c for t in page.find_tables() for row in t.rows for c in row.cells if c is not None]
        return [(text, c) for c in cells if (text := (page.crop(c).extract_text() or "").strip()) in SIGNS]


def _ink(*strokes: tuple[int, int, int, int]) -> np.ndarray:
    """A 60 × 120 region with the given (top, bottom, left, right) strokes inked."""
    ink = np.zeros((60, 120), bool)
    for top, bottom, left, right in strokes:
        ink[top:bottom, left:right] = True
    return ink


def test_the_bars_of_a_sign_are_one_line_not_specks():
    # "=" at 200 dpi: two 2-px bars 4 px apart over the same columns; each alone is thinner
    # than a line (5 px) and would be dropped
    assert _with_thin_marks(_ink((10, 12, 3, 17), (16, 18, 3, 17)), [(10, 12), (16, 18)], 5, 20) == [(10, 18)]
    # "≥": the ">" and the bar under it
    assert _with_thin_marks(_ink((10, 22, 3, 20), (25, 27, 3, 20)), [(10, 22), (25, 27)], 5, 20) == [(10, 27)]


def test_specks_and_residue_under_a_number_stay_apart():
    # a speck under one digit of "98.79", and a wide smear under the whole number
    assert _with_thin_marks(_ink((10, 30, 0, 80), (33, 35, 40, 43)), [(10, 30), (33, 35)], 5, 20) == [(10, 30), (33, 35)]
    assert _with_thin_marks(_ink((10, 30, 0, 80), (33, 35, 0, 80)), [(10, 30), (33, 35)], 5, 20) == [(10, 30), (33, 35)]
    # two text lines stay two lines
    assert _with_thin_marks(_ink((10, 30, 0, 80), (36, 56, 0, 80)), [(10, 30), (36, 56)], 5, 20) == [(10, 30), (36, 56)]


def test_a_glyph_is_set_on_a_line_of_its_own_paper():
    crop = np.full((9, 20), 230, np.uint8)
    crop[2:4, 3:17] = crop[6:8, 3:17] = 40  # "="
    line = on_a_line(crop, dpi=200)
    height = round(LINE_HEIGHT_IN * 200)
    assert line.shape == (height, round(LINE_RATIO * height))
    assert (line < 100).sum() == (crop < 100).sum()  # the same ink, nothing added
    assert line[0, 0] == 230  # padded with the crop's paper, not white


@pytest.mark.parametrize("dpi", [150, 200])
def test_lone_signs_read_as_signs(dpi):
    cells = _sign_cells()
    assert [t for t, _ in cells].count("≥") >= 4 and "＝" in [t for t, _ in cells]
    image = upright_image(pdfium.PdfDocument(str(FORM))[0], dpi)
    scale = dpi / 72
    read = read_cells(image, [tuple(v * scale for v in box) for _, box in cells], dpi, get_engine("rapidocr"))
    got = {printed: [] for printed in SIGNS}
    for (printed, _), (text, _) in zip(cells, read):
        got[printed].append(text)
    assert set(got["≥"]) == {"≥"} and set(got["≤"]) == {"≤"}
    assert got["＝"] == ["="]

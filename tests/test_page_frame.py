"""Digital pages whose page dictionary turns or crops them read like their upright twin.

The rotated (/Rotate 90, 270) and cropped (CropBox offset, MediaBox origin below
zero, a job slug outside the CropBox) samples display exactly like the plain
digital PDF of the same form, so their tables must come out with the same cell
texts and the same boxes, in points of the page as displayed.
"""
import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from jixiao.extractors.page_frame import PageFrame, user_units
from jixiao.extractors.pages import ReadOptions, read_pages

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
FRAMED = [e for e in MANIFEST if e.get("kind") in ("rotated_digital", "cropbox_offset")]
TEXT = ReadOptions(ocr="never")


def _read(rel: str):
    pdf = pdfium.PdfDocument(str(SAMPLES / rel))
    try:
        return read_pages(pdf, SAMPLES / rel, TEXT)
    finally:
        pdf.close()


def _twin(entry: dict) -> dict:
    return next(e for e in MANIFEST if e["truth"] == entry["truth"] and e["variant"] == "digital")


def test_both_turns_and_both_crop_origins_are_in_the_corpus():
    rotations = set()
    for entry in FRAMED:
        pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
        rotations |= {pdf[i].get_rotation() for i in range(len(pdf))}
        pdf.close()
    assert {90, 270} <= rotations
    assert sum(e["kind"] == "cropbox_offset" for e in FRAMED) >= 2


@pytest.mark.parametrize("entry", FRAMED, ids=lambda e: Path(e["file"]).stem)
def test_framed_page_reads_like_its_upright_twin(entry):
    framed, upright = _read(entry["file"]), _read(_twin(entry)["file"])
    assert len(framed) == len(upright)
    for a, b in zip(framed, upright):
        assert (a.width, a.height) == pytest.approx((b.width, b.height), abs=0.5)
        assert len(a.tables) == len(b.tables) >= 1
        # pdfium synthesises spaces from glyph gaps, which differ slightly on turned text (a Writer
        # table's "资金 2026400 元" has no space glyph: upright pdfium adds the spaces, turned it does not)
        for ta, tb in zip(a.tables, b.tables):
            assert [c.text.replace(" ", "") for c in ta.cells] == [c.text.replace(" ", "") for c in tb.cells]
            for ca, cb in zip(ta.cells, tb.cells):
                assert ca.bbox == pytest.approx(cb.bbox, abs=0.5)
        assert [line.text.replace(" ", "") for line in a.lines] == [line.text.replace(" ", "") for line in b.lines]
        for la, lb in zip(a.lines, b.lines):
            assert la.bbox == pytest.approx(lb.bbox, abs=1.0)


def test_slug_outside_the_cropbox_is_not_read():
    for entry in (e for e in FRAMED if e["kind"] == "cropbox_offset"):
        text = " ".join(line.text for page in _read(entry["file"]) for line in page.lines)
        assert "JOB" not in text and "PROOF" not in text


@pytest.mark.parametrize("entry", [e for e in FRAMED if e["kind"] == "rotated_digital"], ids=lambda e: Path(e["file"]).stem)
def test_frame_agrees_with_pdfium_device_mapping(entry):
    """PageFrame.point against pdfium's own page → device transform (which honours /Rotate)."""
    pdf = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    page = pdf[0]
    frame = PageFrame.of(page)
    w, h = frame.size
    dx, dy = pdfium_c.c_int(), pdfium_c.c_int()
    left, bottom, right, top = page.get_cropbox()
    for x, y in ((left + 100, bottom + 50), (right - 30, top - 200), (left + 300, bottom + 400)):
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, round(w * 10), round(h * 10), 0, x, y,
                                   pdfium_c.byref(dx), pdfium_c.byref(dy))
        px, py = frame.point(x, y)
        assert (px * 10, py * 10) == pytest.approx((dx.value, dy.value), abs=1.5)
    page.close()
    pdf.close()


def test_user_unit_scales_the_displayed_page():
    frame = PageFrame(x0=10, y0=20, width=300, height=400, rotation=90, user_unit=2.0)
    assert frame.size == (800.0, 600.0)
    assert frame.point(10, 20) == (0.0, 0.0)  # the CropBox's lower-left corner shows top-left under /Rotate 90
    assert frame.box(10, 20, 310, 420) == (0.0, 0.0, 800.0, 600.0)


def test_user_units_default_to_one_without_the_key():
    assert user_units(SAMPLES / "pdf" / "100_tianshui.pdf", 1) == [1.0]

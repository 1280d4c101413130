"""Scans made "searchable" the way scanner software makes them: the page image OCR'd and every line
read written over it as invisible text (render mode 3), each line's characters spread evenly over
the line's box (Tesseract's, OCRmyPDF's and most scanners' PDF writers place text so).

The layer is read by the project's own recogniser (the PP-OCR models bundled in RapidOCR) from the
image as the scan stores it, so it carries a real recogniser's misreadings of the page.  A reader of
the text layer would read that transcription, not the page; the project must read the page.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

#: The resolution the scanner's OCR reads its image at.
OCR_DPI = 200
#: A CJK font every PDF reader knows without embedding (Adobe's GB1 collection): the layer is not drawn.
FONT = "STSong-Light"


def _page_lines(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The lines the recogniser reads on the page, with their boxes in page points (top-left origin)."""
    from jixiao.extractors.ocr.engine import get_engine

    scale = OCR_DPI / 72
    image = np.asarray(page.render(scale=scale).to_pil().convert("RGB"))
    return [(line.text, tuple(v / scale for v in line.box)) for line in get_engine().recognize(image)
            if line.text.strip()]


def _layer_page(c: canvas.Canvas, size: tuple[float, float],
                lines: list[tuple[str, tuple[float, float, float, float]]]) -> None:
    width, height = size
    c.setPageSize(size)
    for text, (x0, y0, x1, y1) in lines:
        font_size = max(y1 - y0, 1.0) * 0.85
        natural = pdfmetrics.stringWidth(text, FONT, font_size) or 1.0
        t = c.beginText()
        t.setTextRenderMode(3)
        t.setFont(FONT, font_size)
        t.setHorizScale(100.0 * (x1 - x0) / natural)  # the line stretched over its box, glyph by glyph evenly
        t.setTextOrigin(x0, height - y1 + 0.15 * font_size)
        t.textOut(text)
        c.drawText(t)
    c.showPage()


def add_ocr_layer(scan: Path) -> int:
    """Rewrite the image-only PDF ``scan`` with an invisible OCR text layer on every page; returns the
    number of lines written."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    doc = pdfium.PdfDocument(str(scan))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    written = 0
    try:
        for index in range(len(doc)):
            page = doc[index]
            lines = _page_lines(page)
            _layer_page(c, page.get_size(), lines)
            written += len(lines)
            page.close()
    finally:
        doc.close()
    c.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as layer, pikepdf.open(scan, allow_overwriting_input=True) as pdf:
        for page, text in zip(pdf.pages, layer.pages):
            pikepdf.Page(page).add_overlay(text)
        pdf.docinfo["/Producer"] = "Scanner searchable PDF (image + OCR text)"
        pdf.save(scan, compress_streams=True, deterministic_id=True)
    return written

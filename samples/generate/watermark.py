"""Watermarked copies of a digital form, made the two ways offices publish them.

* **css**: a web page printed by Chromium with its watermark as a fixed, turned, faint element
  (``position: fixed`` prints on every page), as a portal's "print" view or an HTML-to-PDF
  service sets it: text in the page's own layer, at an angle, with an opacity;
* **stamp**: a PDF editor's "add watermark" (Acrobat, WPS PDF, Foxit): the finished PDF given a
  text overlay on every page — turned, or level and large — in a light grey at partial opacity.

Either way the watermark's characters are text that lands inside the table's cells.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


@dataclass(frozen=True)
class Watermark:
    text: str
    style: str = "stamp"  # stamp | css
    angle: float = 45.0   # degrees, counter-clockwise
    size: float = 36.0    # points
    opacity: float = 0.3
    grey: float = 0.6     # fill lightness (0 black, 1 white)


def css_watermarked(html: str, mark: Watermark) -> str:
    """The HTML of a form with the watermark as a fixed, turned, faint block over every printed page."""
    css = (".jx-watermark{position:fixed;top:40%;left:0;width:100%;text-align:center;z-index:9;"
           f"font-size:{mark.size:g}pt;color:rgba(0,0,0,{mark.opacity:g});transform:rotate({-mark.angle:g}deg);"
           "pointer-events:none;white-space:nowrap}")
    block = f'<div class="jx-watermark">{mark.text}</div>'
    html = html.replace("</style>", css + "</style>", 1)
    return re.sub(r"<body>", "<body>" + block, html, count=1)


def stamp_watermark(source: Path, out: Path, mark: Watermark) -> int:
    """``source`` with the watermark stamped over every page, three times down its middle; returns the
    page count."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    doc = pdfium.PdfDocument(str(source))
    sizes = [doc[i].get_size() for i in range(len(doc))]
    doc.close()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    for width, height in sizes:
        c.setPageSize((width, height))
        c.saveState()
        c.setFillColorRGB(mark.grey, mark.grey, mark.grey, alpha=mark.opacity)
        c.setFont(FONT, mark.size)
        c.translate(width / 2, height / 2)
        c.rotate(mark.angle)
        for dy in (-height / 3, 0.0, height / 3):
            c.drawCentredString(0.0, dy, mark.text)
        c.restoreState()
        c.showPage()
    c.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as layer, pikepdf.open(source) as pdf:
        for page, text in zip(pdf.pages, layer.pages):
            pikepdf.Page(page).add_overlay(text)
        pdf.save(out, compress_streams=True, deterministic_id=True)
        return len(pdf.pages)

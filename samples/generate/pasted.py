"""Forms pasted as pictures into a typed report, the way a 自评报告 is often written: a heading and a
paragraph typed in a word processor (or a web page), the 自评表 inserted as a screenshot of the printed
form, a closing paragraph; printed to PDF by Writer or Chromium.  The page has a text layer, but not
the form's: the form is a picture.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from samples.generate.digital import WRITER_HTML_FILTER, normalise
from samples.generate.producers import chromium_to_pdf, soffice_to_pdf

#: The screenshot's resolution, and the margin kept round the form's ink (pixels).
SCREENSHOT_DPI = 150
MARGIN_PX = 8
#: How wide the picture is set on the report page.
PICTURE_WIDTH_CM = 14.0
#: CSS pixels per centimetre (96 per inch): Writer's HTML import sizes a picture by its attributes.
PX_PER_CM = 96 / 2.54
HEADING = "三、项目绩效自评情况"
OPENING = "根据预算绩效管理的有关规定，本单位对项目开展了绩效自评，自评结果见下表。"
CLOSING = "四、下一步工作：继续加强项目资金管理，提高资金使用效益。"


def _screenshot(page: pdfium.PdfPage, out: Path) -> float:
    """Save the page's form as a screenshot cropped to its ink; returns its height over its width."""
    image = page.render(scale=SCREENSHOT_DPI / 72).to_pil().convert("RGB")
    ink = np.asarray(image.convert("L")) < 200
    ys, xs = np.nonzero(ink)
    box = (max(int(xs.min()) - MARGIN_PX, 0), max(int(ys.min()) - MARGIN_PX, 0),
           min(int(xs.max()) + MARGIN_PX, image.size[0]), min(int(ys.max()) + MARGIN_PX, image.size[1]))
    image.crop(box).save(out)
    return (box[3] - box[1]) / (box[2] - box[0])


def report_html(pictures: list[tuple[str, float]]) -> str:
    """The report's HTML: its pictures (file name, height over width) one a page, the first under the heading."""
    body = [f"<h2>{HEADING}</h2>", f"<p>{OPENING}</p>"]
    width = PICTURE_WIDTH_CM * PX_PER_CM
    for i, (name, aspect) in enumerate(pictures):
        style = ' style="page-break-before: always"' if i else ""
        body.append(f'<p{style}><img src="{name}" width="{width:.0f}" height="{width * aspect:.0f}" '
                    f'style="width:{PICTURE_WIDTH_CM}cm;height:{PICTURE_WIDTH_CM * aspect:.2f}cm"></p>')
    body.append(f"<p>{CLOSING}</p>")
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page{size:A4;margin:2cm}'
            'body{font-family:"Noto Serif CJK SC",serif;font-size:12pt}</style></head><body>'
            + "\n".join(body) + "</body></html>")


def pasted_report(digital: Path, out: Path, producer: str) -> int:
    """A report whose pages carry `digital`'s pages as pictures, printed by ``producer`` (writer or
    chromium); returns its page count."""
    with tempfile.TemporaryDirectory(prefix="pasted-") as work:
        folder = Path(work)
        doc = pdfium.PdfDocument(str(digital))
        try:
            names = []
            for index in range(len(doc)):
                name = f"form-{index + 1}.png"
                names.append((name, _screenshot(doc[index], folder / name)))
        finally:
            doc.close()
        html = folder / f"{out.stem}.html"
        html.write_text(report_html(names), encoding="utf-8")
        raw = folder / f"{out.stem}.raw.pdf"
        if producer == "writer":
            soffice_to_pdf(html, raw, filter_name="writer_pdf_Export", infilter=WRITER_HTML_FILTER)
        else:
            chromium_to_pdf(html, raw)
        normalise(raw, out)
    return len(pdfium.PdfDocument(str(out)))

"""Digital forms whose office seal is a picture pasted on the page, and a title ruled like a frame.

Many published self-assessments are printed straight to PDF with the unit's red
seal inserted as an image over the score column: the text layer is intact, the
seal is an image object on top of it. Two producers, two ways:

* LibreOffice Calc: the sheet carries the seal as a transparent PNG anchored
  a few rows above the 合计 row in the score column (``libreoffice+seal-png``);
* Chromium: the HTML carries an absolutely placed ``<img>`` of a JPEG seal on
  white ground, which hides the print under it (``chromium+seal-jpeg``).

A third producer prints the HTML form with its title underlined by a thick rule
as wide as the table (``chromium+title-rule``): in a photo that rule is a
strong straight line just above the table's frame.

The seal picture is the same impression as the scanned twins' (seal.py), drawn
on its own; everything is seeded.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from openpyxl import load_workbook
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.utils import get_column_letter
from PIL import Image

from samples.generate.html import forms_document
from samples.generate.layout import FormLayout
from samples.generate.producers import chromium_to_pdf, soffice_to_pdf
from samples.generate.seal import SEAL_DIAMETER_MM, SealSpec, placement_over_scores, seal_mask
from samples.generate.xlsx import write_workbook

CALC_SEAL_PNG, CHROMIUM_SEAL_JPEG, CHROMIUM_TITLE_RULE = "libreoffice+seal-png", "chromium+seal-jpeg", \
    "chromium+title-rule"
PRODUCERS = (CALC_SEAL_PNG, CHROMIUM_SEAL_JPEG, CHROMIUM_TITLE_RULE)
#: Documents whose digital PDF carries a seal picture: its seed.
SEALED = {"104_hukou": 3140, "105_longyang": 3150}
#: The seal picture's resolution.
SEAL_DPI = 300
MM_PER_PT = 25.4 / 72
#: Chromium's page margins (html.TABLE_CSS): left 10 mm, top 14 mm.
PAGE_MARGIN_PT = (10 / MM_PER_PT, 14 / MM_PER_PT)
TITLE_RULE_CSS = "h1 { border-bottom: 2.5pt solid #000; padding-bottom: 3pt; margin-bottom: 8pt; }"


def seal_picture(unit: str, seed: int) -> Image.Image:
    """The unit's seal alone, RGBA: red ink whose alpha is the impression, turned a little."""
    rng = np.random.default_rng(seed)
    ink = tuple(int(v) for v in rng.integers([200, 20, 30], [230, 55, 65]))
    diameter = round(SEAL_DIAMETER_MM / 25.4 * SEAL_DPI)
    alpha = seal_mask(SealSpec(unit=unit, ink=ink, strength=float(rng.uniform(0.85, 0.95))), diameter, rng)
    picture = Image.fromarray((alpha * 255).astype(np.uint8))
    picture = picture.rotate(float(rng.uniform(-20, 20)), resample=Image.BICUBIC)
    rgba = Image.new("RGBA", picture.size, ink + (0,))
    rgba.putalpha(picture)
    return rgba


def _on_white(picture: Image.Image) -> Image.Image:
    ground = Image.new("RGB", picture.size, (255, 255, 255))
    ground.paste(picture, mask=picture.getchannel("A"))
    return ground


def _unit(truth: dict) -> str:
    return next((f.get("unit") for f in truth.get("forms") or [] if f.get("unit")), "")


def _calc_with_seal(layouts: list[FormLayout], truth: dict, name: str, workdir: Path) -> Path:
    """The sheet with the seal PNG anchored in the score column, four rows above 合计."""
    book = write_workbook(layouts, workdir / f"{name}.xlsx")
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    score = max((c for c in cells if c.value.strip() in ("得分", "自评得分")), key=lambda c: c.row)
    total = max((c for c in cells if c.value.strip() in ("合计", "总分")), key=lambda c: c.row)
    png = workdir / f"{name}.seal.png"
    seal_picture(_unit(truth), SEALED[name]).save(png)
    image = SheetImage(str(png))
    image.width = image.height = round(SEAL_DIAMETER_MM / 25.4 * 96)  # openpyxl sizes in 96-dpi pixels
    image.anchor = f"{get_column_letter(max(score.column - 1, 1))}{max(total.row - 4, 1)}"
    ws.add_image(image)
    wb.save(book)
    return book


def _html_with_seal(html: str, truth: dict, name: str, plain_pdf: Path, workdir: Path) -> str:
    """The HTML with an <img> of a JPEG seal placed where the plain print has its score column."""
    spot = placement_over_scores(plain_pdf)
    jpeg = workdir / f"{name}.seal.jpg"
    _on_white(seal_picture(_unit(truth), SEALED[name])).save(jpeg, quality=80)
    size = SEAL_DIAMETER_MM / MM_PER_PT
    left, top = spot.x - size / 2 - PAGE_MARGIN_PT[0], spot.y - size / 2 - PAGE_MARGIN_PT[1]
    img = (f'<img src="{jpeg.name}" alt="" style="position:absolute; left:{left:.1f}pt; top:{top:.1f}pt; '
           f'width:{size:.1f}pt; height:{size:.1f}pt;">')
    return html.replace("</body>", img + "</body>")


def build_placed(truth: dict, producer: str, layouts: list[FormLayout], raw: Path, workdir: Path) -> Path:
    """Print ``raw`` (the producer's own PDF) for one of this module's producers."""
    name = raw.name.split(".")[0]
    if producer == CALC_SEAL_PNG:
        return soffice_to_pdf(_calc_with_seal(layouts, truth, name, workdir), raw)
    html_path = workdir / f"{name}.html"
    html = forms_document(layouts)
    if producer == CHROMIUM_TITLE_RULE:
        html_path.write_text(html.replace("</style>", TITLE_RULE_CSS + "</style>"), encoding="utf-8")
        return chromium_to_pdf(html_path, raw)
    if producer == CHROMIUM_SEAL_JPEG:
        plain = workdir / f"{name}.plain.pdf"
        html_path.write_text(html, encoding="utf-8")
        chromium_to_pdf(html_path, plain)
        html_path.write_text(_html_with_seal(html, truth, name, plain, workdir), encoding="utf-8")
        return chromium_to_pdf(html_path, raw)
    raise ValueError(f"unknown producer {producer!r}")


def mark(name: str, truth: dict, entries: list[dict]) -> list[dict]:
    """Manifest fields of a sealed digital document: its kind, split and the seal it carries."""
    if name not in SEALED:
        return entries
    for entry in entries:
        if entry["variant"] == "digital":
            entry.update(kind="seal_image_digital", split="tune" if name == "104_hukou" else "holdout",
                         seal_pages=[1], seal_text=_unit(truth))
    return entries


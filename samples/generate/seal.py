"""Red official seals (公章) pressed onto a rendered page.

A seal is a red ring with the issuing unit's name along its upper arc, a
five-pointed star in the middle and a short line of text under the star
(专用章).  Real impressions are uneven: ink thins toward one side, the ring has
gaps and the pigment is translucent, so the print under it stays visible.  The
seal is blended by multiplying, as ink on paper does.

Where it lands is taken from the digital page: over the score column near the
总分/合计 row, the place offices stamp when they sign off a self-assessment.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_PATH = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_INDEX = 2  # the SC face of the collection
#: Printed seal of a unit: 42 mm across.
SEAL_DIAMETER_MM = 42.0
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class SealSpec:
    unit: str
    label: str = "专用章"
    ink: tuple[int, int, int] = (214, 38, 46)
    strength: float = 0.85  # peak ink opacity


@dataclass(frozen=True)
class SealPlacement:
    """Centre of the seal on the digital page, in points from the top-left."""

    x: float
    y: float


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size, index=FONT_INDEX)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _arc_text(mask: Image.Image, text: str, centre: float, radius: float, size: int) -> None:
    """Characters upright toward the centre along the upper arc (≈ 240°)."""
    span = math.radians(min(250.0, 22.0 * len(text)))
    start = -math.pi / 2 - span / 2
    font = _font(size)
    for i, char in enumerate(text):
        angle = start + span * (i + 0.5) / len(text)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle + math.pi / 2), resample=Image.BICUBIC)
        x = centre + radius * math.cos(angle) - size
        y = centre + radius * math.sin(angle) - size
        mask.paste(255, (int(round(x)), int(round(y))), glyph)


def seal_mask(spec: SealSpec, diameter_px: int, rng: np.random.Generator) -> np.ndarray:
    """Ink opacity (0–1) of one impression, `diameter_px` across."""
    size = diameter_px + 8
    c = size / 2
    r = diameter_px / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(2, round(diameter_px * 0.035))
    draw.ellipse([c - r, c - r, c + r, c + r], outline=255, width=ring)
    draw.polygon(_star(c, c, r * 0.26), fill=255)
    char = max(8, round(diameter_px * 0.13))
    _arc_text(mask, spec.unit, c, r - ring - char * 0.75, char)
    draw.text((c, c + r * 0.52), spec.label, font=_font(max(8, round(char * 0.85))), fill=255, anchor="mm")
    opacity = np.asarray(mask.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float32) / 255.0
    # uneven pressure: a tilt across the seal plus blotchy grain and small gaps
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    tilt_angle = rng.uniform(0, 2 * math.pi)
    tilt = 0.75 + 0.25 * (np.cos(tilt_angle) * (xx - 0.5) + np.sin(tilt_angle) * (yy - 0.5)) * 2
    grain = Image.fromarray((rng.random((size // 6 + 1, size // 6 + 1)) * 255).astype(np.uint8))
    grain = np.asarray(grain.resize((size, size), Image.BICUBIC), dtype=np.float32) / 255.0
    gaps = rng.random((size, size)) < 0.04
    pressure = np.clip(tilt * (0.7 + 0.45 * grain), 0.2, 1.0) * np.where(gaps, 0.35, 1.0)
    return np.clip(opacity * pressure * spec.strength, 0.0, 1.0)


def press(page_rgb: Image.Image, spec: SealSpec, centre_px: tuple[float, float], dpi: float,
          rng: np.random.Generator) -> Image.Image:
    """The page with the seal multiplied onto it at `centre_px`."""
    diameter = round(SEAL_DIAMETER_MM / 25.4 * dpi)
    alpha = seal_mask(spec, diameter, rng)
    angle = float(rng.uniform(-25, 25))
    alpha = np.asarray(Image.fromarray((alpha * 255).astype(np.uint8)).rotate(angle, resample=Image.BICUBIC),
                       dtype=np.float32) / 255.0
    page = np.asarray(page_rgb.convert("RGB"), dtype=np.float32)
    h, w = alpha.shape
    x0 = int(round(centre_px[0] - w / 2))
    y0 = int(round(centre_px[1] - h / 2))
    ys = slice(max(0, y0), min(page.shape[0], y0 + h))
    xs = slice(max(0, x0), min(page.shape[1], x0 + w))
    a = alpha[ys.start - y0:ys.stop - y0, xs.start - x0:xs.stop - x0, None]
    ink = np.asarray(spec.ink, dtype=np.float32)[None, None, :] / 255.0
    page[ys, xs] = page[ys, xs] * (1.0 - a * (1.0 - ink))
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), mode="RGB")


def placement_over_scores(digital: Path, page_index: int = 0) -> SealPlacement:
    """Over the score column, centred a little above the 总分/合计 row of the page (or, on a form
    printed without one, a little above the last line printed in the score column)."""
    with pdfplumber.open(digital) as pdf:
        page = pdf.pages[page_index]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
    score_heads = [w for w in words if w["text"] in ("得分", "自评得分", "自评分数", "得分/自评分")]
    # a form scored by two levels heads its score columns 县级/市级 over a second header row of 评分
    score_heads = score_heads or [w for w in words if w["text"] == "评分"]
    totals = [w for w in words if w["text"].replace(" ", "").rstrip(":：") in ("总分", "合计", "合", "总")]
    if not score_heads:
        raise ValueError(f"{digital}: no score column to stamp")
    head = max(score_heads, key=lambda w: w["top"])  # the indicator header, not the budget block's
    x = (head["x0"] + head["x1"]) / 2
    if totals:
        return SealPlacement(x=x, y=max(totals, key=lambda w: w["top"])["top"] - 45.0)
    column = [w for w in words if w["top"] > head["top"] and w["x0"] - 12 <= x <= w["x1"] + 12]
    if not column:
        raise ValueError(f"{digital}: nothing printed under the score column to stamp")
    return SealPlacement(x=x, y=max(w["top"] for w in column) - 20.0)


def diameter_pt() -> float:
    return SEAL_DIAMETER_MM / MM_PER_PT

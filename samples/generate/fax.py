"""Fax pages: 1-bit, coarse, speckled, sometimes with non-square pixels.

A fax machine scans at 204 dpi across and 98 dpi ("standard") or 196 dpi
("fine") down; cheap fax-to-PDF gateways also resample to 100 dpi square.  The
page is thresholded to black and white with no grey levels, picks up speckle
from dust and line noise, loses some thin stroke pixels, and gets the sending
machine's header line at the top.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HEADER_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


@dataclass(frozen=True)
class FaxSettings:
    dpi_x: int = 100
    dpi_y: int = 100
    threshold: int = 150  # grey level below which a pixel prints black
    speckle: float = 0.002  # share of pixels turned black at random
    clusters: int = 120  # larger dust blobs per page
    dropout: float = 0.03  # share of black pixels lost
    skew_deg: float = 0.8
    header: str = ""
    seed: int = 0


def _header_strip(width: int, height: int, text: str) -> np.ndarray:
    """The sending machine's line (number, date, page) printed across the top."""
    strip = Image.new("L", (width, height), 255)
    try:
        font = ImageFont.truetype(HEADER_FONT, max(8, int(height * 0.6)))
    except OSError:
        font = ImageFont.load_default()
    ImageDraw.Draw(strip).text((int(width * 0.04), height // 2), text, font=font, fill=0, anchor="lm")
    return np.asarray(strip) < 128


def fax_bits(page_grey: Image.Image, source_dpi: float, s: FaxSettings) -> np.ndarray:
    """Black (True) / white pixels of the faxed page at dpi_x × dpi_y."""
    rng = np.random.default_rng(s.seed)
    angle = float(rng.uniform(0.4, 1.0) * s.skew_deg * rng.choice([-1.0, 1.0]))
    img = page_grey.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    w = round(img.size[0] * s.dpi_x / source_dpi)
    h = round(img.size[1] * s.dpi_y / source_dpi)
    grey = np.asarray(img.resize((w, h), Image.BOX), dtype=np.float32)
    grey += rng.normal(0.0, 18.0, grey.shape)  # sensor and line noise before the threshold
    bits = grey < s.threshold
    bits &= rng.random(bits.shape) >= s.dropout
    bits |= rng.random(bits.shape) < s.speckle
    for _ in range(s.clusters):
        y, x = int(rng.integers(0, h - 3)), int(rng.integers(0, w - 3))
        bits[y:y + int(rng.integers(1, 4)), x:x + int(rng.integers(1, 4))] = True
    if s.header:
        band = max(10, round(s.dpi_y * 0.12))
        bits[: band + 2] = False
        bits[2:band + 2] |= _header_strip(w, band, s.header)
    return bits

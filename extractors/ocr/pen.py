"""Pen strokes written on a printed form: lifted off the page, remembered where they touch a cell.

A reviewer's tick, crossing-out or signature in ballpoint is blue (or another
vivid colour); print is black. Like a red seal, coloured ink is bright in its
own colour channel while black print is dark in all of them, so the brightest
channel of a pen pixel shows the print under it with the stroke gone. Strokes
in the margin are thereby simply ignored; strokes inside a cell may have hidden
or changed what is printed there, so the cells they touch keep a lowered
confidence (see ``page_reader``), and the verdict sends them to review.
"""
from __future__ import annotations

import cv2
import numpy as np

from jixiao.extractors.ocr.components import components_with_stats
from jixiao.extractors.ocr.raster import coloured_ink_lifted, levelled

#: Hue band of blue and violet pen ink on OpenCV's 0–180 scale, and how vivid it must be.
PEN_HUES = (95, 140)
MIN_PEN_SATURATION = 60
MIN_PEN_VALUE = 40
#: Pen pixels below this share of the page are JPEG colour noise, not writing.
MIN_PEN_SHARE = 0.00005
#: A cell touched by a pen stroke keeps at most this confidence.
PEN_CONFIDENCE = 0.5
#: Pen pixels a cell must hold to count as written in (a stroke's tail crossing its rule does not).
MIN_PEN_PIXELS = 25


def pen_ink_mask(rgb: np.ndarray) -> np.ndarray:
    """255 where a pixel is coloured pen ink (blue to violet), 0 elsewhere."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    pen = (hue >= PEN_HUES[0]) & (hue <= PEN_HUES[1]) & (sat >= MIN_PEN_SATURATION) & (val >= MIN_PEN_VALUE)
    mask = pen.astype(np.uint8) * 255
    return mask if mask.mean() / 255.0 >= MIN_PEN_SHARE else np.zeros_like(mask)


def lift_pen_ink(gray: np.ndarray, rgb: np.ndarray, pen: np.ndarray) -> np.ndarray:
    """``gray`` with pen strokes replaced by the brightest channel, levelled to the grey paper."""
    if not pen.any():
        return gray
    return coloured_ink_lifted(gray, levelled(rgb.max(axis=2).astype(np.float32), gray), pen)


def written_cells(pen_upright: np.ndarray, cell_boxes: list[tuple[float, float, float, float]]) -> list[int]:
    """Indices of the cells (pixel boxes of the upright page) holding pen ink."""
    out = []
    for i, (x0, y0, x1, y1) in enumerate(cell_boxes):
        patch = pen_upright[max(int(y0), 0):int(y1), max(int(x0), 0):int(x1)]
        if patch.size and int((patch > 0).sum()) >= MIN_PEN_PIXELS:
            out.append(i)
    return out


#: Black pen on a grey page: straight ink runs this long (mm) are table rules, not writing.
RULE_MM = 6.0
#: A stroke is handwriting when its piece of ink reaches this many print heights across ...
HAND_REACH = 2.2
#: ... and is taller than print in its narrow direction too (a leftover of a rule is thin, a run
#: of touching print characters is as tall as print).
HAND_THICKNESS = 1.2
#: ... while it inks at most this share of its box (a blot or a bold word is denser).
HAND_FILL = 0.45
#: Print heights (mm) a page's characters may have; their median is the page's print height.
PRINT_MM = (1.2, 6.0)


def _print_height(heights: np.ndarray, dpi: float) -> float:
    lo, hi = (mm / 25.4 * dpi for mm in PRINT_MM)
    typical = heights[(heights >= lo) & (heights <= hi)]
    return float(np.median(typical)) if typical.size else 3.2 / 25.4 * dpi


def black_pen_mask(gray: np.ndarray, dpi: float) -> np.ndarray:
    """255 on strokes of dark pen a grey page shows: shapes unlike print, found without colour.

    Colour cannot tell a black ballpoint from print, the stroke's shape can: the
    table's rules are taken away (long straight runs), and what is left of the ink
    falls into pieces the size of a character; a handwritten stroke (a crossing-out,
    a signature's loops) is one piece reaching across several characters' heights in
    both directions while inking little of its box. Strokes are marked, not lifted
    (they cannot be told from the print they cross); the cells they touch lose
    confidence, strokes in the margin touch no cell and are ignored.
    """
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = (gray < level).astype(np.uint8) * 255
    run = max(9, int(RULE_MM / 25.4 * dpi))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    rest = ink & ~cv2.dilate(rules, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = components_with_stats(rest)
    if count <= 1:
        return np.zeros_like(ink)
    w, h, area = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    size = _print_height(h.astype(np.float64), dpi)
    hand = ((np.maximum(w, h) >= HAND_REACH * size) & (np.minimum(w, h) >= HAND_THICKNESS * size)
            & (area <= HAND_FILL * w * h))
    keep = np.zeros(count, bool)
    keep[1:] = hand
    return (keep[labels] * 255).astype(np.uint8)

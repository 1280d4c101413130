"""Official seals (公章): find them, keep them as evidence, and lift them off the print.

A seal stamped over the score column turns "7" into "77" and cuts names in
half when its strokes reach a cell. Seal ink is red, print is black: in a
colour image the seal is the red, saturated, not-dark pixels, and the red
channel alone shows black print with the seal almost gone (red ink is bright
in red light). Print under the seal stays dark in every channel, so it
survives.

A greyscale scan has lost the colour. There the seal is a ring of mid-grey
print about 4 cm across; inside a found ring only the darkest ink is kept
(print over the seal is darker than the seal itself).

Each seal found is reported (its box on the upright page and its colour), so
an auditor can see which forms were stamped.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Hue bands of red on OpenCV's 0–180 scale, and how vivid/bright red ink is.
RED_HUES = ((0, 12), (160, 180))
MIN_RED_SATURATION = 60
MIN_RED_VALUE = 90
#: Official seals are 38–45 mm across; accept 25–60 mm.
SEAL_DIAMETER_MM = (25.0, 60.0)
#: Red pixels below this share of the page are annotations, not a seal.
MIN_SEAL_INK_SHARE = 0.0004
#: Grey seals: a ring must be drawn along this share of its circumference.
MIN_RING_SUPPORT = 0.55


@dataclass(frozen=True)
class SealMark:
    """A seal on a page image: pixel box, mean ink colour (hex) and how it was seen."""

    box: tuple[int, int, int, int]
    colour: str
    seen_as: str  # "red ink" | "grey ring"


def _mm_to_px(mm: float, dpi: float) -> float:
    return mm / 25.4 * dpi


def red_ink_mask(rgb: np.ndarray) -> np.ndarray:
    """255 where a pixel is red ink (seal, red pen), 0 elsewhere."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = np.zeros(hue.shape, dtype=bool)
    for lo, hi in RED_HUES:
        red |= (hue >= lo) & (hue <= hi)
    return (red & (sat >= MIN_RED_SATURATION) & (val >= MIN_RED_VALUE)).astype(np.uint8) * 255


def _hex(rgb: np.ndarray, mask: np.ndarray) -> str:
    r, g, b = (int(v) for v in np.median(rgb[mask > 0], axis=0)) if mask.any() else (0, 0, 0)
    return f"#{r:02x}{g:02x}{b:02x}"


def red_seals(rgb: np.ndarray, red: np.ndarray, dpi: float) -> list[SealMark]:
    """Seal-sized clusters of red ink."""
    if red.mean() / 255.0 < MIN_SEAL_INK_SHARE:
        return []
    lo, hi = (_mm_to_px(mm, dpi) for mm in SEAL_DIAMETER_MM)
    k = max(3, int(_mm_to_px(3.0, dpi)) | 1)
    joined = cv2.dilate(red, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    marks = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if lo <= max(w, h) <= hi + k and min(w, h) >= 0.5 * lo:
            box = (int(x), int(y), int(x + w), int(y + h))
            marks.append(SealMark(box, _hex(rgb[y:y + h, x:x + w], red[y:y + h, x:x + w]), "red ink"))
    return marks


def lift_red_ink(rgb: np.ndarray, red: np.ndarray) -> np.ndarray:
    """Grey page with red ink gone: the red channel where the ink (and its fringe) is, luminance elsewhere."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if not red.any():
        return gray
    fringe = cv2.dilate(red, np.ones((5, 5), np.uint8)) > 0
    # match the red channel's paper level to the grey one so the patch does not show
    paper_r = np.percentile(rgb[..., 0][::4, ::4], 90)
    paper_g = np.percentile(gray[::4, ::4], 90)
    red_channel = np.clip(rgb[..., 0].astype(np.float32) * (paper_g / max(paper_r, 1.0)), 0, 255).astype(np.uint8)
    out = gray.copy()
    out[fringe] = red_channel[fringe]
    return out


def _ring_support(mid: np.ndarray, cx: float, cy: float, r: float) -> float:
    """Share of a circle's circumference drawn in the mid-grey mask (checked in a 3-pixel band)."""
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    hits = 0
    for a in angles:
        found = False
        for dr in (-3, -1.5, 0, 1.5, 3):
            x, y = int(round(cx + (r + dr) * np.cos(a))), int(round(cy + (r + dr) * np.sin(a)))
            if 0 <= y < mid.shape[0] and 0 <= x < mid.shape[1] and mid[y, x]:
                found = True
                break
        hits += found
    return hits / len(angles)


def _lift_seal_grey(patch: np.ndarray, inside: np.ndarray, cut: float, paper: float, reach: int) -> None:
    """Inside the seal, grey pixels away from dark print become paper.

    Print over a seal stays darker than the seal (the inks multiply), and the
    soft grey edge of a printed stroke lies right next to its dark core; seal
    strokes are grey all through. So a grey pixel is kept only within ``reach``
    of a dark one.
    """
    dark = (patch <= cut).astype(np.uint8)
    near_dark = cv2.dilate(dark, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))) > 0
    patch[inside & ~near_dark] = int(paper)


def grey_seals(gray: np.ndarray, dpi: float, ink_level: int) -> tuple[list[SealMark], np.ndarray]:
    """Rings of mid-grey ink of seal size in a greyscale page, and the page with them lifted.

    Mid-grey is lighter than the page's print but clearly darker than paper.
    Inside a ring found there, grey not touching dark print becomes paper
    (see ``_lift_seal_grey``).
    """
    paper = float(np.percentile(gray[::4, ::4], 90))
    dark = float(np.percentile(gray[gray < ink_level], 20)) if (gray < ink_level).any() else 40.0
    mid = (gray > dark + 0.35 * (paper - dark)) & (gray < paper - 0.12 * (paper - dark))
    lo, hi = (_mm_to_px(mm, dpi) / 2 for mm in SEAL_DIAMETER_MM)
    scale = 0.25
    small = cv2.resize(mid.astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    circles = cv2.HoughCircles(cv2.GaussianBlur(small, (5, 5), 1.5), cv2.HOUGH_GRADIENT, dp=1,
                               minDist=2 * lo * scale, param1=80, param2=18,
                               minRadius=int(lo * scale), maxRadius=int(hi * scale))
    marks: list[SealMark] = []
    out = gray.copy()
    if circles is None:
        return marks, out
    for cx, cy, r in circles[0][:4] / scale:
        if _ring_support(mid, cx, cy, r) < MIN_RING_SUPPORT:
            continue
        r_out = r * 1.15 + _mm_to_px(1.5, dpi)  # Hough circles sit a little inside the ring
        x0, y0 = max(int(cx - r_out), 0), max(int(cy - r_out), 0)
        x1, y1 = min(int(cx + r_out) + 1, gray.shape[1]), min(int(cy + r_out) + 1, gray.shape[0])
        yy, xx = np.mgrid[y0:y1, x0:x1]
        inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= r_out ** 2
        patch = out[y0:y1, x0:x1]
        ring = inside & mid[y0:y1, x0:x1]
        ring_grey = float(np.median(patch[ring])) if ring.any() else paper
        _lift_seal_grey(patch, inside, dark + 0.4 * (ring_grey - dark), paper, max(1, round(_mm_to_px(0.25, dpi))))
        level = int(ring_grey)
        marks.append(SealMark((x0, y0, x1, y1), f"#{level:02x}{level:02x}{level:02x}", "grey ring"))
    return marks, out

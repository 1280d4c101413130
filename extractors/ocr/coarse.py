"""Pages captured coarsely: faxes (1-bit, 100 dpi or 204 × 98 dpi) and low-dpi scans.

pdfium draws the page's image at the working resolution, which already makes
non-square fax pixels square (a 98 dpi row becomes two rows at 200 dpi) and
upsamples a 100 dpi page. What remains is hard black-and-white staircases
and speckle. Specks are small blobs far from any print (a decimal point sits
next to its digits, a speck does not); they become paper. The staircases are
smoothed with a blur of about one source pixel, so the recogniser sees grey
edges like those it was trained on.
"""
from __future__ import annotations

import cv2
import numpy as np

from jixiao.extractors.ocr.components import components_with_stats
from jixiao.extractors.ocr.page_image import SourceImage

#: Pages whose coarser axis is below this are treated as coarse.
COARSE_BELOW_DPI = 140
#: A blob is a speck when its box is at most this big (inches) ...
SPECK_MAX_IN = 0.03
#: ... and no larger print lies within this distance (inches).
SPECK_CLEARANCE_IN = 0.035


def is_coarse(source: SourceImage) -> bool:
    return source.bilevel or (0 < source.dpi < COARSE_BELOW_DPI) or not source.square


def despeckle(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """The page with isolated specks turned to paper, and how many were removed.

    Every per-pixel step is one lookup through the component labels (a table per component), not
    a chain of whole-page masks: a fax page has ~4 M pixels and this runs once per page.
    """
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, labels, stats, _ = components_with_stats(ink)
    if count <= 1:
        return gray, 0
    max_side = max(2, int(round(SPECK_MAX_IN * dpi)))
    small = (stats[:, cv2.CC_STAT_WIDTH] <= max_side) & (stats[:, cv2.CC_STAT_HEIGHT] <= max_side)
    small[0] = False
    print_value = np.where(small, 0, 255).astype(np.uint8)
    print_value[0] = 0  # the background is no print
    big_ink = print_value[labels]
    reach = max(3, int(round(SPECK_CLEARANCE_IN * dpi)) * 2 + 1)
    near = cv2.dilate(big_ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach))) > 0
    # a small blob touching the neighbourhood of print is kept (dots, commas, strokes of 一)
    touching = np.zeros(count, dtype=bool)
    touching[labels[near]] = True
    specks = small & ~touching  # small[0] is False: the background is never a speck
    out = gray.copy()
    paper = int(np.percentile(gray[::4, ::4], 90))
    found = np.flatnonzero(specks)
    if found.size:
        out[specks[labels]] = paper
    return out, int(found.size)


def smooth(gray: np.ndarray, dpi: float, source: SourceImage) -> np.ndarray:
    """Blur by about one source pixel along each axis (more along the coarser axis)."""
    sx = 0.5 * dpi / max(source.dpi_x, 1.0) if source.dpi_x else 0.6
    sy = 0.5 * dpi / max(source.dpi_y, 1.0) if source.dpi_y else 0.6
    return cv2.GaussianBlur(gray, (0, 0), sigmaX=max(sx, 0.6), sigmaY=max(sy, 0.6))

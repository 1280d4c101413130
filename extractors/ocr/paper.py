"""Find the sheet of paper in a photo and look at it square-on.

A phone photo shows the form in perspective on whatever it lay on. The sheet
is the largest bright, unsaturated region of the picture (a table top is
darker or coloured); its outline is reduced to four corners and warped to a
rectangle with the sheet's proportions. A scanned page, where the paper fills
the image, is left alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Pixels this unsaturated (0–255) and this bright count as paper.
MAX_PAPER_SATURATION = 70
#: The paper must cover between these shares of the image to be a photographed sheet.
MIN_SHEET_SHARE, MAX_SHEET_SHARE = 0.25, 0.93
#: Work on a copy this wide (pixels): the outline needs no detail.
THUMB_WIDTH = 800
#: A corner set is a sheet when it covers this much of the found region.
MIN_FILL = 0.9


@dataclass(frozen=True)
class Sheet:
    """Corners of the paper (TL, TR, BR, BL) in image pixels."""

    corners: np.ndarray

    def side_lengths(self) -> tuple[float, float]:
        tl, tr, br, bl = self.corners
        width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
        height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
        return float(width), float(height)


def _paper_mask(rgb: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    sat, val = hsv[..., 1], hsv[..., 2]
    level, _ = cv2.threshold(val, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bright = val > min(level, 200) * 0.8
    mask = ((sat < MAX_PAPER_SATURATION) & bright).astype(np.uint8) * 255
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, k)  # print on the paper is not paper, but lies inside it
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, k)


def _order(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL from four unordered points."""
    s, d = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(s)], points[np.argmin(d)], points[np.argmax(s)], points[np.argmax(d)]],
                    dtype=np.float32)


def _quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)


def find_sheet(rgb: np.ndarray) -> Sheet | None:
    """The photographed sheet's corners, or None when the image is the sheet (a scan)."""
    scale = min(1.0, THUMB_WIDTH / rgb.shape[1])
    thumb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = _paper_mask(thumb)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(largest)
    share = area / float(mask.shape[0] * mask.shape[1])
    if not MIN_SHEET_SHARE <= share <= MAX_SHEET_SHARE:
        return None
    quad = _quad(largest)
    if quad is None or area < MIN_FILL * cv2.contourArea(quad.reshape(-1, 1, 2)):
        return None
    return Sheet(_order(quad / scale))


def rectify(image: np.ndarray, sheet: Sheet, width_px: int) -> np.ndarray:
    """The sheet warped to a rectangle ``width_px`` wide with the sheet's proportions."""
    w, h = sheet.side_lengths()
    height_px = int(round(width_px * h / max(w, 1.0)))
    target = np.array([[0, 0], [width_px - 1, 0], [width_px - 1, height_px - 1], [0, height_px - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(sheet.corners.astype(np.float32), target)
    border = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpPerspective(image, matrix, (width_px, height_px), flags=cv2.INTER_AREA, borderValue=border)

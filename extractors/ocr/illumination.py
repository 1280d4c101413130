"""Flatten uneven light: lamp fall-off, shadows of a hand or a phone, a page curling.

A photographed page is brighter near the lamp and dark in a shadow, so one ink
threshold for the page reads shadowed paper as ink and light print as paper.
The paper's own brightness is estimated per pixel by closing the image (which
erases print narrower than the kernel) and blurring it; dividing by that
background makes the paper uniformly white and keeps the print's contrast.
"""
from __future__ import annotations

import cv2
import numpy as np

#: Closing kernel (inches): wider than any stroke, narrower than light changes.
BACKGROUND_KERNEL_IN = 0.08
#: Light varies by more than this (grey levels, 5th–95th percentile of the
#: background) before a page is flattened: flatbed scans are left alone.
UNEVEN_LEVELS = 28
#: The paper's grey after flattening (scans are never pure white either).
PAPER_OUT = 240


def background(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Estimated paper brightness under every pixel."""
    k = max(3, int(round(BACKGROUND_KERNEL_IN * dpi)) | 1)
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, k // 4 | 1), max(3, k // 4 | 1)))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    closed = cv2.GaussianBlur(closed, (0, 0), max(2.0, k / 4))
    return cv2.resize(closed, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def unevenness(bg: np.ndarray) -> float:
    lo, hi = np.percentile(bg[::8, ::8], (5, 95))
    return float(hi - lo)


def flatten(gray: np.ndarray, dpi: float, force: bool = False) -> tuple[np.ndarray, bool]:
    """The page with its light made even, and whether anything was done."""
    bg = background(gray, dpi)
    if not force and unevenness(bg) < UNEVEN_LEVELS:
        return gray, False
    out = gray.astype(np.float32) * (PAPER_OUT / np.maximum(bg.astype(np.float32), 1.0))
    return np.clip(out, 0, 255).astype(np.uint8), True

"""Rules lighter than the ink threshold: a table's hairlines, found by their contrast with the paper.

Writer prints a table's row rules as 0.1 pt grey hairlines (about 215 of 255 on
the digital page at 200 dpi); a phone camera's blur leaves them a dozen grey
levels below the paper, far above the page's Otsu ink threshold, so the ink
mask keeps the columns and the frame and loses every row. A rule is not dark
in absolute terms but darker than the paper right beside it: the black-hat of a
short kernel across the rule (the image closed across its direction, minus the
image) measures exactly that, and lamp gradients, shadows and the paper's tone,
which change slowly, give none.

Text gives contrast too, so the faint pixels are held to more than a rule's ink
would be: pixels next to ink are not faint (a stroke's blurred fringe), the
contrast must stand well above the paper's own grain (a scan's grain is as
strong as a photographed hairline: there the faint pass finds nothing, and a
scan's rules are dark anyway), and a faint run short of a table cell's width
counts only where it lies on the line of a long one (a narrow cell's stretch of
a row rule does; a halo under a line of text does not).
"""
from __future__ import annotations

import cv2
import numpy as np

#: Thickness across a rule the black-hat fills (inches): wider than a blurred hairline.
ACROSS_IN = 0.04
#: Pixels within this distance (inches) of ink are a stroke's fringe, not a faint rule.
FRINGE_IN = 0.012
#: Least contrast (grey levels below the local paper) of a faint rule.
MIN_CONTRAST = 8
#: A faint rule stands this many times above the paper's grain (90th percentile of its black-hat).
GRAIN_FACTOR = 3.0
#: A faint run at least this long (inches) is a rule on its own; a shorter one only on the line of one.
LONG_RUN_IN = 0.4
#: Shorter runs whose line lies within this (inches) of a long run's are pieces of that rule.
COLLINEAR_IN = 0.01


def _contrast(gray: np.ndarray, across: int) -> np.ndarray:
    """How much darker each pixel is than the paper beside it, across a horizontal rule."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, across))
    return cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)


def faint_pixels(gray: np.ndarray, ink: np.ndarray, dpi: int) -> np.ndarray:
    """Pixels of horizontal lines well above the paper's grain and away from ink (bool)."""
    contrast = _contrast(gray, max(3, round(ACROSS_IN * dpi) | 1))
    fringe = max(1, round(FRINGE_IN * dpi))
    near_ink = cv2.dilate(ink, np.ones((2 * fringe + 1, 2 * fringe + 1), np.uint8)) > 0
    paper = cv2.dilate(ink, np.ones((2 * fringe + 3, 2 * fringe + 3), np.uint8)) == 0
    # every 7th paper pixel: a grain's percentile needs no more, and the page has millions
    grain = float(np.percentile(contrast[paper][::7], 90)) if paper.any() else 0.0
    return (contrast >= max(MIN_CONTRAST, GRAIN_FACTOR * grain)) & ~near_ink


def _on_long_lines(runs: np.ndarray, ink: np.ndarray, dpi: int) -> np.ndarray:
    """The runs that are long, plus the stretches of shorter ones on the line of a long one.

    The long one may be faint or inked: a hairline that a small rotation or a resampled picture
    spreads over two pixel rows keeps its full tone along part of its length (the ink mask's) and
    fades to half in another stretch (the faint pass's), often just where the cells are narrow.
    """
    long_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (round(LONG_RUN_IN * dpi), 1))
    long_rows = cv2.morphologyEx(runs, cv2.MORPH_OPEN, long_kernel).any(axis=1)
    candidates = np.flatnonzero(runs.any(axis=1))
    if candidates.size:  # an inked rule is looked for only near the short runs' rows
        near = np.unique(np.clip(candidates[:, None] + np.arange(-2, 3), 0, len(long_rows) - 1))
        long_rows[near] |= cv2.morphologyEx(ink[near], cv2.MORPH_OPEN, long_kernel).any(axis=1)
    slack = max(1, round(COLLINEAR_IN * dpi))
    lines = cv2.dilate(long_rows.astype(np.uint8), np.ones((2 * slack + 1, 1), np.uint8)).ravel()
    return runs * lines[:, None].astype(bool)


def faint_horizontal_rules(gray: np.ndarray, ink: np.ndarray, dpi: int, gap: int, min_len: int) -> np.ndarray:
    """Horizontal rules too light for the ink mask (255), as long straight runs of faint pixels.

    ``gap`` and ``min_len`` are the ink mask's bridging and shortest rule (pixels).
    """
    faint = np.where(faint_pixels(gray, ink, dpi), 255, 0).astype(np.uint8)
    # a hairline's faint core wanders between two rows of pixels: a run may take either
    faint = cv2.dilate(faint, np.ones((3, 1), np.uint8))
    runs = np.zeros_like(faint)
    rows = _rows_that_can_hold_a_run(faint, gap, min_len)
    if rows.size:
        band = cv2.morphologyEx(faint[rows], cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
        runs[rows] = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_len, 1)))
    return _on_long_lines(runs, ink, dpi)


def _rows_that_can_hold_a_run(faint: np.ndarray, gap: int, min_len: int) -> np.ndarray:
    """Indices of the rows with enough faint pixels for a bridged run of ``min_len``.

    Bridging fills gaps narrower than ``gap``, so a run of ``min_len`` holds at least
    ``min_len / gap`` faint pixels of its row; the kernels are one row high, so rows
    are independent and the others (most of a page) need no morphology at all.
    """
    need = -(-min_len // max(1, gap))
    return np.flatnonzero(np.count_nonzero(faint, axis=1) >= need)


def faint_vertical_rules(gray: np.ndarray, ink: np.ndarray, dpi: int, gap: int, min_len: int) -> np.ndarray:
    """Vertical rules too light for the ink mask: the horizontal search on the page turned."""
    return faint_horizontal_rules(gray.T.copy(), ink.T.copy(), dpi, gap, min_len).T.copy()

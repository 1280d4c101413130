"""A page picture in the frame its boxes were measured in.

Text-layer boxes are in points of the page as displayed, which is what pdfium
renders. OCR boxes are in points of the page the reader prepared: a photographed
sheet squared by its four corners, then a small skew removed, then turned by
quarter turns (``UprightFrame``). Shown as stored, a sideways scan carries its
upright boxes off the picture and a skewed one drifts by half a row at the
right edge; so the picture of an OCR page is drawn through the same steps, with
the same functions the reader used, and the boxes land on their ink.
"""
from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium

from jixiao.extractors.ocr.page_image import render_rgb
from jixiao.extractors.ocr.paper import Sheet, rectify
from jixiao.extractors.ocr.raster import render_gray, rotate_small, turn
from jixiao.models import UprightFrame


def picture_in_frame(page: pdfium.PdfPage, dpi: float, frame: UprightFrame | None) -> np.ndarray:
    """The page as an 8-bit grey image at ``dpi``, squared, straightened and turned as ``frame`` says."""
    if frame is None:
        return render_gray(page, dpi)
    if frame.sheet:
        rgb = render_rgb(page, dpi)
        height, width = rgb.shape[:2]
        corners = np.asarray(frame.sheet, dtype=np.float32).reshape(4, 2) * (width, height)
        squared = rectify(rgb, Sheet(corners), int(round(page.get_width() / 72 * dpi)))
        gray = cv2.cvtColor(squared, cv2.COLOR_RGB2GRAY)
    else:
        gray = render_gray(page, dpi)
    return turn(rotate_small(gray, frame.skew), frame.quarter_turns)


def frame_size(page_size: tuple[float, float], frame: UprightFrame | None) -> tuple[float, float]:
    """Width and height in points of the picture the boxes are drawn on."""
    return (frame.width, frame.height) if frame is not None else page_size

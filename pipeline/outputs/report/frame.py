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

from typing import TYPE_CHECKING

from jixiao.models import UprightFrame

if TYPE_CHECKING:  # the drawing libraries load where pictures are drawn (workers), not where the report is planned
    import numpy as np
    import pypdfium2 as pdfium


def picture_in_frame(page: pdfium.PdfPage, dpi: float, frame: UprightFrame | None) -> np.ndarray:
    """The page as an 8-bit grey image at ``dpi``, squared, straightened and turned as ``frame`` says."""
    import cv2

    from jixiao.extractors.ocr.raster import render_gray, rotate_small, turn

    if frame is None:
        return render_gray(page, dpi)
    squared = _squared_photo(page, dpi, frame)
    gray = cv2.cvtColor(squared, cv2.COLOR_RGB2GRAY) if squared is not None else render_gray(page, dpi)
    return turn(rotate_small(gray, frame.skew), frame.quarter_turns)


def frame_size(page_size: tuple[float, float], frame: UprightFrame | None) -> tuple[float, float]:
    """Width and height in points of the picture the boxes are drawn on."""
    return (frame.width, frame.height) if frame is not None else page_size


def _squared_photo(page: pdfium.PdfPage, dpi: float, frame: UprightFrame) -> np.ndarray | None:
    """A photo squared on its sheet's corners, or on its table frame when the paper edge was not
    found (as the reader did), in colour; None for a scan."""
    import numpy as np

    from jixiao.extractors.ocr.page_image import render_rgb
    from jixiao.extractors.ocr.paper import Sheet, rectify, rectify_on_frame

    corners = frame.sheet or frame.table_frame
    if not corners:
        return None
    rgb = render_rgb(page, dpi)
    height, width = rgb.shape[:2]
    found = Sheet(np.asarray(corners, dtype=np.float32).reshape(4, 2) * (width, height))
    width_px = int(round(page.get_width() / 72 * dpi))
    if frame.sheet:
        return rectify(rgb, found, width_px)
    return rectify_on_frame(rgb, found, width_px, int(round(page.get_height() / 72 * dpi)))

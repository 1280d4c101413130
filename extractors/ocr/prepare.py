"""From a page as it arrived to one clean grey image of the sheet.

Order matters: the sheet is found and squared first (a photo's perspective
bends every rule), then the light is evened out, then red ink is lifted (on
the colour image, before anything is thresholded), and last a coarse page's
specks and staircases are cleaned. Grid finding, line finding and
recognition all run on the result, so seal strokes and speckle never reach a
cell. What was done is listed in ``steps`` and ends up in the page's
route_reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2 as pdfium

from jixiao.extractors.ocr.coarse import despeckle, is_coarse, smooth
from jixiao.extractors.ocr.illumination import flatten
from jixiao.extractors.ocr.page_image import PageRaster, PdfRaster
from jixiao.extractors.ocr.paper import find_frame, find_sheet, rectify, rectify_on_frame
from jixiao.extractors.ocr.pen import black_pen_mask, lift_pen_ink, pen_ink_mask
from jixiao.extractors.ocr.seals import (SealMark, grey_seals, lift_red_ink, red_ink_mask, red_seals,
                                         with_pale_seal_ink)

#: An image covering this share of the page is the page (scan, photo, fax).
IMAGE_PAGE_COVERAGE = 0.85
#: Photos are rendered at their own resolution up to this, then squared to the working dpi.
MAX_PHOTO_DPI = 300


@dataclass
class PreparedPage:
    """The grey image OCR reads, with the seals lifted from it (pixel boxes)."""

    gray: np.ndarray
    seals: list[SealMark] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    #: Captured coarsely (fax, low dpi): its thin rules are broken in places.
    coarse: bool = False
    #: A photographed sheet's corners (TL, TR, BR, BL) as fractions of the page, when it was squared.
    sheet: tuple[float, ...] | None = None
    #: Without a paper edge: the table frame's corners (same fractions) the photo was squared on.
    table_frame: tuple[float, ...] | None = None
    #: Pen ink lifted from the page (255), in the grey image's pixels; None when there was none.
    pen: np.ndarray | None = None

    def seal_mask(self, seals: list[SealMark] | None = None) -> np.ndarray:
        """255 inside every seal's box (or only ``seals``'): turned along with the page to place seals upright."""
        mask = np.zeros(self.gray.shape, dtype=np.uint8)
        for x0, y0, x1, y1 in (s.box for s in (self.seals if seals is None else seals)):
            mask[y0:y1, x0:x1] = 255
        return mask


def _ink_level(gray: np.ndarray) -> int:
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return int(level)


def _colour_page(raster: PageRaster, dpi: int, prepared: PreparedPage) -> np.ndarray:
    """A colour image page: square a photographed sheet (or its table frame), then lift red seal and
    blue pen ink. Returns grey."""
    source = raster.source
    render_dpi = float(min(max(dpi, source.dpi or dpi), MAX_PHOTO_DPI))
    rgb = raster.rgb(render_dpi)
    sheet = find_sheet(rgb)
    width_px = int(round(raster.width_pt / 72 * dpi))
    frame = find_frame(rgb) if sheet is None else None
    height_px = int(round(raster.height_pt / 72 * dpi))
    squared = rectify_on_frame(rgb, frame, width_px, height_px) if frame is not None else None
    if sheet is not None:
        height, width = rgb.shape[:2]
        prepared.sheet = tuple(round(float(v), 5) for v in (sheet.corners / (width, height)).ravel())
        rgb = rectify(rgb, sheet, width_px)
        prepared.steps.append("sheet squared from photo")
    elif squared is not None:
        height, width = rgb.shape[:2]
        prepared.table_frame = tuple(round(float(v), 5) for v in (frame.corners / (width, height)).ravel())
        rgb = squared
        prepared.steps.append("sheet squared on the table's frame (paper edge not found)")
    elif render_dpi != dpi:
        rgb = raster.rgb(dpi)
    red = red_ink_mask(rgb)
    prepared.seals = red_seals(rgb, red, dpi)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if prepared.seals:
        prepared.steps.append(f"{len(prepared.seals)} red seal(s) lifted")
        gray = lift_red_ink(rgb, with_pale_seal_ink(rgb, red, prepared.seals), prepared.seals, dpi)
    pen = pen_ink_mask(rgb)
    if pen.any():
        prepared.pen = pen
        prepared.steps.append("pen strokes lifted")
        gray = lift_pen_ink(gray, rgb, pen)
    return gray


def _mark_dark_pen(gray: np.ndarray, dpi: int, prepared: PreparedPage) -> None:
    """A grey page's pen strokes (found by shape, away from its seals) are kept to mark the cells
    they touch; unlike coloured ink they are not lifted."""
    pen = black_pen_mask(gray, dpi)
    for x0, y0, x1, y1 in (s.box for s in prepared.seals):
        pen[y0:y1, x0:x1] = 0  # what a lifted seal leaves behind is not writing
    if pen.any():
        prepared.pen = pen
        prepared.steps.append("dark pen strokes marked")


def prepare_page(page: pdfium.PdfPage, dpi: int) -> PreparedPage:
    """A PDF page's grey image at ``dpi``, squared, evened, de-inked and cleaned as it needs."""
    return prepare_raster(PdfRaster(page), dpi)


def prepare_raster(raster: PageRaster, dpi: int) -> PreparedPage:
    """The page's grey image at ``dpi``, squared, evened, de-inked and cleaned as it needs.

    PDF pages and the frames of image files both come here, so a page is read the
    same whichever container it arrived in.
    """
    source = raster.source
    image_page = source.coverage >= IMAGE_PAGE_COVERAGE
    prepared = PreparedPage(gray=np.zeros((1, 1), np.uint8))
    if image_page and source.colour:
        gray = _colour_page(raster, dpi, prepared)
    else:
        gray = raster.gray(dpi)
    squared = any(s.startswith("sheet") for s in prepared.steps)  # photos: light evened whatever it looks like
    gray, flattened = flatten(gray, dpi, force=squared)
    if flattened:
        prepared.steps.append("light evened")
    if image_page and is_coarse(source):
        prepared.coarse = True
        gray, specks = despeckle(gray, dpi)
        gray = smooth(gray, dpi, source)
        prepared.steps.append(f"{source.dpi_x:.0f}×{source.dpi_y:.0f} dpi {source.bits}-bit source smoothed, "
                              f"{specks} specks removed")
    elif image_page and not source.colour:
        marks, gray = grey_seals(gray, dpi, _ink_level(gray))
        if marks:
            prepared.seals = marks
            prepared.steps.append(f"{len(marks)} grey seal(s) lifted")
        _mark_dark_pen(gray, dpi, prepared)
    prepared.gray = gray
    return prepared

"""What kind of picture a page is (its largest image's resolution, bit depth and colour), and
the page as pixels at a chosen resolution.

Scanner, phone and fax pages are one image each; how they were captured decides
how the page must be prepared before grids and text are looked for (a 1-bit
fax needs smoothing, a colour page may carry a red seal, a photo needs its
paper found). pdfium reports each image's own dpi along x and y, so a
standard fax (204 × 98 dpi) shows up as such.

OCR preparation reads a page through :class:`PageRaster`: a PDF page
(:class:`PdfRaster`) or a frame of an image file
(:class:`jixiao.extractors.formats.images.FrameRaster`) answer the same
questions, so both are prepared by the same code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class SourceImage:
    """The page's dominant image (None fields when the page has no image)."""

    dpi_x: float = 0.0
    dpi_y: float = 0.0
    bits: int = 8       # bits per pixel: 1 for fax/bilevel, 8 grey, 24 colour
    coverage: float = 0.0  # share of the page the image covers

    @property
    def colour(self) -> bool:
        return self.bits >= 24

    @property
    def bilevel(self) -> bool:
        return self.bits == 1

    @property
    def dpi(self) -> float:
        """The coarser of the two resolutions: what the detail of the page is limited to."""
        return min(self.dpi_x, self.dpi_y)

    @property
    def square(self) -> bool:
        return self.dpi_x <= 0 or abs(self.dpi_x - self.dpi_y) <= 0.1 * max(self.dpi_x, self.dpi_y)


def page_source(page: pdfium.PdfPage) -> SourceImage:
    """The largest image of the page, or an empty SourceImage for a page without one."""
    width, height = page.get_size()
    best, best_area = SourceImage(), 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area = max(0.0, right - left) * max(0.0, top - bottom)
        if area <= best_area:
            continue
        meta = obj.get_metadata()
        best_area = area
        best = SourceImage(float(meta.horizontal_dpi), float(meta.vertical_dpi), int(meta.bits_per_pixel),
                           area / max(width * height, 1.0))
    return best


def render_rgb(page: pdfium.PdfPage, dpi: float) -> np.ndarray:
    """The page in colour (RGB) at ``dpi``, as displayed."""
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
    img = bitmap.to_numpy()
    return np.ascontiguousarray(img[..., :3])


class PageRaster(Protocol):
    """A page to OCR: what captured it, its width in points, and its pixels at any resolution."""

    source: SourceImage
    width_pt: float
    height_pt: float

    def gray(self, dpi: float) -> np.ndarray: ...

    def rgb(self, dpi: float) -> np.ndarray: ...


class PdfRaster:
    """A PDF page as pdfium renders it (page /Rotate applied)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.page = page
        self.source = page_source(page)
        self.width_pt = page.get_width()
        self.height_pt = page.get_height()

    def gray(self, dpi: float) -> np.ndarray:
        from jixiao.extractors.ocr.raster import render_gray

        return render_gray(self.page, dpi)

    def rgb(self, dpi: float) -> np.ndarray:
        return render_rgb(self.page, dpi)

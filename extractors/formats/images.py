"""Scanned and photographed pages (.jpg .png .tif .bmp, multi-page TIFF) through the OCR page path.

An image page is read exactly as the same page inside a scanned PDF is: each
frame (turned upright by its EXIF orientation) is laid full-bleed on a page of
its physical size and handed to the same preparation and reading as a PDF page
(:func:`jixiao.extractors.ocr.page_reader.ocr_raster`). pdfium draws it at the
working resolution, so the resampling is the one a scanned PDF page gets, and
the preparation steps (light evening, seals, fax smoothing, photo squaring)
see the capture as the file states it: its resolution along each axis, 1-bit,
grey or colour.  Resampling a TIFF frame with another filter than the scanned
PDF's (OpenCV's) and skipping the preparation made the same page read 0.69 of
its fields where the scanned PDF read all.

The frame's resolution comes from its dpi tag when that describes a paper-sized
page; otherwise (phone photos carry 72 or nothing) the long side is taken to
be an A4 page.  Boxes are in points of that page, like every other reader's.
"""
from __future__ import annotations

from typing import BinaryIO

import numpy as np

from jixiao.extractors.formats.source import SourceContent, UnreadableInput
from jixiao.extractors.ocr.page_image import SourceImage

A4_LONG_IN = 11.69
#: A dpi tag is believed when the page it implies has a long side in this range (inches).
PAPER_LONG_IN = (5.0, 20.0)
DPI_RANGE = (75.0, 1200.0)
#: PIL modes whose pixels are colour (drawn as RGB); every other mode is drawn grey.
COLOUR_MODES = {"RGB", "RGBA", "RGBX", "P", "PA", "CMYK", "YCbCr", "LAB", "HSV"}


def frame_dpi(size_px: tuple[int, int], tagged: tuple[float, float] | None) -> tuple[float, float]:
    """The resolution along x and y the frame was taken at, as best the file tells."""
    width, height = size_px
    if tagged and all(DPI_RANGE[0] <= d <= DPI_RANGE[1] for d in tagged):
        long_in = max(width / tagged[0], height / tagged[1])
        if PAPER_LONG_IN[0] <= long_in <= PAPER_LONG_IN[1]:
            return float(tagged[0]), float(tagged[1])
    dpi = max(width, height) / A4_LONG_IN
    return dpi, dpi


def _tagged_dpi(frame) -> tuple[float, float] | None:
    tag = frame.info.get("dpi")
    if not isinstance(tag, tuple) or len(tag) < 2 or not tag[0] or not tag[1]:
        return None
    return float(tag[0]), float(tag[1])


class FrameRaster:
    """One image frame as a page: drawn by pdfium at any resolution, described by its own capture.

    Holds a one-page in-memory PDF showing the frame full-bleed; :meth:`close` frees it.
    """

    def __init__(self, frame) -> None:
        import pypdfium2 as pdfium
        from PIL import ImageOps

        tagged = _tagged_dpi(frame)
        turned = ImageOps.exif_transpose(frame)
        if tagged and turned.size != frame.size:  # turned a quarter: the axes' resolutions swap
            tagged = tagged[1], tagged[0]
        frame = turned
        dpi_x, dpi_y = frame_dpi(frame.size, tagged)
        colour = frame.mode in COLOUR_MODES
        bits = 24 if colour else 1 if frame.mode == "1" else 8
        pixels = frame.convert("RGB" if colour else "L")
        self.source = SourceImage(dpi_x, dpi_y, bits, 1.0)
        self.width_pt = frame.size[0] / dpi_x * 72
        self.height_pt = height_pt = frame.size[1] / dpi_y * 72
        self._pdf = pdfium.PdfDocument.new()
        self.page = self._pdf.new_page(self.width_pt, height_pt)
        image = pdfium.PdfImage.new(self._pdf)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(pixels))
        image.set_matrix(pdfium.PdfMatrix().scale(self.width_pt, height_pt))
        self.page.insert_obj(image)
        self.page.gen_content()

    def gray(self, dpi: float) -> np.ndarray:
        from jixiao.extractors.ocr.raster import render_gray

        return render_gray(self.page, dpi)

    def rgb(self, dpi: float) -> np.ndarray:
        from jixiao.extractors.ocr.page_image import render_rgb

        return render_rgb(self.page, dpi)

    def close(self) -> None:
        self.page.close()
        self._pdf.close()


def read_image(stream: BinaryIO, ocr_engine: str = "rapidocr", dpi: int = 200,
               max_pages: int | None = None) -> SourceContent:
    """Every frame of an image file, OCR-read, one page each."""
    from PIL import Image, UnidentifiedImageError

    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.extractors.ocr.page_reader import ocr_raster

    try:
        image = Image.open(stream)
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UnreadableInput(f"corrupt or truncated image: {exc}") from exc
    if max_pages is not None and frames > max_pages:
        raise UnreadableInput(f"{frames} pages, over the {max_pages}-page limit")
    engine = get_engine(ocr_engine)
    pages = []
    for index in range(frames):
        try:
            image.seek(index)
            raster = FrameRaster(image)
        except (OSError, SyntaxError, ValueError) as exc:
            raise UnreadableInput(f"image frame {index + 1} cannot be decoded: {exc}") from exc
        try:
            content = ocr_raster(raster, index + 1, engine, dpi)
        finally:
            raster.close()
        content.route_reason = f"image {content.route_reason}"
        pages.append(content)
    return SourceContent(pages=pages)

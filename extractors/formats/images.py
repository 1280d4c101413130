"""Scanned and photographed pages (.jpg .png .tif .bmp, multi-page TIFF) through the OCR page path.

Each frame is turned upright by its EXIF orientation, made grey and resampled to
the resolution the OCR path works at (200 dpi by default), so an image page is
read exactly as the same page inside a scanned PDF is: the PDF path renders its
page image at that resolution too.  The image's own resolution comes from its
dpi tag when that describes a paper-sized page; otherwise (phone photos carry 72
or nothing) the long side is taken to be an A4 page.  Boxes are in points of
that page, like every other reader's.
"""
from __future__ import annotations

from typing import BinaryIO

import cv2
import numpy as np

from jixiao.extractors.formats.source import SourceContent, UnreadableInput

A4_LONG_IN = 11.69
#: A dpi tag is believed when the page it implies has a long side in this range (inches).
PAPER_LONG_IN = (5.0, 20.0)
DPI_RANGE = (75.0, 1200.0)


def page_dpi(size_px: tuple[int, int], tagged: float | None) -> float:
    """The resolution the image was taken at, as best the file tells."""
    long_px = max(size_px)
    if tagged and DPI_RANGE[0] <= tagged <= DPI_RANGE[1] and PAPER_LONG_IN[0] <= long_px / tagged <= PAPER_LONG_IN[1]:
        return float(tagged)
    return long_px / A4_LONG_IN


def to_gray(frame, dpi: int) -> np.ndarray:
    """One frame as an upright 8-bit grey image at ``dpi``."""
    from PIL import ImageOps

    frame = ImageOps.exif_transpose(frame)
    tag = frame.info.get("dpi")
    tagged = float(tag[0]) if isinstance(tag, tuple) and tag and tag[0] else None
    source_dpi = page_dpi(frame.size, tagged)
    gray = np.asarray(frame.convert("L"))
    scale = dpi / source_dpi
    if abs(scale - 1.0) > 0.01:
        interpolation = cv2.INTER_LINEAR if scale > 1 else cv2.INTER_AREA  # linear: as pdfium renders a scan
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interpolation)
    return np.ascontiguousarray(gray)


def read_image(stream: BinaryIO, ocr_engine: str = "rapidocr", dpi: int = 200,
               max_pages: int | None = None) -> SourceContent:
    """Every frame of an image file, OCR-read, one page each."""
    from PIL import Image, UnidentifiedImageError

    from jixiao.extractors.ocr.engine import get_engine
    from jixiao.extractors.ocr.page_reader import ocr_image

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
            gray = to_gray(image, dpi)
        except (OSError, SyntaxError, ValueError) as exc:
            raise UnreadableInput(f"image frame {index + 1} cannot be decoded: {exc}") from exc
        content = ocr_image(gray, index + 1, engine, dpi)
        content.route_reason = f"image {content.route_reason}"
        pages.append(content)
    return SourceContent(pages=pages)

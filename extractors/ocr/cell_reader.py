"""Read a few cells of a page again, by OCR, without reading the page.

A second reading concerns a handful of cells (a score, a weight, a total). The
page is rendered once at the requested resolution and, for a page that the page
reader turned upright, straightened the same way (its skew and quarter turns),
so the cell boxes recorded by the first reading land on the same ink. Each cell
is then cut out with a small margin, the rules along its edges are painted
white, and its text lines are found by the ink profile and recognised, as the
page reader does for every cell; a glyph whose strokes thin to one pixel where
they meet is kept whole (``join_strokes``): a serif "5" otherwise fell apart into
its flag and its bowl, read "C5" against a text layer's exact "5". Grid search,
orientation votes and the rest of the page are skipped: the cost is one rendering plus a few line crops.
"""
from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
import pypdfium2 as pdfium

from jixiao.extractors.ocr import lone_glyphs
from jixiao.extractors.ocr.engine import Box, OcrEngine, get_engine
from jixiao.extractors.ocr.grid import EDGE_TOLERANCE_IN, rule_masks
from jixiao.extractors.ocr.cell_lines import cell_text
from jixiao.extractors.ocr.page_reader import CELL_INSET, ink_level, ink_lines, line_crop, paper_level
from jixiao.extractors.ocr.raster import render_gray, rotate_small, turn
from jixiao.normalizers.ocr_repair import repair_ocr_text

#: Margin (inches) cut around a cell, so its rules are whole inside the crop.
CROP_MARGIN_IN = 0.06


def upright_image(pdf_page: pdfium.PdfPage, dpi: int, skew: float = 0.0, quarter_turns: int = 0) -> np.ndarray:
    """The page rendered at ``dpi`` and turned as the page reader turned it."""
    return turn(rotate_small(render_gray(pdf_page, dpi), skew), quarter_turns)


def _without_edge_rules(crop: np.ndarray, box: Box, dpi: int) -> np.ndarray:
    """The crop with rule pixels near the cell's four edges painted white."""
    masks = rule_masks(crop, dpi)
    band = max(2, round(EDGE_TOLERANCE_IN * dpi))
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    near = np.zeros_like(masks.horizontal)
    for y in (y0, y1):
        near[max(y - band, 0):y + band + 1, :] |= masks.horizontal[max(y - band, 0):y + band + 1, :]
    for x in (x0, x1):
        near[:, max(x - band, 0):x + band + 1] |= masks.vertical[:, max(x - band, 0):x + band + 1]
    near = cv2.dilate(near, np.ones((3, 3), np.uint8))
    clean = crop.copy()
    clean[near > 0] = 255
    return clean


def read_cells(image: np.ndarray, boxes: Sequence[Box], dpi: int, engine: OcrEngine) -> list[tuple[str, float]]:
    """(repaired text, confidence) of each cell box (pixels of ``image``), in order."""
    h, w = image.shape
    margin = round(CROP_MARGIN_IN * dpi)
    crops: list[np.ndarray] = []
    owners: list[tuple[int, Box]] = []
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        cx0, cy0 = max(int(x0) - margin, 0), max(int(y0) - margin, 0)
        cx1, cy1 = min(int(np.ceil(x1)) + margin, w), min(int(np.ceil(y1)) + margin, h)
        if cx1 <= cx0 or cy1 <= cy0:
            continue
        local: Box = (x0 - cx0, y0 - cy0, x1 - cx0, y1 - cy0)
        clean = _without_edge_rules(image[cy0:cy1, cx0:cx1], local, dpi)
        paper, level = paper_level(clean), ink_level(clean)
        inset = (local[0] + CELL_INSET, local[1] + CELL_INSET, local[2] - CELL_INSET, local[3] - CELL_INSET)
        for line in ink_lines(clean, inset, dpi, level, bounds=local, join_strokes=True):
            crops.append(line_crop(clean, line, local, paper))
            owners.append((i, line))
    results = lone_glyphs.read_crops(engine, crops, dpi) if crops else []
    pieces: dict[int, list[tuple[Box, str, float]]] = {}
    for (i, line), (text, score) in zip(owners, results):
        if text.strip():
            pieces.setdefault(i, []).append((line, text.strip(), score))
    out = []
    for i in range(len(boxes)):
        raw, confidence = cell_text(pieces.get(i, []))
        out.append((repair_ocr_text(raw), confidence if raw else 0.0))
    return out


def _region_image(pdf_page: pdfium.PdfPage, bboxes: Sequence[Box], dpi: int) -> tuple[np.ndarray, float, float]:
    """Only the part of an unturned page the cells lie in, and its offset in points."""
    width, height = pdf_page.get_size()
    pad = CROP_MARGIN_IN * 72 * 2
    left = max(min(b[0] for b in bboxes) - pad, 0.0)
    top = max(min(b[1] for b in bboxes) - pad, 0.0)
    right = min(max(b[2] for b in bboxes) + pad, width)
    bottom = min(max(b[3] for b in bboxes) + pad, height)
    bitmap = pdf_page.render(scale=dpi / 72, crop=(left, height - bottom, width - right, top), grayscale=True)
    image = bitmap.to_numpy()
    return np.ascontiguousarray(image[..., 0] if image.ndim == 3 else image), left, top


def prepared_upright_image(pdf_page: pdfium.PdfPage, dpi: int, skew: float = 0.0,
                           quarter_turns: int = 0) -> np.ndarray:
    """The page prepared as the page reader prepared it (seals lifted, a photo squared, light
    evened) at ``dpi``, then turned as it was turned."""
    from jixiao.extractors.ocr.page_image import PdfRaster
    from jixiao.extractors.ocr.prepare import prepare_raster

    return turn(rotate_small(prepare_raster(PdfRaster(pdf_page), dpi).gray, skew), quarter_turns)


def reread_cells(pdf_page: pdfium.PdfPage, bboxes: Sequence[Box], engine: OcrEngine | None = None,
                 dpi: int = 300, skew: float = 0.0, quarter_turns: int = 0,
                 user_unit: float = 1.0, prepared: bool = False) -> list[tuple[str, float]]:
    """Second readings of cells given in PDF points of the (upright) page, top-left origin.

    A page the reader did not turn (text layer, or a straight scan) is rendered only
    where the cells are; a turned one is rendered whole and turned the same way.
    With ``prepared`` (a page whose seals the reader lifted) the page is prepared again
    at ``dpi``: read from the raw page, a cell under a seal reads the seal's strokes
    ("1康区" for 10) and contradicts a first reading made without them.
    Boxes are in points; pdfium draws a page in its own units, ``user_unit`` points each.
    """
    engine = engine or get_engine()
    if not bboxes:
        return []
    if user_unit != 1.0:
        bboxes = [tuple(v / user_unit for v in box) for box in bboxes]
    if prepared:
        image, ox, oy = prepared_upright_image(pdf_page, dpi, skew, quarter_turns), 0.0, 0.0
    elif skew == 0 and quarter_turns == 0 and pdf_page.get_rotation() == 0:
        image, ox, oy = _region_image(pdf_page, bboxes, dpi)
    else:
        image, ox, oy = upright_image(pdf_page, dpi, skew, quarter_turns), 0.0, 0.0
    k = dpi / 72.0
    boxes = [((x0 - ox) * k, (y0 - oy) * k, (x1 - ox) * k, (y1 - oy) * k) for x0, y0, x1, y1 in bboxes]
    return read_cells(image, boxes, dpi, engine)

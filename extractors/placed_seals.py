"""Seals pasted as pictures on digital pages.

Many published forms are printed straight to PDF and the office's red seal is
then inserted as an image (a PNG with transparency, or a JPEG on white) over
the score column or the signature line. The text layer is untouched, so the
text readers never see the seal; this module looks at the page's image
objects instead. An image is a seal when it is seal-sized (25–60 mm, about as
tall as wide) and what it shows on the rendered page is mostly red ink with a
ring all round (the ring of an official seal; the star and the arc text lie
inside it). Each seal becomes a :class:`Seal` record (page, box on the upright
page in points, ink colour, the arc text when it can be read), exactly as the
OCR pages report theirs, so ``forms.sealed`` says the form was signed off.

The page is rendered only when a seal-sized image is on it.
"""
from __future__ import annotations

import ctypes
import weakref

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.page_frame import PageFrame
from jixiao.models import Seal

#: Official seals are 38–45 mm across; accept pictures 25–60 mm on their longer side ...
SEAL_SIZE_MM = (25.0, 60.0)
#: ... and about round: the shorter side at least this share of the longer.
MIN_ROUNDNESS = 0.7
#: The seal picture is judged and read on the page rendered at this resolution.
RENDER_DPI = 200
#: Red ink makes up at least this share of the picture's visible ink (print under a PNG seal is not red) ...
MIN_RED_SHARE = 0.5
#: ... and covers between these shares of the picture's box (a solid red block is no seal).
RED_COVER = (0.03, 0.6)
#: The outer ring is inked along this share of its circumference.
MIN_RING_SUPPORT = 0.75
MM_PER_PT = 25.4 / 72


def _image_bounds(page: pdfium.PdfPage, max_depth: int = 4) -> list[tuple[float, float, float, float]]:
    """User-space boxes of the page's image objects, inside form XObjects too.

    Walks pdfium's object list directly: wrapping every text and path object of a
    busy page in a Python object costs more than the rest of the text path.
    """
    boxes = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def walk(count: int, get, depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    boxes.append((left.value, bottom.value, right.value, top.value))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < max_depth:
                walk(pdfium_c.FPDFFormObj_CountObjects(obj), lambda j, o=obj: pdfium_c.FPDFFormObj_GetObject(o, j),
                     depth + 1)

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), 1)
    return boxes


#: Image boxes of the pages open now: the font check and the seal finder both ask for them.
_BOUNDS: "weakref.WeakKeyDictionary[pdfium.PdfPage, list]" = weakref.WeakKeyDictionary()


def image_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """User-space boxes (left, bottom, right, top) of the page's images, found once per open page."""
    if page not in _BOUNDS:
        _BOUNDS[page] = _image_bounds(page)
    return _BOUNDS[page]


def seal_sized_images(page: pdfium.PdfPage, user_unit: float = 1.0) -> list[tuple[float, float, float, float]]:
    """User-space boxes (left, bottom, right, top) of the page's images shaped like a seal."""
    boxes = []
    for left, bottom, right, top in image_boxes(page):
        w, h = (right - left) * user_unit * MM_PER_PT, (top - bottom) * user_unit * MM_PER_PT
        if SEAL_SIZE_MM[0] <= max(w, h) <= SEAL_SIZE_MM[1] and min(w, h) >= MIN_ROUNDNESS * max(w, h):
            boxes.append((left, bottom, right, top))
    return boxes


def ring_support(red: np.ndarray) -> float:
    """Share of the circumference of the red ink's outer ring that is inked.

    The ink's box gives the centre and the outer radius; the best of the radii
    in the outer tenth of it counts, so a ring a little inside the box edge (or
    slightly oval after scaling) is found. Each circle is sampled as scanned
    seals' rings are (``ocr.seals._ring_support``: ±2 px about the radius).
    """
    ys, xs = np.nonzero(red)
    if len(xs) < 20:
        return 0.0
    cx, cy = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    radius = max(xs.max() - xs.min(), ys.max() - ys.min()) / 2
    if radius < 8:
        return 0.0
    from jixiao.extractors.ocr.seals import _ring_support

    ink = red > 0
    return max(_ring_support(ink, cx, cy, r) for r in np.linspace(0.86 * radius, radius, 8))


def _judge(patch: np.ndarray) -> np.ndarray | None:
    """The red ink mask of a picture that looks like a seal, or None."""
    import cv2  # here: a page without a seal-sized picture never needs OpenCV

    from jixiao.extractors.ocr.seals import red_ink_mask

    red = red_ink_mask(patch)
    gray = cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY)
    ink = (gray < 200) | (red > 0)
    cover = float((red > 0).mean())
    if not ink.any() or not RED_COVER[0] <= cover <= RED_COVER[1]:
        return None
    if (red > 0).sum() < MIN_RED_SHARE * ink.sum():
        return None
    return red if ring_support(red) >= MIN_RING_SUPPORT else None


def _engine():
    from jixiao.extractors.ocr.engine import get_engine

    return get_engine()


def placed_seals(page: pdfium.PdfPage, page_no: int, user_unit: float = 1.0, read_text: bool = True) -> list[Seal]:
    """Seals pasted as pictures on a page, as Seal records (boxes in points of the upright page)."""
    boxes = seal_sized_images(page, user_unit)
    if not boxes:
        return []
    from jixiao.extractors.ocr.seal_text import read_arc_text, red_seal_ink
    from jixiao.extractors.ocr.seals import _hex

    frame = PageFrame.of(page, user_unit)
    rgb = np.asarray(page.render(scale=RENDER_DPI / 72, may_draw_forms=False).to_pil().convert("RGB"))
    px = RENDER_DPI / 72 / user_unit  # upright points (with UserUnit) → pixels of the rendering
    seals: list[Seal] = []
    for box in boxes:
        x0, y0, x1, y1 = frame.box(*box)
        c0, r0 = max(int(x0 * px), 0), max(int(y0 * px), 0)
        c1, r1 = min(int(np.ceil(x1 * px)), rgb.shape[1]), min(int(np.ceil(y1 * px)), rgb.shape[0])
        if c1 - c0 < 16 or r1 - r0 < 16:
            continue
        patch = rgb[r0:r1, c0:c1]
        red = _judge(patch)
        if red is None:
            continue
        ys, xs = np.nonzero(red)
        ink_box = (c0 + xs.min(), r0 + ys.min(), c0 + xs.max() + 1, r0 + ys.max() + 1)
        seal = rgb[max(ink_box[1] - 4, 0):ink_box[3] + 4, max(ink_box[0] - 4, 0):ink_box[2] + 4]
        text, confidence = read_arc_text(red_seal_ink(seal), _engine()) if read_text else ("", 0.0)
        seals.append(Seal(page=page_no, bbox=tuple(round(v / px, 2) for v in ink_box), colour=_hex(patch, red),
                          seen_as="placed image", text=text, text_confidence=confidence))
    return seals

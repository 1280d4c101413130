"""Watermarks: text stamped across a page (内部资料, 仅供参考, an office's name) that is not the form's.

Drawn over or under the table, a watermark's characters land inside its cells, and a reader of the
text layer reads them as part of the cell ("产出指标资", "126处资料"): a form read otherwise exactly then
comes out wrong, and sure of it.  Two things tell a watermark from the form, the way the "add
watermark" tools of office suites and PDF editors set one:

* it is set at an oblique angle: a form prints nothing of its table obliquely (cells are upright, or
  turned a right angle on a landscape page or in a narrow column);
* or it is set far larger than the page's text, in a faint fill (a light colour or a transparent one).

Such text objects are left out of the cells and of the font check, like hidden ones
(:mod:`jixiao.extractors.hidden_text`).
"""
from __future__ import annotations

import ctypes
import math
import statistics
from collections import Counter
from collections.abc import Sequence

import pypdfium2.raw as pdfium_c

from jixiao.extractors.chars import address_function

#: Degrees a text object may turn from a right angle and still be the form's (a scan-like tilt of a
#: whole page is not drawn text; a watermark tool sets 30–60°).
OBLIQUE_DEG = 5.0
#: A text object at least this many times the size of the page's median character is display type ...
LARGE_SIZE = 1.8
#: ... and a watermark when its fill is faint: more transparent than this alpha, or no channel darker
#: than this (a grey of 55 % or lighter, a pale colour; black, red and blue print stay the form's).
FAINT_ALPHA = 230
FAINT_CHANNEL = 140

_MATRIX = address_function("FPDFPageObj_GetMatrix", [ctypes.c_void_p, ctypes.c_void_p], ctypes.c_int)
_FONT_SIZE = address_function("FPDFTextObj_GetFontSize", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float)],
                              ctypes.c_int)
_FILL = address_function("FPDFPageObj_GetFillColor", [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_uint)] * 4,
                         ctypes.c_int)


class _Shape:
    """A text object's angle (degrees) and size in page points."""

    __slots__ = ("angle", "size")

    def __init__(self, angle: float, size: float) -> None:
        self.angle, self.size = angle, size


def _shape(handle: int, matrix: pdfium_c.FS_MATRIX, size: ctypes.c_float) -> _Shape | None:
    if _MATRIX is None or _FONT_SIZE is None:
        return None
    if not _MATRIX(handle, ctypes.byref(matrix)) or not _FONT_SIZE(handle, ctypes.byref(size)):
        return None
    return _Shape(math.degrees(math.atan2(matrix.b, matrix.a)), size.value * math.hypot(matrix.c, matrix.d))


def is_oblique(angle: float) -> bool:
    off = abs(angle) % 90.0
    return min(off, 90.0 - off) > OBLIQUE_DEG


def _faint(handle: int) -> bool:
    if _FILL is None:
        return False
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if not _FILL(handle, *(ctypes.byref(v) for v in (r, g, b, a))):
        return False
    return a.value < FAINT_ALPHA or min(r.value, g.value, b.value) >= FAINT_CHANNEL


def watermark_objects(objects: Sequence[int]) -> frozenset[int]:
    """The text objects among these (one address per character of the page; 0 is none) that are a
    watermark's: oblique, or large and faint beside the page's median character."""
    counts = Counter(h for h in objects if h)
    if not counts:
        return frozenset()
    matrix, size = pdfium_c.FS_MATRIX(), ctypes.c_float(0)
    shapes = {h: _shape(h, matrix, size) for h in counts}
    oblique = {h for h, s in shapes.items() if s is not None and is_oblique(s.angle)}
    sizes = [s.size for h, s in shapes.items() if s is not None and h not in oblique for _ in range(counts[h])]
    if not sizes:
        return frozenset(oblique)
    large = LARGE_SIZE * statistics.median(sizes)
    return frozenset(oblique | {h for h, s in shapes.items()
                                if s is not None and h not in oblique and s.size >= large and _faint(h)})

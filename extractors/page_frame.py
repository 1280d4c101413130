"""Points of the upright page as displayed, whatever the page dictionary says.

A PDF page's content lives in *user space*; what a viewer shows is the
CropBox of that space (MediaBox when there is none), turned clockwise by
/Rotate and scaled by /UserUnit. pdfium reports characters and path points in
user space, so a page set landscape with `/Rotate 90`, or a page whose
CropBox does not start at (0, 0), yields boxes that are turned or shifted
against the page everyone sees. Every extractor converts through a
:class:`PageFrame`, so every bbox in the outputs is in points of the upright
page as displayed, origin top-left (multiplied by UserUnit, which pdfium
ignores).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageFrame:
    """The displayed window of user space: its CropBox corner, size, turn and unit."""

    x0: float
    y0: float
    width: float   # CropBox width in user space, before /Rotate
    height: float
    rotation: int = 0  # clockwise, 0/90/180/270
    user_unit: float = 1.0

    @classmethod
    def of(cls, page: pdfium.PdfPage, user_unit: float = 1.0) -> "PageFrame":
        left, bottom, right, top = page.get_cropbox()
        return cls(left, bottom, right - left, top - bottom, page.get_rotation() % 360, user_unit)

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) of the upright page as displayed, in points."""
        w, h = (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)
        return w * self.user_unit, h * self.user_unit

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point in displayed points, origin top-left."""
        u, v = x - self.x0, y - self.y0  # from the CropBox's lower-left corner, y up
        if self.rotation == 90:
            px, py = v, u
        elif self.rotation == 180:
            px, py = self.width - u, v
        elif self.rotation == 270:
            px, py = self.height - v, self.width - u
        else:
            px, py = u, self.height - v
        return px * self.user_unit, py * self.user_unit

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A user-space rectangle (any two corners) as (left, top, right, bottom) displayed."""
        (ax, ay), (bx, by) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def shows(self, x: float, y: float, slack: float = 0.0) -> bool:
        """Whether a displayed point lies on the visible page."""
        w, h = self.size
        return -slack <= x <= w + slack and -slack <= y <= h + slack


def user_units(path: Path | None, pages: int, data: bytes | None = None) -> list[float]:
    """/UserUnit of every page (1.0 unless set), from the file's bytes ``data`` when the caller holds them.

    pdfium does not expose it, so the page dictionaries are read with pdfminer,
    but only when the file can hold one where a byte search would not see it
    (the key itself, or compressed object streams).
    """
    default = [1.0] * pages
    if data is None:
        if path is None:
            return default
        try:
            data = Path(path).read_bytes()
        except OSError:
            return default
    if b"/UserUnit" not in data and b"/ObjStm" not in data:
        return default
    from io import BytesIO

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        doc = PDFDocument(PDFParser(BytesIO(data)))
        units = [float(resolve1(p.attrs.get("UserUnit", 1.0)) or 1.0) for p in PDFPage.create_pages(doc)]
    except Exception:  # a damaged page tree: pdfium still reads the pages, at unit 1
        return default
    return units if len(units) == pages else default

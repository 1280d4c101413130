"""Digital pages whose page dictionary, not their content, decides how they look.

Print drivers and imposition tools write landscape pages as portrait media with
`/Rotate 90` (or 270) and content drawn sideways, and leave printer's marks and
job slugs on a larger MediaBox with a CropBox around the visible page.  A reader
that ignores the page dictionary reads such pages sideways or picks up the slug.

Large-format producers (CAD plotters, some imposition tools) also write pages in
a user space unit larger than a point: /UserUnit 2 with the MediaBox and the
content halved shows the same page at the same size.

All rewrites keep what a viewer displays identical to the source page.
"""
from __future__ import annotations

from pathlib import Path

import pikepdf

#: Where the visible page sits on the larger sheet, and the sheet's margins (points).
SLUG_FONT = "/F_slug"


def _wrap_content(pdf: pikepdf.Pdf, page: pikepdf.Page, prefix: bytes, suffix: bytes = b"") -> None:
    """Draw the page's existing content inside `prefix … Q`, keeping its resources."""
    page.contents_coalesce()
    old = page.obj.Contents.read_bytes()
    page.obj.Contents = pikepdf.Stream(pdf, prefix + b"\n" + old + b"\nQ\n" + suffix)


def _content_turn(width: float, height: float, rotate: int) -> bytes:
    """The `cm` that lays an upright W×H page sideways on H×W media for a given /Rotate.

    A viewer turns the media clockwise by /Rotate, so the content must be turned
    the other way: counter-clockwise for 90, clockwise for 270.
    """
    if rotate == 90:  # (x, y) -> (H - y, x)
        return f"q 0 1 -1 0 {height:.4f} 0 cm".encode()
    if rotate == 270:  # (x, y) -> (y, W - x)
        return f"q 0 -1 1 0 0 {width:.4f} cm".encode()
    if rotate == 180:  # (x, y) -> (W - x, H - y)
        return f"q -1 0 0 -1 {width:.4f} {height:.4f} cm".encode()
    raise ValueError(f"/Rotate must be 90, 180 or 270, not {rotate}")


def rotate_pages(source: Path, out: Path, rotate: int) -> int:
    """Every page stored sideways with `/Rotate rotate`; displays as the source does."""
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            width, height = x1 - x0, y1 - y0
            shift = f"q 1 0 0 1 {-x0:.4f} {-y0:.4f} cm".encode()
            _wrap_content(pdf, page, _content_turn(width, height, rotate) + b"\n" + shift, b"Q\n")
            media = [0, 0, height, width] if rotate in (90, 270) else [0, 0, width, height]
            page.obj.MediaBox = pikepdf.Array(media)
            _drop_page_boxes(page)
            page.obj.Rotate = rotate
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return len(pdf.pages)


def _drop_page_boxes(page) -> None:
    """Remove every box but the MediaBox, so the page shows exactly what the twin redraws."""
    for key in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
        if key in page.obj:
            del page.obj[key]


def _slug(width: float, height: float, margin: tuple[float, float], label: str) -> bytes:
    """Crop marks at the visible page's corners and a job slug below it (outside the CropBox)."""
    mx, my = margin
    x0, y0, x1, y1 = mx, my, mx + width, my + height
    marks = []
    for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
        dx = -1 if x == x0 else 1
        dy = -1 if y == y0 else 1
        marks.append(f"{x + dx * 6:.2f} {y:.2f} m {x + dx * 24:.2f} {y:.2f} l S")
        marks.append(f"{x:.2f} {y + dy * 6:.2f} m {x:.2f} {y + dy * 24:.2f} l S")
    text = f"BT {SLUG_FONT} 7 Tf {x0:.2f} {y0 - 20:.2f} Td ({label}) Tj ET"
    return ("q 0.3 w 0 G\n" + "\n".join(marks) + "\n" + text + "\nQ\n").encode("latin-1")


def crop_offset_pages(source: Path, out: Path, margin: tuple[float, float], extra: tuple[float, float],
                      origin: tuple[float, float] = (0.0, 0.0), slug: str = "") -> int:
    """Put each page on a larger sheet (MediaBox from `origin`), CropBox around the original.

    `margin` is the visible page's offset from the sheet's corner, `extra` the sheet's
    excess beyond the page's far edges. Crop marks and the slug sit outside the CropBox,
    so a viewer shows exactly the source page.
    """
    ox, oy = origin
    with pikepdf.open(source) as pdf:
        if slug:
            font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                         BaseFont=pikepdf.Name.Helvetica))
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            width, height = x1 - x0, y1 - y0
            mx, my = ox + margin[0], oy + margin[1]
            shift = f"q 1 0 0 1 {mx - x0:.4f} {my - y0:.4f} cm".encode()
            marks = _slug(width, height, (mx, my), slug) if slug else b""
            _wrap_content(pdf, page, shift, marks)
            if slug:
                resources = page.obj.Resources
                if "/Font" not in resources:
                    resources.Font = pikepdf.Dictionary()
                resources.Font[SLUG_FONT] = font
            page.obj.MediaBox = pikepdf.Array([ox, oy, mx + width + extra[0], my + height + extra[1]])
            page.obj.CropBox = pikepdf.Array([mx, my, mx + width, my + height])
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return len(pdf.pages)


def user_unit_pages(source: Path, out: Path, unit: float) -> int:
    """Every page stored in units of `unit` points (/UserUnit): MediaBox and content scaled
    by 1/unit, so the page displays at the source's size."""
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
            k = 1.0 / unit
            _wrap_content(pdf, page, f"q {k:.6f} 0 0 {k:.6f} {-x0 * k:.4f} {-y0 * k:.4f} cm".encode())
            page.obj.MediaBox = pikepdf.Array([0, 0, round((x1 - x0) * k, 4), round((y1 - y0) * k, 4)])
            _drop_page_boxes(page)
            page.obj.UserUnit = unit
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return len(pdf.pages)

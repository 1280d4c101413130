"""Image-only PDF pages in the encodings scanners, phones and fax servers write.

Scanners and phone apps store DCT (JPEG) images, grey or colour; fax servers
store 1-bit CCITT Group 4 images, often with non-square pixels (204×98 dpi),
which the page's size in points makes square again on display.
"""
from __future__ import annotations

import io

import numpy as np
import pikepdf
from PIL import Image, TiffImagePlugin


def jpeg_bytes(img: Image.Image, quality: int, subsampling: int = 2) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True, subsampling=subsampling)
    return buf.getvalue()


def group4_bytes(bits: Image.Image) -> bytes:
    """CCITT G4 data of a 1-bit image (one strip), as a fax server embeds it."""
    buf = io.BytesIO()
    TiffImagePlugin.WRITE_LIBTIFF = True
    try:
        bits.save(buf, format="TIFF", compression="group4", tiffinfo={278: bits.size[1]})  # RowsPerStrip
    finally:
        TiffImagePlugin.WRITE_LIBTIFF = False
    buf.seek(0)
    with Image.open(buf) as tif:
        offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    if len(offsets) != 1:
        raise RuntimeError("expected one strip")
    data = buf.getvalue()
    return data[offsets[0]:offsets[0] + counts[0]]


def append_image_page(pdf: pikepdf.Pdf, image: pikepdf.Stream, size_pt: tuple[float, float]) -> None:
    """One page of ``size_pt`` points showing ``image`` full-bleed, as scanner software writes it."""
    w_pt, h_pt = size_pt
    content = pikepdf.Stream(pdf, f"q {w_pt:.3f} 0 0 {h_pt:.3f} 0 0 cm /Im0 Do Q".encode())
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, round(w_pt, 3), round(h_pt, 3)],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=content,
    )
    pdf.pages.append(pikepdf.Page(page))


def add_jpeg_page(pdf: pikepdf.Pdf, img: Image.Image, quality: int, size_pt: tuple[float, float]) -> None:
    """One full-bleed JPEG page, grey or colour by the image's mode."""
    colour = img.mode == "RGB"
    image = pikepdf.Stream(pdf, jpeg_bytes(img, quality))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = img.size
    image.ColorSpace = pikepdf.Name.DeviceRGB if colour else pikepdf.Name.DeviceGray
    image.BitsPerComponent = 8
    image.Filter = pikepdf.Name.DCTDecode
    append_image_page(pdf, image, size_pt)


def add_fax_page(pdf: pikepdf.Pdf, bits: np.ndarray, size_pt: tuple[float, float]) -> None:
    """One full-bleed 1-bit G4 page; `bits` is True where the paper is black."""
    img = Image.fromarray(np.where(bits, 0, 255).astype(np.uint8), mode="L").convert("1")
    image = pikepdf.Stream(pdf, group4_bytes(img))
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = img.size
    image.ColorSpace = pikepdf.Name.DeviceGray
    image.BitsPerComponent = 1
    image.Filter = pikepdf.Name.CCITTFaxDecode
    # PIL writes 1-bit TIFFs as MinIsBlack, so the coded runs have black as 1
    image.DecodeParms = pikepdf.Dictionary(K=-1, Columns=img.size[0], Rows=img.size[1], BlackIs1=True)
    append_image_page(pdf, image, size_pt)

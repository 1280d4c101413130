"""Image-only "scans" of a digital PDF, degraded the way office scanners degrade.

Each page is rendered with pdfium, skewed by a fraction of a degree, blurred,
given sensor noise and a paper tone, and stored as a grey JPEG at low quality.
The PDF keeps the source page size in points, has no fonts and no text layer,
so only OCR can read it.  Pages can be turned by 90°/180°/270° (the image and
the page box are turned together, as a sheet fed in the wrong way round).

Everything is driven by a seeded generator so `make samples` is repeatable.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from samples.generate.image_pdf import append_image_page

PAPER_TONE = 236  # scanned white is never 255
INK_FLOOR = 28  # nor is black 0


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 170
    jpeg_quality: int = 40
    min_skew_deg: float = 0.5
    max_skew_deg: float = 1.0
    blur_radius: float = 0.7
    noise_sigma: float = 7.0
    #: 1-based page → clockwise turn of the page image (90, 180 or 270).
    turned_pages: dict[int, int] = field(default_factory=dict)
    seed: int = 0


def render_gray(page: pdfium.PdfPage, dpi: int) -> Image.Image:
    return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def degrade(img: Image.Image, rng: np.random.Generator, s: ScanSettings) -> Image.Image:
    """Skew, blur, compress the tonal range and add noise, like a cheap flatbed."""
    angle = float(rng.uniform(s.min_skew_deg, s.max_skew_deg)) * float(rng.choice([-1.0, 1.0]))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(s.blur_radius))
    arr = np.asarray(img, dtype=np.float32)
    arr = INK_FLOOR + arr * (PAPER_TONE - INK_FLOOR) / 255.0
    arr += rng.normal(0.0, s.noise_sigma, arr.shape).astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")


def turn(img: Image.Image, degrees: int) -> Image.Image:
    """Turn clockwise by a multiple of 90° (PIL's rotate is counter-clockwise)."""
    return img.rotate(-degrees, expand=True) if degrees % 360 else img


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def add_image_page(pdf: pikepdf.Pdf, jpeg: bytes, size_px: tuple[int, int], size_pt: tuple[float, float]) -> None:
    """One page showing one full-bleed DCT image: what scanner software writes."""
    w_px, h_px = size_px
    image = pikepdf.Stream(pdf, jpeg)
    image.Type = pikepdf.Name.XObject
    image.Subtype = pikepdf.Name.Image
    image.Width, image.Height = w_px, h_px
    image.ColorSpace = pikepdf.Name.DeviceGray
    image.BitsPerComponent = 8
    image.Filter = pikepdf.Name.DCTDecode
    append_image_page(pdf, image, size_pt)


def scan_pdf(source: Path, out: Path, settings: ScanSettings) -> int:
    """Write the scanned twin of `source`; returns its page count."""
    rng = np.random.default_rng(settings.seed)
    doc = pdfium.PdfDocument(str(source))
    out_pdf = pikepdf.new()
    try:
        for index in range(len(doc)):
            page = doc[index]
            w_pt, h_pt = page.get_size()
            img = degrade(render_gray(page, settings.dpi), rng, settings)
            degrees = settings.turned_pages.get(index + 1, 0) % 360
            img = turn(img, degrees)
            if degrees in (90, 270):
                w_pt, h_pt = h_pt, w_pt
            add_image_page(out_pdf, jpeg_bytes(img, settings.jpeg_quality), img.size, (w_pt, h_pt))
            page.close()
        out_pdf.docinfo["/Producer"] = "Scanner image-only PDF"
        out_pdf.save(out, compress_streams=True, deterministic_id=True)
        return len(out_pdf.pages)
    finally:
        doc.close()
        out_pdf.close()

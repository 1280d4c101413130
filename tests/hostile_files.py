"""Hostile and damaged PDFs, made on the fly (not a test module; also used by bench/hostile_batch.py).

Each maker writes one file that reproduces a defect seen in the field: a
content stream that inflates to gigabytes, a page of millions of drawing
objects, a page too large to render, a page
object that cannot be loaded, a content stream damaged half-way. They are
generated rather than committed: the bomb alone would be megabytes.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pikepdf

#: One megabyte of a harmless, valid content-stream operator pair.
_BLOCK = (b"q Q " * (1 << 18))


def inflating_flate(megabytes: int) -> bytes:
    """A zlib stream of ``megabytes`` MB of ``q Q``, built in well under a second per GB.

    Every megabyte is compressed on its own after a full flush, so the compressed
    piece is the same each time and is simply repeated; the checksum is computed
    over the whole output as zlib would.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressor.compress(_BLOCK)
    compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(_BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(_BLOCK, adler)
    return b"\x78\xda" + piece * megabytes + b"\x03\x00" + struct.pack(">I", adler)


def inflation_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB (1 GB is a 1 MB file)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, inflating_flate(megabytes))
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].Contents = stream
    pdf.save(path, compress_streams=False)
    return path


def object_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF of ``megabytes`` MB of tiny filled rectangles: a ~50 KB file per 24 MB.

    Every ``re f`` is one path object to pdfium, which holds them all when it
    loads the page: 48 MB of them took 1.35 GB. The content stays under the
    content-size cap, so only the memory limit can stop it.
    """
    operator = b"0 0 1 1 re f\n"
    data = (operator * ((1 << 20) // len(operator) + 1))[: 1 << 20] * megabytes
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, zlib.compress(data, 6))
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].Contents = stream
    pdf.save(path, compress_streams=False)
    return path


def huge_page(path: Path, inches: float = 200.0, user_unit: float = 1.0) -> Path:
    """A scanned page ``inches`` wide and high (an image covering it): OCR would render gigapixels."""
    pdf = pikepdf.new()
    side = inches * 72 / user_unit
    pdf.add_blank_page(page_size=(side, side))
    page = pdf.pages[0]
    if user_unit != 1.0:
        page.obj.UserUnit = user_unit
    pixels = bytes(255 if (x // 8 + y // 8) % 2 else 0 for y in range(64) for x in range(64))
    image = pikepdf.Stream(pdf, pixels, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=64, Height=64,
                           ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.Contents = pikepdf.Stream(pdf, f"q {side:.2f} 0 0 {side:.2f} 0 0 cm /Im0 Do Q".encode())
    pdf.save(path)
    return path


def unloadable_page(source: Path, path: Path, page: int = 3) -> Path:
    """``source`` with its page ``page`` (1-based) replaced in the page tree by a non-page object."""
    with pikepdf.open(source) as pdf:
        pdf.Root.Pages.Kids[page - 1] = pdf.make_indirect(pikepdf.Integer(7))
        pdf.save(path)
    return path


def damaged_stream(source: Path, path: Path, page: int = 2) -> Path:
    """``source`` with 200 bytes in the middle of page ``page``'s compressed content stream garbled."""
    with pikepdf.open(source) as pdf:
        contents = pdf.pages[page - 1].obj.Contents
        stream = contents if isinstance(contents, pikepdf.Stream) else contents[0]
        raw = stream.read_raw_bytes()
        middle = len(raw) // 2
        garbled = raw[:middle] + bytes((b * 7 + 3) % 256 for b in raw[middle:middle + 200]) + raw[middle + 200:]
        stream.write(garbled, filter=pikepdf.Name.FlateDecode)
        pdf.save(path)
    return path

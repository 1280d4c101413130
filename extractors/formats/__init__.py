"""Readers for what offices publish besides PDF, behind one registry.

Each reader takes the file's bytes as a stream and returns the same
:class:`~jixiao.models.PageContent` pages the PDF readers produce, so assembly,
validation and outputs do not know the format:

| format | reader | a page is |
|---|---|---|
| xlsx, xlsm | :mod:`.xlsx` (openpyxl) | a visible sheet |
| xls | :mod:`.xls` (xlrd); WPS files xlrd cannot read go to the converter | a visible sheet |
| docx | :mod:`.docx` (python-docx) | the body up to a page break |
| jpg, png, tif (multi-page), bmp | :mod:`.images` (the OCR page path) | an image frame |
| doc, wps, et, odt, ods (and xls xlrd refuses) | :mod:`.convert` (LibreOffice headless) → docx/xlsx reader | as above |

The format is decided from the content first (zip containers are told apart by
their parts, OLE files by name), then from the extension; ``zip`` and ``rar``
are archives, expanded before reading (:mod:`jixiao.extractors.formats.archives`).
"""
from __future__ import annotations

import zipfile
from pathlib import PurePosixPath
from typing import BinaryIO

from jixiao.extractors.formats.source import SourceContent, UnreadableInput

#: Extensions by what reads them; the format name reported is the extension without its dot.
SPREADSHEETS = {".xlsx", ".xlsm"}
LEGACY_SPREADSHEETS = {".xls", ".et", ".ods"}
WORD = {".docx"}
LEGACY_WORD = {".doc", ".wps", ".odt"}
IMAGES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
ARCHIVES = {".zip", ".rar"}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC = ((b"%PDF", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG", "png"), (b"II*\x00", "tif"),
          (b"MM\x00*", "tif"), (b"Rar!", "rar"))
_IMAGE_NAMES = {".jpeg": "jpg", ".tiff": "tif"}


def _zip_kind(head: bytes, stream: BinaryIO | None) -> str:
    """xlsx, docx or a plain zip archive, from the parts a zip container holds."""
    if stream is None:
        return "zip"
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    finally:
        stream.seek(0)
    if "[Content_Types].xml" in names:
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return "unsupported"  # pptx and other OOXML
    return "zip"


def detect_format(name: str, head: bytes, stream: BinaryIO | None = None) -> str:
    """The format of a file by its first bytes and its name: "pdf", "xlsx", "doc", "zip", … or ".ext" if unsupported.

    A PDF header wins over any name (a PDF saved as .xls is a PDF); a file
    without a known header goes by its extension, so a ``.pdf`` holding HTML is
    still a (broken) PDF and is refused as one.
    """
    ext = PurePosixPath(name).suffix.lower()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        kind = _zip_kind(head, stream)
        if kind in ("xlsx", "docx") or (kind == "zip" and ext in ("", ".zip")):
            return kind
        if ext in SPREADSHEETS | WORD | LEGACY_SPREADSHEETS | LEGACY_WORD:
            return ext[1:]  # damaged, or OpenDocument: the reader or converter says which
        return ext  # another zip-based format (.pptx, .epub, …): unsupported
    if head.startswith(_OLE):
        if ext in LEGACY_SPREADSHEETS | LEGACY_WORD:
            return ext[1:]
        return ext or ".ole"
    if head.startswith(b"BM") and ext == ".bmp":
        return "bmp"
    if b"%PDF" in head[:1024]:  # a PDF after a few bytes of junk, which PDF readers accept
        return "pdf"
    if ext == ".pdf":
        return "pdf"
    if ext in SPREADSHEETS | WORD | LEGACY_SPREADSHEETS | LEGACY_WORD | IMAGES | ARCHIVES:
        # A known extension whose content does not match: WPS and web sites save HTML or text
        # under office names; the converter (if installed) reads what it can.
        return ext[1:] if ext not in IMAGES else _IMAGE_NAMES.get(ext, ext[1:])
    return ext or "(no extension)"


def is_supported(fmt: str) -> bool:
    return not fmt.startswith(".") and fmt != "(no extension)"


def is_archive(fmt: str) -> bool:
    return fmt in ("zip", "rar")


def read_source(fmt: str, stream: BinaryIO, name: str, ocr: str = "auto", ocr_engine: str = "rapidocr",
                dpi: int = 200, max_pages: int | None = None) -> SourceContent:
    """Pages of a non-PDF document; raises UnreadableInput with a message a person can act on."""
    if fmt in ("xlsx", "xlsm"):
        from jixiao.extractors.formats.xlsx import read_xlsx

        return _guarded(read_xlsx, stream, fmt)
    if fmt == "docx":
        from jixiao.extractors.formats.docx import read_docx

        return _guarded(read_docx, stream, fmt)
    if fmt in ("xls", "et"):
        from jixiao.extractors.formats.xls import read_xls

        return read_xls(stream, name)
    if fmt in ("doc", "wps", "odt", "ods"):
        from jixiao.extractors.formats.convert import read_converted

        return read_converted(stream, name, "xlsx" if fmt == "ods" else "docx")
    if fmt in ("jpg", "png", "tif", "bmp"):
        if ocr == "never":
            raise UnreadableInput("an image can only be read by OCR, which is disabled (--ocr never)")
        from jixiao.extractors.formats.images import read_image

        return read_image(stream, ocr_engine=ocr_engine, dpi=dpi, max_pages=max_pages)
    raise UnreadableInput(f"unsupported format: {fmt}")


def _guarded(reader, stream: BinaryIO, fmt: str) -> SourceContent:
    """Library errors on a damaged file become one clear message."""
    try:
        return reader(stream)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError, TypeError) as exc:
        raise UnreadableInput(f"corrupt or truncated .{fmt} file: {type(exc).__name__}: {exc}") from exc


__all__ = ["SourceContent", "UnreadableInput", "detect_format", "read_source", "is_supported", "is_archive"]

"""Damaged page content streams, found before they silently cost rows.

pdfium decodes a content stream until the first corrupt byte and draws what it
got, without a word: a page whose compressed stream is damaged half-way loses
half its text while reading "succeeds". This module decodes every page's
content streams itself (pdfminer finds them; zlib says where decoding breaks),
so the page, and with it the document, can be marked ``partial`` instead of
``ok``. Decoding is streamed in small pieces: a stream that inflates to
gigabytes is checked without holding it.
"""
from __future__ import annotations

import io
import logging
import zlib

#: Decoded bytes handled at a time while checking a stream.
_PIECE = 1 << 20


class _Collect(logging.Handler):
    """pdfminer reports damage it works around as warnings; keep them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _filters(stream) -> list[str]:
    from pdfminer.pdftypes import resolve1

    found = resolve1(stream.get_any(("F", "Filter")))
    names = found if isinstance(found, list) else [found] if found else []
    return [getattr(resolve1(n), "name", str(n)) for n in names]


def flate_damage(raw: bytes) -> str | None:
    """Why a Flate stream cannot be decoded to its end, or None when it can."""
    decoder = zlib.decompressobj()
    pending = raw
    try:
        while pending:
            decoder.decompress(pending, _PIECE)
            pending = decoder.unconsumed_tail
            if decoder.eof:
                return None
        while not decoder.eof and decoder.decompress(b"", _PIECE):
            pass
    except zlib.error as exc:
        return f"compressed data is corrupt ({exc})"
    return None if decoder.eof else "compressed data ends early (truncated stream)"


def _stream_damage(stream) -> str | None:
    filters = _filters(stream)
    if filters == ["FlateDecode"] or filters == ["Fl"]:
        raw = stream.rawdata if stream.rawdata is not None else b""
        if stream.decipher:  # encrypted (an owner password alone): decrypt as pdfminer would
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        return flate_damage(raw)
    try:
        stream.get_data()
    except Exception as exc:  # noqa: BLE001 - any decoder failure is damage to report
        return f"cannot decode ({type(exc).__name__}: {exc})"
    return None


def damaged_pages(data: bytes, page_count: int) -> dict[int, str]:
    """1-based page number → what is wrong with its content streams.

    Returns {} when pdfminer cannot walk the file at all (pdfium, which read it,
    is then the better judge) or sees a different number of pages than pdfium
    (page numbers could not be trusted).
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    collect = _Collect()
    logger = logging.getLogger("pdfminer")
    logger.addHandler(collect)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
        if len(pages) != page_count:
            return {}
        damage: dict[int, str] = {}
        for number, page in enumerate(pages, start=1):
            del collect.messages[:]
            problems = []
            for stream in page.contents:
                stream = resolve1(stream)
                if isinstance(stream, PDFStream):
                    problem = _stream_damage(stream)
                    if problem:
                        problems.append(problem)
            problems += [f"pdfminer: {m}" for m in collect.messages]
            if problems:
                damage[number] = "content stream damaged: " + "; ".join(dict.fromkeys(problems))
        return damage
    except Exception:  # noqa: BLE001 - a file pdfminer cannot walk is not thereby damaged
        return {}
    finally:
        logger.removeHandler(collect)

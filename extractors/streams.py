"""Damaged page content streams, found before they silently cost rows.

pdfium decodes a content stream until the first corrupt byte and draws what it
got, without a word: a page whose compressed stream is damaged half-way loses
half its text while reading "succeeds". This module decodes every page's
content streams itself (pdfminer finds them; zlib says where decoding breaks),
so the page, and with it the document, can be marked ``partial`` instead of
``ok``. Decoding is streamed in small pieces and stops at
``MAX_PAGE_CONTENT_MB``: a page whose content inflates past it (a 2 MB file
that inflates to 2 GB) is skipped before pdfium is asked to hold it.
"""
from __future__ import annotations

import io
import logging
import zlib

from jixiao.extractors.pages import PageProblem

#: Decoded bytes handled at a time while checking a stream.
_PIECE = 1 << 20
#: Decoded content of one page beyond which it is not a form but a bomb: a dense
#: table page holds well under 1 MB of drawing operators.
MAX_PAGE_CONTENT_MB = 64
#: Streams in other codecs than Flate are decoded whole by pdfminer; only small
#: ones are checked, since LZW can expand a few kilobytes thousands of times.
_MAX_OTHER_CODEC_BYTES = 16 << 10


class ContentTooLarge(Exception):
    """A page's content streams inflate past MAX_PAGE_CONTENT_MB."""


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


def flate_damage(raw: bytes, budget: int) -> tuple[str | None, int]:
    """Why a Flate stream cannot be decoded to its end (or None), and how many bytes it gave.

    Raises ContentTooLarge once more than ``budget`` bytes have come out.
    """
    decoder = zlib.decompressobj()
    pending, produced = raw, 0
    try:
        while True:
            produced += len(decoder.decompress(pending, _PIECE))
            if produced > budget:
                raise ContentTooLarge
            pending = decoder.unconsumed_tail
            if decoder.eof or not pending:
                break
        while not decoder.eof:
            piece = decoder.decompress(b"", _PIECE)
            if not piece:
                break
            produced += len(piece)
            if produced > budget:
                raise ContentTooLarge
    except zlib.error as exc:
        return f"compressed data is corrupt ({exc})", produced
    return (None if decoder.eof else "compressed data ends early (truncated stream)"), produced


def _stream_damage(stream, budget: int) -> tuple[str | None, int]:
    filters = _filters(stream)
    raw = stream.rawdata if stream.rawdata is not None else b""
    if filters == ["FlateDecode"] or filters == ["Fl"]:
        if stream.decipher:  # encrypted (an owner password alone): decrypt as pdfminer would
            raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
        return flate_damage(raw, budget)
    if filters and len(raw) > _MAX_OTHER_CODEC_BYTES:
        return None, len(raw)
    try:
        produced = len(stream.get_data())
    except Exception as exc:  # noqa: BLE001 - any decoder failure is damage to report
        return f"cannot decode ({type(exc).__name__}: {exc})", len(raw)
    if produced > budget:
        raise ContentTooLarge
    return None, produced


def _page_problem(number: int, page, collect: _Collect) -> PageProblem | None:
    from pdfminer.pdftypes import PDFStream, resolve1

    del collect.messages[:]
    problems, budget = [], MAX_PAGE_CONTENT_MB << 20
    try:
        for stream in page.contents:
            stream = resolve1(stream)
            if isinstance(stream, PDFStream):
                problem, produced = _stream_damage(stream, budget)
                budget -= produced
                if problem:
                    problems.append(problem)
    except ContentTooLarge:
        return PageProblem(number, f"content inflates past {MAX_PAGE_CONTENT_MB} MB (a decompression bomb?); "
                                   "not read")
    problems += [f"pdfminer: {m}" for m in collect.messages]
    if problems:
        return PageProblem(number, "content stream damaged: " + "; ".join(dict.fromkeys(problems)), skipped=False)
    return None


def content_problems(data: bytes, page_count: int) -> list[PageProblem]:
    """Pages whose content streams are damaged (read, but marked) or inflate too far (skipped).

    Returns [] when pdfminer cannot walk the file at all (pdfium, which opened
    it, is then the better judge) or sees a different number of pages than
    pdfium (page numbers could not be trusted).
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    collect = _Collect()
    logger = logging.getLogger("pdfminer")
    logger.addHandler(collect)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
        if len(pages) != page_count:
            return []
        found = (_page_problem(number, page, collect) for number, page in enumerate(pages, start=1))
        return [problem for problem in found if problem]
    except Exception:  # noqa: BLE001 - a file pdfminer cannot walk is not thereby damaged
        return []
    finally:
        logger.removeHandler(collect)

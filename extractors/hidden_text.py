"""Text a page carries but does not show: characters drawn in the invisible render mode.

Scanner software makes a scan "searchable" by writing what its own OCR read over the page image as
invisible text (render mode 3: neither filled nor stroked; Tesseract, OCRmyPDF, ABBYY and Acrobat all
do so).  pdfium and pdfplumber list those characters like any others, so a reader of the text layer
reads the scanner's transcription instead of the page: its misreadings included, each line's
characters spread evenly over the line's box rather than where the glyphs are.  Producers also hide
text on digital pages (search keywords, tags).  What a page does not show is not the form: hidden
characters are left out of the cells and out of the font check (there is no drawn glyph to compare a
claim with), and a page whose text is nearly all hidden is read as it shows, by OCR.
"""
from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence

import pypdfium2.raw as pdfium_c

from jixiao.extractors.chars import CharListing, address_function

#: pdfium's FPDF_TEXTRENDERMODE_INVISIBLE.  Clip mode (7) is left alone: its glyphs show whatever is
#: painted through them afterwards.
INVISIBLE = pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
#: A page whose drawn characters are at least this share hidden shows no text of its own: a picture
#: with a transcription under it.  A scanner's layer hides all of them (1.0); a digital page hiding a
#: few keywords stays on the text route with those characters left out.
HIDDEN_PAGE_SHARE = 0.9
#: Codes pdfium lists that draw nothing (line ends, padding) and spaces, not counted either way.
_NOT_DRAWN = {0, 10, 13, 32, 0x3000, 0xFFFE, 0xFFFF}

_RENDER_MODE = address_function("FPDFTextObj_GetTextRenderMode", [ctypes.c_void_p], ctypes.c_int)


def _render_mode(handle: int) -> int:
    if _RENDER_MODE is not None:
        return _RENDER_MODE(handle)
    return pdfium_c.FPDFTextObj_GetTextRenderMode(ctypes.cast(handle, pdfium_c.FPDF_PAGEOBJECT))


def hidden_objects(objects: Sequence[int]) -> frozenset[int]:
    """The text objects among these (addresses, one per character of the page; 0 is none) whose glyphs are
    drawn invisibly."""
    return _answered(objects, "hidden", lambda: frozenset(h for h in set(objects) if h and _render_mode(h) == INVISIBLE))


def hidden_share(listing: CharListing, hidden: frozenset[int]) -> tuple[int, int]:
    """How many of the page's drawn characters are hidden, and how many there are."""
    drawn = hid = 0
    for code, obj in zip(listing.codes, listing.objects):
        if obj and code not in _NOT_DRAWN:
            drawn += 1
            hid += obj in hidden
    return hid, drawn


def shown_text(listing: CharListing, hidden: frozenset[int]) -> str:
    """The text layer's text without its hidden characters (pdfium's own line ends kept)."""
    return "".join(chr(code) for code, obj in zip(listing.codes, listing.objects) if obj not in hidden)


#: The last pages' answers of :func:`hidden_objects` and :func:`unread_objects`, by the identity of their
#: listing's object list: the routing, the font check and the text reader of a page ask in turn (on two
#: threads at most), each with the page's one listing.
_ANSWERS: dict[int, tuple[Sequence[int], dict[str, frozenset[int]]]] = {}
_ANSWERS_KEPT = 8


def _answered(objects: Sequence[int], question: str, answer: Callable[[], frozenset[int]]) -> frozenset[int]:
    kept = _ANSWERS.get(id(objects))
    if kept is None or kept[0] is not objects:
        if len(_ANSWERS) >= _ANSWERS_KEPT:
            _ANSWERS.clear()
        kept = _ANSWERS[id(objects)] = (objects, {})
    if question not in kept[1]:
        kept[1][question] = answer()
    return kept[1][question]


def unread_objects(objects: Sequence[int]) -> frozenset[int]:
    """The text objects (addresses, one per character of the page) that are not the form's text: drawn
    invisibly, or a watermark's (:mod:`jixiao.extractors.watermarks`); their characters are neither read
    into cells nor checked against the page."""
    from jixiao.extractors.watermarks import watermark_objects

    return _answered(objects, "unread", lambda: hidden_objects(objects) | watermark_objects(objects))

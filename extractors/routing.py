"""Decide per page whether its text layer can be read as it is, or the page needs OCR.

Three ways a page's text layer fails us:

* there is none (a scan: an image covering the page) or almost none next to what
  the page draws (text converted to outlines);
* it lies: a broken /ToUnicode map turns each character into another one, so
  the page *looks* right and the text says "英派牛也石 你: 在门巾以务服多";
* it is made of characters nobody prints (private-use code points, U+FFFD,
  rare CJK), another symptom of a broken map.

A lying layer still consists of ordinary characters, so the measured signal is
the share of the page's CJK *bigrams* that are plausible: found in a table of
bigrams of published forms (``routing_vocab.txt``) or, when opencc is installed
(a main dependency), in its phrase dictionary. On the samples clean pages score
0.90–1.00 (0.54 with the table built without the page's own document) and lying
pages 0.01–0.07; the threshold sits between. Pages are also judged line by
line, so a page where only one font lies is caught.

Kangxi radicals (U+2F00–U+2FDF) and CJK radical supplement code points
(U+2E80–U+2EFF) that some producers emit instead of ideographs are honest text:
they are mapped to ideographs before scoring.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.routing_vocab import bigrams, load, load_phrases
from jixiao.normalizers.text_repair import RADICAL_MAP

#: Below this share of plausible bigrams a text layer is taken to be lying.
MIN_PLAUSIBLE_BIGRAMS = 0.30
#: Fewer bigrams than this are too few to judge by pairs; characters decide.
MIN_BIGRAMS_TO_JUDGE = 12
#: A line with at least this many bigrams is judged on its own; it is garbled
#: below GARBLED_LINE (92% of lying lines are; clean lines of a document the
#: table was built without: at most 9% of a page's lines)...
LINE_BIGRAMS = 4
GARBLED_LINE = 0.15
#: ...and a page lies in part (one broken font among good ones) when more than
#: this share of its judged lines, and at least MIN_GARBLED_LINES, are garbled.
MAX_GARBLED_LINE_SHARE = 0.15
MIN_GARBLED_LINES = 4
#: Above this share of rare/unmapped characters a text layer is garbled.
MAX_RARE_SHARE = 0.20
#: A page with fewer printable characters than this has "no text layer"
#: when it draws something substantial (an image or many paths).
MIN_CHARS = 30
#: Image coverage (share of the page area) that makes a page a scan.
SCAN_IMAGE_COVERAGE = 0.5
#: How the route names a page without a text layer of its own to check: none at all, or one that is not
#: drawn (see route_page); such pages go to OCR unchecked.
NO_LAYER = "no text layer"
NO_LAYER_SHOWN = f"{NO_LAYER} shown"
#: Path objects that count as substantial drawn content (outlined text, charts).
MANY_PATHS = 200

_RADICALS = str.maketrans(RADICAL_MAP)
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Characters a working text layer never yields: private use, replacement, controls.
BROKEN = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class PageRoute:
    """Where a page goes and why; ``score`` is the trust in its text layer (0–1)."""

    route: Literal["text", "ocr"]
    reason: str
    score: float


def map_radicals(text: str) -> str:
    """Radical code points → the ideographs they stand for, by the same table the cell
    repair uses (scoring only; cheap when absent)."""
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return text.translate(_RADICALS)


@lru_cache(maxsize=1)
def plausible_bigrams() -> frozenset[str]:
    """Form bigrams, plus the bigrams of opencc's phrase list (shipped precomputed)."""
    return load() | load_phrases()


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """GB 2312 (the 6763 characters of everyday simplified Chinese) plus the form table's."""
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    chars.update(ch for pair in load() for ch in pair)
    return frozenset(chars)


@dataclass(frozen=True)
class TextLayerScore:
    """Measured plausibility of a page's extracted text."""

    n_chars: int
    n_bigrams: int
    plausible_share: float  # of CJK bigrams
    rare_share: float       # of CJK characters outside everyday use, plus broken code points
    judged_lines: int = 0   # lines with enough bigrams to judge alone
    garbled_lines: int = 0  # of those, lines below GARBLED_LINE


def score_text(text: str) -> TextLayerScore:
    """Plausibility of extracted text (see module docstring)."""
    text = map_radicals(text)
    printable = [ch for ch in text if not ch.isspace()]
    pairs = bigrams(text)
    table = plausible_bigrams()
    plausible = sum(p in table for p in pairs) / len(pairs) if pairs else 1.0
    cjk = CJK.findall(text)
    common = common_characters()
    rare = sum(ch not in common for ch in cjk) + len(BROKEN.findall(text))
    rare_share = rare / max(len(cjk) + len(BROKEN.findall(text)), 1)
    judged = garbled = 0
    for line in text.splitlines():
        line_pairs = bigrams(line)
        if len(line_pairs) >= LINE_BIGRAMS:
            judged += 1
            garbled += sum(p in table for p in line_pairs) / len(line_pairs) < GARBLED_LINE
    return TextLayerScore(len(printable), len(pairs), round(plausible, 4), round(rare_share, 4), judged, garbled)


def _drawn_content(page: pdfium.PdfPage) -> tuple[float, int]:
    """Largest image's share of the page area, and the number of path objects."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    image_share, paths = 0.0, 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            image_share = max(image_share, (right - left) * (top - bottom) / area)
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    return min(image_share, 1.0), paths


def page_text(page: pdfium.PdfPage) -> str:
    """The page's whole text layer as pdfium extracts it."""
    from jixiao.extractors.chars import text_layer

    with text_layer(page) as layer:
        return layer.textpage.get_text_range()


def route_text(text: str, page: pdfium.PdfPage | None = None) -> PageRoute:
    """Route given extracted text; ``page`` is consulted only when the text is nearly empty."""
    s = score_text(text)
    if s.n_chars < MIN_CHARS:
        image_share, paths = _drawn_content(page) if page is not None else (0.0, 0)
        if image_share >= SCAN_IMAGE_COVERAGE:
            return PageRoute("ocr", f"{NO_LAYER}: {s.n_chars} chars, image covers {image_share:.0%}", 0.0)
        if paths >= MANY_PATHS:
            return PageRoute("ocr", f"{NO_LAYER}: {s.n_chars} chars, {paths} drawn paths", 0.0)
        return PageRoute("text", f"little content: {s.n_chars} chars", 1.0)
    if s.rare_share > MAX_RARE_SHARE:
        return PageRoute("ocr", f"garbled: {s.rare_share:.0%} rare or broken characters", round(1 - s.rare_share, 4))
    if s.n_bigrams >= MIN_BIGRAMS_TO_JUDGE and s.plausible_share < MIN_PLAUSIBLE_BIGRAMS:
        return PageRoute("ocr", f"garbled: plausible bigrams {s.plausible_share:.2f} of {s.n_bigrams}", s.plausible_share)
    if s.garbled_lines >= MIN_GARBLED_LINES and s.garbled_lines > MAX_GARBLED_LINE_SHARE * s.judged_lines:
        return PageRoute("ocr", f"partly garbled: {s.garbled_lines} of {s.judged_lines} lines implausible",
                         round(1 - s.garbled_lines / s.judged_lines, 4))
    return PageRoute("text", f"text layer ok: plausible bigrams {s.plausible_share:.2f} of {s.n_bigrams}", s.plausible_share)


def route_page(pdf_page: pdfium.PdfPage) -> PageRoute:
    """Route one page: ``text`` when its text layer can be trusted, else ``ocr``.

    Characters drawn invisibly are not the page's (:mod:`jixiao.extractors.hidden_text`): the page is
    judged by the text it shows (see :func:`hidden_layer_route`).
    """
    return hidden_layer_route(pdf_page) or route_text(page_text(pdf_page), pdf_page)


def hidden_layer_route(pdf_page: pdfium.PdfPage) -> PageRoute | None:
    """The route of a page with characters drawn invisibly, judged by the text it shows; None for a page
    without any.  A page that shows (nearly) none of its text — a scan under its scanner's OCR layer — goes
    to OCR as having no text layer shown."""
    from jixiao.extractors.chars import text_layer
    from jixiao.extractors.hidden_text import HIDDEN_PAGE_SHARE, hidden_objects, hidden_share, shown_text

    with text_layer(pdf_page) as layer:
        listing = layer.chars()
        hidden = hidden_objects(listing.objects)
        if not hidden:
            return None
        count, drawn = hidden_share(listing, hidden)
        shown = route_text(shown_text(listing, hidden), pdf_page)
    if count < HIDDEN_PAGE_SHARE * drawn and not shown.reason.startswith(NO_LAYER):
        return shown
    image_share, _ = _drawn_content(pdf_page)
    return PageRoute("ocr", f"{NO_LAYER_SHOWN}: {count} of {drawn} characters drawn invisibly, "
                     f"an image covers {image_share:.0%} of the page", 0.0)

"""Characters of a text layer, and how they fill the cells of a table.

Both text-layer readers (the ruled grid and camelot) need the same two steps:
read every visible character with its box through pdfium (clip-aware, so a
merged cell that LibreOffice draws on two pages is read once, where it shows),
and put each character into the cell under its centre, joining lines the CJK
way. Characters outside every table become loose text lines (titles, header
fields, narrative).
"""
from __future__ import annotations

import ctypes
import threading
import weakref
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Set
from contextlib import contextmanager
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.inferred_grid import visual_lines
from jixiao.extractors.page_frame import PageFrame
from jixiao.extractors.ruling import cluster
from jixiao.models import PageTable, TextLine
from jixiao.normalizers.text_repair import join_lines, repair_text

CellBox = tuple[float, float, float, float]
#: Confidence of a cell or line holding a glyph of a lying font that could not be read surely:
#: below the LOW_CONFIDENCE threshold, so the auditor is told to look.
DOUBTFUL_CONFIDENCE = 0.5


class Char(NamedTuple):
    """One character of the text layer with its box (top-left coordinates)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    #: The clip box of a glyph drawn outside it: it belongs to the cell the clip outlines.
    clip: CellBox | None = None
    #: A glyph of a lying font that could not be read surely: its cell is marked low-confidence.
    doubtful: bool = False

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def clip_box(obj, frame: PageFrame) -> CellBox | None:
    """Bounding box (displayed page, top-left origin) of a page object's clip path, if it has one."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    paths = pdfium_c.FPDFClipPath_CountPaths(clip)
    if paths <= 0:
        return None
    xs, ys = [], []
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    for k in range(paths):
        for i in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, k)):
            seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, k, i)
            if pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                px, py = frame.point(x.value, y.value)
                xs.append(px)
                ys.append(py)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def address_function(name: str, argtypes: list | None = None, restype=ctypes.c_void_p):
    """A pdfium function whose page objects and fonts are plain addresses (ints), not typed pointers.

    pypdfium2's bindings take and return typed pointers; casting one per glyph took a fifth of
    listing a page's glyphs, and LibreOffice draws every glyph as an object of its own.
    ``argtypes`` replaces the binding's (None: keep them).  None when the binding's library is
    not where expected (the callers then cast).
    """
    try:
        from pypdfium2_raw.bindings import _libs

        function = _libs["pdfium"][name]  # a new function object: the binding's is untouched
        function.argtypes = argtypes if argtypes is not None else getattr(pdfium_c, name).argtypes
        function.restype = restype
        return function
    except (ImportError, KeyError, AttributeError, TypeError):
        return None


def _object_handle_slowly(raw, index: int) -> int:
    obj = pdfium_c.FPDFText_GetTextObject(raw, index)
    return (ctypes.cast(obj, ctypes.c_void_p).value or 0) if obj else 0


#: The address of a character's text object (textpage, index → int, 0 for none): the handle it is known by.
OBJECT_HANDLE = address_function("FPDFText_GetTextObject") or _object_handle_slowly


_CLIPS: "weakref.WeakKeyDictionary[pdfium.PdfPage, dict[PageFrame, dict[int, CellBox | None]]]" = \
    weakref.WeakKeyDictionary()
_CLIPS_LOCK = threading.Lock()


def object_clips(page: pdfium.PdfPage, frame: PageFrame) -> dict[int, CellBox | None]:
    """The clip boxes of the page's text objects found so far (object handle → :func:`clip_box` in ``frame``),
    for the page while it is open.

    The font check and the text reader meet the same objects of a page (its handles stay
    valid while the page is loaded), and LibreOffice draws every glyph as an object of its
    own: locating each clip once, not once per reader, saved ~7 µs a glyph.
    """
    with _CLIPS_LOCK:
        return _CLIPS.setdefault(page, {}).setdefault(frame, {})


def _outside(char: "Char", clip: CellBox | None) -> bool:
    """True for a glyph drawn outside its clip path, i.e. not visible where it sits.

    LibreOffice writes the whole text of a merged cell that straddles a page break
    on both pages, positioned for the whole block and clipped to the piece on each
    page. Read where it sits, that text would land in the repeated header or the
    next group; it belongs to the piece its clip outlines.
    """
    if clip is None:
        return False
    cx, cy = char.center
    return not (clip[0] - 1 <= cx <= clip[2] + 1 and clip[1] - 1 <= cy <= clip[3] + 1)


class CharListing(NamedTuple):
    """Every character of a page's text layer as pdfium lists it, by character index: its code, the
    address of its text object (0: none) and its box in page space (left, right, bottom, top; None: no box)."""

    codes: list[int]
    objects: list[int]
    boxes: list[tuple[float, float, float, float] | None]


#: Per character of a text page (text page address, index): its code, its box into four doubles at the
#: given addresses (whether pdfium gives one), whether its code has no Unicode mapping, whether pdfium
#: generated it (spaces, line ends).  Plain addresses: the typed bindings cost a third of listing a page.
CHAR_CODE = address_function("FPDFText_GetUnicode", [ctypes.c_void_p, ctypes.c_int], ctypes.c_uint)
CHAR_BOX = address_function("FPDFText_GetCharBox", [ctypes.c_void_p, ctypes.c_int] + [ctypes.c_void_p] * 4,
                            ctypes.c_int)
CHAR_UNMAPPED = address_function("FPDFText_HasUnicodeMapError", [ctypes.c_void_p, ctypes.c_int], ctypes.c_int)
CHAR_GENERATED = address_function("FPDFText_IsGenerated", [ctypes.c_void_p, ctypes.c_int], ctypes.c_int)
CHAR_OBJECT = address_function("FPDFText_GetTextObject", [ctypes.c_void_p, ctypes.c_int])


def textpage_address(textpage: pdfium.PdfTextPage) -> int:
    return ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0


def list_chars(textpage: pdfium.PdfTextPage) -> CharListing:
    """Code, text object and box of every character of the text layer, in one pass."""
    raw = textpage.raw
    codes: list[int] = []
    objects: list[int] = []
    boxes: list[tuple[float, float, float, float] | None] = []
    add_code, add_object, add_box = codes.append, objects.append, boxes.append
    count = pdfium_c.FPDFText_CountChars(raw)
    if CHAR_CODE and CHAR_BOX and CHAR_OBJECT:
        address, edges = textpage_address(textpage), (ctypes.c_double * 4)()  # left, right, bottom, top
        at = ctypes.addressof(edges)
        refs = (at, at + 8, at + 16, at + 24)
        get_code, get_box, get_object = CHAR_CODE, CHAR_BOX, CHAR_OBJECT
        for i in range(count):
            add_code(get_code(address, i))
            add_object(get_object(address, i) or 0)
            add_box((edges[0], edges[1], edges[2], edges[3]) if get_box(address, i, *refs) else None)
        return CharListing(codes, objects, boxes)
    left, right, bottom, top = (ctypes.c_double(0) for _ in range(4))
    box_refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    for i in range(count):
        add_code(pdfium_c.FPDFText_GetUnicode(raw, i))
        add_object(OBJECT_HANDLE(raw, i) or 0)
        add_box((left.value, right.value, bottom.value, top.value)
                if pdfium_c.FPDFText_GetCharBox(raw, i, *box_refs) else None)
    return CharListing(codes, objects, boxes)


class TextLayer:
    """A page's text layer, opened once and its characters listed once for every reader of the page.

    Routing, the font check and the text reader all read the same page's text layer;
    each loading it and listing its characters (four pdfium calls a character) cost
    a page ~1 ms and ~2 ms again.  Within :func:`shared_text_layer` they take the
    one opened for the page; elsewhere :func:`text_layer` opens one for the caller.
    """

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.page = page
        self._textpage: pdfium.PdfTextPage | None = None
        self._listing: CharListing | None = None

    @property
    def textpage(self) -> pdfium.PdfTextPage:
        if self._textpage is None:
            self._textpage = self.page.get_textpage()
        return self._textpage

    def chars(self) -> CharListing:
        if self._listing is None:
            self._listing = list_chars(self.textpage)
        return self._listing

    def close(self) -> None:
        if self._textpage is not None:
            self._textpage.close()
        self._textpage = self._listing = None


_SHARED: "weakref.WeakKeyDictionary[pdfium.PdfPage, TextLayer]" = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


@contextmanager
def shared_text_layer(page: pdfium.PdfPage) -> Iterator[TextLayer]:
    """While inside, :func:`text_layer` gives every reader of ``page`` the same layer; closed on leaving.
    Nested for a page already sharing one, it is that layer, left open and shared for the outer block."""
    with _SHARED_LOCK:
        outer = _SHARED.get(page)
        if outer is None:
            layer = _SHARED[page] = TextLayer(page)
    if outer is not None:
        yield outer
        return
    try:
        yield layer
    finally:
        with _SHARED_LOCK:
            _SHARED.pop(page, None)
        layer.close()


@contextmanager
def text_layer(page: pdfium.PdfPage) -> Iterator[TextLayer]:
    """The page's shared text layer (see :func:`shared_text_layer`), or one of its own closed on leaving."""
    with _SHARED_LOCK:
        shared = _SHARED.get(page)
    if shared is not None:
        yield shared
        return
    layer = TextLayer(page)
    try:
        yield layer
    finally:
        layer.close()


def page_chars(textpage: pdfium.PdfTextPage, frame: PageFrame,
               replacements: Mapping[int, str] | None = None, doubtful: Set[int] = frozenset(),
               listing: CharListing | None = None) -> list["Char"]:
    """Every visible character of the page, in the text layer's order, in displayed points.

    Characters drawn invisibly (render mode 3) and a watermark's are not the form's (:mod:`jixiao.extractors.hidden_text`).

    Cell text is assembled from characters whose centre lies inside the cell:
    reading a cell's box as a whole would also claim glyphs that merely touch it.
    Characters off the displayed page (job slugs outside the CropBox) are dropped.
    ``replacements`` (character index → text) put recognised characters in place
    of what a lying font claims (:mod:`jixiao.extractors.fonts`); ``doubtful`` indices are
    glyphs of such a font that could not be read surely.  ``listing`` is the text
    layer's characters when already listed (:class:`TextLayer`).
    """
    from jixiao.extractors.hidden_text import unread_objects

    replacements = replacements or {}
    codes, objects, boxes = listing if listing is not None else list_chars(textpage)
    unread = unread_objects(objects)
    clips = object_clips(textpage.page, frame)
    to_box, shows = frame.box, frame.shows
    chars = []
    for i, code in enumerate(codes):
        text = replacements.get(i)
        box = boxes[i]
        if (text is None and code in (0, 10, 13, 0xFFFE, 0xFFFF)) or box is None or objects[i] in unread:
            continue
        left, right, bottom, top = box
        char = Char(chr(code) if text is None else text, *to_box(left, bottom, right, top), doubtful=i in doubtful)
        handle = objects[i]
        if handle not in clips:
            clips[handle] = clip_box(ctypes.cast(handle, pdfium_c.FPDF_PAGEOBJECT), frame) if handle else None
        clip = clips[handle]
        if _outside(char, clip):
            chars.append(char._replace(clip=clip))
        elif shows(*char.center):
            chars.append(char)
    return chars


def _wide(char: str) -> bool:
    """CJK ideographs and punctuation: a gap next to them is layout, not a word break."""
    return ord(char) >= 0x2E80


def chars_to_text(chars: list[Char]) -> str:
    """Characters to text: a new line where the baseline moves, lines joined the CJK way."""
    lines: list[list[Char]] = []
    for ch in chars:
        if lines:
            prev = lines[-1][-1]
            height = max(prev.bottom - prev.top, ch.bottom - ch.top, 1.0)
            same_line = abs(ch.center[1] - prev.center[1]) < 0.6 * height and ch.x0 >= prev.x0 - 0.5 * height
            if same_line:
                gap = ch.x0 - prev.x1
                if gap > 0.8 * height and ch.text != " " and prev.text != " " and not _wide(prev.text) and not _wide(ch.text):
                    lines[-1].append(Char(" ", prev.x1, prev.top, ch.x0, prev.bottom))
                lines[-1].append(ch)
                continue
        lines.append([ch])
    texts = ["".join(c.text for c in line).strip() for line in lines]
    return repair_text(join_lines([t for t in texts if t]))


class _CellLocator:
    """Finds the merged-aware cell under a point of one table in O(log n)."""

    def __init__(self, table: PageTable):
        self.table = table
        self.ys = cluster([c.bbox[1] for c in table.cells] + [c.bbox[3] for c in table.cells])
        self.xs = table.col_edges
        self.owner: dict[tuple[int, int], int] = {}
        for i, c in enumerate(table.cells):
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self.owner[(r, k)] = i

    def find(self, x: float, y: float) -> int | None:
        x0, top, x1, bottom = self.table.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        col = bisect_right(self.xs, x) - 1
        row = bisect_right(self.ys, y) - 1
        return self.owner.get((row, col))


def _overlap_ratio(a: CellBox, b: CellBox) -> float:
    """Intersection over union of two boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _cell_outlined_by(tables: list[PageTable], clip: CellBox) -> tuple[int, int] | None:
    """(table, cell) whose box the clip path outlines, if one matches well."""
    best, best_ratio = None, 0.5
    for t_index, table in enumerate(tables):
        for c_index, cell in enumerate(table.cells):
            ratio = _overlap_ratio(cell.bbox, clip)
            if ratio > best_ratio:
                best, best_ratio = (t_index, c_index), ratio
    return best


def fill_cells(tables: list[PageTable], chars: list[Char]) -> list[Char]:
    """Put each character into the cell under its centre; return the ones outside every table."""
    locators = [_CellLocator(t) for t in tables]
    bins: dict[tuple[int, int], list[Char]] = {}
    loose: list[Char] = []
    clip_owner: dict[CellBox, tuple[int, int] | None] = {}
    for ch in chars:
        if ch.clip is not None:
            if ch.clip not in clip_owner:
                clip_owner[ch.clip] = _cell_outlined_by(tables, ch.clip)
            if clip_owner[ch.clip] is not None:
                bins.setdefault(clip_owner[ch.clip], []).append(ch)
            continue
        cx, cy = ch.center
        for t_index, loc in enumerate(locators):
            cell_index = loc.find(cx, cy)
            if cell_index is not None:
                bins.setdefault((t_index, cell_index), []).append(ch)
                break
        else:
            loose.append(ch)
    for (t_index, cell_index), cell_chars in bins.items():
        cell = tables[t_index].cells[cell_index]
        cell.text = chars_to_text(cell_chars)
        if any(ch.doubtful for ch in cell_chars):
            cell.confidence = min(cell.confidence, DOUBTFUL_CONFIDENCE)
    return loose


def loose_lines(chars: list[Char], page_no: int) -> list[TextLine]:
    """Characters outside tables grouped into lines, top to bottom.

    Lines are found by vertical overlap (:func:`jixiao.extractors.inferred_grid.visual_lines`):
    the full-width comma and the decimal point of Chromium and Writer text layers sit low and
    small, and grouping by centre put them on a line of their own ("1 280.00全年预算数134550").
    """
    lines = []
    for line in visual_lines(chars):
        row = line.glyphs
        text = chars_to_text(row)
        if text:
            box = (min(c.x0 for c in row), min(c.top for c in row), max(c.x1 for c in row), max(c.bottom for c in row))
            confidence = DOUBTFUL_CONFIDENCE if any(c.doubtful for c in row) else 1.0
            lines.append(TextLine(page=page_no, text=text, bbox=box, confidence=confidence))
    return lines

"""The glyphs of a page as its text layer claims them: what each font says it drew, and where.

A font lies through its /ToUnicode map, so the unit to verify is a glyph of a
font: the same glyph code of the same font object always yields the same claimed
character.  pdfium does not expose glyph codes, but within one font object the
claimed character stands for the code (a lying map is still a function of the
code, and the lies met in practice are permutations), so a glyph is keyed by
the font object's handle and its claimed character.  Handles stay unique while
the pages that use the fonts are open (see :class:`~extractors.fonts.verify.FontVerifier`).

A "typeface" is what a reader sees as one font: the font objects sharing a base
name.  LibreOffice splits a face into 1-byte subsets and Chromium into dozens of
Type3 fonts holding a few glyphs each, so decisions are made per typeface and
page, from the glyphs of all its objects.
"""
from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.chars import (CHAR_GENERATED, CHAR_UNMAPPED, CharListing, address_function, clip_box, list_chars,
                                     object_clips, textpage_address)
from jixiao.extractors.hidden_text import unread_objects
from jixiao.extractors.page_frame import PageFrame

#: Code points the text layer yields for line ends and padding, never drawn.
NOT_DRAWN = {0, 10, 13, 0xFFFE, 0xFFFF}
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


class GlyphKey(NamedTuple):
    """One glyph of one font object: the font's handle and the character its map claims.

    Tuples, not dataclasses: a page makes ~1,000 glyphs and the checks hash their keys
    by the ten thousand, which a dataclass does in Python and a tuple in C.
    """

    font: int
    claimed: str


class Glyph(NamedTuple):
    """A drawn glyph: key, typeface, box in page points (left, top, right, bottom; PDF y-up)
    and whether pdfium found no Unicode mapping for it at all."""

    key: GlyphKey
    typeface: str
    box: tuple[float, float, float, float]
    unmapped: bool = False
    index: int = -1  # character index in pdfium's text page
    #: Drawn whole and unclipped: only visible glyphs can be read from the rendering.
    visible: bool = True

    @property
    def height(self) -> float:
        return self.box[1] - self.box[3]


def typeface_of(font) -> str:
    """Base font name without subset tag; Type3 fonts have none, their descriptor's family then."""
    buf = ctypes.create_string_buffer(256)
    for getter in (pdfium_c.FPDFFont_GetBaseFontName, pdfium_c.FPDFFont_GetFamilyName):
        size = getter(font, buf, len(buf))
        name = buf.value.decode("latin-1", "replace") if size else ""
        if name:
            return SUBSET_TAG.sub("", name)
    # Chromium's Type3 fonts carry neither name pdfium reads: tell them apart by weight
    return f"unnamed-{pdfium_c.FPDFFont_GetWeight(font)}"


def is_drawn_char(code: int, unmapped: bool) -> bool:
    """Whether a text-layer character stands for a visible glyph worth checking.

    Whitespace and line ends are skipped unless pdfium reports the glyph has no
    Unicode mapping: a font without /ToUnicode yields its raw codes, which may
    well be 0x20 or 0x0A for a drawn ideograph.
    """
    if unmapped:
        return True
    if code in NOT_DRAWN:
        return False
    return not chr(code).isspace()


def page_glyphs(textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """Every glyph of a page's text layer with its font handle, typeface, box and visibility."""
    return PageGlyphs(textpage).all()


class _Object(NamedTuple):
    """What a text object fixes for all its glyphs."""

    font: int        # font handle
    typeface: str


class PageGlyphs:
    """The drawn glyphs of a page in text order: claims listed at once, boxes located on demand.

    Listing a glyph takes four pdfium calls; its box three more and the frame
    arithmetic, most of the cost when every box was taken (~15 µs a glyph, 20 ms a
    page).  A page checks a few dozen of its ~1,000 glyphs, so boxes are located
    for those, and for all only where the answer needs all (a lying typeface).
    Visibility is settled per text object where it can be (see :meth:`visible`).

    The loose box (font ascent to descent, advance width) keeps a glyph's place in
    the em square, so a full stop still sits on the baseline when it is cut out.
    What a text object fixes for all its glyphs (font, typeface, clip, the em
    height) is looked up once per object.
    """

    def __init__(self, textpage: pdfium.PdfTextPage, listing: CharListing | None = None,
                 typefaces: dict[int, str] | None = None) -> None:
        """``typefaces`` (font handle → typeface name) is filled and reused across the pages of a document
        whose pages stay open (a handle names one font while it is loaded): a Chromium page's hundreds of
        one-glyph Type3 fonts are named once per document, not once per page."""
        self._textpage = textpage
        raw = self._raw = textpage.raw
        #: the text layer's characters (code, object, box by index), listed once for the text reader too
        codes, handles, self._char_boxes = listing if listing is not None else list_chars(textpage)
        if CHAR_UNMAPPED and CHAR_GENERATED:
            map_error, generated, page_text = CHAR_UNMAPPED, CHAR_GENERATED, textpage_address(textpage)
        else:
            map_error, generated, page_text = pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_IsGenerated, raw
        get_font = FONT_HANDLE
        names: dict[int, str] = typefaces if typefaces is not None else {}
        objects: dict[int, _Object] = {}
        #: per drawn glyph: key, typeface, character index, unmapped, object handle, whether a line break precedes it
        self.keys: list[GlyphKey] = []
        self.typefaces: list[str] = []
        self.indices: list[int] = []
        self.unmapped: list[bool] = []
        self.objects: list[int] = []
        self.line_start: list[bool] = []
        add_key, add_face, add_index, add_unmapped, add_object, add_start = (
            self.keys.append, self.typefaces.append, self.indices.append, self.unmapped.append,
            self.objects.append, self.line_start.append)
        hidden = unread_objects(handles)  # drawn invisibly (no glyph to compare a claim with) or a watermark's
        broken = True
        for i, code in enumerate(codes):
            unmapped = map_error(page_text, i) != 0
            # not drawn (see is_drawn_char), or generated by pdfium
            if (not unmapped and (code in NOT_DRAWN or chr(code).isspace())) or generated(page_text, i) == 1:
                broken = broken or code in (10, 13)
                continue
            handle_obj = handles[i]
            if not handle_obj or handle_obj in hidden:
                continue
            known = objects.get(handle_obj)
            if known is None:
                handle = get_font(handle_obj) or 0
                if handle not in names:
                    names[handle] = typeface_of(ctypes.cast(handle, pdfium_c.FPDF_FONT)) if handle else "?"
                known = objects[handle_obj] = _Object(handle, names[handle])
            add_key(GlyphKey(known.font, chr(code)))
            add_face(known.typeface)
            add_index(i)
            add_unmapped(unmapped)
            add_object(handle_obj)
            add_start(broken)
            broken = False
        self._objects = objects
        #: Boxes are kept y-up but in the page as displayed (CropBox corner at the origin, /Rotate
        #: applied), the space the page is rendered in; clip paths come top-left in the same page.
        self.frame = PageFrame.of(textpage.page)
        self.upright = self.frame.rotation in (0, 180)  # the em square is measured along user-space y: upright text only
        self._clips = object_clips(textpage.page, self.frame)
        self._height = self.frame.size[1]
        self._shown_box = displayed_box(self.frame)
        # pdfium's out-parameters, allocated once: a page locates up to one box per glyph
        self._matrix, self._rect = pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()
        self._matrix_at, self._page_text = ctypes.addressof(self._matrix), textpage_address(textpage)
        self._bounds = [ctypes.c_float(0) for _ in range(4)]
        self._bound_refs = [ctypes.byref(v) for v in self._bounds]
        self._origin = [ctypes.c_double(0) for _ in range(2)]
        self._origin_refs = [ctypes.byref(v) for v in self._origin]
        self._object_info: dict[int, tuple] = {}      # object handle → (clip box, em size)
        self._object_shows: dict[int, bool] = {}      # object handle → all its glyphs surely visible
        self._located: dict[int, Glyph | None] = {}   # position → glyph with box (None: no box)
        self._hidden_by: list[tuple[float, float, float, float]] = []

    def __len__(self) -> int:
        return len(self.keys)

    def hide_under(self, boxes: list[tuple[float, float, float, float]]) -> None:
        """Glyphs whose centre lies in one of these displayed boxes (top-left origin) count as not visible."""
        self._hidden_by = list(boxes)
        self._located.clear()
        self._object_shows.clear()

    def _info(self, handle_obj: int, index: int) -> tuple:
        info = self._object_info.get(handle_obj)
        if info is None:
            size = self._em_size(index) if self.upright else 0.0
            clips = self._clips
            clip = clips[handle_obj] if handle_obj in clips else clips.setdefault(
                handle_obj, clip_box(ctypes.cast(handle_obj, pdfium_c.FPDF_PAGEOBJECT), self.frame))
            info = self._object_info[handle_obj] = (clip, size)
        return info

    def _em_size(self, index: int) -> float:
        """The font size of the character at ``index`` as drawn on the page (see :func:`_text_scale`), asked of pdfium
        by the text page's address when it can be: once per text object, ~300 a LibreOffice page, where the typed
        bindings cost ~1.5 µs a character more (the same two calls, the same values)."""
        if FONT_SIZE is None or TEXT_MATRIX is None:
            return pdfium_c.FPDFText_GetFontSize(self._raw, index) * _text_scale(self._raw, index, self._matrix)
        return FONT_SIZE(self._page_text, index) * _text_scale(self._raw, index, self._matrix,
                                                               (self._page_text, self._matrix_at))

    def glyph(self, j: int) -> Glyph | None:
        """The glyph at position ``j`` with its box and visibility (None: pdfium gives it no box)."""
        if j in self._located:
            return self._located[j]
        raw, i = self._raw, self.indices[j]
        rect = self._rect
        out: Glyph | None = None
        if pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            clip, size = self._info(self.objects[j], i)
            box = (rect.left, rect.top, rect.right, rect.bottom)
            tight = self._char_boxes[i]
            if tight is not None:
                left, right, bottom, top = tight
                box = (min(box[0], left), max(box[1], top), max(box[2], right), min(box[3], bottom))
            if size > 0 and pdfium_c.FPDFText_GetCharOrigin(raw, i, *self._origin_refs):
                baseline = self._origin[1].value
                box = (box[0], max(box[1], baseline + EM_ABOVE * size), box[2], min(box[3], baseline - EM_BELOW * size))
            shown_height = self._height
            left_d, top_d, right_d, bottom_d = self._shown_box(*box)
            box = (left_d, shown_height - top_d, right_d, shown_height - bottom_d)
            if box[2] - box[0] > 0 and box[1] - box[3] > 0:
                shown = visible(box, clip, shown_height, shown_height) and not self._under_picture(box, shown_height)
                out = Glyph(self.keys[j], self.typefaces[j], box, self.unmapped[j], i, shown)
        self._located[j] = out
        return out

    def _under_picture(self, box: tuple[float, float, float, float], height: float) -> bool:
        return centre_under(box, height, self._hidden_by)

    def visible(self, j: int) -> bool:
        """Whether the glyph at ``j`` has a box and shows, settled per text object where it can be.

        An object's glyphs all show when, grown by OBJECT_MARGIN em on every side,
        its bounds lie on the page and inside its clip: a glyph's box reaches at
        most its font's ascent, descent and advance beyond the ink.  Other
        objects' glyphs (near an edge, cut by a clip, under a picture, on a
        rotated page) are located one by one.
        """
        handle_obj = self.objects[j]
        shows = self._object_shows.get(handle_obj)
        if shows is None:
            shows = self._object_shows[handle_obj] = self._surely_shows(handle_obj, self.indices[j])
        if shows:
            return True
        glyph = self.glyph(j)
        return glyph is not None and glyph.visible

    def shown(self) -> list[bool]:
        """:meth:`visible` of every glyph, in text order."""
        object_shows, surely, glyph = self._object_shows, self._surely_shows, self.glyph
        out = []
        for j, (handle_obj, index) in enumerate(zip(self.objects, self.indices)):
            shows = object_shows.get(handle_obj)
            if shows is None:
                shows = object_shows[handle_obj] = surely(handle_obj, index)
            if not shows:
                located = glyph(j)
                shows = located is not None and located.visible
            out.append(shows)
        return out

    def _surely_shows(self, handle_obj: int, index: int) -> bool:
        if self._hidden_by:
            return False
        clip, size = self._info(handle_obj, index)
        if size <= 0:
            return False
        left, bottom, right, top = self._bounds
        if not OBJECT_BOUNDS(handle_obj, *self._bound_refs):
            return False
        x0, y0, x1, y1 = self._shown_box(left.value, bottom.value, right.value, top.value)  # top-left origin
        margin = OBJECT_MARGIN * size
        x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
        if y0 < 0 or y1 > self._height:
            return False
        return clip is None or (clip[0] <= x0 and x1 <= clip[2] and clip[1] <= y0 and y1 <= clip[3])

    def all(self) -> list[Glyph]:
        """Every glyph located (boxes, exact visibility), in text order."""
        return [g for g in (self.glyph(j) for j in range(len(self.keys))) if g is not None]


def displayed_box(frame: PageFrame) -> Callable[[float, float, float, float], tuple[float, float, float, float]]:
    """``frame.box``, for an unturned page as one expression: the same floats (each edge is the frame's
    arithmetic on the same coordinate; a monotone map keeps min and max where they were) without two
    point conversions a call, made once per text object and per located glyph."""
    if frame.rotation != 0:
        return frame.box
    fx, fy, height, unit = frame.x0, frame.y0, frame.height, frame.user_unit

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return ((min(x0, x1) - fx) * unit, (height - (max(y0, y1) - fy)) * unit,
                (max(x0, x1) - fx) * unit, (height - (min(y0, y1) - fy)) * unit)

    return box


def _font_handle_slowly(handle_obj: int) -> int:
    font = pdfium_c.FPDFTextObj_GetFont(ctypes.cast(handle_obj, pdfium_c.FPDF_PAGEOBJECT))
    return (ctypes.cast(font, ctypes.c_void_p).value or 0) if font else 0


def _object_bounds_slowly(handle_obj: int, *refs) -> bool:
    return bool(pdfium_c.FPDFPageObj_GetBounds(ctypes.cast(handle_obj, pdfium_c.FPDF_PAGEOBJECT), *refs))


#: A text object's font (object address → font address, 0 for none).
FONT_HANDLE = address_function("FPDFTextObj_GetFont", [ctypes.c_void_p]) or _font_handle_slowly
#: An object's bounds (object address, four c_float references → whether pdfium gave them).
OBJECT_BOUNDS = address_function("FPDFPageObj_GetBounds", [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_float)] * 4,
                                 ctypes.c_int) or _object_bounds_slowly


#: A character's font size as its text state sets it (text page address, index → float), and its text matrix
#: (text page address, index, FS_MATRIX address → whether pdfium gave it); None: the typed bindings are used.
FONT_SIZE = address_function("FPDFText_GetFontSize", [ctypes.c_void_p, ctypes.c_int], ctypes.c_double)
TEXT_MATRIX = address_function("FPDFText_GetMatrix", [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p], ctypes.c_int)


#: How far, in em, a glyph's box may reach beyond its text object's ink bounds (ascent, descent, advance).
OBJECT_MARGIN = 1.5


#: The em square around a glyph's baseline: descender and ascender as shares of the font size.
EM_BELOW, EM_ABOVE = 0.2, 0.85


def _text_scale(raw, index: int, matrix=None, addresses: tuple[int, int] | None = None) -> float:
    """How much one unit of the glyph's text space measures on the page, along its height.

    The font size pdfium reports is the one the text state sets (``Tf``), before the
    text and content matrices: a page drawn at half size (stored in /UserUnit 2, its
    content scaled down) would get an em square twice the glyph's height, cut
    across the lines above and below it.  ``addresses`` (the text page's and ``matrix``'s) call pdfium
    through :data:`TEXT_MATRIX` instead of the typed binding.
    """
    matrix = matrix if matrix is not None else pdfium_c.FS_MATRIX()
    given = (TEXT_MATRIX(addresses[0], index, addresses[1]) if addresses is not None
             else pdfium_c.FPDFText_GetMatrix(raw, index, matrix))
    if not given:
        return 1.0
    scale = math.hypot(matrix.c, matrix.d)
    return scale if scale > 0 else 1.0


def centre_under(box: tuple[float, float, float, float], height: float,
                 boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a glyph box (bottom-left origin, as listed) has its centre inside one of ``boxes``
    (displayed, top-left origin): a glyph under a seal picture is not seen on the page."""
    x, y = (box[0] + box[2]) / 2, height - (box[1] + box[3]) / 2
    return any(left <= x <= right and top <= y <= bottom for left, top, right, bottom in boxes)


def visible(box: tuple[float, float, float, float], clip, crop_top: float, page_height: float,
            slack: float = 1.0) -> bool:
    """Whether the whole glyph is on the displayed page (inside the CropBox's height) and inside its clip path.

    LibreOffice writes a merged cell's whole text on every page the cell spans
    and clips it; clipped-away glyphs are in the text layer but not on the
    rendered page, and a glyph cut by the clip's edge looks like another
    character (具 without its feet reads 其): neither can be checked.
    """
    left, right = box[0], box[2]
    top, bottom = crop_top - box[1], crop_top - box[3]  # top-left coordinates from the CropBox top
    if top < -slack or bottom > page_height + slack:
        return False
    return clip is None or (clip[0] - slack <= left and right <= clip[2] + slack
                            and clip[1] - slack <= top and bottom <= clip[3] + slack)


# --- what a claim means ---------------------------------------------------------

def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\u2e80" <= ch <= "\u2fdf"


#: Signs whose value changes a figure: checked like digits.
FIGURE_SIGNS = set("%.．≥≤＝﹦=＋+－-×÷/％‰<>＜＞～~")


def is_figure(ch: str) -> bool:
    """Digits and the signs of figures (0–9 . % ≥ ≤ …): every one a font uses is checked."""
    return ch.isdigit() or ch in FIGURE_SIGNS or unicodedata.normalize("NFKC", ch).isdigit()

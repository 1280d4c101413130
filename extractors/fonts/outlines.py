"""Glyphs already confirmed in earlier documents, known by their own outlines.

A batch reads many documents made with the same fonts: LibreOffice embeds a fresh
subset of Noto CJK per document, but the subsets draw the same glyphs with the same
charstrings.  A glyph whose outline the recogniser confirmed as character X in an
earlier document is X wherever it is drawn; when a page's font claims X for a glyph
drawn with that very outline, reading it again can only confirm it.  So the check
keeps, for the whole process, which characters each outline was confirmed as
(:class:`ConfirmedOutlines`), and skips a glyph whose outline was confirmed as
exactly its claim.  Any other case is read as before: an outline confirmed as
another character (the sign of a lying map), or never confirmed.

The key must be the glyph's own identity, never what the /ToUnicode map says:
a lying map claims another character for an honest outline, and pdfium's
``FPDFFont_GetGlyphPath`` looks outlines up by the claimed character (for a font
without a program it draws the claim's true outline from a system font).  pdfium
does not expose which code a text-layer character was drawn with, so the code is
worked out from the font itself (:class:`DocumentFonts`): the font's /ToUnicode
map read with pdfminer, a claimed character is drawn by the one code whose
value it is, *when no other code could yield it*.  That holds for a simple Type1
font with an embedded program, its built-in encoding and no /Encoding in the PDF
(how LibreOffice writes its CJK subsets), whose /ToUnicode gives every code the
encoding names a single character; then the code names a charstring, and the
outline is that charstring's bytes with the private dictionary (subroutines,
hints) and font matrix it is drawn with.  Every other font (Type3 fonts, which
Chromium writes, TrueType, CID fonts, maps with ranges over several bytes, two
font dictionaries sharing a program) has no outline here and is read as before.
"""
from __future__ import annotations

import ctypes
import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.extractors.fonts.reader import Reading

#: Outlines kept for the process (each with the characters it was read as, ~300 bytes): the 98 honest digital
#: samples in one process learnt 1,025; beyond the bound (~15 MB) no new outline is learnt.
MAX_OUTLINES = 50_000
#: pdfium splits these ligatures into several characters (its text page's normalisation): a map
#: holding one is not a one-to-one map of codes to characters.
_SPLIT_BY_PDFIUM = range(0xFB00, 0xFB07)


class ConfirmedOutlines:
    """Outline digest → the characters glyphs of that outline were surely read as, for the process, each
    with the reading that showed it."""

    def __init__(self) -> None:
        self._read_as: dict[bytes, dict[str, Reading]] = {}
        #: whether another document may be read after the current one in this process (see :func:`only_document`):
        #: when none can, learning an outline is work no reading will ever use
        self.learning = True

    def confirmed(self, outline: bytes | None, claimed: str) -> Reading | None:
        """The reading that confirmed this outline as the claimed character, when it was read as that
        character and no other; else None (never seen, or read as another: the sign of a lie)."""
        read_as = self._read_as.get(outline) if outline is not None else None
        if read_as is None or len(read_as) != 1:
            return None
        return read_as.get(claimed)

    def learn(self, outline: bytes | None, read_as: str, reading: Reading) -> None:
        if outline is None:
            return
        if outline in self._read_as:
            self._read_as[outline].setdefault(read_as, reading)
        elif len(self._read_as) < MAX_OUTLINES:
            self._read_as[outline] = {read_as: reading}

    def __len__(self) -> int:
        return len(self._read_as)

    def __contains__(self, outline: bytes) -> bool:
        return outline in self._read_as

    def clear(self) -> None:
        self._read_as.clear()


#: The process's confirmed outlines (see :class:`ConfirmedOutlines`).
CONFIRMED = ConfirmedOutlines()


@contextmanager
def only_document(alone: bool, confirmed: ConfirmedOutlines = CONFIRMED) -> Iterator[None]:
    """While ``alone`` (the process reads one document and no other after it), outlines are not learnt.

    Learning costs a LibreOffice document pdfminer's parse of its font dictionaries and a digest per glyph read
    (~4–7 CPU ms a document), for documents read later in the same process only; a batch of one (``jixiao
    extract FILE`` in process, or its pool's worker: see ``pipeline.batch.executors``) has none.  What is read
    does not change: the first document of a process finds the store empty and reads every glyph it samples,
    learning or not.
    """
    kept = confirmed.learning
    confirmed.learning = kept and not alone
    try:
        yield
    finally:
        confirmed.learning = kept


class _Font:
    """A font whose drawn code is known for each claim it can stand for: its outlines, digested when asked."""

    def __init__(self, charstrings: dict[str, tuple[int, int]], private: bytes, base: bytes) -> None:
        #: claim → where its charstring lies in the decrypted private part
        self._charstrings, self._private, self._base = charstrings, private, base
        self._digests: dict[str, bytes | None] = {}

    @property
    def claims(self) -> list[str]:
        """The characters whose drawn code is known."""
        return list(self._charstrings)

    def outline(self, claimed: str) -> bytes | None:
        """The claim's charstring digested with the private dictionary and font matrix it is drawn with."""
        if claimed not in self._digests:
            span = self._charstrings.get(claimed)
            self._digests[claimed] = None if span is None else hashlib.blake2b(
                self._base + self._private[span[0]:span[1]], digest_size=16).digest()
        return self._digests[claimed]


class DocumentFonts:
    """The outline each claimed character of a font object is drawn with, for one document.

    Font objects are told apart by pdfium's handles; a handle's PDF font dictionary is found by its
    embedded program (pdfium gives its bytes, not the dictionary, and names fonts without their subset
    tag), which must belong to one dictionary of the document: two dictionaries sharing a program (a copy
    of a font with another /ToUnicode) are read as before.  Parsed lazily, once per font.
    """

    def __init__(self, pdf: pdfium.PdfDocument) -> None:
        self._pdf = pdf
        self._by_program: dict[bytes, list] | None = None
        self._fonts: dict[int, _Font | None] = {}

    def outline(self, font: int, claimed: str) -> bytes | None:
        """Digest of the outline the font object draws for this claim, None when it cannot be known soundly."""
        if font not in self._fonts:
            try:
                self._fonts[font] = self._load(font)
            except Exception:  # noqa: BLE001 - a font whose outlines cannot be known is read as before
                self._fonts[font] = None
        parsed = self._fonts[font]
        return None if parsed is None else parsed.outline(claimed)

    def _load(self, font: int) -> _Font | None:
        handle = ctypes.cast(font, pdfium_c.FPDF_FONT)
        if not font or pdfium_c.FPDFFont_GetIsEmbedded(handle) != 1:
            return None
        size = ctypes.c_size_t()
        if not pdfium_c.FPDFFont_GetFontData(handle, None, 0, ctypes.byref(size)) or not size.value:
            return None
        data = (ctypes.c_uint8 * size.value)()
        if not pdfium_c.FPDFFont_GetFontData(handle, data, size.value, ctypes.byref(size)):
            return None
        found = self._dictionaries().get(hashlib.blake2b(bytes(data)[:size.value], digest_size=16).digest(), [])
        if len(found) != 1:
            return None
        return simple_type1(found[0])

    def _dictionaries(self) -> dict[bytes, list]:
        if self._by_program is None:
            try:
                self._by_program = font_dictionaries(self._pdf)
            except Exception:  # noqa: BLE001 - pdfminer cannot walk the file: every font is read
                self._by_program = {}
        return self._by_program


def font_dictionaries(pdf: pdfium.PdfDocument) -> dict[bytes, list]:
    """Every font dictionary with an embedded program of the document's pages and their form XObjects,
    by the digest of that program's bytes (distinct objects only)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    source = pdf._input  # the bytes or path the document was opened from
    data = bytes(source) if isinstance(source, (bytes, bytearray, memoryview)) else Path(source).read_bytes()
    # pdfminer reads objects lazily from this buffer for as long as the fonts are parsed
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    by_program: dict[bytes, dict[int, object]] = {}
    seen_resources: set[int] = set()

    def visit(resources) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or id(resources) in seen_resources:
            return
        seen_resources.add(id(resources))
        for ref in (resolve1(resources.get("Font")) or {}).values():
            font = resolve1(ref)
            program = embedded_program(font) if isinstance(font, dict) else None
            if program is not None:
                key = ref.objid if isinstance(ref, PDFObjRef) else id(font)
                digest = hashlib.blake2b(program.get_data(), digest_size=16).digest()
                by_program.setdefault(digest, {})[key] = font
        for xobject in (resolve1(resources.get("XObject")) or {}).values():
            xobject = resolve1(xobject)
            if isinstance(xobject, PDFStream) and getattr(xobject.get("Subtype"), "name", "") == "Form":
                visit(xobject.get("Resources"))

    for page in PDFPage.create_pages(document):
        visit(page.resources)
    return {digest: list(fonts.values()) for digest, fonts in by_program.items()}


def embedded_program(font: dict):
    """The font dictionary's embedded program stream (FontFile, FontFile2 or FontFile3), None without one."""
    from pdfminer.pdftypes import PDFStream, resolve1

    descriptor = resolve1(font.get("FontDescriptor"))
    if not isinstance(descriptor, dict):
        return None
    for entry in ("FontFile", "FontFile2", "FontFile3"):
        program = resolve1(descriptor.get(entry))
        if isinstance(program, PDFStream):
            return program
    return None


def simple_type1(font: dict) -> _Font | None:
    """Claim → outline digest of a simple Type1 font with an embedded program and its built-in encoding,
    for the claims only one code can yield (see the module's docstring); None for any other font."""
    from pdfminer.pdftypes import PDFStream, resolve1

    if getattr(resolve1(font.get("Subtype")), "name", "") != "Type1" or "Encoding" in font:
        return None
    descriptor = resolve1(font.get("FontDescriptor"))
    program = resolve1(descriptor.get("FontFile")) if isinstance(descriptor, dict) else None
    to_unicode = resolve1(font.get("ToUnicode"))
    if not isinstance(program, PDFStream) or not isinstance(to_unicode, PDFStream):
        return None
    values = simple_to_unicode(to_unicode.get_data())
    glyphs = type1_glyphs(program.get_data(), int(resolve1(program.get("Length1"))))
    if values is None or glyphs is None:
        return None
    # every code the program's encoding draws a glyph for yields the character the map gives it
    if any(code not in values for code, name in glyphs.encoding.items() if name != ".notdef"):
        return None
    codes: dict[str, list[int]] = {}
    for code, value in values.items():
        for ch in value:
            codes.setdefault(ch, []).append(code)
    claims: dict[str, tuple[int, int]] = {}
    for ch, drawn in codes.items():
        if len(drawn) != 1 or values[drawn[0]] != ch:
            continue
        name = glyphs.encoding.get(drawn[0])
        span = glyphs.charstrings.get(name) if name is not None and name != ".notdef" else None
        if span is not None:
            claims[ch] = span
    return _Font(claims, glyphs.private, glyphs.base)


_CODESPACE = re.compile(rb"begincodespacerange\s*(.*?)\s*endcodespacerange", re.S)
_BLOCK = re.compile(rb"(\d+)\s+begin(bfchar|bfrange)(.*?)endbf(?:char|range)", re.S)
_ONE_TO_ONE = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>")
_HEX = re.compile(rb"<\s*([0-9A-Fa-f\s]*)>|\[([^\]]*)\]")


def simple_to_unicode(data: bytes) -> dict[int, str] | None:
    """One-byte code → character of a /ToUnicode CMap, None unless it is plainly one: a single
    codespace <00> <FF>, bfchar and bfrange blocks holding as many entries as they say, every value a
    single character pdfium takes as it is (no control character, no ligature it splits)."""
    if b"usecmap" in data:
        return None
    space = _CODESPACE.findall(data)
    if len(space) != 1 or re.sub(rb"\s+", b"", space[0]).upper() != b"<00><FF>":
        return None
    values: dict[int, str] = {}
    for count, kind, body in _BLOCK.findall(data):
        plain = _ONE_TO_ONE.findall(body) if kind == b"bfchar" else []
        if plain and len(plain) == int(count) and len(_HEX.findall(body)) == 2 * len(plain):
            # the common block: one byte to one character of the Basic Multilingual Plane
            found = {int(code, 16): chr(int(value, 16)) for code, value in plain}
            if len(found) != len(plain) or not values.keys().isdisjoint(found) or not all(
                    _taken_as_is(ch) and not 0xD800 <= ord(ch) < 0xE000 for ch in found.values()):
                return None
            values.update(found)
            continue
        tokens = _HEX.findall(body)
        width = 2 if kind == b"bfchar" else 3
        if len(tokens) != int(count) * width:
            return None
        for j in range(0, len(tokens), width):
            source = [t[0] for t in tokens[j:j + width - 1]]
            if any(t[1] for t in tokens[j:j + width - 1]) or any(len(s.replace(b" ", b"")) != 2 for s in source):
                return None
            low, high = (int(s, 16) for s in (source * 2)[:2]) if kind == b"bfchar" else map(lambda s: int(s, 16), source)
            target = tokens[j + width - 1]
            if target[1]:  # a range mapped to an array of values
                items = _HEX.findall(target[1])
                if len(items) != high - low + 1:
                    return None
                chars = [_utf16(t[0]) for t in items]
            else:
                first = _utf16(target[0])
                if first is None or len(first) != 1:
                    return None
                if (ord(first) & 0xFF) + high - low > 0xFF:  # pdfium steps the last byte only
                    return None
                chars = [chr(ord(first) + k) for k in range(high - low + 1)]
            for code, ch in zip(range(low, high + 1), chars):
                if ch is None or len(ch) != 1 or code in values or not _taken_as_is(ch):
                    return None
                values[code] = ch
    return values or None


def _utf16(hexdigits: bytes) -> str | None:
    try:
        return bytes.fromhex(hexdigits.decode("ascii")).decode("utf-16-be")
    except ValueError:
        return None


def _taken_as_is(ch: str) -> bool:
    return ord(ch) >= 0x20 and ord(ch) != 0x7F and ord(ch) not in _SPLIT_BY_PDFIUM


_ENCODING = re.compile(rb"/Encoding\s+(\d+)\s+array(.*?)\s(?:readonly\s+)?def\b", re.S)
_ENCODED = re.compile(rb"dup\s+(\d+)\s*/(\S+)\s+put")
_MATRIX = re.compile(rb"/FontMatrix\s*\[([^\]]*)\]")
_PAINTING = re.compile(rb"/(?:PaintType|StrokeWidth|FontType)\s+[\d.]+")
_UNIQUE_ID = re.compile(rb"/UniqueID\s+\d+\s+def")
_CHARSTRING = re.compile(rb"\s*/([^\s/\[\]{}()<>]+)\s+(\d+)\s+(?:RD|-\|) ")
_CHARSTRING_END = re.compile(rb"\s*(?:ND|\|-|noaccess\s+def)")


class Type1Glyphs(NamedTuple):
    """What a Type1 program says of its glyphs: code → glyph name, glyph name → span of its charstring in
    ``private`` (the decrypted eexec part), and the digest of what every charstring is drawn with (the font
    matrix, the private dictionary before the charstrings: subroutines, hints)."""

    encoding: dict[int, str]
    charstrings: dict[str, tuple[int, int]]
    private: bytes
    base: bytes


def type1_glyphs(data: bytes, clear: int) -> Type1Glyphs | None:
    """A Type1 program's glyphs (see :class:`Type1Glyphs`), None unless the program has an explicit
    encoding array and a binary eexec part that reads as expected."""
    head = data[:clear]
    encoding_array = _ENCODING.search(head)
    matrix = _MATRIX.search(head)
    if encoding_array is None or matrix is None:
        return None
    encoding = {int(code): name.decode("latin-1") for code, name in _ENCODED.findall(encoding_array.group(2))}
    private = eexec_decrypt(data[clear:])
    if private is None:
        return None
    start = private.find(b"/CharStrings")
    if start < 0:
        return None
    # what every glyph is drawn with: the font matrix, how it is painted, and the private dictionary (subroutines,
    # hints) but for the UniqueID LibreOffice numbers its fonts by in each document (a cache key, not drawn)
    drawn_with = [b" ".join(matrix.group(1).split()), *(m.group(0) for m in _PAINTING.finditer(head)),
                  _UNIQUE_ID.sub(b"", private[4:start])]
    base = hashlib.blake2b(b"\0".join(drawn_with), digest_size=16).digest()
    at = private.find(b"begin", start)
    if at < 0:
        return None
    at += len(b"begin")
    charstrings: dict[str, tuple[int, int]] = {}
    while (found := _CHARSTRING.match(private, at)) is not None:
        body = found.end()
        end = body + int(found.group(2))
        charstrings[found.group(1).decode("latin-1")] = (body, end)
        after = _CHARSTRING_END.match(private, end)
        if after is None:
            return None
        at = after.end()
    return Type1Glyphs(encoding, charstrings, private, base) if charstrings else None


_EEXEC_KEY, _C1, _C2 = 55665, 52845, 22719


def eexec_decrypt(cipher: bytes) -> bytes | None:
    """The eexec-encrypted part of a Type1 program decrypted (binary form only; None for hex).

    The cipher's running key r(i+1) = (c(i) + r(i))·C1 + C2 mod 2¹⁶ is linear in r, so it is computed for
    all bytes at once: with s(i) = r(i)·C1⁻ⁱ, s(i+1) = s(i) + (C1·c(i) + C2)·C1⁻⁽ⁱ⁺¹⁾, a cumulative sum
    (a Python loop over a 48 KB program took ~10 ms; this, ~0.3).
    """
    if len(cipher) < 4 or all(chr(b) in "0123456789abcdefABCDEF \r\n\t" for b in cipher[:4]):
        return None
    n = len(cipher)
    forward, backward = _powers(n)
    c = np.frombuffer(cipher, np.uint8).astype(np.uint32)
    terms = ((c * _C1 + _C2) * backward) & 0xFFFF  # products wrap modulo 2³², right modulo 2¹⁶
    s = np.empty(n, np.uint32)
    s[0] = _EEXEC_KEY
    np.cumsum(terms[:-1], out=s[1:])  # modulo 2³², which keeps it right modulo 2¹⁶
    s[1:] += _EEXEC_KEY
    r = (s & 0xFFFF) * forward
    return (np.frombuffer(cipher, np.uint8) ^ ((r >> 8) & 0xFF).astype(np.uint8)).tobytes()


_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """C1^i and C1^-(i+1) modulo 2¹⁶ for i < n (as uint32), kept for the longest program seen."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = 1 << max(n - 1, 4095).bit_length()
        steps = np.full(size, _C1, np.uint64)
        steps[0] = 1
        forward = np.cumprod(steps) & 0xFFFF  # products wrap modulo 2⁶⁴, right modulo 2¹⁶
        steps[:] = pow(_C1, -1, 1 << 16)
        backward = np.cumprod(steps) & 0xFFFF
        _POWERS[:] = [forward.astype(np.uint32), backward.astype(np.uint32)]
    return _POWERS[0][:n], _POWERS[1][:n]

"""A text layer that lies: glyphs print right, extracted text is wrong.

Published PDFs sometimes carry broken /ToUnicode maps (bad font subsetting,
WPS exports, re-distilled files): the page looks fine, yet copying the text
gives plausible Chinese that says something else (江门's seed begins
"英派牛也石 你: 在门巾以务服多").  An extractor must notice and route such pages
to OCR.  This module rewrites the bfchar/bfrange targets of the fonts'
/ToUnicode CMaps so every CJK character maps to another CJK character of the
same document (a seeded derangement: nothing maps to itself, and the output
is made of characters that look at home), optionally digits to other digits.

Fonts are shared by all pages, so when only some pages should lie, those pages
get their own /Resources whose fonts are copies carrying the rewritten CMap.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE_BLOCK = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
RANGE_LINE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")
BF_BLOCK = re.compile(rb"\d+\s+beginbf(?:char|range).*?endbf(?:char|range)\s*", re.S)
MAX_BLOCK = 100  # CMap blocks hold at most 100 entries


@dataclass(frozen=True)
class LyingSettings:
    #: 1-based pages whose text lies; None means every page.
    pages: tuple[int, ...] | None = None
    garble_digits: bool = False
    seed: int = 0


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def decode_utf16(hexstr: bytes) -> str:
    return bytes.fromhex(hexstr.decode()).decode("utf-16-be", errors="replace")


def encode_utf16(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode()


def parse_cmap(data: bytes) -> tuple[dict[bytes, str], int]:
    """code (hex, as written) → Unicode text, and the code width in hex digits."""
    mapping: dict[bytes, str] = {}
    width = 2
    for block in BFCHAR_BLOCK.findall(data):
        codes = HEX.findall(block)
        for src, dst in zip(codes[::2], codes[1::2]):
            mapping[src.upper()] = decode_utf16(dst)
            width = len(src)
    for block in BFRANGE_BLOCK.findall(data):
        for lo, hi, dst in RANGE_LINE.findall(block):
            width = len(lo)
            start, end = int(lo, 16), int(hi, 16)
            targets = HEX.findall(dst)
            for offset, code in enumerate(range(start, end + 1)):
                if dst.startswith(b"["):
                    text = decode_utf16(targets[offset]) if offset < len(targets) else ""
                else:
                    base = decode_utf16(targets[0])
                    text = base[:-1] + chr(ord(base[-1]) + offset)
                mapping[f"{code:0{len(lo)}X}".encode()] = text
    return mapping, width


def write_cmap(original: bytes, mapping: dict[bytes, str]) -> bytes:
    """The original CMap with its bf blocks replaced by bfchar blocks for `mapping`."""
    items = sorted(mapping.items())
    blocks = []
    for i in range(0, len(items), MAX_BLOCK):
        chunk = items[i:i + MAX_BLOCK]
        lines = b"\n".join(b"<%s> <%s>" % (src, encode_utf16(dst)) for src, dst in chunk)
        blocks.append(b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), lines))
    first = BF_BLOCK.search(original)
    if not first:
        raise ValueError("ToUnicode CMap without bfchar/bfrange blocks")
    head, tail = original[:first.start()], BF_BLOCK.sub(b"", original[first.start():])
    return head + b"".join(blocks) + tail


def derangement(symbols: list[str], rng: random.Random) -> dict[str, str]:
    """A shuffled cycle: every symbol maps to a different one of the same set."""
    order = sorted(symbols)
    rng.shuffle(order)
    return {a: b for a, b in zip(order, order[1:] + order[:1])} if len(order) > 1 else {}


def substitution_for(fonts: list[pikepdf.Dictionary], settings: LyingSettings) -> dict[str, str]:
    """One character map for the whole document, so the same glyph always lies the same way."""
    cjk: set[str] = set()
    for font in fonts:
        mapping, _ = parse_cmap(font.ToUnicode.read_bytes())
        cjk.update(ch for text in mapping.values() for ch in text if is_cjk(ch))
    rng = random.Random(settings.seed)
    table = derangement(sorted(cjk), rng)
    if settings.garble_digits:
        table.update(derangement(list("0123456789"), rng))
    return table


def lying_cmap(font: pikepdf.Dictionary, table: dict[str, str]) -> bytes:
    original = font.ToUnicode.read_bytes()
    mapping, _ = parse_cmap(original)
    lied = {code: "".join(table.get(ch, ch) for ch in text) for code, text in mapping.items()}
    return write_cmap(original, lied)


def page_fonts(page: pikepdf.Page) -> dict[str, pikepdf.Dictionary]:
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    if fonts is None:
        return {}
    return {name: font for name, font in fonts.items() if "/ToUnicode" in font}


def lying_copy(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, table: dict[str, str]) -> pikepdf.Object:
    """A new font object identical to `font` but for its lying /ToUnicode."""
    copy = pikepdf.Dictionary({key: value for key, value in font.items()})
    copy.ToUnicode = pikepdf.Stream(pdf, lying_cmap(font, table))
    return pdf.make_indirect(copy)


def give_lying_resources(pdf: pikepdf.Pdf, page: pikepdf.Page, copies: dict[tuple[int, int], pikepdf.Object],
                         table: dict[str, str]) -> None:
    """Page-private /Resources whose fonts are lying copies (one copy per font, shared)."""
    resources = page.obj.Resources
    private = pikepdf.Dictionary({key: value for key, value in resources.items()})
    fonts = pikepdf.Dictionary({name: font for name, font in resources.Font.items()})
    for name, font in page_fonts(page).items():
        key = font.objgen
        if key not in copies:
            copies[key] = lying_copy(pdf, font, table)
        fonts[name] = copies[key]
    private.Font = fonts
    page.obj.Resources = private


def make_lying(source: Path, out: Path, settings: LyingSettings) -> list[int]:
    """Write `source` with a lying text layer; returns the 1-based lying pages."""
    with pikepdf.open(source) as pdf:
        wanted = settings.pages or tuple(range(1, len(pdf.pages) + 1))
        pages = [p for p in wanted if 1 <= p <= len(pdf.pages)]
        fonts = {f.objgen: f for p in pages for f in page_fonts(pdf.pages[p - 1]).values()}
        table = substitution_for(list(fonts.values()), settings)
        copies: dict[tuple[int, int], pikepdf.Object] = {}
        for number in pages:
            give_lying_resources(pdf, pdf.pages[number - 1], copies, table)
        pdf.save(out, compress_streams=True, deterministic_id=True)
    return pages

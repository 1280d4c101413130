"""Font-level lies: each way a published PDF's text layer misreports its glyphs.

``lying.py`` makes one kind of lie (every CJK character of the document cycled
to another).  Auditors meet more: a subsetter that shuffles a whole font, maps
that swap a few characters in pairs (the text still reads almost right), maps
that permute only the digits (figures change, words do not), one broken font
among honest ones (a correct title over a lying body), Chromium's one-glyph
Type3 fonts carrying wrong maps, and fonts with no /ToUnicode at all.  Each
kind here rewrites the /ToUnicode CMaps of a producer's PDF and is written as
its own twin ``<name>_lying-<kind>.pdf``; which pages then lie is measured by
comparing the twin's extracted text with the honest PDF's, page by page.

A "font" is what a reader sees as one typeface: the PDF font objects that share
a base font name (LibreOffice splits a face into several 1-byte subsets,
Chromium into dozens of one-glyph Type3 fonts), so a whole-font shuffle
permutes the map across all of them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pikepdf
import pypdfium2 as pdfium

from samples.generate.lying import derangement, is_cjk, parse_cmap, write_cmap

DIGITS = "0123456789"

#: name → producer for the documents of this module (plan.py asks here).
PRODUCERS = {
    "300_xinyu": "libreoffice",
    "301_zhuzhou": "libreoffice",
    "302_mianyang": "chromium",
    "303_yibin": "writer",
    "304_shaoguan_trad": "libreoffice",
    "305_kaili": "chromium",
}


@dataclass(frozen=True)
class FontLie:
    #: font_shuffle | doc_shuffle | pair_swap | digits_only | body_font | no_tounicode
    kind: str
    seed: int
    #: pair_swap: share of the document's distinct CJK characters swapped in pairs.
    share: float = 0.10


@dataclass(frozen=True)
class DocumentLies:
    split: str  # tune | holdout
    #: kind of the honest digital PDF (what a verifier must leave alone).
    honest_kind: str
    lies: tuple[FontLie, ...] = ()


PLANS: dict[str, DocumentLies] = {
    "300_xinyu": DocumentLies("tune", "honest_libreoffice", (
        FontLie("font_shuffle", 3001), FontLie("digits_only", 3002),
        FontLie("body_font", 3003), FontLie("no_tounicode", 3004))),
    "301_zhuzhou": DocumentLies("holdout", "honest_libreoffice", (
        FontLie("doc_shuffle", 3011), FontLie("pair_swap", 3012, share=0.10), FontLie("digits_only", 3013))),
    "302_mianyang": DocumentLies("tune", "honest_chromium_kangxi", (
        FontLie("doc_shuffle", 3021), FontLie("digits_only", 3022), FontLie("pair_swap", 3023, share=0.05))),
    "303_yibin": DocumentLies("tune", "honest_writer", (
        FontLie("body_font", 3031), FontLie("pair_swap", 3032, share=0.15))),
    "304_shaoguan_trad": DocumentLies("holdout", "honest_traditional"),
    "305_kaili": DocumentLies("holdout", "honest_chromium_kangxi", (
        FontLie("font_shuffle", 3051), FontLie("pair_swap", 3052, share=0.15), FontLie("no_tounicode", 3053))),
}

Rewrite = Callable[[pikepdf.Dictionary], bytes | None]


def all_fonts(pdf: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Dictionary]:
    """Every font object with a /ToUnicode map used by a page (including its form XObjects)."""
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}

    def visit(resources) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            if "/ToUnicode" in font:
                fonts[font.objgen] = font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return fonts


def face_name(font: pikepdf.Dictionary) -> str:
    """Base font name without the subset tag (Type3 fonts carry it in the descriptor)."""
    name = font.get("/BaseFont")
    if name is None and "/FontDescriptor" in font:
        name = font.FontDescriptor.get("/FontName")
    text = str(name or "?").lstrip("/")
    return text.split("+", 1)[1] if "+" in text[:7] else text


def is_bold(font: pikepdf.Dictionary) -> bool:
    descriptor = font.get("/FontDescriptor")
    weight = int(descriptor.get("/FontWeight", 400)) if descriptor is not None else 400
    return "Bold" in face_name(font) or weight >= 600


def maps_of(fonts: dict) -> dict[tuple[int, int], dict[bytes, str]]:
    return {key: parse_cmap(font.ToUnicode.read_bytes())[0] for key, font in fonts.items()}


def document_cjk(maps: dict) -> list[str]:
    return sorted({ch for mapping in maps.values() for text in mapping.values() for ch in text if is_cjk(ch)})


def character_table(lie: FontLie, maps: dict) -> dict[str, str]:
    """Character → lying character, one table for the whole document (a glyph lies the same way everywhere)."""
    rng = random.Random(lie.seed)
    if lie.kind in ("doc_shuffle", "body_font"):
        return derangement(document_cjk(maps), rng)
    if lie.kind == "digits_only":
        return derangement(list(DIGITS), rng)
    if lie.kind == "pair_swap":
        chars = document_cjk(maps)
        rng.shuffle(chars)
        n = max(2, round(len(chars) * lie.share) // 2 * 2)
        table = {}
        for a, b in zip(chars[:n:2], chars[1:n:2]):
            table[a], table[b] = b, a
        return table
    raise ValueError(f"no character table for {lie.kind!r}")


def face_shuffles(lie: FontLie, fonts: dict, maps: dict) -> dict[tuple[int, int], dict[bytes, str]]:
    """Whole-font shuffle: within each typeface, every code takes another code's text."""
    rng = random.Random(lie.seed)
    by_face: dict[str, list[tuple[tuple[int, int], bytes]]] = {}
    for key in sorted(fonts):
        for code in sorted(maps[key]):
            if maps[key][code].strip():
                by_face.setdefault(face_name(fonts[key]), []).append((key, code))
    lied = {key: dict(mapping) for key, mapping in maps.items()}
    for face in sorted(by_face):
        slots = by_face[face]
        texts = [maps[key][code] for key, code in slots]
        order = list(range(len(slots)))
        rng.shuffle(order)
        # a cycle over the shuffled order: no slot keeps its own text
        for i, j in zip(order, order[1:] + order[:1]):
            key, code = slots[i]
            lied[key][code] = texts[j]
    return lied


def rewrites_for(lie: FontLie, fonts: dict) -> dict[tuple[int, int], bytes | None]:
    """Font → its new /ToUnicode stream data (None: remove the map)."""
    maps = maps_of(fonts)
    if lie.kind == "no_tounicode":
        # the body face (regular CJK) loses its map; the bold title face keeps it
        return {key: None for key, font in fonts.items()
                if not is_bold(font) and any(is_cjk(ch) for t in maps[key].values() for ch in t)}
    if lie.kind == "font_shuffle":
        lied = face_shuffles(lie, fonts, maps)
    else:
        table = character_table(lie, maps)
        lied = {key: {code: "".join(table.get(ch, ch) for ch in text) for code, text in mapping.items()}
                for key, mapping in maps.items()}
        if lie.kind == "body_font":
            lied = {key: value for key, value in lied.items() if not is_bold(fonts[key])}
    return {key: write_cmap(fonts[key].ToUnicode.read_bytes(), lied[key])
            for key in lied if lied[key] != maps[key]}


def make_font_lie(source: Path, out: Path, lie: FontLie) -> None:
    """Write `source` with `lie` applied to every page (fonts are rewritten in place)."""
    with pikepdf.open(source) as pdf:
        fonts = all_fonts(pdf)
        for key, data in rewrites_for(lie, fonts).items():
            if data is None:
                del fonts[key]["/ToUnicode"]
            else:
                fonts[key].ToUnicode = pikepdf.Stream(pdf, data)
        pdf.save(out, compress_streams=True, deterministic_id=True)


def pages_that_differ(honest: Path, lying: Path) -> list[int]:
    """1-based pages whose extracted text differs between the two PDFs: the pages that lie."""
    a, b = pdfium.PdfDocument(honest), pdfium.PdfDocument(lying)
    try:
        out = []
        for i in range(len(a)):
            ta, tb = a[i].get_textpage(), b[i].get_textpage()
            if ta.get_text_range() != tb.get_text_range():
                out.append(i + 1)
        return out
    finally:
        a.close()
        b.close()


def font_lie_entries(name: str, digital: Path, base_entry: dict, pdf_dir: Path) -> list[dict]:
    """The lying twins of `name` (written next to `digital`) as manifest entries."""
    plan = PLANS.get(name)
    if plan is None:
        return []
    entries = []
    for lie in plan.lies:
        out = pdf_dir / f"{name}_lying-{lie.kind.replace('_', '-')}.pdf"
        make_font_lie(digital, out, lie)
        entries.append({**base_entry, "file": f"pdf/{out.name}", "variant": "lying", "text_layer": "lying",
                        "lying_pages": pages_that_differ(digital, out), "kind": lie.kind, "split": plan.split})
    return entries


def annotate(name: str, entry: dict) -> dict:
    """Kind and split on the honest digital entry of this module's documents."""
    plan = PLANS.get(name)
    if plan is None or entry.get("variant") != "digital":
        return entry
    return {**entry, "kind": plan.honest_kind, "split": plan.split}

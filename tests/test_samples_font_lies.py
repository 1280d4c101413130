"""The font-lie twins (samples/generate/font_lies.py) lie the way their manifest `kind` says."""
from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from samples.generate.font_lies import PLANS, character_table, face_name, FontLie  # noqa: E402

SAMPLES = REPO / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
TWINS = [e for e in MANIFEST if "kind" in e and e["variant"] == "lying"]
CJK = re.compile(r"[\u4e00-\u9fff]")
DIGITS = re.compile(r"[0-9]")
ISSUE_KINDS = {"font_shuffle", "doc_shuffle", "pair_swap", "digits_only", "body_font", "no_tounicode"}


@lru_cache(maxsize=None)
def page_texts(rel: str) -> tuple[str, ...]:
    doc = pdfium.PdfDocument(str(SAMPLES / rel))
    try:
        return tuple(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def honest_twin(entry: dict) -> dict:
    return next(e for e in MANIFEST if e["truth"] == entry["truth"] and e["variant"] == "digital")


def differing(a: str, b: str, pattern: re.Pattern) -> tuple[int, int]:
    """(positions where the characters matching `pattern` differ, characters compared)."""
    pairs = [(x, y) for x, y in zip(a, b) if pattern.match(x) or pattern.match(y)]
    return sum(x != y for x, y in pairs), len(pairs)


def test_every_kind_of_the_issue_is_in_the_corpus_with_splits():
    kinds = {e["kind"] for e in TWINS}
    assert ISSUE_KINDS <= kinds
    assert {e["producer"] for e in TWINS} == {"libreoffice", "chromium", "writer"}
    assert {e["split"] for e in TWINS} == {"tune", "holdout"}
    honest = {e["kind"] for e in MANIFEST if e["variant"] == "digital" and "kind" in e}
    assert {"honest_traditional", "honest_chromium_kangxi"} <= honest


@pytest.mark.parametrize("entry", TWINS, ids=lambda e: Path(e["file"]).stem)
def test_twin_lies_on_its_lying_pages_only(entry):
    lying, honest = page_texts(entry["file"]), page_texts(honest_twin(entry)["file"])
    assert entry["lying_pages"]
    for number, (lie, true) in enumerate(zip(lying, honest), start=1):
        assert (lie != true) == (number in entry["lying_pages"]), number


@pytest.mark.parametrize("entry", [e for e in TWINS if e["kind"] == "digits_only"], ids=lambda e: Path(e["file"]).stem)
def test_digit_lies_change_digits_and_nothing_else(entry):
    for lie, true in zip(page_texts(entry["file"]), page_texts(honest_twin(entry)["file"])):
        assert len(lie) == len(true)
        assert differing(lie, true, CJK)[0] == 0
        changed, total = differing(lie, true, DIGITS)
        assert total and changed / total > 0.7


@pytest.mark.parametrize("entry", [e for e in TWINS if e["kind"] == "pair_swap"], ids=lambda e: Path(e["file"]).stem)
def test_pair_swaps_change_a_small_share_of_characters(entry):
    changed = total = 0
    for lie, true in zip(page_texts(entry["file"]), page_texts(honest_twin(entry)["file"])):
        c, t = differing(lie, true, CJK)
        changed, total = changed + c, total + t
    assert 0.01 < changed / total < 0.25  # of all CJK characters printed (5–15 % of the distinct ones)


def test_pair_swap_table_swaps_the_planned_share_in_pairs():
    maps = {0: {b"%02X" % i: chr(0x4E00 + i) for i in range(200)}}
    table = character_table(FontLie("pair_swap", 1, share=0.10), maps)
    assert len(table) == 20 and all(table[table[a]] == a != table[a] for a in table)


@pytest.mark.parametrize("entry", [e for e in TWINS if e["kind"] == "body_font"], ids=lambda e: Path(e["file"]).stem)
def test_body_font_lie_leaves_the_title_honest(entry):
    title = json.loads((SAMPLES / entry["truth"]).read_text(encoding="utf-8"))["forms"][0]["title"]
    lying, honest = "".join(page_texts(entry["file"])), "".join(page_texts(honest_twin(entry)["file"]))
    assert re.sub(r"\s+", "", title) in re.sub(r"\s+", "", lying)
    changed, total = differing(lying, honest, CJK)
    assert changed > 0.5 * total  # the body's characters do lie


@pytest.mark.parametrize("entry", [e for e in TWINS if e["kind"] == "no_tounicode"], ids=lambda e: Path(e["file"]).stem)
def test_no_tounicode_twin_has_unmapped_glyphs(entry):
    doc = pdfium.PdfDocument(str(SAMPLES / entry["file"]))
    textpage = doc[0].get_textpage()
    unmapped = sum(pdfium_c.FPDFText_HasUnicodeMapError(textpage.raw, i) > 0
                   for i in range(pdfium_c.FPDFText_CountChars(textpage.raw)))
    assert unmapped > 50


def test_face_name_drops_the_subset_tag():
    import pikepdf

    font = pikepdf.Dictionary(BaseFont=pikepdf.Name("/BAAAAA+NotoSansCJKjp-Regular"))
    assert face_name(font) == "NotoSansCJKjp-Regular"
    assert set(PLANS) >= {"300_xinyu", "304_shaoguan_trad"}

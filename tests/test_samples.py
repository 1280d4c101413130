"""The committed sample PDFs are what samples/manifest.json says they are.

Runs on the committed files only (no LibreOffice, no Chromium): page counts,
text layers present / absent / lying as recorded, the digital twins carrying
the truth's indicator names, scans turned where recorded, cut cells where
recorded, and every truth and every PDF accounted for.
"""
from __future__ import annotations

import json
import logging
import random
import re
import sys
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # samples/ is not an installed package; `pytest` alone must find it
    sys.path.insert(0, str(REPO))

from samples.generate.inspect_pdf import cut_cell_pages  # noqa: E402
from samples.generate.layout import layout_form, run_lengths, split_span  # noqa: E402
from samples.generate.lying import derangement, parse_cmap, write_cmap  # noqa: E402

SAMPLES = REPO / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
BY_FILE = {e["file"]: e for e in MANIFEST}
PDFS = [e for e in MANIFEST if e["file"].endswith(".pdf")]
#: A page of a form or report prints at least this many non-blank characters.
MIN_PAGE_CHARS = 40
WHITESPACE = re.compile(r"\s+")
CJK = re.compile(r"[\u4e00-\u9fff]")

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def squash(text: str) -> str:
    return WHITESPACE.sub("", text)


def entry_id(entry: dict) -> str:
    return Path(entry["file"]).stem


@lru_cache(maxsize=None)
def truth(rel: str) -> dict:
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def pdfium_texts(rel: str) -> tuple[str, ...]:
    doc = pdfium.PdfDocument(str(SAMPLES / rel))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return tuple(out)
    finally:
        doc.close()


@lru_cache(maxsize=None)
def page_sizes(rel: str) -> tuple[tuple[float, float], ...]:
    doc = pdfium.PdfDocument(str(SAMPLES / rel))
    try:
        return tuple(tuple(round(v, 1) for v in doc[i].get_size()) for i in range(len(doc)))
    finally:
        doc.close()


def digital_twin(entry: dict) -> dict:
    return next(e for e in MANIFEST if e["truth"] == entry["truth"] and e["variant"] == "digital")


def level3_names(entry: dict) -> list[str]:
    forms = truth(entry["truth"])["forms"]
    return [squash(i["level3"]) for f in forms for i in f.get("indicators") or [] if squash(i.get("level3") or "")]


def cjk_only(text: str) -> str:
    return "".join(CJK.findall(text))


@pytest.mark.parametrize("entry", PDFS, ids=entry_id)
def test_pdf_opens_with_recorded_page_count(entry):
    path = SAMPLES / entry["file"]
    assert len(pdfium_texts(entry["file"])) == entry["pages"]
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == entry["pages"]


@pytest.mark.parametrize("entry", PDFS, ids=entry_id)
def test_text_layer_is_as_recorded(entry):
    texts = pdfium_texts(entry["file"])
    with pdfplumber.open(SAMPLES / entry["file"]) as pdf:
        plumber_chars = [len(page.chars) for page in pdf.pages]
    if entry["text_layer"] == "none":
        assert all(not t.strip() for t in texts)
        assert plumber_chars == [0] * entry["pages"]
    else:
        if entry.get("kind") == "spilled_columns":  # a page of spilled columns may hold a few figures only
            texts, plumber_chars = texts[:1], plumber_chars[:1]
        assert all(len(squash(t)) >= MIN_PAGE_CHARS for t in texts), [len(squash(t)) for t in texts]
        assert all(n >= MIN_PAGE_CHARS for n in plumber_chars), plumber_chars


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["variant"] == "digital"], ids=entry_id)
def test_digital_text_carries_the_truth(entry):
    """Every 三级 name, form title and report paragraph is in the text (pdfium, whitespace dropped); a name
    a page break cuts (its print lets the row break, the manifest says so) is in the text of the two pages."""
    text = squash("".join(pdfium_texts(entry["file"])))
    missing = [name for name in level3_names(entry) if name not in text]
    cut = cut_cell_pages(SAMPLES / entry["file"], missing)
    assert not missing or (cut and set(cut) <= set(entry["cut_cell_pages"]) and all(
        cut_cell_pages(SAMPLES / entry["file"], [name]) for name in missing))
    for form in truth(entry["truth"])["forms"]:
        assert squash(form["title"]) in text
        for para in form.get("narrative") or []:
            assert squash(para)[:30] in text


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["variant"] == "lying" and "kind" not in e], ids=entry_id)
def test_lying_pages_lie_and_the_others_do_not(entry):
    """The document-wide CJK cycle of generate/lying.py (the font-lie twins: test_samples_font_lies.py)."""
    twin = pdfium_texts(digital_twin(entry)["file"])
    texts = pdfium_texts(entry["file"])
    names = level3_names(entry)
    assert entry["lying_pages"], "a lying variant must name its lying pages"
    for number, (lying, honest) in enumerate(zip(texts, twin), start=1):
        if number not in entry["lying_pages"]:
            assert lying == honest, f"page {number} should be honest"
            continue
        # same glyphs, so the same amount of CJK text, but (almost) never the same characters
        assert len(cjk_only(lying)) == len(cjk_only(honest))
        assert fuzz.ratio(cjk_only(lying), cjk_only(honest)) < 20, f"page {number}"
        on_twin = [n for n in names if n in squash(honest)]
        on_lying = [n for n in names if n in squash(lying)]
        assert len(on_lying) <= len(on_twin) // 10, f"page {number}: {on_lying}"


def test_lying_documents_cover_whole_and_partial_lies():
    lying = [e for e in MANIFEST if e["variant"] == "lying"]
    assert len({e["truth"] for e in lying}) >= 2
    assert any(len(e["lying_pages"]) < e["pages"] for e in lying), "per-page routing needs a partly lying PDF"


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["variant"] == "scan"], ids=entry_id)
def test_scan_pages_keep_size_or_turn_as_recorded(entry):
    """Scans keep the twin's page size in points; pages turned 90°/270° swap width and height."""
    twin_sizes = page_sizes(digital_twin(entry)["file"])
    for number, (size, twin) in enumerate(zip(page_sizes(entry["file"]), twin_sizes), start=1):
        turn = entry["rotated_pages"].get(str(number), 0)
        expected = (twin[1], twin[0]) if turn in (90, 270) else twin
        assert size == pytest.approx(expected, abs=0.6), f"page {number}"


def test_some_scan_page_is_turned_90_degrees():
    assert any(90 in e["rotated_pages"].values() for e in MANIFEST if e["variant"] == "scan")


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["variant"] == "digital"], ids=entry_id)
def test_cut_cells_are_where_the_manifest_says(entry):
    forms = [f for f in truth(entry["truth"])["forms"] if f.get("kind") != "narrative_report"]
    cells = [text for form in forms for text in layout_form(form).long_texts()]
    found = cut_cell_pages(SAMPLES / entry["file"], cells)
    assert found == entry["cut_cell_pages"]
    assert entry["cut_cells"] == bool(found)


def test_some_pdf_has_a_cell_cut_by_a_page_break():
    assert any(e["cut_cells"] for e in MANIFEST if e["variant"] == "digital")


def test_every_truth_has_a_digital_pdf():
    with_digital = {e["truth"] for e in MANIFEST if e["variant"] == "digital"}
    truths = {p.relative_to(SAMPLES).as_posix() for p in (SAMPLES / "truth").glob("*.json")}
    assert truths <= with_digital


def test_every_pdf_is_in_the_manifest_and_exists():
    on_disk = {p.relative_to(SAMPLES).as_posix() for p in (SAMPLES / "pdf").glob("*.pdf")}
    assert on_disk == {f for f in BY_FILE if f.startswith("pdf/")}
    for entry in MANIFEST:
        assert (SAMPLES / entry["truth"]).exists()


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["variant"] == "image"], ids=entry_id)
def test_images_have_the_recorded_pages_and_those_of_their_pdf(entry):
    from PIL import Image

    frames = Image.open(SAMPLES / entry["file"]).n_frames
    pdf = SAMPLES / "pdf" / (Path(entry["truth"]).stem + ".pdf")
    assert frames == entry["pages"] == len(pdfium_texts(pdf.relative_to(SAMPLES).as_posix()))


def test_every_other_format_is_in_the_manifest_with_kind_and_split():
    on_disk = {p.relative_to(SAMPLES).as_posix() for p in (SAMPLES / "formats").iterdir()}
    listed = {f for f in BY_FILE if f.startswith("formats/")}
    assert on_disk == listed
    for name in listed:
        assert BY_FILE[name]["kind"] and BY_FILE[name]["split"] in ("tune", "holdout")
    # the five seed documents (000-004), each as docx and as an image
    truths = {f"truth/{name}.json" for name in ("000_jiangmen", "001_wuwei", "002_lechang", "003_zengcheng", "004_haizhu")}
    for variant in ("docx", "image"):
        assert {BY_FILE[f]["truth"] for f in listed if BY_FILE[f]["variant"] == variant} >= truths


# --- generator building blocks (pure Python, no office programs) ---------------------------

CMAP = b"""/CIDInit/ProcSet findresource begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <6C5F>
<0004> <0031>
endbfchar
2 beginbfrange
<0010> <0012> <95E8>
<0020> <0021> [<5E02> <653F>]
endbfrange
endcmap
end
"""


def test_cmap_ranges_expand_and_rewrite_round_trips():
    mapping, width = parse_cmap(CMAP)
    assert width == 4
    assert mapping == {b"0003": "江", b"0004": "1", b"0010": "门", b"0011": "闩", b"0012": "闪",
                       b"0020": "市", b"0021": "政"}
    lied = {code: "务" if text == "江" else text for code, text in mapping.items()}
    rewritten = write_cmap(CMAP, lied)
    assert parse_cmap(rewritten)[0] == lied
    assert b"beginbfrange" not in rewritten and b"begincodespacerange" in rewritten


def test_derangement_moves_every_symbol_within_the_set():
    symbols = list("江门市政务服务数据管理局")
    table = derangement(sorted(set(symbols)), random.Random(7))
    assert set(table) == set(symbols) == set(table.values())
    assert all(a != b for a, b in table.items())


def test_split_span_follows_widths_and_covers_every_column():
    widths = [6, 4, 7, 4, 12, 4, 9, 9, 4, 10, 18]
    spans = split_span(widths, [1.2, 2.8, 1.2, 2.8])
    assert sum(spans) == len(widths) and min(spans) >= 1
    assert split_span([1.0] * 3, [5, 1, 1]) == [1, 1, 1]


def test_run_lengths_mark_merged_blocks():
    assert run_lengths(["a", "a", "b", "a", "a", "a"]) == [2, 0, 1, 3, 0, 0]

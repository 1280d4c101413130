"""Font verification on every text-layer page of the samples: lies found, honest fonts trusted, lies repaired."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from jixiao.extractors.fonts.glyphs import Glyph, GlyphKey, page_glyphs
from jixiao.extractors.fonts.reader import Reading, fold, fold_all, get_reader, line_crop, resize_area, spelling
from jixiao.extractors.fonts.verify import FontVerifier, judge, line_runs, route_by_fonts
from jixiao.extractors.routing import route_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
#: Pages stored in larger units (/UserUnit 2, 1.5), their content drawn scaled down: honest fonts.
USER_UNIT = [e for e in MANIFEST if e.get("kind") == "userunit_digital"]
TEXT_LAYER = [e for e in MANIFEST if e["text_layer"] != "none" and e["file"].endswith(".pdf")]
TWINS = [e for e in MANIFEST if "kind" in e and e["variant"] == "lying"]


def decide_document(entry: dict) -> list[dict]:
    """Each page's route as the reader decides it: the pair check first, then the fonts."""
    pdf = pdfium.PdfDocument(SAMPLES / entry["file"])
    verifier = FontVerifier(get_reader())
    out = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            first = route_page(page)
            decision = route_by_fonts(verifier, page, index + 1, first.route, first.reason)
            verifier.keep_open(page)
            out.append({"page": index + 1, "route": decision.route, "reason": decision.reason,
                        "checks": decision.checks, "replacements": decision.replacements or {},
                        "lying": any(c.lying for c in decision.checks)})
    finally:
        verifier.close()
        pdf.close()
    return out


@pytest.fixture(scope="module")
def decisions() -> dict[str, list[dict]]:
    return {e["file"]: decide_document(e) for e in TEXT_LAYER}


def test_every_lying_page_is_found_and_no_honest_page_is_flagged(decisions):
    wrong = []
    for entry in TEXT_LAYER:
        for page in decisions[entry["file"]]:
            expected = page["page"] in entry["lying_pages"]
            if page["lying"] != expected:
                wrong.append((entry["file"], page["page"], expected, page["reason"]))
    assert not wrong, wrong
    lying_pages = sum(len(e["lying_pages"]) for e in TEXT_LAYER)
    assert lying_pages >= 20  # the test must see lies of every kind, not a handful


def test_traditional_and_kangxi_pages_keep_their_text_layer(decisions):
    honest = [e for e in MANIFEST if e.get("kind") in ("honest_traditional", "honest_chromium_kangxi")]
    assert honest
    for entry in honest + [e for e in MANIFEST if e["file"] == "pdf/001_wuwei.pdf"]:
        for page in decisions[entry["file"]]:
            assert page["route"] == "text", (entry["file"], page["reason"])
    # the pair check alone sends the traditional form to OCR; the glyphs overrule it
    trad = decisions["pdf/304_shaoguan_trad.pdf"][0]
    assert "overrides" in trad["reason"]


def test_lying_pages_are_repaired_on_the_text_path(decisions):
    routes = [page["route"] for e in TEXT_LAYER for page in decisions[e["file"]] if page["page"] in e["lying_pages"]]
    assert routes.count("repaired") == len(routes), routes


def test_honest_pages_read_a_sample_not_every_glyph(decisions):
    """The check of an honest page the pair test does not doubt reads a sample of its glyphs."""
    sampled = 0
    for entry in TEXT_LAYER:
        for page in decisions[entry["file"]]:
            if page["page"] in entry["lying_pages"] or "overrides" in page["reason"]:
                continue
            glyphs = sum(c.glyphs for c in page["checks"])
            checked = sum(c.checked for c in page["checks"])
            if glyphs >= 100:
                assert checked <= 0.6 * glyphs, (entry["file"], page["page"], checked, glyphs)
                sampled += 1
    assert sampled >= 20


def test_digit_lies_are_caught_by_the_figure_glyphs(decisions):
    for entry in [e for e in TWINS if e["kind"] == "digits_only"]:
        page = decisions[entry["file"]][0]
        lying = [c for c in page["checks"] if c.lying]
        assert lying and all(c.disagreed >= 2 for c in lying) and sum(c.disagreed for c in lying) >= 5
        assert set(page["replacements"].values()) <= set("0123456789")


def test_a_font_without_tounicode_is_read_from_its_glyphs(decisions):
    for entry in [e for e in TWINS if e["kind"] == "no_tounicode"]:
        page = decisions[entry["file"]][0]
        assert any(c.unmapped for c in page["checks"])
        assert page["route"] == "repaired"
        # the glyphs that draw no ink are repaired as spaces: no raw code is left in their place
        assert not [ch for ch in page["replacements"].values() if not ch.isprintable() and not ch.isspace()]
        blank = [c for c in page["checks"] if c.unmapped and c.repaired == c.glyphs]
        if entry["file"] == "pdf/300_xinyu_lying-no-tounicode.pdf":
            assert blank and " " in page["replacements"].values()


@pytest.mark.parametrize("screen", [False, True], ids=["reader alone", "screen first"])
def test_each_glyph_is_read_once_per_document(screen):
    """Each distinct glyph is read once per document: by the screen (a second look for those it left), then
    by the reader for what the screen did not confirm."""
    from jixiao.extractors.fonts.reader import get_screen

    entry = next(e for e in MANIFEST if e["file"] == "pdf/004_haizhu_lying.pdf")
    pdf = pdfium.PdfDocument(SAMPLES / entry["file"])
    reader, tiny = get_reader(), get_screen()
    verifier = FontVerifier(reader, screen=screen)
    before, before_tiny = reader.glyphs_read, tiny.glyphs_read if tiny else 0
    for index in range(len(pdf)):
        page = pdf[index]
        verifier.check_page(page, index + 1)
        verifier.keep_open(page)
    read = reader.glyphs_read - before
    screened = (tiny.glyphs_read if tiny else 0) - before_tiny
    distinct = len(verifier._cache)
    verifier.close()
    if not screen or tiny is None:
        assert read == distinct and screened == 0
    else:
        # every glyph is read, none more than twice by the screen (its two looks) nor twice by the reader
        assert screened + read >= distinct
        assert 0 < screened < 2 * distinct
        assert 0 < read < distinct   # the reader reads only what the screen did not confirm


def test_a_typeface_found_lying_is_read_by_the_screen_once_then_by_the_small_model():
    """Once a typeface's sample disagrees, the rest of its glyphs get one look of the screen: the ones it
    reads surely as another character keep that reading, the small model reads the others.  A shuffled
    map leaves the small model a part of its glyphs only; a few pairs swapped, fewer still."""
    from jixiao.extractors.fonts.reader import get_screen

    tiny = get_screen()
    if tiny is None:
        pytest.skip("no screen installed")
    reader = get_reader()
    seen = {}
    for name in ("300_xinyu_lying-font-shuffle", "301_zhuzhou_lying-pair-swap"):
        pdf = pdfium.PdfDocument(SAMPLES / "pdf" / f"{name}.pdf")
        verifier = FontVerifier(reader)
        before, before_tiny = reader.glyphs_read, tiny.glyphs_read
        page = pdf[0]
        verdict = verifier.check_page(page, 1, read_all=True)
        verifier.keep_open(page)
        seen[name] = (reader.glyphs_read - before, tiny.glyphs_read - before_tiny, len(verifier._cache), verdict.lying)
        verifier.close()
    read, screened, distinct, lying = seen["300_xinyu_lying-font-shuffle"]
    # every glyph seen by the screen (the sample twice at most), the small model left with the unsure part
    assert lying and distinct <= screened < 2 * distinct and 0 < read < distinct * 2 // 3
    read, screened, distinct, lying = seen["301_zhuzhou_lying-pair-swap"]
    assert lying and screened > distinct and read < distinct // 2


# --- building blocks -----------------------------------------------------------------------

def test_fold_treats_radicals_traditional_and_full_width_as_one():
    assert fold("⽬") == fold("目")
    assert fold("項") == fold("项")
    assert fold("３") == "3" and fold("．") == "."
    assert fold("●") == "."
    assert fold("户") != fold("尸")


def test_fold_table_matches_opencc_on_every_class():
    """Every class of the recognisers folds as it would through opencc (the single-character table is exact)."""
    import unicodedata

    from jixiao.extractors.fonts.reader import _SAME_SHAPE
    from jixiao.normalizers.names import to_simplified
    from jixiao.normalizers.text_repair import RADICAL_MAP

    def slow(ch: str) -> str:
        ch = to_simplified(unicodedata.normalize("NFKC", RADICAL_MAP.get(ch, ch)))
        return _SAME_SHAPE.get(ch, ch).lower()

    from jixiao.extractors.fonts.reader import get_screen

    characters = get_reader().characters[1:]
    assert len(characters) > 18000
    characters += get_screen().characters[1:] if get_screen() is not None else []
    assert [c for c in characters if fold(c) != slow(c)] == []
    assert fold("經") == "经" and fold("⾨") == "门"
    # the index of each recogniser folds its classes in one pass: the same keys
    assert fold_all(characters) == [fold(c) for c in characters]


def test_glyphs_are_spread_evenly_over_the_fewest_lines():
    from jixiao.extractors.fonts.reader import GLYPHS_PER_LINE, even_lines

    for count in (1, 24, 25, 38, 49, 200):
        lines = even_lines(count)
        sizes = [len(line) for line in lines]
        assert sum(sizes) == count and max(sizes) <= GLYPHS_PER_LINE
        assert len(lines) == -(-count // GLYPHS_PER_LINE) and max(sizes) - min(sizes) <= 1
        assert [i for line in lines for i in line] == list(range(count))


def test_spelling_writes_figures_plainly_and_keeps_chinese_punctuation():
    assert spelling("３") == "3" and spelling("●") == "."
    assert spelling("，") == "，" and spelling("項") == "項"


def test_judge_needs_a_sure_reading_to_disagree():
    assert judge("目", Reading("目", 0.99, 0.99)) == "agree"
    assert judge("自", Reading("目", 0.6, 0.3)) == "agree"        # the claim is still plausible
    assert judge("自", Reading("目", 0.99, 0.001)) == "disagree"
    assert judge("自", Reading("目", 0.5, 0.001)) == "unsure"
    assert judge("\x01", Reading("目", 0.95, 0.0), unmapped=True) == "disagree"
    # the recogniser cannot tell ‰ from % surely: neither confirmed nor refuted
    assert judge("‰", Reading("%", 0.99, 0.003)) == "unsure"
    assert judge("5", Reading("%", 0.99, 0.0)) == "disagree"


def test_the_screen_refutes_alone_only_surely_and_only_shapes_written_one_way():
    from jixiao.extractors.fonts.verify import surely_other

    assert surely_other("自", Reading("目", 0.995, 0.001))
    assert not surely_other("自", Reading("目", 0.97, 0.001))      # a disagreement, but the small model's to confirm
    assert not surely_other("自", Reading("目", 0.995, 0.2))       # the claim still plausible
    assert surely_other("\x01", Reading("目", 0.995, 0.0), unmapped=True)
    # 一 or a dash, ： or :, （ or (: which spelling the repair writes is the small model's to say
    assert not surely_other("自", Reading("-", 0.999, 0.0))
    assert not surely_other("自", Reading(":", 0.999, 0.0)) and not surely_other("自", Reading("（", 0.999, 0.0))
    assert surely_other("自", Reading("7", 0.999, 0.0))


def test_a_sure_near_twin_reading_stands_as_unsure_without_the_small_model():
    """001_wuwei's honest ×, read by the screen's second look as x at 0.95, was the one glyph that loaded
    the small model for that document; a near twin is judged unsure whatever reads it."""
    readings: list[Reading | None] = [None]
    assert FontVerifier._keep_twin(Reading("x", 0.95, 0.04), "×", readings, 0)
    assert readings[0] is not None and judge("×", readings[0]) == "unsure"
    assert FontVerifier._keep_twin(Reading("%", 0.97, 0.0), "‰", [None], 0)
    assert not FontVerifier._keep_twin(Reading("x", 0.6, 0.04), "×", [None], 0)    # not sure enough
    assert not FontVerifier._keep_twin(Reading("+", 0.99, 0.0), "×", [None], 0)    # another character
    assert not FontVerifier._keep_twin(Reading("X", 0.99, 0.0), "自", [None], 0)   # no twin of the claim


def test_a_glyphs_own_steps_confirm_it_where_a_neighbour_won_its_window():
    """418_yunnan_final_accounts's 费: the first look's window read its neighbour 数 at 1.00, its own steps
    费 at 0.98, the second look 费 at 0.67; its own steps now confirm it, and the 12-page document reads
    no glyph with the small model.  Only the claim read surely confirms."""
    from jixiao.extractors.fonts.verify import core_confirms
    from jixiao.extractors.pages import ReadOptions, read_pages_checked

    assert core_confirms("费", Reading("费", 0.975, 0.975)) == Reading("费", 0.975, 0.975)
    assert core_confirms("費", Reading("费", 0.975, 0.975)) is not None       # the same character, folded
    assert core_confirms("费", Reading("费", 0.85, 0.85)) is None             # not sure enough
    assert core_confirms("费", Reading("数", 0.999, 0.001)) is None           # another character
    reader = get_reader()
    before = reader.glyphs_read
    path = SAMPLES / "pdf" / "418_yunnan_final_accounts.pdf"
    pdf = pdfium.PdfDocument(path)
    try:
        pages, _ = read_pages_checked(pdf, path, ReadOptions())
    finally:
        pdf.close()
    assert len(pages) == 12 and reader.glyphs_read == before


def test_line_crop_keeps_each_glyph_in_its_own_slot():
    cuts = [np.zeros((30, 30), np.uint8), np.zeros((30, 10), np.uint8)]
    crop, spans = line_crop(cuts)
    assert crop.shape[0] == 48
    assert spans[0][1] <= spans[1][0]
    assert spans[1][1] - spans[1][0] >= 16  # a narrow glyph still spans two model steps


def test_glyph_resizing_gives_opencvs_pixels():
    """The font check resizes without OpenCV, to the very pixels OpenCV's INTER_AREA gives: shrinking,
    enlarging, one way each, whole-number factors, glyph cuts and long line crops."""
    cv2 = pytest.importorskip("cv2")
    rng = np.random.default_rng(12)
    sizes = [(int(h), int(w), int(nh), int(nw)) for h, w, nh, nw in rng.integers(1, 80, (600, 4))]
    sizes += [(h * k, w * k, h, w) for h in (5, 24, 31) for w in (3, 17, 40) for k in (2, 3)]
    sizes += [(40, 1500, 48, 1800), (90, 2200, 48, 1100), (36, 30, 24, 14), (20, 9, 24, 11)]
    differing = []
    for h, w, nh, nw in sizes:
        image = rng.integers(0, 256, (h, w), dtype=np.uint8)
        if h % 2:
            image = np.where(image > 128, 255, 0).astype(np.uint8)  # ink on paper, as cuts are
        expected = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA)
        got = resize_area(image, nw, nh)
        if got.shape != expected.shape or (got != expected).any():
            differing.append((h, w, nh, nw))
    assert differing == []


def test_the_font_check_does_not_import_opencv():
    """Only OCR needs OpenCV: an honest digital document checked glyph by glyph should not pay its import."""
    import subprocess
    import sys

    code = ("import sys, pypdfium2 as pdfium\n"
            "from jixiao.extractors.pages import ReadOptions, read_pages\n"
            f"path = {str(SAMPLES / 'pdf/000_jiangmen.pdf')!r}\n"
            "pdf = pdfium.PdfDocument(path); read_pages(pdf, path, ReadOptions(verify_fonts=True))\n"
            "print('jixiao.extractors.fonts.reader' in sys.modules, 'cv2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "True False"  # the fonts were checked, without OpenCV


def test_line_runs_split_at_baselines_and_gaps():
    def glyph(x, y, i):
        return Glyph(GlyphKey(1, "字"), "f", (x, y + 10, x + 10, y), index=i)

    runs = line_runs([glyph(0, 0, 0), glyph(10, 0, 1), glyph(40, 0, 2), glyph(50, 20, 3)])
    assert [[g.index for g in run] for run in runs] == [[0, 1], [2], [3]]


def test_clipped_glyphs_are_not_read():
    """LibreOffice repeats a merged cell's text on every page and clips it: those glyphs are hidden."""
    pdf = pdfium.PdfDocument(SAMPLES / "pdf/000_jiangmen.pdf")
    glyphs = page_glyphs(pdf[1].get_textpage())
    hidden = [g for g in glyphs if not g.visible]
    assert len(hidden) > 50 and len(hidden) < len(glyphs)


@pytest.mark.parametrize("name", ["000_jiangmen", "001_wuwei", "304_shaoguan_trad", "000_jiangmen_lying"])
def test_visibility_settled_per_text_object_is_the_glyph_by_glyph_answer(name):
    """Glyphs are listed without boxes; an object well inside the page and its clip shows them all."""
    from jixiao.extractors.fonts.glyphs import PageGlyphs

    pdf = pdfium.PdfDocument(SAMPLES / f"pdf/{name}.pdf")
    settled = total = 0
    for index in range(len(pdf)):
        textpage = pdf[index].get_textpage()
        cheap, exact = PageGlyphs(textpage), PageGlyphs(textpage)
        for j in range(len(cheap)):
            glyph = exact.glyph(j)
            assert cheap.visible(j) == (glyph is not None and glyph.visible), (name, index + 1, cheap.keys[j])
            settled += j not in cheap._located
        assert PageGlyphs(textpage).shown() == [cheap.visible(j) for j in range(len(cheap))]
        total += len(cheap)
    assert settled > 0.5 * total  # most glyphs need no box of their own


@pytest.mark.parametrize("name", ["000_jiangmen", "001_wuwei"])
def test_the_text_reader_reads_the_same_characters_after_the_font_check(name):
    """The check and the text reader share a page's clip boxes: LibreOffice clips merged cells (000) and
    draws every glyph as an object of its own (001); the characters are those of a page read alone."""
    from jixiao.extractors.chars import page_chars
    from jixiao.extractors.fonts.glyphs import PageGlyphs
    from jixiao.extractors.page_frame import PageFrame

    def read(check_first: bool) -> list:
        pdf = pdfium.PdfDocument(SAMPLES / f"pdf/{name}.pdf")
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            if check_first:
                listing = PageGlyphs(page.get_textpage())
                assert [listing.visible(j) for j in range(len(listing))]
            pages.append(page_chars(page.get_textpage(), PageFrame.of(page)))
        return pages

    alone, after = read(False), read(True)
    assert after == alone
    assert any(c.clip is not None for page in alone for c in page) or name != "000_jiangmen"  # clips were met


@pytest.mark.parametrize("name", ["000_jiangmen", "001_wuwei", "300_xinyu_lying-body-font", "101_yibin_userunit"])
def test_one_listing_of_the_text_layer_serves_the_check_and_the_reader(name, monkeypatch):
    """Routing, the font check and the text reader share a page's text layer: its characters are listed
    once a page, and what the check and the reader make of them is what each makes of a layer of its own."""
    from jixiao.extractors import chars as chars_module
    from jixiao.extractors.chars import list_chars, page_chars, shared_text_layer, text_layer
    from jixiao.extractors.fonts.glyphs import PageGlyphs
    from jixiao.extractors.pages import ReadOptions, read_pages
    from jixiao.extractors.page_frame import PageFrame

    path = SAMPLES / f"pdf/{name}.pdf"
    pdf = pdfium.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        own = page.get_textpage()
        alone_glyphs = PageGlyphs(own).all()
        alone_chars = page_chars(own, PageFrame.of(page))
        with shared_text_layer(page) as shared:
            with text_layer(page) as layer:
                assert layer is shared
                glyphs = PageGlyphs(layer.textpage, layer.chars()).all()
            with text_layer(page) as layer:
                chars = page_chars(layer.textpage, PageFrame.of(page), listing=layer.chars())
        assert glyphs == alone_glyphs and chars == alone_chars
        assert shared._textpage is None  # closed on leaving
    calls = []
    monkeypatch.setattr(chars_module, "list_chars", lambda textpage: calls.append(1) or list_chars(textpage))
    pages = read_pages(pdfium.PdfDocument(path), path, ReadOptions())
    assert pages and len(calls) == len(pages)


def test_glyphs_left_unread_mark_their_cell_doubtful():
    """A lying font's glyph read unsurely even in its line is not passed off as exact text."""
    from jixiao.extractors.chars import DOUBTFUL_CONFIDENCE
    from jixiao.extractors.readers import PageSource, ReadOptions
    from jixiao.extractors.text_grid import read_text_page

    pdf = pdfium.PdfDocument(SAMPLES / "pdf/300_xinyu.pdf")
    page = pdf[0]
    glyph = next(g for g in page_glyphs(page.get_textpage()) if g.key.claimed == "救")
    content = read_text_page(page, 1, PageSource(SAMPLES / "pdf/300_xinyu.pdf", ReadOptions(), doubtful=frozenset({glyph.index})))
    cells = [c for t in content.tables for c in t.cells]
    doubtful = [c for c in cells if c.confidence == DOUBTFUL_CONFIDENCE]
    assert len(doubtful) == 1 and "救" in doubtful[0].text
    assert all(c.confidence == 1.0 for c in cells if c is not doubtful[0])


@pytest.mark.parametrize("entry", USER_UNIT, ids=lambda e: e["file"])
def test_user_unit_pages_are_not_flagged(decisions, entry):
    assert not any(page["lying"] for page in decisions[entry["file"]])


def test_fresh_glyphs_come_from_font_objects_not_yet_judged_enough():
    """A font object judged on earlier pages adds only figures and suspects; a new object is sampled."""
    import random

    from jixiao.extractors.fonts.verify import CJK_SAMPLE, choose_sample

    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    old = [Glyph(GlyphKey(1, ch), "f", (i, 10, i + 1, 0), index=i) for i, ch in enumerate(chars[:40])]
    new = [Glyph(GlyphKey(2, ch), "f", (i, 10, i + 1, 0), index=40 + i) for i, ch in enumerate(chars[40:])]
    figures = [Glyph(GlyphKey(1, "7"), "f", (0, 10, 1, 0), index=99)]
    judged = {1: CJK_SAMPLE}
    sample = choose_sample(old + new + figures, {}, random.Random(0), cached=(), judged=judged)
    assert GlyphKey(1, "7") in sample                                   # figures always
    assert {k.font for k in sample if k.claimed != "7"} == {2}           # fresh ones from the new object only
    assert len(sample) == 1 + min(CJK_SAMPLE, len(new))
    first = choose_sample(old + figures, {}, random.Random(0))           # nothing judged yet: a full sample
    assert len(first) == 1 + CJK_SAMPLE


@pytest.mark.parametrize("name", ["003_zengcheng", "300_xinyu", "202_qingshanhu_health",
                                  "401_zhongjiang_gauge", "426_tanghu_town"])
def test_an_honest_form_is_verified_by_the_screen_alone(name):
    """The glyphs the screen's two looks leave on these forms (情, 渝, 措) are confirmed in their own line,
    202's ‰, read as % by the first look at 0.91, stands as unsure, and the / alone in a cell of 401 and
    426 (no neighbour to read it with) is confirmed by the first look (0.89, 0.81): the small model reads
    nothing, and every typeface is honest."""
    from jixiao.extractors.fonts.reader import get_screen

    if get_screen() is None:
        pytest.skip("no screen installed")
    reader = get_reader()
    before = reader.glyphs_read
    pdf = pdfium.PdfDocument(SAMPLES / "pdf" / f"{name}.pdf")
    verifier = FontVerifier(reader)
    verdicts = []
    for index in range(len(pdf)):
        page = pdf[index]
        verdicts.append(verifier.check_page(page, index + 1))
        verifier.keep_open(page)
    verifier.close()
    assert reader.glyphs_read == before
    assert sum(c.checked for v in verdicts for c in v.checks) > 30  # figures and a full CJK sample
    assert not any(v.lying for v in verdicts) and not any(c.disagreed for v in verdicts for c in v.checks)


def test_the_text_layer_listed_through_the_typed_bindings_is_the_same():
    """Characters are listed through pdfium's functions taking plain addresses; the typed bindings
    (the fallback when those cannot be had) list the same codes, objects and boxes, and the same glyphs."""
    from jixiao.extractors import chars as chars_module
    from jixiao.extractors.fonts import glyphs as glyphs_module
    from jixiao.extractors.chars import list_chars
    from jixiao.extractors.fonts.glyphs import PageGlyphs

    pdf = pdfium.PdfDocument(SAMPLES / "pdf/000_jiangmen.pdf")
    textpage = pdf[1].get_textpage()
    fast, fast_glyphs = list_chars(textpage), PageGlyphs(textpage).all()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chars_module, "CHAR_CODE", None)
        patch.setattr(glyphs_module, "CHAR_UNMAPPED", None)
        slow, slow_glyphs = list_chars(textpage), PageGlyphs(textpage).all()
    assert slow == fast and len(fast.codes) > 500 and slow_glyphs == fast_glyphs


def test_a_slots_whole_and_core_readings_are_its_two_single_readings():
    """read_both's pair (the claim's probability worked out once) is read(core=False) and read(core=True)
    of the slot: on random line outputs, slots at every offset, at the line's ends and beyond it."""
    from jixiao.extractors.fonts.reader import GAP_PX, STRIDE, _StepBests

    reader = get_reader()
    rng = np.random.default_rng(7)
    steps_n, classes = 12, len(reader.characters)
    logits = rng.normal(size=(steps_n, classes))
    logits[::3, 0] += 8  # some steps surely blank
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    steps = _StepBests(reader.characters, probs)
    claims = [reader.characters[int(rng.integers(1, classes))] for _ in range(3)] + ["", "☃"]
    for start in range(-GAP_PX, steps_n * STRIDE + GAP_PX, 3):
        for width in (1, STRIDE // 2, 24):
            for claim in claims:
                span = (start, start + width)
                pair = reader._slot_readings(probs, span, claim, steps)
                assert pair == (reader._slot_reading(probs, span, claim, steps),
                                reader._slot_reading(probs, span, claim, steps, core=True)), (span, claim)


@pytest.mark.parametrize("name", ["000_jiangmen", "100_tianshui_rot90", "101_yibin_rot270", "100_tianshui_crop",
                                  "101_yibin_userunit"])
def test_glyph_cuts_rendered_directly_are_pypdfium2s_renders(name):
    """render_region draws into numpy what pypdfium2's render(grayscale, crop) gives, pixel for pixel,
    on rotated, cropped and user-unit pages, at the page's edges and inside it."""
    import math

    from jixiao.extractors.fonts.verify import render_region

    pdf = pdfium.PdfDocument(SAMPLES / f"pdf/{name}.pdf")
    page, inked = pdf[0], 0
    for scale in (3.0, 4.1667):
        width, height = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
        grid = [(width * i // 4, height * j // 4, 57, 23) for i in range(4) for j in range(4)] if scale == 3.0 else []
        for x0, y0, dx, dy in [(0, 0, 40, 30), (width - 31, height - 17, 31, 17)] + grid:
            pixels = (x0, y0, x0 + dx, y0 + dy)
            crop = tuple(max(edge - 0.5, 0.0) / scale for edge in (x0, height - y0 - dy, width - x0 - dx, y0))
            expected = page.render(scale=scale, grayscale=True, crop=crop).to_numpy()
            expected = expected[:, :, 0] if expected.ndim == 3 else expected
            got = render_region(page, scale, pixels, (width, height))
            assert got.shape == (dy, dx) and np.array_equal(got, expected), (scale, pixels)
            inked += int((got < 128).any())
    assert inked  # not only blank paper compared


def test_a_glyph_cut_pdfium_could_not_draw_is_an_error_not_leftover_memory(monkeypatch):
    import math

    import pypdfium2.raw as pdfium_c

    from jixiao.extractors.fonts import verify

    page = pdfium.PdfDocument(SAMPLES / "pdf/000_jiangmen.pdf")[0]
    monkeypatch.setattr(pdfium_c, "FPDFBitmap_CreateEx", lambda *args: None)
    with pytest.raises(MemoryError):
        verify.render_region(page, 3.0, (0, 0, 40, 30), (math.ceil(page.get_width() * 3), math.ceil(page.get_height() * 3)))


def test_a_shared_text_layer_opened_again_for_the_page_is_the_same_one_and_stays_open():
    """A reader that opens the page's shared layer again (nested) gets the one already shared; leaving
    the inner block neither closes it nor stops sharing it for the rest of the outer one."""
    from jixiao.extractors.chars import shared_text_layer, text_layer

    page = pdfium.PdfDocument(SAMPLES / "pdf/000_jiangmen.pdf")[0]
    with shared_text_layer(page) as outer:
        listing = outer.chars()
        with shared_text_layer(page) as inner:
            assert inner is outer
        assert outer._textpage is not None and outer.chars() is listing
        with text_layer(page) as layer:
            assert layer is outer
    assert outer._textpage is None


def test_a_sure_time_step_is_read_as_ranking_its_top_classes_reads_it():
    """A step whose best class gets over half the probability and folds with no other class is read
    without ranking (GlyphReader.alone): the same character and probability as the ranking on random
    line outputs, sure and unsure steps, blank steps, classes that fold alike (3 and ３) included."""
    from jixiao.extractors.fonts.reader import _StepBests, get_screen

    for reader in (get_reader(), get_screen()):
        if reader is None:
            continue
        rng = np.random.default_rng(11)
        twins = reader.indices_of("3")
        assert len(twins) > 1 and not reader.alone[twins].any()
        sure = 0
        for _ in range(40):
            steps_n, classes = 30, len(reader.characters)
            logits = rng.normal(size=(steps_n, classes)) * rng.uniform(0.5, 3)
            hot = rng.integers(0, classes, steps_n)
            hot[::5] = twins[0]
            logits[np.arange(steps_n), hot] += rng.uniform(0, 14, steps_n)
            logits[::4, 0] += 8
            probs = (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)).astype(np.float32)
            fast, ranked = _StepBests(reader.characters, probs, reader.alone), _StepBests(reader.characters, probs)
            for t in range(steps_n):
                sure += bool(fast._sure[t])
                assert fast.best(t) == ranked.best(t)
        assert sure > 100


def test_displayed_boxes_of_unturned_pages_are_the_frames():
    """displayed_box gives PageFrame.box's floats for an unturned page (CropBox offsets, user units,
    corners in any order) and is PageFrame.box itself for a turned one."""
    from jixiao.extractors.fonts.glyphs import displayed_box
    from jixiao.extractors.page_frame import PageFrame

    rng = np.random.default_rng(3)
    for frame in (PageFrame(0, 0, 595.3, 841.9), PageFrame(17.25, -3.5, 612, 792, 0, 2.0),
                  PageFrame(9.1, 12.7, 420.0, 297.0, 0, 1.5)):
        box = displayed_box(frame)
        for corners in rng.uniform(-50, 900, size=(500, 4)):
            assert box(*corners) == frame.box(*corners)
    turned = PageFrame(0, 0, 595, 842, 90)
    assert displayed_box(turned) == turned.box


def test_a_documents_typefaces_are_named_once(monkeypatch):
    """The verifier names each font handle once for the whole document (Chromium's 001_wuwei draws its
    glyphs with hundreds of Type3 fonts on every page), and the names are those a page alone gives."""
    from jixiao.extractors.chars import text_layer
    from jixiao.extractors.fonts import glyphs

    named: list[int] = []
    name = glyphs.typeface_of
    monkeypatch.setattr(glyphs, "typeface_of", lambda font: named.append(id(font)) or name(font))
    pdf = pdfium.PdfDocument(SAMPLES / "pdf/001_wuwei.pdf")
    verifier = FontVerifier(get_reader())
    try:
        pages = [pdf[i] for i in range(len(pdf))]
        for number, page in enumerate(pages, start=1):
            verifier.check_page(page, number)
            verifier.keep_open(page)
        assert len(named) == len(verifier._typefaces) < sum(
            len({k.font for k in glyphs.PageGlyphs(page.get_textpage()).keys}) for page in pages)
        for page in pages:
            with text_layer(page) as layer:
                shared = glyphs.PageGlyphs(layer.textpage, layer.chars(), dict(verifier._typefaces))
                assert shared.typefaces == glyphs.PageGlyphs(layer.textpage, layer.chars()).typefaces
    finally:
        verifier.close()
        pdf.close()


def test_glyphs_vouched_for_by_their_pairs_do_not_fill_the_sample():
    """A fresh CJK glyph whose pairs on the page are all plausible is not drawn to fill a sample; figures and
    glyphs in implausible pairs are still read."""
    import random

    from jixiao.extractors.fonts.verify import CJK_SAMPLE, choose_sample

    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    glyphs = [Glyph(GlyphKey(1, ch), "f", (i, 10, i + 1, 0), index=i) for i, ch in enumerate(chars[:40])]
    figures = [Glyph(GlyphKey(1, "7"), "f", (0, 10, 1, 0), index=99)]
    scores = {g.key: 0.0 for g in glyphs[:30]} | {g.key: 0.5 for g in glyphs[30:]}
    vouched = frozenset(g.key for g in glyphs[:30])
    sample = choose_sample(glyphs + figures, scores, random.Random(0), vouched=vouched | {GlyphKey(1, "7")})
    assert GlyphKey(1, "7") in sample                                   # figures always
    assert set(sample) - {GlyphKey(1, "7")} == {g.key for g in glyphs[30:]}  # the 10 in doubtful pairs, no more
    assert len(choose_sample(glyphs + figures, scores, random.Random(0))) == 1 + CJK_SAMPLE


def test_one_pair_repeated_vouches_once():
    """A lie that turns 万 into 千 makes "千元" in every amount cell: one plausible pair, however often
    repeated, vouches for nothing; two different plausible pairs do."""
    from types import SimpleNamespace

    from jixiao.extractors.fonts.verify import suspicion

    def evidence(lines, plausible):
        keys = [GlyphKey(1, ch) for line in lines for ch in line]
        starts = [i == 0 for line in lines for i in range(len(line))]
        return suspicion(SimpleNamespace(keys=keys, line_start=starts), [True] * len(keys), frozenset(plausible))

    assert not evidence(["千元"] * 6, {"千元"}).vouched
    assert evidence(["产出指标"], {"产出", "出指", "指标"}).vouched == {GlyphKey(1, "出"), GlyphKey(1, "指")}


def test_a_glyphs_share_of_broken_pairs_counts_every_occurrence():
    """Suspicion counts pairs as often as they are drawn (a swapped glyph breaks each of its pairs), while a
    repeated pair still vouches once: 千 in "千元" three times (implausible) and "千克" once (plausible)."""
    from types import SimpleNamespace

    from jixiao.extractors.fonts.verify import suspicion

    lines = ["千元", "千元", "千克", "千元", "元"]
    keys = [GlyphKey(1, ch) for line in lines for ch in line]
    starts = [i == 0 for line in lines for i in range(len(line))]
    evidence = suspicion(SimpleNamespace(keys=keys, line_start=starts), [True] * len(keys), frozenset({"千克"}))
    assert evidence.scores == {GlyphKey(1, "千"): 0.75, GlyphKey(1, "元"): 1.0, GlyphKey(1, "克"): 0.0}
    assert not evidence.vouched


@pytest.mark.parametrize("entry", [e for e in TWINS if e["kind"] == "pair_swap"], ids=lambda e: e["file"])
def test_swapped_glyphs_are_seldom_vouched_for_by_their_pairs(entry, monkeypatch):
    """A swapped glyph breaks its pairs: of the glyphs a pair swap makes lie, at most a tenth sit only in
    plausible pairs (1 of the 82 of the four pair-swap twins, a holdout one's), so a sample that leaves the glyphs vouched
    for by their pairs unread still finds every page."""
    from jixiao.extractors.fonts import verify

    evidence = []
    suspicion = verify.suspicion
    monkeypatch.setattr(verify, "suspicion", lambda *a: evidence.append(suspicion(*a)) or evidence[-1])
    pdf = pdfium.PdfDocument(SAMPLES / entry["file"])
    verifier = FontVerifier(get_reader())
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            verdict = verifier.check_page(page, index + 1)
            verifier.keep_open(page)
            assert verdict.lying == (index + 1 in entry["lying_pages"])
            on_page = set(evidence[-1].scores) | evidence[-1].vouched
            swapped = {k for k, r in verifier._cache.items() if k in on_page and judge(k.claimed, r) == "disagree"}
            assert len(swapped) >= 2 and len(swapped & evidence[-1].vouched) <= 0.1 * len(swapped)
    finally:
        verifier.close()
        pdf.close()


def test_a_multi_page_document_reads_less_on_later_pages_yet_finds_a_lie_on_page_two_only():
    """003_zengcheng's fonts are sampled on page 1; page 2 reads only what is new there (glyphs read, not
    those judged from the document's readings).  Its twin whose fonts lie on page 2 only (page 1 honest) is
    caught there all the same."""
    def checked(name: str) -> list[tuple[int, bool]]:
        pdf = pdfium.PdfDocument(SAMPLES / "pdf" / f"{name}.pdf")
        verifier = FontVerifier(get_reader())
        out = []
        try:
            for index in range(len(pdf)):
                page, before = pdf[index], len(verifier._cache)
                verdict = verifier.check_page(page, index + 1)
                verifier.keep_open(page)
                out.append((len(verifier._cache) - before, verdict.lying))
        finally:
            verifier.close()
            pdf.close()
        return out

    honest, lying = checked("003_zengcheng"), checked("003_zengcheng_lying")
    assert not any(flag for _, flag in honest)
    assert 0 < honest[1][0] < honest[0][0] / 3
    assert [flag for _, flag in lying] == [False, True]


def test_repairs_that_would_give_two_glyphs_of_a_font_one_character_repair_neither():
    from jixiao.extractors.fonts.verify import _colliding_repairs

    font = 7
    zero, left, right, swapped = (GlyphKey(font, c) for c in "0()自")
    cache = {zero: Reading("0", 0.99, 0.99),           # the font's own 0, confirmed
             left: Reading("0", 0.9, 0.001),           # a bracket read alone as 0
             right: Reading("0", 0.8, 0.001),
             swapped: Reading("目", 0.99, 0.001)}      # a lie read surely, alone in its character
    glyphs = [Glyph(key, "F", None, False, i, True) for i, key in enumerate(cache)]
    assert _colliding_repairs(cache, glyphs) == {left, right}
    # another font object's 0 is no collision: each font maps its own glyphs
    other = GlyphKey(font + 1, "(")
    cache_other = {zero: cache[zero], other: Reading("0", 0.9, 0.001)}
    assert _colliding_repairs(cache_other, [Glyph(k, "F", None, False, i, True) for i, k in enumerate(cache_other)]) == set()


def test_a_bracket_read_alone_as_a_digit_is_not_written_into_a_repaired_name(sample_runs):
    # 000_jiangmen_lying's "(提速)": the lying font's brackets, read alone as "0" beside its own 0, came out
    # "0提速0" in a form said to be ok; a repair may not give two glyphs of one font the same character,
    # so they are read again in their line
    (doc,) = sample_runs.documents([SAMPLES / "pdf/000_jiangmen_lying.pdf"])
    names = [i.level3 for f in doc.forms for i in f.indicators if "提速" in i.level3]
    assert names and all("(提速)" in n for n in names)


def test_a_zero_read_alone_as_a_greek_capital_o_is_written_as_zero():
    # 148's whole-font shuffle (a fresh set's Chromium print): its zero glyph read alone came back as Greek Ο,
    # so the repaired text said "32ΟΟ块" and four rows' 分值 10 parsed as no number
    (page,) = decide_document(next(e for e in TWINS if e["file"] == "pdf/148_tianshui_water_meters_lying-font_shuffle.pdf"))
    written = "".join(page["replacements"].values())
    assert page["route"] == "repaired" and "0" in written
    assert not any("\u0370" <= ch <= "\u04ff" for ch in written), written
    assert fold("Ο") == fold("О") == "0"

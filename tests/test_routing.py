"""The character-pair routing signal on the samples it is meant for, plus the signals behind it.

Since fonts are verified glyph by glyph (tests/test_fonts.py decides every page
of every sample), the pair check is a cheap first signal: it must still route
the original samples' pages right on its own, while the font-lie twins (manifest
entries with a ``kind``) include lies it cannot see, such as permuted digits.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao.extractors.routing import (
    MIN_PLAUSIBLE_BIGRAMS, map_radicals, page_text, route_page, route_text, score_text,
)
from jixiao.extractors.routing_vocab import bigrams, build
from sample_files import SAMPLES, manifest

SEEDS = Path("/work/shared/seeds")


def _manifest() -> list[dict]:
    return [e for e in manifest() if e["file"].endswith(".pdf")]


def _expected_route(entry: dict, page_no: int) -> str:
    if entry["text_layer"] == "none" or page_no in entry["lying_pages"]:
        return "ocr"
    return "text"


def _all_pages() -> list[tuple[str, int, str]]:
    out = []
    for entry in _manifest():
        if "kind" in entry:
            continue
        for page_no in range(1, entry["pages"] + 1):
            out.append((entry["file"], page_no, _expected_route(entry, page_no)))
    return out


def test_every_sample_page_is_routed_as_its_manifest_says():
    wrong = []
    pages = _all_pages()
    for file, page_no, expected in pages:
        pdf = pdfium.PdfDocument(SAMPLES / file)
        route = route_page(pdf[page_no - 1])
        if route.route != expected:
            wrong.append((file, page_no, expected, route.reason))
    assert not wrong, wrong
    # All three kinds must be present, or the test proves little.
    assert {e for _, _, e in pages} == {"text", "ocr"}


def test_lying_pages_score_far_below_clean_pages_of_the_same_document():
    for entry in _manifest():
        if entry["variant"] != "lying" or "kind" in entry:
            continue
        lying_pdf = pdfium.PdfDocument(SAMPLES / entry["file"])
        clean_pdf = pdfium.PdfDocument(SAMPLES / entry["file"].replace("_lying", ""))
        for page_no in entry["lying_pages"]:
            lie = score_text(page_text(lying_pdf[page_no - 1]))
            true = score_text(page_text(clean_pdf[page_no - 1]))
            assert lie.plausible_share < MIN_PLAUSIBLE_BIGRAMS < true.plausible_share
            assert true.plausible_share - lie.plausible_share > 0.4


def test_seed_garbage_is_judged_garbled_and_its_clean_lines_are_not():
    # Runs of seed 000's first table as its broken text layer printed them.
    garbage = "英派牛也石 你: 在门巾以务服多 5 作 数 16 日 庄 内 刀儿 贝亚女仆旧儿 " * 3
    assert route_text(garbage).route == "ocr"
    clean = "政务服务管理监督专项经费 评价年度 2023 项目名称 联系人 实际分配下达 市本级 转移支付至下级 " * 2
    assert route_text(clean).route == "text"


def test_kangxi_radicals_are_honest_text():
    # Chromium/Skia producers emit radicals for ideographs with the same glyph.
    radical_text = "项⽬名称 ⻓期绩效⽬标 实施单位 ⻔户⽹站 ⽉度资⾦执⾏率 " * 4
    assert map_radicals("⽬⻓⼾") == "目长户"
    assert route_text(radical_text).route == "text"


def test_private_use_code_points_are_garbled():
    broken = "\ue001\ue002\ue003\ue004 " * 20 + "项目名称"
    route = route_text(broken)
    assert route.route == "ocr" and "rare or broken" in route.reason


def test_blank_page_stays_on_the_text_path():
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    route = route_page(doc[0])
    assert route.route == "text" and "little content" in route.reason


@pytest.mark.skipif(not SEEDS.exists(), reason="seed texts not available")
def test_table_built_without_a_document_still_trusts_that_document(tmp_path):
    """Leave-one-out: the table must generalise beyond the seeds it was built from."""
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    for held_out in names:
        others = tmp_path / held_out
        others.mkdir()
        for name in names:
            if name != held_out:
                (others / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
        table = build(others)
        text = (SEEDS / held_out).read_text(encoding="utf-8")
        pairs = bigrams(text)
        share = sum(b in table for b in pairs) / len(pairs)
        assert share > MIN_PLAUSIBLE_BIGRAMS + 0.1, (held_out, share)


def test_a_page_where_only_some_lines_lie_goes_to_ocr():
    """One broken font among good ones: a third of the lines lie, the rest are true."""
    entry = next((e for e in _manifest() if e["variant"] == "lying" and e["lying_pages"] and "kind" not in e), None)
    if entry is None:
        pytest.skip("no lying sample")
    page_no = entry["lying_pages"][0]
    lying = page_text(pdfium.PdfDocument(SAMPLES / entry["file"])[page_no - 1]).splitlines()
    clean = page_text(pdfium.PdfDocument(SAMPLES / entry["file"].replace("_lying", ""))[page_no - 1]).splitlines()
    assert len(lying) == len(clean)
    mixed = "\n".join(lie if i % 3 == 0 else true for i, (lie, true) in enumerate(zip(lying, clean)))
    assert route_text("\n".join(clean)).route == "text"
    route = route_text(mixed)
    assert route.route == "ocr", route.reason


def test_shipped_phrase_bigrams_are_those_of_the_installed_opencc():
    """The precomputed opencc bigrams equal what the pinned dictionary yields, line by line."""
    from jixiao.extractors.routing_vocab import PHRASES_PATH, load, opencc_phrase_file

    source = opencc_phrase_file()
    if source is None:
        pytest.skip("opencc not installed")
    expected: set[str] = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        expected.update(bigrams(line.split("\t", 1)[0]))
    assert load(PHRASES_PATH) == expected

"""The truth files are self-consistent: counts per seed form, weights that add up to their printed subtotals."""
import json
from collections import defaultdict
from pathlib import Path

import pytest

TRUTH = Path(__file__).resolve().parents[1] / "samples" / "truth"
FILES = sorted(TRUTH.glob("*.json"))

#: Rows per form as counted in the seed texts (武威's third project keeps its printed duplicate).
EXPECTED_ROWS = {
    "000_jiangmen": [73],
    "001_wuwei": [27, 19, 17, 17],
    "002_lechang": [0],
    "003_zengcheng": [39],
    "004_haizhu": [52],
    # hand-written forms for pages as they arrive (samples/README.md)
    "100_tianshui": [11],
    "101_yibin": [12],
    "102_xiangtan": [12],
    "103_ganzhou": [10],
    # hand-written forms behind the font-lie twins (samples/generate/font_lies.py)
    "300_xinyu": [10],
    "301_zhuzhou": [12],
    "302_mianyang": [10],
    "303_yibin": [0],
    "304_shaoguan_trad": [8],
    "305_kaili": [10],
}
KINDS = {"project_self_eval", "dept_self_eval", "target_declaration", "narrative_report"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


#: Truth transcribed from a seed text; hand-written forms of later corpora have ``"seed": null``.
SEEDED = [p for p in FILES if load(p).get("seed")]


#: Truth files whose rows were counted by hand (every seed, and some hand-written forms).
COUNTED = [p for p in FILES if p.stem in EXPECTED_ROWS]


def test_every_seed_has_a_truth_file():
    assert SEEDED and {p.stem for p in SEEDED} <= set(EXPECTED_ROWS)
    assert {p.stem for p in COUNTED} == set(EXPECTED_ROWS)


@pytest.mark.parametrize("path", COUNTED, ids=lambda p: p.stem)
def test_row_counts_per_form(path):
    truth = load(path)
    assert [len(f["indicators"]) for f in truth["forms"]] == EXPECTED_ROWS[path.stem]
    assert all(f["kind"] in KINDS for f in truth["forms"])


def _printed_precision(values) -> float:
    """Half a unit of the last printed digit, per value: the rounding a subtotal may carry."""
    total = 0.0
    for v in values:
        text = repr(float(v))
        decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
        total += 0.5 * 10 ** -decimals if decimals else 0.0
    return total


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_group_weights_add_up_within_printed_rounding(path):
    for form in load(path)["forms"]:
        rows = [r for r in form["indicators"] if r.get("weight") is not None]
        if not rows or any(e["rule"] == "SUBTOTAL_MISMATCH" for e in form.get("expected_findings", [])):
            continue  # a printed subtotal that disagrees with its rows is the finding that form expects
        for level in ("level1", "level2"):
            if level == "level1" and _nested_shares(rows):
                continue  # 一级 weights as shares of the 100, each group's rows their own 100 (448)
            groups = defaultdict(list)
            printed = {}
            for r in rows:
                key = (r.get("level1"), r.get(level))
                groups[key].append(r["weight"])
                if r.get(f"{level}_weight") is not None:
                    printed[key] = r[f"{level}_weight"]
            for key, subtotal in printed.items():
                weights = groups[key]
                tolerance = _printed_precision(weights) + 0.01
                assert abs(sum(weights) - subtotal) <= tolerance or _explained_by_duplicate(form, key, level, subtotal), (path.stem, key, sum(weights), subtotal)


def _nested_shares(rows) -> bool:
    """Two or more 一级 groups, each group's rows adding to 100 and their printed 一级 weights to 100."""
    groups, shares = defaultdict(float), {}
    for r in rows:
        groups[r.get("level1")] += r["weight"]
        if r.get("level1_weight") is not None:
            shares[r.get("level1")] = r["level1_weight"]
    return (len(groups) >= 2 and set(shares) == set(groups) and abs(sum(shares.values()) - 100) <= 0.01
            and all(abs(total - 100) <= 0.01 for total in groups.values()))


def _explained_by_duplicate(form, key, level, subtotal) -> bool:
    """武威's third project prints one row twice; without the copy the group adds up."""
    seen, weights = set(), []
    for r in form["indicators"]:
        if (r.get("level1"), r.get(level)) != key:
            continue
        sig = (r.get("level3"), r.get("target"), r.get("actual"), r.get("weight"), r.get("score"))
        if sig not in seen:
            seen.add(sig)
            weights.append(r["weight"])
    return abs(sum(weights) - subtotal) <= _printed_precision(weights) + 0.01


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_scores_never_exceed_weights(path):
    """Unless the form prints one so (a real office's own slip, kept as printed and expected as a finding)."""
    for form in load(path)["forms"]:
        printed_so = {e.get("indicator") for e in form.get("expected_findings") or []
                      if e["rule"] == "SCORE_EXCEEDS_WEIGHT"}
        for r in form["indicators"]:
            if r.get("level3") in printed_so:
                continue
            if r.get("weight") is not None and r.get("score") is not None:
                assert r["score"] <= r["weight"] + 1e-9, r


def test_wuwei_stated_totals_are_as_printed():
    forms = load(TRUTH / "001_wuwei.json")["forms"]
    assert [f["stated_total"] for f in forms] == [88, 89, 88, 88]


def test_jiangmen_weights_carry_printed_rounding():
    form = load(TRUTH / "000_jiangmen.json")["forms"][0]
    weights = [r["weight"] for r in form["indicators"]]
    assert weights.count(1.05) == 38 and weights.count(1.21) == 33
    assert round(sum(weights), 2) == 99.83
    assert form["narrative_indicator_count"] == 71

"""The validator on the transcribed truth of the sample documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.models.finding import Finding
from jixiao.pipeline.evaluation.truth import expected_findings, load_truth
from jixiao.pipeline.validation.validate import validate_forms

TRUTH = Path(__file__).resolve().parents[1] / "samples" / "truth"
DOCUMENTS = ["000_jiangmen", "001_wuwei", "002_lechang", "003_zengcheng", "004_haizhu"]


def truth_path(name: str) -> Path:
    path = TRUTH / f"{name}.json"
    if not path.exists():
        pytest.skip(f"{path.name} is not transcribed yet")
    return path


def validated(name: str):
    forms = load_truth(truth_path(name))
    return forms, validate_forms(forms)


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_expected_findings_are_produced_and_nothing_else_serious(name):
    path = truth_path(name)
    forms, found = validated(name)
    expected = expected_findings(path)
    for e in expected:
        hits = [f for f in found if (f.form_index, f.rule, f.severity) == (e.form_index, e.rule, e.severity)
                and (not e.indicator or f.indicator == e.indicator)]
        assert hits, f"missing {e} in {[(f.form_index, f.rule, f.severity) for f in found]}"
    wanted = {(e.form_index, e.rule, e.severity) for e in expected}
    unexpected = [f for f in serious(found) if (f.form_index, f.rule, f.severity) not in wanted]
    assert unexpected == []


def test_wuwei_totals_exclude_the_budget_on_all_four_forms():
    forms, found = validated("001_wuwei")
    assert [f.stated_total for f in forms] == [88, 89, 88, 88]
    assert [f.recomputed_total for f in forms] == [98, 99, 98, 98]
    hits = [f for f in found if f.rule == "TOTAL_EXCLUDES_BUDGET"]
    assert [h.form_index for h in hits] == [0, 1, 2, 3]
    assert all(h.severity == "warning" for h in hits)
    assert "总分 89 equals the indicator items alone" in hits[1].message
    assert "items add to 99" in hits[1].message


def test_wuwei_repeated_row_is_a_copy_counted_once():
    forms, found = validated("001_wuwei")
    hit, = [f for f in found if f.rule == "DUPLICATE_ROW"]
    assert (hit.form_index, hit.severity) == (3, "warning")
    assert "copy" in hit.message
    assert not [f for f in found if f.rule in ("WEIGHTS_NOT_100", "TOTAL_MISMATCH") and f.form_index == 3]


def test_jiangmen_has_only_rounding_and_count_information():
    forms, found = validated("000_jiangmen")
    assert serious(found) == []
    codes = {f.rule for f in found}
    assert {"WEIGHTS_NOT_100", "COUNT_MISMATCH"} <= codes
    rounding, = [f for f in found if f.rule == "WEIGHTS_NOT_100"]
    assert rounding.stated_value == 99.83 and "38 × 1.05 + 33 × 1.21 + 20" in rounding.message
    assert forms[0].recomputed_total == pytest.approx(99.83)


def test_haizhu_total_is_checked_against_its_three_level_table():
    forms, found = validated("004_haizhu")
    form = forms[0]
    assert form.stated_total == 88.7 and form.recomputed_total == pytest.approx(88.7)
    assert found == []
    groups = {(r.level1_raw, r.level2_raw) for r in form.indicators if r.level2_weight is not None}
    assert len(groups) >= 10  # the subtotal rule had printed 二级 分值 to check


def test_haizhu_changed_score_or_weight_is_caught():
    forms = load_truth(truth_path("004_haizhu"))
    form = forms[0]
    form.indicators[3] = form.indicators[3].model_copy(update={"score": (form.indicators[3].score or 0) + 1,
                                                               "weight": (form.indicators[3].weight or 0) + 1})
    codes = {f.rule for f in validate_forms(forms)}
    assert {"TOTAL_MISMATCH", "SUBTOTAL_MISMATCH", "WEIGHTS_NOT_100"} <= codes


def test_forms_without_a_table_have_no_recomputed_total():
    for name in ("002_lechang", "003_zengcheng"):
        forms, found = validated(name)
        assert all(f.recomputed_total is None for f in forms)
        assert serious(found) == []


def test_lechang_grade_follows_its_score_and_a_wrong_grade_is_caught():
    forms, found = validated("002_lechang")
    assert (forms[0].stated_total, forms[0].stated_grade) == (100, "优")
    assert found == []
    forms[0].stated_grade = "良"
    assert [f.rule for f in validate_forms(forms)] == ["GRADE_MISMATCH"]

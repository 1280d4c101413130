"""load_truth / expected_findings on small hand-written truth files."""
from __future__ import annotations

import json

from jixiao.pipeline.evaluation.truth import expected_findings, load_truth


def write(tmp_path, forms) -> object:
    path = tmp_path / "999_test.json"
    path.write_text(json.dumps({"document": "999_test", "forms": forms}, ensure_ascii=False), encoding="utf-8")
    return path


FORM = {
    "kind": "project_self_eval", "title": "项目支出绩效自评表", "unit": "某局", "project": "某项目", "year": 2022,
    "budget": {"initial": 10, "annual": 12, "executed": 12, "rate": 100, "weight": 10, "score": 10,
               "rows": [{"label": "当年财政拨款", "initial": 10, "annual": 12, "executed": 12, "rate": 100}]},
    "indicators": [
        {"level1": "项目产出", "level2": "数量", "level3": "培训次数", "level1_canonical": "产出指标",
         "level2_canonical": "数量指标", "weight": 45, "score": 45, "target": "≥12次", "actual": "14次",
         "note": "无"},
        {"level1": "项目效益", "level2": "社会效益", "level3": "覆盖率", "weight": 45, "score": 40,
         "target": "", "target_op": "≥", "target_value": "95", "target_unit": "%", "actual": "90%"},
    ],
    "total_row": {"label": "总分", "weight": 100, "score": 95},
    "stated_total": 95, "stated_grade": "优", "narrative_indicator_count": 2,
    "expected_findings": [{"rule": "TOTAL_MISMATCH", "severity": "error"},
                          {"rule": "SCORE_FORMULA_MISMATCH", "severity": "warning", "indicator": "覆盖率"}],
}


def test_truth_form_fields_come_through(tmp_path):
    form, = load_truth(write(tmp_path, [FORM]))
    assert (form.index, form.kind, form.project, form.year) == (0, "project_self_eval", "某项目", 2022)
    assert (form.stated_total, form.stated_weight_total, form.stated_grade) == (95, 100, "优")
    assert form.budget is not None and form.budget.rows[0].label == "当年财政拨款"
    first, second = form.indicators
    assert (first.level1_raw, first.level1, first.level2) == ("项目产出", "产出指标", "数量指标")
    assert (second.level1_raw, second.level1) == ("项目效益", "项目效益")  # no canonical name given
    assert (first.target.op, first.target.value, first.target.unit) == (">=", 12, "次")
    assert first.row_index == 0 and second.row_index == 1


def test_a_split_target_is_joined_back_before_parsing(tmp_path):
    form, = load_truth(write(tmp_path, [FORM]))
    target = form.indicators[1].target
    assert target.raw == "≥95%" and (target.op, target.value, target.unit) == (">=", 95, "%")


def test_expected_findings_carry_form_index_and_indicator(tmp_path):
    path = write(tmp_path, [{"kind": "narrative_report", "expected_findings": []}, FORM])
    assert expected_findings(path) == [(1, "TOTAL_MISMATCH", "error", ""),
                                       (1, "SCORE_FORMULA_MISMATCH", "warning", "覆盖率")]
    narrative, scored = load_truth(path)
    assert narrative.indicators == [] and narrative.budget is None and scored.index == 1

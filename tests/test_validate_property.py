"""Property tests: consistent forms pass; one planted inconsistency is found under its code.

Generated forms follow the published scoring rules exactly (with 2-decimal
printing and equal-share weights such as 40/38 → 1.05), in three layouts: a
project form with a separate 预算执行 block (90 + 10), a project form with a
预算执行率 row inside a 100-point table, and a department form without budget
points.
"""
from __future__ import annotations

import os
from typing import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.models.form import Form, Indicator
from jixiao.models.provenance import Provenance
from jixiao.pipeline.validation.grading import grade_for
from jixiao.pipeline.validation.validate import validate_form
from validate_factory import budget, form, label, quant, row

SETTINGS = settings(max_examples=int(os.environ.get("JIXIAO_PROPERTY_EXAMPLES", 40)), deadline=None, derandomize=os.environ.get("JIXIAO_PROPERTY_RANDOM") is None,
                    suppress_health_check=[HealthCheck.too_slow])
LEVEL1_NAMES = ["产出指标", "效益指标", "满意度指标", "管理指标"]
ROW_KINDS = ["plain", "met", "short", "qual_met", "qual_short"]


def _split(draw, total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` positive integers."""
    parts = max(1, min(parts, total))
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1))) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _row_weights(draw, group: int) -> list[float]:
    k = draw(st.integers(1, min(4, group)))
    if draw(st.booleans()):
        return [round(group / k, 2)] * k  # equal shares printed to 2 decimals
    return [float(w) for w in _split(draw, group, k)]


def _scored_row(draw, kind: str, weight: float, **names) -> Indicator:
    if kind == "met":
        target = draw(st.integers(50, 100))
        return row(weight, weight, target=quant(">=", target, "%"),
                   actual=quant(None, draw(st.integers(target, 100)), "%"), **names)
    if kind == "short":
        target = draw(st.integers(50, 100))
        actual = draw(st.integers(1, target - 1))
        return row(weight, round(actual / target * weight, 2), target=quant(">=", target, "%"),
                   actual=quant(None, actual, "%"), **names)
    if kind == "qual_met":
        share = draw(st.sampled_from([0.8, 0.9, 1.0]))
        return row(weight, round(weight * share, 2), target=label("及时"), actual=label("及时"), **names)
    if kind == "qual_short":
        share = draw(st.sampled_from([0.0, 0.5, 0.6, 0.7]))
        return row(weight, round(weight * share, 2), target=label("提升"), actual=label("有待提升"), **names)
    return row(weight, round(weight * draw(st.sampled_from([0.0, 0.5, 0.8, 1.0])), 2), **names)


@st.composite
def consistent_forms(draw) -> Form:
    layout = draw(st.sampled_from(["block", "row", "dept"]))
    items_total = 100 if layout == "dept" else 90
    level1_weights = _split(draw, items_total, draw(st.integers(3, 4)))
    rows: list[Indicator] = []
    for l1_name, l1_weight in zip(LEVEL1_NAMES, level1_weights):
        group_rows: list[Indicator] = []
        for j, l2_weight in enumerate(_split(draw, l1_weight, draw(st.integers(1, 3)))):
            l2_rows = [_scored_row(draw, draw(st.sampled_from(ROW_KINDS)), w, l1=l1_name, l2=f"{l1_name}{j}",
                                   l3=f"{l1_name}{j}指标{n}")
                       for n, w in enumerate(_row_weights(draw, l2_weight))]
            l2_score = round(sum(r.score or 0 for r in l2_rows), 2)
            group_rows += [r.model_copy(update={"level2_weight": float(l2_weight), "level2_score": l2_score})
                           for r in l2_rows]
        l1_score = round(sum(r.score or 0 for r in group_rows), 2)
        rows += [r.model_copy(update={"level1_weight": float(l1_weight), "level1_score": l1_score})
                 for r in group_rows]
    rows[0] = _rescored(draw, rows[0], "met")
    rows[1] = _rescored(draw, rows[1], "short")
    rows = _refresh_subtotals(rows)

    annual = draw(st.integers(10, 1000))
    executed = draw(st.integers(annual // 2, annual))
    rate = round(executed / annual * 100, 2)
    points = round(rate / 10, 2)
    if layout == "dept":
        block = budget(weight=None, score=None, rate=rate, annual=annual, executed=executed)
        extra = 0.0
    else:
        block = budget(weight=10, score=points, rate=rate, annual=annual, executed=executed)
        extra = points
        if layout == "row":
            rows.append(row(10, points, l1="预算执行率", l2="", l3="预算执行率"))
            extra = 0.0
    stated = round(sum(r.score or 0 for r in rows) + extra, 2)
    return form(rows, kind="dept_self_eval" if layout == "dept" else "project_self_eval",
                stated_total=stated, budget_block=block,
                stated_grade=draw(st.sampled_from([None, grade_for(stated)])),
                narrative_indicator_count=draw(st.sampled_from([None, len(rows)])))


def _rescored(draw, r: Indicator, kind: str) -> Indicator:
    """The row made of the given kind, keeping its names, weight and printed weight subtotals."""
    fresh = _scored_row(draw, kind, r.weight or 1)
    return r.model_copy(update={"target": fresh.target, "actual": fresh.actual, "score": fresh.score})


def _refresh_subtotals(rows: list[Indicator]) -> list[Indicator]:
    """Reprint the group score subtotals after rows were re-scored."""
    l1_scores: dict[str, float] = {}
    l2_scores: dict[tuple[str, str], float] = {}
    for r in rows:
        l1_scores[r.level1] = l1_scores.get(r.level1, 0.0) + (r.score or 0.0)
        l2_scores[(r.level1, r.level2)] = l2_scores.get((r.level1, r.level2), 0.0) + (r.score or 0.0)
    return [r.model_copy(update={
        "level1_score": round(l1_scores[r.level1], 2) if r.level1_weight is not None else None,
        "level2_score": round(l2_scores[(r.level1, r.level2)], 2) if r.level2_weight is not None else None,
    }) for r in rows]


def _serious(f: Form) -> list:
    return [x for x in validate_form(f) if x.severity != "info"]


@SETTINGS
@given(consistent_forms())
def test_consistent_forms_give_no_error_or_warning(f):
    assert _serious(f) == []


# --- planted faults: each changes one thing -----------------------------------------------------

def _replace_row(f: Form, index: int, **update) -> Form:
    rows = list(f.indicators)
    rows[index] = rows[index].model_copy(update=update)
    return f.model_copy(update={"indicators": rows})


def plant_total(f: Form) -> Form:
    return f.model_copy(update={"stated_total": (f.stated_total or 0) + 3.7, "stated_grade": None})


def plant_excluded_budget(f: Form) -> Form | None:
    if f.kind != "project_self_eval" or any(r.level1 == "预算执行率" for r in f.indicators):
        return None
    assert f.budget is not None and f.budget.score is not None
    return f.model_copy(update={"stated_total": round((f.stated_total or 0) - f.budget.score, 2),
                                "stated_grade": None})


def plant_score_above_weight(f: Form) -> Form:
    weight = f.indicators[0].weight or 0
    return _replace_row(f, 0, score=weight + 1)


def plant_full_score_despite_shortfall(f: Form) -> Form:
    short = f.indicators[1]
    return _replace_row(f, 1, score=short.weight)


def plant_deduction_without_shortfall(f: Form) -> Form:
    met = f.indicators[0]
    return _replace_row(f, 0, score=round((met.weight or 0) / 2, 2))


def plant_formula_mismatch(f: Form) -> Form:
    short = f.indicators[1]
    weight, score = short.weight or 0, short.score or 0
    off = score + 0.3 * weight if score + 0.3 * weight < weight else score - 0.3 * weight
    return _replace_row(f, 1, score=round(off, 2))


def plant_subtotal(f: Form) -> Form:
    first = f.indicators[0]
    return f.model_copy(update={"indicators": [
        r.model_copy(update={"level2_weight": (r.level2_weight or 0) + 1})
        if (r.level1, r.level2) == (first.level1, first.level2) else r for r in f.indicators]})


def plant_weights(f: Form) -> Form:
    first = f.indicators[0]
    bumped = [r.model_copy(update={"level1_weight": (r.level1_weight or 0) + 2}) if r.level1 == first.level1 else r
              for r in f.indicators]
    bumped = [r.model_copy(update={"level2_weight": (r.level2_weight or 0) + 2})
              if (r.level1, r.level2) == (first.level1, first.level2) else r for r in bumped]
    bumped[0] = bumped[0].model_copy(update={"weight": (first.weight or 0) + 2})
    return f.model_copy(update={"indicators": bumped})


def plant_rate(f: Form) -> Form:
    assert f.budget is not None
    return f.model_copy(update={"budget": f.budget.model_copy(update={"rate": max(0.0, (f.budget.rate or 0) - 5)})})


def plant_grade(f: Form) -> Form:
    stated = grade_for(f.stated_total or 0)
    return f.model_copy(update={"stated_grade": "差" if stated != "差" else "优"})


def plant_duplicate(f: Form) -> Form:
    rows = list(f.indicators)
    rows.insert(3, rows[2].model_copy())
    return f.model_copy(update={"indicators": [r.model_copy(update={"row_index": i}) for i, r in enumerate(rows)]})


def plant_count(f: Form) -> Form:
    return f.model_copy(update={"narrative_indicator_count": len(f.indicators) + 2})


def plant_low_confidence(f: Form) -> Form:
    return _replace_row(f, 2, provenance=Provenance(confidence=0.3, method="ocr"))


PLANTS: dict[str, Callable[[Form], Form | None]] = {
    "TOTAL_MISMATCH": plant_total,
    "TOTAL_EXCLUDES_BUDGET": plant_excluded_budget,
    "SCORE_EXCEEDS_WEIGHT": plant_score_above_weight,
    "FULL_SCORE_DESPITE_SHORTFALL": plant_full_score_despite_shortfall,
    "DEDUCTION_WITHOUT_SHORTFALL": plant_deduction_without_shortfall,
    "SCORE_FORMULA_MISMATCH": plant_formula_mismatch,
    "SUBTOTAL_MISMATCH": plant_subtotal,
    "WEIGHTS_NOT_100": plant_weights,
    "EXECUTION_RATE_MISMATCH": plant_rate,
    "GRADE_MISMATCH": plant_grade,
    "DUPLICATE_ROW": plant_duplicate,
    "COUNT_MISMATCH": plant_count,
    "LOW_CONFIDENCE": plant_low_confidence,
}


@SETTINGS
@given(consistent_forms(), st.sampled_from(sorted(PLANTS)))
def test_a_planted_inconsistency_is_found_under_its_code(f, code):
    planted = PLANTS[code](f)
    if planted is None:  # the fault does not exist in this layout (no separate budget block)
        return
    found = validate_form(planted)
    assert code in {x.rule for x in found}, (code, found)


def test_every_rule_has_a_plant():
    from jixiao.pipeline.validation.codes import RULES
    # LYING_FONT and HIDDEN_TEXT_LAYER come from how the pages were read, not from a form's figures
    # (tests/test_extract_ocr.py::test_forms_on_lying_pages_say_so, tests/test_hidden_text.py)
    assert set(PLANTS) == set(RULES) - {"LYING_FONT", "HIDDEN_TEXT_LAYER"}


# --- robustness: whatever an extractor hands over, the validator answers ------------------------

_numbers = st.one_of(st.none(), st.floats(-50, 200, allow_nan=False), st.sampled_from([0.0, 1.05, 100.0]))
_values = st.one_of(
    st.builds(lambda: label("")),
    st.sampled_from(["及时", "有待提升", "优", "良好", "无"]).map(label),
    st.builds(quant, st.sampled_from([None, ">=", "<=", ">", "<", "="]), st.floats(-10, 1e6, allow_nan=False),
              st.sampled_from(["", "%", "万件", "秒", "分钟", "人"])),
)


@st.composite
def arbitrary_forms(draw) -> Form:
    rows = [row(draw(_numbers), draw(_numbers), l1=draw(st.sampled_from(["", "产出指标", "预算执行率"])),
                l2=draw(st.sampled_from(["", "数量指标"])), l3=draw(st.sampled_from(["", "甲", "乙"])),
                target=draw(_values), actual=draw(_values), l1_weight=draw(_numbers), l2_score=draw(_numbers),
                confidence=draw(st.floats(0, 1)))
            for _ in range(draw(st.integers(0, 8)))]
    block = draw(st.one_of(st.none(), st.builds(budget, _numbers, _numbers, _numbers, _numbers, _numbers)))
    return form(rows, kind=draw(st.sampled_from(["project_self_eval", "dept_self_eval", "target_declaration",
                                                 "narrative_report"])),
                stated_total=draw(_numbers), budget_block=block,
                stated_grade=draw(st.sampled_from([None, "", "优", "良好", "合格", "差", "甲"])),
                narrative_indicator_count=draw(st.one_of(st.none(), st.integers(0, 10))))


@SETTINGS
@given(arbitrary_forms())
def test_the_validator_answers_any_form_without_raising(f):
    from jixiao.pipeline.validation.codes import RULES
    found = validate_form(f)
    assert all(x.rule in RULES and x.message for x in found)

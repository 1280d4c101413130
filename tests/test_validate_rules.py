"""Each validator rule on hand-made forms: it fires on the planted fault and stays quiet otherwise."""
from __future__ import annotations

import pytest

from jixiao.models.form import BudgetBlock, BudgetRow
from jixiao.models.values import ParsedValue
from jixiao.pipeline.validation.codes import RULES
from jixiao.pipeline.validation.validate import recompute_total, validate_form, validate_forms
from validate_factory import budget, codes, form, label, plain_rows, quant, row

WUWEI_WEIGHTS = [3] * 6 + [3] * 6 + [4, 5, 5, 15, 15, 5, 5]  # 90 points of indicators
WUWEI_SCORES = [3] * 6 + [3] * 6 + [3, 5, 5, 15, 15, 5, 5]  # 89


def only(findings, rule):
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, findings
    return hits[0]


# --- totals ---------------------------------------------------------------------------------------

def test_total_excluding_the_budget_block_is_a_warning_with_the_recomputed_total():
    f = form(plain_rows(WUWEI_WEIGHTS, WUWEI_SCORES), stated_total=89, budget_block=budget())
    found = validate_form(f)
    hit = only(found, "TOTAL_EXCLUDES_BUDGET")
    assert hit.severity == "warning"
    assert (hit.stated, hit.expected) == ("89", "99")
    assert "总分 89 equals the indicator items alone" in hit.message
    assert recompute_total(f) == 99
    assert "TOTAL_MISMATCH" not in codes(found)


def test_total_with_the_budget_block_is_silent():
    f = form(plain_rows(WUWEI_WEIGHTS, WUWEI_SCORES), stated_total=99, budget_block=budget())
    assert [x for x in validate_form(f) if x.severity != "info"] == []


def test_total_matching_nothing_is_an_error():
    f = form(plain_rows(WUWEI_WEIGHTS, WUWEI_SCORES), stated_total=95, budget_block=budget())
    hit = only(validate_form(f), "TOTAL_MISMATCH")
    assert hit.severity == "error" and hit.expected == "99"
    assert "89" in hit.message and "99" in hit.message


def test_budget_row_inside_a_100_point_table_is_not_added_twice():
    rows = plain_rows([10], [8], l1="预算执行率", l2="") + plain_rows([50, 30, 10])
    f = form(rows, stated_total=98, budget_block=budget(score=8, rate=80, executed=80))
    assert recompute_total(f) == 98
    assert validate_form(f) == []


def test_budget_block_without_weight_only_informs():
    f = form(plain_rows([40, 30, 30]), kind="dept_self_eval", stated_total=100,
             budget_block=budget(weight=None, score=None, rate=87.93, annual=100, executed=87.93))
    assert recompute_total(f) == 100
    assert validate_form(f) == []


def test_rounded_scores_add_to_the_stated_total_within_rounding():
    weights = [12, 8] + [1.05] * 38 + [1.21] * 33
    f = form(plain_rows(weights), stated_total=100)
    assert "TOTAL_MISMATCH" not in codes(validate_form(f))


# --- weights and subtotals --------------------------------------------------------------------------

def test_weights_explained_by_printed_rounding_are_info():
    weights = [12, 8] + [1.05] * 38 + [1.21] * 33
    hit = only(validate_form(form(plain_rows(weights), stated_total=100)), "WEIGHTS_NOT_100")
    assert hit.severity == "info"
    assert "38 × 1.05 + 33 × 1.21 + 20" in hit.message and "99.83" in hit.message


def test_weights_missing_a_row_are_a_warning():
    f = form(plain_rows([20, 45, 10, 10]), kind="dept_self_eval", stated_total=95, budget_block=budget())
    hit = only(validate_form(f), "WEIGHTS_NOT_100")
    assert hit.severity == "warning" and hit.stated_value == 95 and hit.expected_value == 100 and hit.gap == -5 and hit.stated.startswith("Σ 95")


def test_level2_subtotal_differing_from_its_rows_is_an_error():
    rows = plain_rows([3, 3, 3], l2_weight=10) + plain_rows([91], l2="质量指标", l2_weight=91)
    f = form(rows, kind="dept_self_eval", stated_total=100)
    hit = only(validate_form(f), "SUBTOTAL_MISMATCH")
    assert (hit.stated, hit.expected, hit.severity) == ("10", "9", "error")
    assert "数量指标" in hit.indicator


def test_level1_score_subtotal_is_checked():
    rows = (plain_rows([50], [45], l1="履职效能", l1_weight=50, l1_score=40)
            + plain_rows([50], l1="管理效能", l1_weight=50, l1_score=50))
    hit = only(validate_form(form(rows, kind="dept_self_eval", stated_total=95)), "SUBTOTAL_MISMATCH")
    assert (hit.stated, hit.expected) == ("40", "45")


def test_rounded_subtotals_are_silent():
    rows = (plain_rows([1.05] * 20, l2_weight=21.05, l1_weight=40)
            + plain_rows([1.05] * 8, l2="质量指标", l2_weight=8.42, l1_weight=40)
            + plain_rows([1.05] * 10, l2="时效指标", l2_weight=10.53, l1_weight=40)
            + plain_rows([60], l1="效益指标", l2="社会效益指标", l1_weight=60, l2_weight=60))
    found = validate_form(form(rows, stated_total=100))
    assert "SUBTOTAL_MISMATCH" not in codes(found)


def test_printed_weight_total_other_than_100_is_checked():
    f = form(plain_rows([40, 40]), stated_total=80, stated_weight_total=90)
    assert "SUBTOTAL_MISMATCH" in codes(validate_form(f))


# --- rows ------------------------------------------------------------------------------------------

def test_score_above_weight_is_an_error():
    rows = plain_rows([50, 50], [50, 52])
    hit = only(validate_form(form(rows, stated_total=102)), "SCORE_EXCEEDS_WEIGHT")
    assert (hit.stated, hit.expected, hit.row_index) == ("52", "50", 1)


def test_full_score_despite_quantitative_shortfall():
    r = row(4, 4, l3="群众来电咨询接听率", target=quant(None, 100, "%"), actual=quant(None, 87, "%"))
    hit = only(validate_form(form([r] + plain_rows([96]), stated_total=100)), "FULL_SCORE_DESPITE_SHORTFALL")
    assert hit.severity == "warning" and hit.expected == "3.48"


def test_a_score_the_formula_gives_is_not_a_full_score_within_the_weights_rounding():
    # 63 % of ≥ 64 % on a 3.5 weight is 3.4453, printed 3.45 where scores carry two decimals: within
    # the 3.5 weight's own printed rounding, yet exactly the formula, so a deduction, not "full".
    r = row(3.5, 3.45, target=quant(">=", 64, "%"), actual=quant(None, 63, "%"))
    findings = validate_form(form([r] + plain_rows([96.5], [96.5]), stated_total=99.95))
    assert "FULL_SCORE_DESPITE_SHORTFALL" not in codes(findings)
    assert [f for f in findings if f.severity in ("error", "warning")] == []


def test_full_score_despite_reverse_shortfall():
    r = row(5, 5, target=quant("<=", 3, "次"), actual=quant(None, 5, "次"))
    assert "FULL_SCORE_DESPITE_SHORTFALL" in codes(validate_form(form([r] + plain_rows([95]), stated_total=100)))


def test_units_are_converted_before_comparing():
    r = row(5, 5, target=quant("<=", 3, "分钟"), actual=quant(None, 179.71, "秒"))
    assert validate_form(form([r] + plain_rows([95]), stated_total=100)) == []
    r = row(5, 5, target=quant(">=", 80000), actual=quant(None, 69.76, "万件"))
    assert validate_form(form([r] + plain_rows([95]), stated_total=100)) == []


def test_incomparable_units_say_nothing():
    r = row(5, 5, target=quant(">=", 95, "%"), actual=quant(None, 12, "人"))
    assert validate_form(form([r] + plain_rows([95]), stated_total=100)) == []


def test_deduction_without_shortfall_is_info():
    r = row(5, 4, target=quant(">=", 95, "%"), actual=quant(None, 98, "%"))
    hit = only(validate_form(form([r] + plain_rows([95]), stated_total=99)), "DEDUCTION_WITHOUT_SHORTFALL")
    assert hit.severity == "info"


@pytest.mark.parametrize("weight,score,severity", [
    (4, 3, "info"),         # 87% × 4 = 3.48, printed to whole points
    (4, 2, "warning"),      # 3.48 neither rounded nor rounded down
    (10, 8.5, "info"),      # 8.7: gap 0.2, 2% of the weight
    (10, 6, "warning"),     # gap 2.7
    (10, 8.7, None),        # the formula exactly
])
def test_quantitative_shortfall_scored_off_the_formula(weight, score, severity):
    r = row(weight, score, target=quant(None, 100, "%"), actual=quant(None, 87, "%"))
    f = form([r] + plain_rows([100 - weight]), stated_total=100 - weight + score)
    hits = [x for x in validate_form(f) if x.rule == "SCORE_FORMULA_MISMATCH"]
    assert [h.severity for h in hits] == ([severity] if severity else [])


def test_reverse_shortfall_accepts_either_published_formula():
    for score in (4.0, 4.17):  # (1 − (12−10)/10) × 5 and 10/12 × 5
        r = row(5, score, target=quant("<=", 10, "%"), actual=quant(None, 12, "%"))
        f = form([r] + plain_rows([95]), stated_total=95 + score)
        assert "SCORE_FORMULA_MISMATCH" not in codes(validate_form(f))


def test_qualitative_achieved_scored_below_its_band():
    r = row(5, 3, target=label("及时"), actual=label("及时"))
    hit = only(validate_form(form([r] + plain_rows([95]), stated_total=98)), "SCORE_FORMULA_MISMATCH")
    assert hit.severity == "warning" and hit.expected == "4–5"


def test_qualitative_achieved_within_band_is_silent():
    r = row(5, 4.5, target=label("及时"), actual=label("及时"))
    assert validate_form(form([r] + plain_rows([95]), stated_total=99.5)) == []


def test_qualitative_shortfall_scored_in_the_achieved_band():
    r = row(4, 3.5, target=label("提升"), actual=label("有待提升"))
    hit = only(validate_form(form([r] + plain_rows([96]), stated_total=99.5)), "SCORE_FORMULA_MISMATCH")
    assert hit.severity == "info"  # 0.3 above the 80% boundary 3.2, under 10% of the weight
    assert hit.expected == "0–3.2"


def test_qualitative_shortfall_with_full_marks():
    r = row(4, 4, target=label("优"), actual=label("良好"))
    hit = only(validate_form(form([r] + plain_rows([96]), stated_total=100)), "FULL_SCORE_DESPITE_SHORTFALL")
    assert hit.expected == "< 3.2"


def test_negated_sentences_are_not_read_as_shortfalls():
    r = row(0.2, 0.2, target=label("监测发现错误3天内完成修改"), actual=label("无超过3天未修改错误"))
    assert validate_form(form([r] + plain_rows([99.8]), stated_total=100)) == []


def test_qualitative_shortfall_scored_in_its_band_is_silent():
    r = row(4, 2, target=label("提升"), actual=label("有待提升"))
    assert validate_form(form([r] + plain_rows([96]), stated_total=98)) == []


def test_duplicate_row_proved_a_copy_by_the_weights_is_counted_once():
    rows = plain_rows([15, 29]) + [row(6, 6, l2="时效指标", l3="工作完成及时性", target=label("及时"),
                                       actual=label("及时")),
                                   row(6, 6, l2="时效指标", l3="", target=label("及时"), actual=label("及时"))]
    rows += plain_rows([30, 10], l1="效益指标")
    f = form(rows, stated_total=88 + 10, budget_block=budget())
    f = f.model_copy(update={"indicators": [*f.indicators[:3],
                                            f.indicators[3].model_copy(update={"level3": "", "level3_raw": ""}),
                                            *f.indicators[4:]]})
    found = validate_form(f)
    hit = only(found, "DUPLICATE_ROW")
    assert hit.severity == "warning" and "copy" in hit.message and hit.row_index == 3
    assert "Indicator row 4 repeats row 3" in hit.message
    assert recompute_total(f) == 100
    assert "WEIGHTS_NOT_100" not in codes(found)


def test_duplicate_row_the_weights_need_is_info():
    rows = plain_rows([50], l3="甲") + plain_rows([25], l3="乙") + plain_rows([25], l3="乙")
    f = form(rows, stated_total=100)
    hit = only(validate_form(f), "DUPLICATE_ROW")
    assert hit.severity == "info" and "separate indicators" in hit.message
    assert recompute_total(f) == 100


def test_duplicate_row_the_weights_cannot_settle_stays_counted_as_a_warning():
    rows = plain_rows([50], l3="甲") + plain_rows([20], l3="乙") + plain_rows([20], l3="乙")
    f = form(rows, stated_total=90)
    hit = only(validate_form(f), "DUPLICATE_ROW")
    assert hit.severity == "warning" and "both rows are counted" in hit.message
    assert recompute_total(f) == 90


# --- budget ----------------------------------------------------------------------------------------

def test_stated_rate_differing_from_spending_is_an_error():
    b = budget(rate=100, annual=300, executed=291.54, score=10)
    hit = only(validate_form(form(plain_rows([90]), budget_block=b, stated_total=100)),
               "EXECUTION_RATE_MISMATCH")
    assert hit.expected == "97.18" and hit.stated == "100"


def test_budget_score_must_follow_the_rate():
    b = budget(rate=76, annual=100, executed=76, score=10)
    hit = only(validate_form(form(plain_rows([90]), budget_block=b, stated_total=100)),
               "EXECUTION_RATE_MISMATCH")
    assert hit.expected == "7.6"
    b = budget(rate=76, annual=100, executed=76, score=7.6)
    assert validate_form(form(plain_rows([90]), budget_block=b, stated_total=97.6)) == []


def test_budget_score_may_be_rounded_to_its_printed_precision():
    b = budget(rate=87.93, annual=100, executed=87.93, score=9)
    assert validate_form(form(plain_rows([90]), budget_block=b, stated_total=99)) == []


def test_overspending_printed_as_a_capped_rate_is_accepted():
    b = budget(rate=100, annual=361.95, executed=494.39)
    assert "EXECUTION_RATE_MISMATCH" not in codes(validate_form(form(plain_rows([90]), budget_block=b,
                                                                     stated_total=100)))


def test_total_row_left_at_zero_while_sub_rows_hold_money():
    b = budget(rate=100, annual=0, executed=0, rows=[
        BudgetRow(label="当年财政拨款", annual=50, executed=50, rate=100)])
    hits = [x for x in validate_form(form(plain_rows([90]), budget_block=b, stated_total=100))
            if x.rule == "EXECUTION_RATE_MISMATCH"]
    assert len(hits) == 2 and all(h.severity == "error" for h in hits)
    assert "sub-rows hold 50" in hits[0].message


def test_sub_row_rates_are_checked():
    b = budget(rows=[BudgetRow(label="当年财政拨款", annual=50, executed=40, rate=100)])
    hit = only(validate_form(form(plain_rows([90]), budget_block=b, stated_total=100)), "EXECUTION_RATE_MISMATCH")
    assert "当年财政拨款" in hit.message and hit.expected == "80"


def test_a_sub_row_printing_its_own_points_is_scored_on_its_own_rate():
    # 450: 年初预算数(A) and 全年执行数(B) only, a 分值 and 得分 on every 资金来源 row (B/A × 分值, capped)
    b = BudgetBlock(initial=1172.55, executed=1268.72, weight=10, score=10, rows=[
        BudgetRow(label="基本支出", initial=985.19, executed=914.97, weight=10, score=10),
        BudgetRow(label="项目支出", initial=187.36, executed=353.75, weight=10, score=10),
        BudgetRow(label="其他")])
    hit = only(validate_form(form(plain_rows([90]), budget_block=b, stated_total=100)), "EXECUTION_RATE_MISMATCH")
    assert hit.indicator == "基本支出 得分" and hit.severity == "error" and hit.expected == "9.29"
    # the same row scored 9.29 is consistent; one sharing the total's points (none of its own) is not scored
    b.rows[0].score = 9.29
    assert "EXECUTION_RATE_MISMATCH" not in codes(validate_form(form(plain_rows([90]), budget_block=b, stated_total=100)))
    b.rows[0].score = b.rows[0].weight = None
    assert "EXECUTION_RATE_MISMATCH" not in codes(validate_form(form(plain_rows([90]), budget_block=b, stated_total=100)))


# --- grade, count, confidence ---------------------------------------------------------------------

@pytest.mark.parametrize("total,grade,expected", [
    (89, "优", "良"), (90, "优", None), (89.5, "良", None), (59, "中", "差"), (100, "优秀", None),
    (75, "良好", "中"), (60, "中", None),
])
def test_grade_follows_the_stated_score(total, grade, expected):
    f = form([], kind="narrative_report", stated_total=total, stated_grade=grade)
    hits = validate_form(f)
    assert [h.expected for h in hits] == ([expected] if expected else [])
    assert all(h.rule == "GRADE_MISMATCH" and h.severity == "warning" for h in hits)


def test_narrative_and_target_forms_have_nothing_to_score():
    narrative = form([], kind="narrative_report", stated_total=100, stated_grade="优")
    targets = form([row(5, None, target=quant(">=", 95, "%"))], kind="target_declaration", index=1)
    assert validate_forms([narrative, targets]) == []
    assert narrative.recomputed_total is None and targets.recomputed_total is None


def test_validate_forms_fills_recomputed_totals_and_form_indices():
    a = form(plain_rows(WUWEI_WEIGHTS, WUWEI_SCORES), stated_total=89, budget_block=budget(), index=3)
    found = validate_forms([a])
    assert a.recomputed_total == 99
    assert {f.form_index for f in found} == {3}


def test_narrative_count_differing_from_the_table_is_info():
    f = form(plain_rows([50, 50]), stated_total=100, narrative_indicator_count=3)
    hit = only(validate_form(f), "COUNT_MISMATCH")
    assert (hit.severity, hit.stated, hit.expected) == ("info", "3", "2")


def test_low_confidence_rows_are_listed_once_each():
    rows = [row(50, 50, confidence=0.55), row(50, 50, confidence=0.99)]
    hit = only(validate_form(form(rows, stated_total=100)), "LOW_CONFIDENCE")
    assert hit.row_index == 0 and "0.55" in hit.message


def test_low_confidence_names_the_weak_cells_where_known():
    r = row(50, 50, confidence=0.42, field_confidence={"level3": 0.97, "score": 0.42, "weight": 0.61})
    hit = only(validate_form(form([r] + plain_rows([50]), stated_total=100)), "LOW_CONFIDENCE")
    assert "score 0.42" in hit.message and "weight 0.61" in hit.message and "level3" not in hit.message
    assert hit.stated == "score 0.42, weight 0.61" and hit.stated_value == 0.42 and hit.expected_value == 0.8


def test_full_score_that_the_formula_rounds_to_is_not_a_shortfall():
    # 99% of a 0.25 weight is 0.2475, printed to 2 decimals as 0.25
    r = row(0.25, 0.25, target=quant(None, 100, "%"), actual=quant(None, 99, "%"))
    found = validate_form(form([r] + plain_rows([99.75]), stated_total=100))
    assert found == []
    # printed to whole points, 4.75 rounds to 5: not a warning, but still worth an info line
    r = row(5, 5, target=quant(None, 100, "%"), actual=quant(None, 95, "%"))
    found = validate_form(form([r] + plain_rows([95]), stated_total=100))
    assert [(f.rule, f.severity) for f in found] == [("SCORE_FORMULA_MISMATCH", "info")]


def test_budget_row_in_the_table_is_scored_from_the_rate():
    rows = plain_rows([10], [10], l1="预算执行率", l2="") + plain_rows([90])
    f = form(rows, stated_total=100, budget_block=budget(weight=None, score=None, rate=76, executed=76))
    hit = only(validate_form(f), "EXECUTION_RATE_MISMATCH")
    assert (hit.stated, hit.expected, hit.row_index) == ("10", "7.6", 0)


def test_department_row_named_like_a_budget_rate_is_an_ordinary_indicator():
    rows = plain_rows([2], l1="部门管理", l2="资金投入", l3="基本支出预算执行率") + plain_rows([88])
    f = form(rows, kind="dept_self_eval", stated_total=100, budget_block=budget())
    assert recompute_total(f) == 100
    assert validate_form(f) == []


def test_rule_table_lists_every_code_once():
    from jixiao.pipeline.validation.codes import rules_markdown
    table = rules_markdown()
    assert all(table.count(f"`{code}`") == 1 for code in RULES)


def test_every_emitted_code_is_in_the_catalog():
    f = form(plain_rows(WUWEI_WEIGHTS, WUWEI_SCORES), stated_total=89, budget_block=budget(),
             narrative_indicator_count=3, stated_grade="优")
    assert set(codes(validate_form(f))) <= set(RULES)


def test_qualitative_values_without_labels_use_their_text():
    r = row(5, 2, target=ParsedValue(raw="健全", text="健全"), actual=ParsedValue(raw="健全", text="健全"))
    assert "SCORE_FORMULA_MISMATCH" in codes(validate_form(form([r] + plain_rows([95]), stated_total=97)))


def test_total_and_budget_findings_point_at_their_pages():
    from jixiao.models.provenance import Provenance
    b = budget(rate=90, annual=100, executed=100).model_copy(update={"provenance": Provenance(page=2)})
    f = form(plain_rows([90]), stated_total=50, budget_block=b, first_page=1, last_page=3,
             stated_total_provenance=Provenance(page=3))
    pages = {x.rule: x.page for x in validate_form(f)}
    assert pages["TOTAL_MISMATCH"] == 3 and pages["EXECUTION_RATE_MISMATCH"] == 2


def test_a_sign_the_rows_outcome_chose_is_not_judged_against_that_outcome():
    """A target whose sign was not read but chosen by the row's own 得分 (SIGN_FROM_OUTCOME: "≤3200"
    because a misread 得分 of 1 says the target was missed) agrees with that score by construction: the
    row is judged on the target as the page showed it ("3200", met by 3260), so the misread score is still
    accused (and read again) rather than confirmed by the sign it chose."""
    from jixiao.models.form import SIGN_FROM_OUTCOME

    read = row(7, 1, target=quant("<=", 3200, "户"), actual=quant(None, 3260, "户"))
    assert "DEDUCTION_WITHOUT_SHORTFALL" not in codes(validate_form(form([read] + plain_rows([93]), stated_total=94)))
    chosen = read.model_copy(update={"from_context": {"target": SIGN_FROM_OUTCOME}})
    assert "DEDUCTION_WITHOUT_SHORTFALL" in codes(validate_form(form([chosen] + plain_rows([93]), stated_total=94)))

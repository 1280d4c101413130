"""A fax's 预算执行 item: its money line read when its label lost the colon or was garbled and its figures
met their labels without commas (pipeline/assembly/key_values.py), and, where its points stay unread,
the form's sums left in doubt (BUDGET_POINTS_UNREAD) rather than accusing the weights or the total, or
letting a lost 分值 absorb the item's points (pipeline/assembly/forms.py, pipeline/validation)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.pipeline.assembly.budget_block import budget_words, prints_budget_points
from jixiao.models import TextLine
from jixiao.pipeline.assembly.key_values import amount_figures, is_garbled_money_line, read_key_value_line
from jixiao.pipeline.validation.rules.confidence import LOW_CONFIDENCE_THRESHOLD

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_figures_glued_to_their_labels_are_read_by_label():
    """200 at 100 dpi: commas lost, a "%" read as "5", two labels garbled; only the pairs whose labels
    name a field are taken, the garbled ones make no 其中 rows."""
    figures, rows = amount_figures("年制质算数56.37全年预尊数60120全年执行数55.03，执行率92.325，分值10.得分9.23")
    assert set(figures) == {"executed", "rate", "weight", "score"} and rows == []


def test_a_money_line_under_a_garbled_label_is_read_in_doubt():
    """The same line under its label as the fax garbled it ("项门资金（万元）"): its figures are read, but each
    is in doubt (the 92.325 is a "%" read as "5"), so the form cannot be ``ok`` on them."""
    line = TextLine(page=1, text="项门资金（万元）：年制质算数56.37全年预尊数60120全年执行数55.03，执行率92.325，"
                                 "分值10.得分9.23", bbox=(30, 100, 540, 112), confidence=0.9, method="ocr")
    budget = read_key_value_line([line], {}, {}, None)
    assert (budget.executed, budget.weight, budget.score) == (55.03, 10.0, 9.23)
    assert budget.cells["rate"].confidence < LOW_CONFIDENCE_THRESHOLD


@pytest.mark.parametrize("label, value", [
    ("年度总体目标完成情况", "项目年初预算数120万元，全年执行数110万元，执行率91.7%"),  # prose quoting the money
    ("项目资金说明", "年初预算为6128400.00元，全年执行数6128400.00元，执行率100%"),  # 元, not 万元
    ("项目资金", "年初预算数120万元，全年执行数110万元，执行率91.7%"),  # figures with their unit
])
def test_prose_that_quotes_the_budget_is_no_money_line(label, value):
    """No amount in 元 or with its unit becomes a 万元 figure, whatever the label."""
    assert not is_garbled_money_line(label, value)
    budget = read_key_value_line([TextLine(page=1, text=f"{label}：{value}", bbox=(30, 100, 540, 112))], {}, {}, None)
    assert budget is None or (budget.initial, budget.executed) == (None, None)


def test_the_indicator_header_is_no_budget_line():
    assert not budget_words("一级指标 二级指标 三级指标 分值 得分")
    assert prints_budget_points("年初简算数 全年预算数 全年执行数 分值 执行率 得分")
    assert not prints_budget_points("年度资金总额 356.80，其中：财政拨款 300.00，全年执行数 290")


def test_a_note_naming_the_items_points_prints_no_budget_item():
    """401's and 402's notes and a sentence name the item's 执行率 and 分值 but are no header nor money line."""
    assert not prints_budget_points("注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、预算资金执行率10分")
    assert not prints_budget_points("预算资金执行率分值10分，得分按执行率计算。")


def _line(text: str, top: float) -> TextLine:
    return TextLine(page=1, text=text, bbox=(30, top, 540, top + 12))


@pytest.mark.parametrize("under", [
    _line("其中：财政拨款 300 300 290 10 96.7 9.67", 120),  # a part, not the total
    _line("合计 2 3 4 5 6 7", 300),  # a line far under the header: another table's row
])
def test_only_the_line_right_under_a_header_line_is_its_total(under):
    """A header line's total is the line right under it and no 其中 part; any other line ends the wait."""
    from jixiao.pipeline.assembly.forms import FormBuilder

    builder = FormBuilder()
    builder._take_budget_line(_line("年初预算数 全年预算数 全年执行数 分值 执行率 得分", 100))
    builder._take_budget_line(under)
    builder._take_budget_line(_line("年度资金总额 310 310 300 10 96.8 9.68", under.bbox[3] + 8))
    assert builder.budget is None


@pytest.fixture(scope="module")
def fax_forms(sample_runs):
    names = ("200_renshou_farmland_fax204.pdf", "132_yulin_clinic_fax100.pdf")
    return {name: doc for name, doc in zip(names, sample_runs.documents([SAMPLES / n for n in names]))}


def test_a_money_line_without_its_colon_gives_the_items_points(fax_forms):
    """200 at 204×98 reads "项目资金（万元）年初预算数59.37，…，分值10，得分9.23": the block's 10 points are read,
    so the one lost 分值 (row 2, printed 6) is what its sums leave — 6, not 16 with the budget's 10."""
    form = fax_forms["200_renshou_farmland_fax204.pdf"].forms[0]
    assert (form.budget.weight, form.budget.score, form.budget.executed) == (10.0, 9.23, 555.03)
    assert form.indicators[1].weight == 6.0 and form.indicators[1].from_context["weight"] == "WEIGHT_FROM_CONTEXT"
    assert form.verdict == "suspect"


def test_a_budget_block_printed_as_lines_is_read_by_its_header_words(fax_forms):
    """132 at 100 dpi prints its block as lines: "年初简算数 全年预算数 全年执行数 分值 执行率 得分" over
    "年度资金总额 486.5 486.5 472.9 10 97204 9.72" (a speck of the label column between them). The figures are
    taken by position, so each is in doubt; the garbled 年初 word leaves its figure unread; the rate is kept as
    read, so its own money contradicts it (EXECUTION_RATE_MISMATCH); with the item's 10 and 9.72 the weights
    make 100 and the items the stated 99.15, so neither is accused."""
    doc = fax_forms["132_yulin_clinic_fax100.pdf"]
    budget = doc.forms[0].budget
    assert (budget.initial, budget.annual, budget.executed, budget.rate) == (None, 486.5, 472.9, 97204.0)
    assert (budget.weight, budget.score) == (10.0, 9.72)
    assert all(cell.confidence < LOW_CONFIDENCE_THRESHOLD for cell in budget.cells.values())
    assert "EXECUTION_RATE_MISMATCH" in {f.rule for f in doc.findings} and doc.forms[0].verdict == "suspect"
    assert not {"TOTAL_MISMATCH", "WEIGHTS_NOT_100"} & {f.rule for f in doc.findings}


def test_a_budget_item_whose_points_were_lost_is_a_doubt_not_an_accusation(fax_forms):
    """The same form with its block's figures lost (as the reader lost them before it read lines): weights
    of 90 and items of 89.43 for a stated 99.15 are what the lost item's 10 and 9.72 explain — a doubt
    on the reading, not a mismatch; read with its points, the form is checked as before."""
    from jixiao.pipeline.validation.validate import validate_form
    from jixiao.pipeline.validation.verdict import judge_form, verdict_of

    doc_form = fax_forms["132_yulin_clinic_fax100.pdf"].forms[0]
    lost = doc_form.model_copy(update={"budget": None, "budget_points_unread": True})
    findings = validate_form(lost)
    assert {(f.rule, f.severity) for f in findings if f.rule in ("TOTAL_MISMATCH", "WEIGHTS_NOT_100")} == {
        ("TOTAL_MISMATCH", "info"), ("WEIGHTS_NOT_100", "info")}
    reasons = judge_form(lost, findings)
    assert "BUDGET_POINTS_UNREAD" in {r.code for r in reasons} and verdict_of(reasons) == "suspect"
    # without the flag the shortfall is a mismatch: a form whose item was not printed with points is accused
    plain = doc_form.model_copy(update={"budget": None})
    assert ("TOTAL_MISMATCH", "error") in {(f.rule, f.severity) for f in validate_form(plain)}
    assert not doc_form.budget_points_unread


def test_a_gap_wider_than_a_budget_item_is_still_a_weights_error(fax_forms):
    """The lost item explains at most the points such an item carries (BUDGET_ITEM_MOST_POINTS): weights that
    leave 40 points free are accused, the lost item or not."""
    from jixiao.pipeline.validation.validate import validate_form

    form = fax_forms["132_yulin_clinic_fax100.pdf"].forms[0]
    heaviest = max(form.indicators, key=lambda row: row.weight or 0.0)
    lighter = heaviest.model_copy(update={"weight": heaviest.weight - 30})
    rows = [lighter if row is heaviest else row for row in form.indicators]
    lost = form.model_copy(update={"budget": None, "budget_points_unread": True, "indicators": rows})
    severities = {f.severity for f in validate_form(lost) if f.rule == "WEIGHTS_NOT_100"}
    assert severities and "info" not in severities


def test_a_table_row_holding_the_budget_item_leaves_no_points_unread():
    """Points a header named are not lost when a table row stands for the item: one predicate for the
    flag, the weights filled from the form's points and the checks."""
    from jixiao.models import Indicator
    from jixiao.pipeline.assembly.budget_block import item_points_unread

    row = Indicator(row_index=0, level1="预算执行率", level3="预算执行率", weight=10.0)
    assert not item_points_unread(True, None, [row])
    assert item_points_unread(True, None, [row.model_copy(update={"level1": "产出指标", "level3": "完成率"})])



@pytest.mark.parametrize("name", ["146_yongde_nutrition_seal300.pdf", "147_guangxi_values_searchable.pdf"])
def test_points_two_cells_read_as_one_are_no_points(sample_runs, name):
    """Writer tables scanned (146 stamped at 300 dpi, 147 with a hidden OCR layer; tune): the rule between the
    budget block's 分值 and 执行率 is lost, and the one cell reads "10100%" or "1098%". No item is worth more
    than the form's hundred points: read as 1098 they accused the form of an execution-rate error and
    weights of 1188, and 147 came out ok. Left unread, the block's points are a doubt, not an accusation."""
    (doc,) = sample_runs.documents([SAMPLES / name])
    (form,) = doc.forms
    assert form.budget is not None and form.budget.weight is None and form.budget_points_unread
    assert not [f for f in doc.findings if f.severity == "error"]
    assert form.verdict == "suspect" and "BUDGET_POINTS_UNREAD" in {r.code for r in form.verdict_reasons}

"""A fax's 预算执行 item: its money line read when its label lost the colon or was garbled and its figures
met their labels without commas (pipeline/assembly/key_values.py), and, where its points stay unread,
the form's sums left in doubt (BUDGET_POINTS_UNREAD) rather than accusing the weights or the total, or
letting a lost 分值 absorb the item's points (pipeline/assembly/forms.py, pipeline/validation)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.pipeline.assembly.budget_block import budget_words, prints_budget_points
from jixiao.pipeline.assembly.key_values import amount_figures

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_figures_glued_to_their_labels_are_read_by_label():
    """200 at 100 dpi: commas lost, a "%" read as "5", two labels garbled; only the pairs whose labels
    name a field are taken, the garbled ones make no 其中 rows."""
    figures, rows = amount_figures("年制质算数56.37全年预尊数60120全年执行数55.03，执行率92.325，分值10.得分9.23")
    assert figures == {"executed": 55.03, "rate": 92.325, "weight": 10.0, "score": 9.23} and rows == []


def test_the_indicator_header_is_no_budget_line():
    assert not budget_words("一级指标 二级指标 三级指标 分值 得分")
    assert prints_budget_points("年初简算数 全年预算数 全年执行数 分值 执行率 得分")
    assert not prints_budget_points("年度资金总额 356.80，其中：财政拨款 300.00，全年执行数 290")


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


def test_a_budget_item_whose_points_were_lost_is_a_doubt_not_an_accusation(fax_forms):
    """132 at 100 dpi prints its block as lines whose header names 分值 and 得分 but whose figures were not
    taken: its weights make 90 and its items 89.43 for a stated 99.15 — the lost item's 10 and 9.72."""
    doc = fax_forms["132_yulin_clinic_fax100.pdf"]
    form = doc.forms[0]
    assert form.budget_points_unread and form.verdict == "suspect"
    assert "BUDGET_POINTS_UNREAD" in {r.code for r in form.verdict_reasons}
    by_rule = {f.rule: f.severity for f in doc.findings}
    assert by_rule.get("TOTAL_MISMATCH") == "info" and by_rule.get("WEIGHTS_NOT_100") == "info"

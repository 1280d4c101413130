"""`jixiao check` rendering: forms and findings appear as readable tables."""
from __future__ import annotations

from rich.console import Console

from jixiao.pipeline.outputs.console import budget_summary, render_check
from jixiao.pipeline.validation.validate import validate_forms
from validate_factory import budget, form, plain_rows

WEIGHTS = [30, 30, 30]


def rendered(forms, findings) -> str:
    console = Console(record=True, width=220, color_system=None)
    render_check("sample.pdf", forms, findings, console)
    return console.export_text()


def test_forms_and_findings_are_listed_with_stated_and_recomputed_totals():
    forms = [form(plain_rows(WEIGHTS, [30, 30, 29]), stated_total=89, budget_block=budget(), project="政务服务经费"),
             form([], kind="narrative_report", stated_total=100, stated_grade="优", index=1)]
    text = rendered(forms, validate_forms(forms))
    assert "sample.pdf" in text and "政务服务经费" in text and "自评报告" in text
    assert "TOTAL_EXCLUDES_BUDGET" in text and "总分 89 equals the indicator items alone" in text
    assert "89" in text and "99" in text
    assert "100 / 100 = 100% · 10/10" in text
    assert "1 warning(s)" in text


def test_a_consistent_file_says_so():
    forms = [form(plain_rows(WEIGHTS), stated_total=100, budget_block=budget())]
    text = rendered(forms, validate_forms(forms))
    assert "Findings" not in text and "consistent: no error or warning" in text


def test_an_empty_file_says_no_form_was_found():
    assert "no form found" in rendered([], [])


def test_budget_summary_leaves_out_what_is_not_printed():
    assert budget_summary(None) == ""
    assert budget_summary(budget(weight=None, score=None, rate=87.93, annual=100, executed=87.93)) == "87.93 / 100 = 87.93%"

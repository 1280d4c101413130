"""EXECUTION_RATE_MISMATCH: the 预算执行 block against its own arithmetic.

- 执行率 must be 全年执行数/全年预算数 within 0.5 points (a rate printed as 100 %
  for spending above the budget is read as capped, not wrong);
- the block's score must be 执行率 × 分值, capped at the 分值, within half a unit
  of the score's last printed digit (a formula result is printed rounded);
- a total row left at 0 while its 其中 sub-rows hold the money is an error.
A 预算执行率 row inside the indicator table is held to the same score rule, and so is a sub-row that
prints a 分值 and 得分 of its own (450's 基本支出 | 985.19 | 914.97 | 10 | 10: 92.87 % of 10 is 9.29), against
its own 执行率. A rate not printed is 全年执行数 over the budget the block prints: its 全年预算数, else its
年初预算数 (a block of 年初预算数(A) and 全年执行数(B) only, scored on B/A).
"""
from __future__ import annotations

from jixiao.models.finding import Finding
from jixiao.models.form import BudgetBlock, BudgetRow, Form
from jixiao.pipeline.validation.grading import budget_score, execution_rate
from jixiao.pipeline.validation.context import FormContext, is_budget_row
from jixiao.pipeline.validation.findings import indicator_label, make_finding, num
from jixiao.normalizers.tolerance import decimals, half_unit, printed_rounding

RATE_TOLERANCE = 0.5  # percentage points


def check_budget(ctx: FormContext) -> list[Finding]:
    budget = ctx.form.budget
    if budget is None:
        return []
    findings = _rate_findings(ctx.form, "年度资金总额", budget.annual, budget.executed, budget.rate)
    for row in budget.rows:
        findings += _rate_findings(ctx.form, row.label, row.annual, row.executed, row.rate)
    findings += _zero_total_findings(ctx.form, budget)
    findings += _score_findings(ctx, budget)
    return findings


def _rate_findings(form: Form, label: str, annual: float | None, executed: float | None,
                   rate: float | None) -> list[Finding]:
    if annual is None or executed is None or rate is None:
        return []
    implied = execution_rate(annual, executed)
    if implied is None or abs(rate - implied) <= RATE_TOLERANCE:
        return []
    if implied > 100 and rate >= 100 - RATE_TOLERANCE:
        return []
    return [make_finding(
        form, "EXECUTION_RATE_MISMATCH",
        f"{label}: 执行率 is stated as {num(rate)}%, but 全年执行数/全年预算数 = "
        f"{num(executed, 4)}/{num(annual, 4)} = {num(implied)}%.",
        indicator=f"{label} 执行率", expected=implied, stated=rate, page=_budget_page(form))]


def _zero_total_findings(form: Form, budget: BudgetBlock) -> list[Finding]:
    findings = []
    for field, name in (("annual", "全年预算数"), ("executed", "全年执行数")):
        total = getattr(budget, field)
        in_rows = sum(getattr(r, field) or 0.0 for r in budget.rows)
        if total == 0 and in_rows > 0:
            findings.append(make_finding(
                form, "EXECUTION_RATE_MISMATCH",
                f"The total row's {name} is 0 while its 其中 sub-rows hold {num(in_rows, 4)}.",
                indicator=f"年度资金总额 {name}", expected=num(in_rows, 4), expected_value=in_rows, stated=0.0, page=_budget_page(form)))
    return findings


def _implied_rate(rate: float | None, initial: float | None, annual: float | None,
                  executed: float | None) -> float | None:
    """The rate a budget row is scored on: as printed, else 全年执行数 over its 全年预算数 (or, with none
    printed, its 年初预算数)."""
    if rate is not None:
        return rate
    base = annual if annual is not None else initial
    return execution_rate(base, executed) if base is not None and executed is not None else None


def _score_findings(ctx: FormContext, budget: BudgetBlock) -> list[Finding]:
    rate = _implied_rate(budget.rate, budget.initial, budget.annual, budget.executed)
    scored = []
    if rate is not None:
        scored += [("预算执行", budget.weight, budget.score, None, rate)]
        scored += [(indicator_label(r), r.weight, r.score, r, rate) for r in ctx.rows if is_budget_row(r)]
    for sub in budget.rows:
        sub_rate = _implied_rate(sub.rate, sub.initial, sub.annual, sub.executed)
        if sub_rate is not None and not _repeats_total(budget, rate, sub, sub_rate):
            scored.append((sub.label, sub.weight, sub.score, None, sub_rate))
    findings = []
    for label, weight, score, row, rate in scored:
        if weight is None or score is None:
            continue
        expected = budget_score(rate, weight)
        slack = printed_rounding(score) + weight * half_unit(decimals(rate)) / 100
        if abs(score - expected) > slack:
            findings.append(make_finding(
                ctx.form, "EXECUTION_RATE_MISMATCH",
                f"{label}: the score is {num(score)}, but 执行率 {num(rate)}% × 分值 {num(weight)} "
                f"(capped at the 分值) gives {num(expected)}.",
                row=row, indicator=f"{label} 得分", expected=expected, stated=score,
                page=None if row is not None else _budget_page(ctx.form)))
    return findings


def _repeats_total(budget: BudgetBlock, rate: float | None, sub: BudgetRow, sub_rate: float) -> bool:
    """A 其中 row holding all the money prints the total's points again (432: 其中:当年财政拨款 | 29 | 27.8 | 9 |
    0.958 | 8 under the same line of the total): its score says nothing the total's does not, and one
    discrepancy printed twice is reported once, on the total."""
    return (rate is not None and (sub.weight, sub.score) == (budget.weight, budget.score)
            and abs(sub_rate - rate) <= RATE_TOLERANCE)


def _budget_page(form: Form) -> int | None:
    """The page of the budget block where the reader recorded it."""
    budget = form.budget
    return budget.provenance.page if budget is not None and budget.provenance is not None else None

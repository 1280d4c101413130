"""SCORE_EXCEEDS_WEIGHT and DUPLICATE_ROW: rows that cannot be right as printed."""
from __future__ import annotations

from jixiao.models.finding import Finding, Severity
from jixiao.pipeline.validation.context import FormContext
from jixiao.pipeline.validation.findings import indicator_label, make_finding, num, row_number
from jixiao.normalizers.tolerance import EPSILON, rounding_slack


def check_score_within_weight(ctx: FormContext) -> list[Finding]:
    """A row's score may not pass its weight ("各项指标得分最高不能超过该指标分值上限")."""
    findings = []
    for row in ctx.rows:
        if row.score is None or row.weight is None:
            continue
        slack = max(rounding_slack(row.score, ctx.score_precision),
                    rounding_slack(row.weight, ctx.weight_precision)) + EPSILON
        if row.score - row.weight > slack:
            findings.append(make_finding(
                ctx.form, "SCORE_EXCEEDS_WEIGHT",
                f"{indicator_label(row)} scores {num(row.score)} against a weight of {num(row.weight)}; "
                "a score may not exceed its weight.",
                row=row, expected=row.weight, stated=row.score))
    return findings


def check_duplicates(ctx: FormContext) -> list[Finding]:
    """Each verbatim repeat, saying whether the weights show it to be a copy.

    Info instead of a warning when the weights need both rows (江门 prints
    法律纠纷发生数 twice and its 社会效益 subtotal counts both): the repeat is then
    most likely two indicators read alike, worth a look but no inconsistency.
    """
    findings = []
    for repeat, first in ctx.duplicates:
        severity: Severity = "warning"
        figures = "、".join(x for x in (repeat.target.raw, repeat.actual.raw, num(repeat.weight),
                                        num(repeat.score)) if x and x != "—")
        if any(repeat is c for c in ctx.copies):
            verdict = "the weights add to 100 only without it, so it is a copy and is counted once"
        elif any(repeat is r for r in ctx.needed_repeats):
            verdict = "the weights add to 100 only with both rows, so both are counted as separate indicators"
            severity = "info"
        else:
            verdict = "the weights do not show it to be a copy, so both rows are counted"
        findings.append(make_finding(
            ctx.form, "DUPLICATE_ROW",
            f"Indicator row {row_number(repeat)} repeats row {row_number(first)} ({indicator_label(first)}: "
            f"{figures}) verbatim; {verdict}.",
            severity=severity, row=repeat, indicator=indicator_label(first)))
    return findings

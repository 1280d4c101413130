"""Scores against achievement: FULL_SCORE_DESPITE_SHORTFALL, DEDUCTION_WITHOUT_SHORTFALL,
SCORE_FORMULA_MISMATCH.

Each row whose target and actual settle "met" or "short" (see quantities) is
re-scored with the published rules (see jixiao.pipeline.validation.grading). A row is reported
under one code at most: a full score despite a shortfall is not also a formula
mismatch.
"""
from __future__ import annotations

import math

from jixiao.models.finding import Finding, Severity
from jixiao.models.form import Indicator
from jixiao.pipeline.validation.grading import QUALITATIVE_BANDS, quantitative_scores
from jixiao.pipeline.validation.context import FormContext
from jixiao.pipeline.validation.findings import indicator_label, make_finding, num
from jixiao.pipeline.validation.quantities import Assessment, assess
from jixiao.normalizers.tolerance import EPSILON, full_score_slack, half_unit

#: Highest share of the weight a row that falls short may score (below 达成).
_PARTIAL_CEILING = QUALITATIVE_BANDS["partial"][1]
_DIRECTION_WORDS = {"up": "正向 ≥", "down": "反向 ≤", "equal": "等于"}


def check_achievement(ctx: FormContext) -> list[Finding]:
    findings: list[Finding] = []
    for row in ctx.rows:
        if row.score is None or row.weight is None or row.weight <= 0:
            continue
        verdict = assess(row.target_as_printed(), row.actual, row.level3_raw or row.level3)
        if verdict is None:
            continue
        finding = _judge(ctx, row, verdict)
        if finding is not None:
            findings.append(finding)
    return findings


def _judge(ctx: FormContext, row: Indicator, verdict: Assessment) -> Finding | None:
    assert row.score is not None and row.weight is not None
    full = row.weight - row.score <= _slack(ctx, row)
    what = f"{indicator_label(row)}: target {row.target.raw.strip()}, actual {row.actual.raw.strip()}"
    # A shortfall's score is "full" only when the formula explains neither the weight (99 % of a
    # 0.25 weight prints as 0.25) nor the score itself (3.45 of a 3.5 weight for 63 % of ≥ 64 %,
    # within the weight's printed rounding but exactly the formula at the score's precision).
    explained = _formula_rounds_to(ctx, row, verdict, row.weight) or _formula_rounds_to(ctx, row, verdict, row.score)
    if verdict.status == "short" and full and not explained:
        reading = f" ({_DIRECTION_WORDS[verdict.direction]})" if verdict.quantitative else ""
        expected = _shortfall_expectation(row, verdict)
        return make_finding(
            ctx.form, "FULL_SCORE_DESPITE_SHORTFALL",
            f"{what}{reading} misses the target, yet the full weight {num(row.weight)} is given.",
            row=row, expected=expected, stated=row.score,
            expected_value=expected if isinstance(expected, float) else _PARTIAL_CEILING * row.weight)
    if verdict.status == "met" and not full and verdict.quantitative:
        return make_finding(
            ctx.form, "DEDUCTION_WITHOUT_SHORTFALL",
            f"{what} meets the target, yet it scores {num(row.score)} of {num(row.weight)}.",
            row=row, expected=row.weight, stated=row.score)
    if verdict.quantitative and verdict.status == "short":
        return _formula_finding(ctx, row, verdict, what)
    if not verdict.quantitative:
        return _band_finding(ctx, row, verdict, what)
    return None


def _formula_finding(ctx: FormContext, row: Indicator, verdict: Assessment, what: str) -> Finding | None:
    """A quantitative shortfall must score actual/target × weight (反向 by its formula)."""
    assert row.score is not None and row.weight is not None
    assert verdict.target is not None and verdict.actual is not None
    expected = quantitative_scores(verdict.direction, verdict.target, verdict.actual, row.weight)
    if not expected:
        return None
    best = min(expected, key=lambda e: abs(e - row.score))
    gap = abs(best - row.score)
    if gap <= _formula_slack(ctx):
        return None
    formula = "actual/target × weight" if verdict.direction != "down" else "the 反向 formula"
    message = (f"{what} scores {num(row.score)}; {formula} gives {num(best)} "
               f"(gap {num(gap)} of a weight of {num(row.weight)})")
    rounding = _rounding_note(row.score, best, ctx.score_precision)
    return make_finding(
        ctx.form, "SCORE_FORMULA_MISMATCH", message + (rounding or "") + ".",
        severity="info" if rounding else _gap_severity(gap, row.weight),
        row=row, expected=best, stated=row.score)


def _band_finding(ctx: FormContext, row: Indicator, verdict: Assessment, what: str) -> Finding | None:
    """A qualitative score must fall in the band its achievement allows.

    An achieved row scores 80–100 %; a shortfall 0–80 % (部分达成 60–80 % and
    未达成 below 60 % cannot be told apart from the printed labels).
    """
    assert row.score is not None and row.weight is not None
    boundary = QUALITATIVE_BANDS["achieved"][0] * row.weight
    if verdict.status == "met":
        band, lowest, highest, gap = "达成 80–100 %", boundary, row.weight, boundary - row.score
    else:
        band, lowest, highest, gap = "部分达成/未达成 0–80 %", 0.0, boundary, row.score - boundary
    if gap <= _formula_slack(ctx):
        return None
    boundary_rounding = _rounding_note(row.score, boundary, ctx.score_precision)
    return make_finding(
        ctx.form, "SCORE_FORMULA_MISMATCH",
        f"{what} is qualitative and {'achieved' if verdict.status == 'met' else 'falls short'}, so its "
        f"score belongs in the {band} band of the weight {num(row.weight)} "
        f"({num(lowest)}–{num(highest)}); it scores {num(row.score)}{boundary_rounding or ''}.",
        severity="info" if boundary_rounding else _gap_severity(gap, row.weight),
        row=row, expected=f"{num(lowest)}–{num(highest)}", stated=row.score,
        expected_value=boundary)


def _rounding_note(score: float, exact: float, precision: int) -> str | None:
    """Why a score off the formula may still be the form's own rounding.

    A form that prints scores to ``precision`` decimals cannot print 3.48; its 3
    is 3.48 rounded, and its 4 for 4.75 is 4.75 rounded down (truncation is common
    practice). Either is reported as info, never as a warning.
    """
    unit = 10.0 ** (-precision)
    nearest = round(exact / unit) * unit
    down = math.floor(exact / unit + 1e-9) * unit
    if abs(score - nearest) <= EPSILON:
        return f"; printed to {_places(precision)}, that is {num(exact)} rounded"
    if abs(score - down) <= EPSILON:
        return f"; printed to {_places(precision)}, that is {num(exact)} rounded down"
    return None


def _places(precision: int) -> str:
    return "whole points" if precision == 0 else f"{precision} decimal{'s' if precision > 1 else ''}"


def _formula_rounds_to(ctx: FormContext, row: Indicator, verdict: Assessment, score: float) -> bool:
    """Whether a quantitative shortfall's formula, printed to the score column's
    precision, gives this score (99 % of a 0.25 weight prints as 0.25)."""
    if not verdict.quantitative or verdict.target is None or verdict.actual is None or row.weight is None:
        return False
    unit = 10.0 ** (-ctx.score_precision)
    return any(abs(round(e / unit) * unit - score) <= EPSILON
               for e in quantitative_scores(verdict.direction, verdict.target, verdict.actual, row.weight))


def _gap_severity(gap: float, weight: float) -> Severity:
    """Info for a gap under 0.5 points and under 10 % of the weight, warning beyond."""
    return "info" if gap < 0.5 and gap < 0.1 * weight else "warning"


def _slack(ctx: FormContext, row: Indicator) -> float:
    assert row.score is not None and row.weight is not None
    return full_score_slack(row.score, row.weight, ctx.score_precision, ctx.weight_precision)


def _formula_slack(ctx: FormContext) -> float:
    """Scores printed with decimals may round the formula to their last digit;
    whole-number scores are held to 0.005 so rounding to a whole point still shows
    (as info when small)."""
    precision = ctx.score_precision if ctx.score_precision > 0 else 2
    return half_unit(precision) + EPSILON


def _shortfall_expectation(row: Indicator, verdict: Assessment) -> str | float:
    assert row.weight is not None
    if verdict.quantitative and verdict.target is not None and verdict.actual is not None:
        scores = quantitative_scores(verdict.direction, verdict.target, verdict.actual, row.weight)
        if scores:
            return min(scores)
    return f"< {num(_PARTIAL_CEILING * row.weight)}"

"""WEIGHTS_NOT_100: do the weights make the form's 100 points?"""
from __future__ import annotations

from collections import Counter

from jixiao.models.finding import Finding
from jixiao.pipeline.validation.context import FULL_MARKS, FormContext
from jixiao.pipeline.validation.findings import make_finding, num
from jixiao.normalizers.tolerance import EPSILON, is_fractional


def check_weights_total(ctx: FormContext) -> list[Finding]:
    """Warn when the weights miss 100; info when printed rounding explains the gap."""
    if not ctx.weights or ctx.form.kind not in ("project_self_eval", "dept_self_eval"):
        return []
    if ctx.nested_weights:
        return []  # the 一级 weights make the 100, each group's rows their own 100 (nested_weights)
    total = ctx.weight_total()
    gap = abs(total - FULL_MARKS)
    if gap <= EPSILON:
        return []
    tolerance = ctx.weight_tolerance()
    terms = weight_breakdown(ctx.weights)
    if ctx.budget_weight:
        terms += f" + {num(ctx.budget_weight)} (预算执行)"
    unread = [r for r in ctx.rows if r.weight is None and r.score is not None]
    if unread and gap > tolerance:
        names = "、".join(r.level3_raw or r.level3 or f"row {r.row_index + 1}" for r in unread)
        return [make_finding(
            ctx.form, "WEIGHTS_NOT_100",
            f"The weights read add to {num(total)} ({terms}), but the 分值 of {names} was not read "
            "although the row is scored; the total is incomplete, not wrong.",
            severity="info", expected=FULL_MARKS, stated=total, indicator="权重合计")]
    if ctx.budget_points_lost and tolerance < FULL_MARKS - total <= ctx.room_for_budget_points() + tolerance:
        return [make_finding(
            ctx.form, "WEIGHTS_NOT_100",
            f"The weights read add to {num(total)} ({terms}); the form's 预算执行 item carries points that "
            f"were not read, and they may make up the {num(FULL_MARKS - total)}: the total is incomplete, "
            "not wrong.",
            severity="info", expected=FULL_MARKS, stated=total, indicator="权重合计")]
    if gap <= tolerance:
        return [make_finding(
            ctx.form, "WEIGHTS_NOT_100",
            f"The weights add to {num(total)} for 100 ({terms}); the printed weights are rounded "
            f"and rounding explains up to ±{num(tolerance)}, so this is not an error.",
            severity="info", expected=FULL_MARKS, stated=_sum_text(ctx, total), stated_value=total, indicator="权重合计")]
    return [make_finding(
        ctx.form, "WEIGHTS_NOT_100",
        f"The weights add to {num(total)}, not 100 ({terms}); printed rounding explains at most "
        f"±{num(tolerance)}.",
        expected=FULL_MARKS, stated=_sum_text(ctx, total), stated_value=total, indicator="权重合计")]


def _sum_text(ctx: FormContext, total: float) -> str:
    """The sum is computed from the printed weights, not printed itself: say so."""
    parts = len(ctx.weights) + (1 if ctx.budget_weight else 0)
    return f"Σ {num(total)} ({parts} printed weights)"


def weight_breakdown(weights: list[float]) -> str:
    """"38 × 1.05 + 33 × 1.21 + 20": repeated fractional weights counted, whole ones summed."""
    fractional = Counter(round(w, 6) for w in weights if is_fractional(w))
    whole = sum(w for w in weights if not is_fractional(w))
    terms = [f"{n} × {num(w)}" if n > 1 else num(w) for w, n in fractional.most_common()]
    if whole or not terms:
        terms.append(num(whole))
    return " + ".join(terms)

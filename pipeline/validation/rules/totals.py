"""TOTAL_MISMATCH and TOTAL_EXCLUDES_BUDGET: does the stated 总分 add up?"""
from __future__ import annotations

from jixiao.models.finding import Finding
from jixiao.pipeline.validation.context import FormContext
from jixiao.pipeline.validation.findings import indicator_label, make_finding, num, row_number
from jixiao.normalizers.tolerance import decimals, rounding_slack, sum_tolerance


def check_total(ctx: FormContext) -> list[Finding]:
    """Compare the stated 总分 with the rows' scores, with and without the budget block.

    Matching the intended reading (rows + budget block where the block belongs to
    the 100) is silent; matching the rows alone when the block belongs is
    TOTAL_EXCLUDES_BUDGET; matching nothing is TOTAL_MISMATCH.
    """
    form = ctx.form
    recomputed = ctx.recomputed_total()
    if recomputed is None or form.stated_total is None:
        return []
    stated = form.stated_total
    tolerance = _total_tolerance(ctx)
    if abs(stated - recomputed) <= tolerance:
        return []
    items = ctx.items_total()
    budget_points = ctx.budget_points
    copies = _copies_note(ctx)
    if budget_points and abs(stated - items) <= tolerance:
        return [make_finding(
            form, "TOTAL_EXCLUDES_BUDGET",
            f"总分 {num(stated)} equals the indicator items alone; with the 预算执行 score "
            f"{num(budget_points)} the items add to {num(recomputed)}, and the form's 100 points "
            f"include the {num(ctx.budget_weight)}-point 预算执行 block{copies}.",
            expected=recomputed, stated=stated, indicator="总分", page=_total_page(ctx))]
    if ctx.budget_points_lost and 0 < stated - recomputed <= ctx.room_for_budget_points() + tolerance:
        return [make_finding(
            form, "TOTAL_MISMATCH",
            f"总分 {num(stated)} is above the indicator items' {num(recomputed)}{copies}; the form's 预算执行 "
            f"item carries points that were not read, which may make up the {num(stated - recomputed)}: "
            "the recomputation is incomplete, not a mismatch.",
            severity="info", expected=recomputed, stated=stated, indicator="总分", page=_total_page(ctx))]
    readings = f"the indicator items add to {num(items)}"
    if budget_points:
        readings += f", with the 预算执行 score {num(budget_points)} to {num(recomputed)}"
    return [make_finding(
        form, "TOTAL_MISMATCH",
        f"总分 {num(stated)} matches no recomputation: {readings}{copies} "
        f"(rounding allows ±{num(tolerance)}).",
        expected=recomputed, stated=stated, indicator="总分", page=_total_page(ctx))]


def _total_page(ctx: FormContext) -> int | None:
    """The page of the 总分 row where the reader recorded it."""
    provenance = ctx.form.stated_total_provenance
    return provenance.page if provenance is not None else None


def _total_tolerance(ctx: FormContext) -> float:
    form = ctx.form
    stated = form.stated_total or 0.0
    tolerance = sum_tolerance(ctx.scores, ctx.score_precision, stated,
                              max(ctx.score_precision, decimals(stated)))
    points = ctx.budget_points
    if points is not None:
        tolerance += rounding_slack(points, decimals(points))
    return tolerance


def _copies_note(ctx: FormContext) -> str:
    if not ctx.copies:
        return ""
    names = "、".join(f"indicator row {row_number(r)} ({indicator_label(r)})" for r in ctx.copies)
    return f"; the repeated {names} is counted once, as the weights show it is a copy"

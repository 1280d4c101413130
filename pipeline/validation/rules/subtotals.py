"""SUBTOTAL_MISMATCH: printed 一级/二级 subtotals and the 合计 weight against their rows."""
from __future__ import annotations

from collections.abc import Callable

from jixiao.models.finding import Finding
from jixiao.models.form import Indicator
from jixiao.pipeline.validation.context import FULL_MARKS, FormContext
from jixiao.pipeline.validation.findings import make_finding, num
from jixiao.normalizers.tolerance import EPSILON, sum_tolerance

#: (level, label of the printed figure, group key, printed subtotal, row value, column)
_CHECKS: tuple[tuple[str, str, Callable[[Indicator], tuple], Callable[[Indicator], float | None],
                     Callable[[Indicator], float | None], str], ...] = (
    ("一级", "weight", lambda r: (_l1(r),), lambda r: r.level1_weight, lambda r: r.weight, "weight"),
    ("一级", "score", lambda r: (_l1(r),), lambda r: r.level1_score, lambda r: r.score, "score"),
    ("二级", "weight", lambda r: (_l1(r), _l2(r)), lambda r: r.level2_weight, lambda r: r.weight, "weight"),
    ("二级", "score", lambda r: (_l1(r), _l2(r)), lambda r: r.level2_score, lambda r: r.score, "score"),
)


def _l1(row: Indicator) -> str:
    return row.level1_raw or row.level1


def _l2(row: Indicator) -> str:
    return row.level2_raw or row.level2


def check_subtotals(ctx: FormContext) -> list[Finding]:
    """Each printed group figure must equal the sum of its rows within printed rounding."""
    findings: list[Finding] = []
    for level, label, key_of, printed_of, value_of, column in _CHECKS:
        if ctx.nested_weights and level == "一级" and column == "score":
            continue  # whether a printed 一级 得分 is the group's own or its weighed score, no form shows
        precision = ctx.weight_precision if column == "weight" else ctx.score_precision
        for key, rows in _groups(ctx.rows, key_of).items():
            printed = next((printed_of(r) for r in rows if printed_of(r) is not None), None)
            values = [v for v in (value_of(r) for r in rows) if v is not None]
            if printed is None or not values:
                continue
            total = sum(values)
            share = ctx.nested_weights and level == "一级"  # its rows make their own 100 (nested_weights)
            against = FULL_MARKS if share else printed
            tolerance = sum_tolerance(values, precision, against)
            if abs(total - against) > tolerance:
                name = " / ".join(k for k in key if k) or "(unnamed group)"
                printed_as = (f"prints its share {num(printed)} of the form, its rows weighing its own "
                              f"{num(FULL_MARKS)}" if share else f"prints {label} {num(printed)}")
                findings.append(make_finding(
                    ctx.form, "SUBTOTAL_MISMATCH",
                    f"The {level}指标 {name} {printed_as}, but its {len(values)} rows "
                    f"add to {num(total)} (rounding allows ±{num(tolerance)}).",
                    row=rows[0], indicator=name, expected=total, stated=against))
    return findings + _check_printed_weight_total(ctx)


def _check_printed_weight_total(ctx: FormContext) -> list[Finding]:
    """The 合计/总分 row's printed weight against the weights it sums.

    A printed 100 is left to WEIGHTS_NOT_100, which says the same thing once.
    """
    printed = ctx.form.stated_weight_total
    if printed is None or not ctx.weights or abs(printed - FULL_MARKS) <= EPSILON:
        return []
    total = ctx.weight_total()
    tolerance = ctx.weight_tolerance(printed)
    if abs(total - printed) <= tolerance:
        return []
    return [make_finding(
        ctx.form, "SUBTOTAL_MISMATCH",
        f"The 合计 row prints weight {num(printed)}, but the weights add to {num(total)} "
        f"(rounding allows ±{num(tolerance)}).",
        indicator="合计", expected=total, stated=printed)]


def _groups(rows: list[Indicator], key_of: Callable[[Indicator], tuple]) -> dict[tuple, list[Indicator]]:
    groups: dict[tuple, list[Indicator]] = {}
    for row in rows:
        key = key_of(row)
        if any(key):
            groups.setdefault(key, []).append(row)
    return groups

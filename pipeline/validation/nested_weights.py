"""Weights printed as shares of their 一级, not as points of the form's 100.

Most forms print points: the rows' 分值 add to the 100 (with the budget item's), and a 一级 figure is the
sum of its rows. Some evaluation tables an office issues for a fund print nested shares instead (448: 一级
权重 50 / 25 / 25, and under each 一级 the 二级 分值 and their rows adding to 100 again): a row's points
are its 一级's share of its own 100, so the rows add to 300 over a 总分 of 100 with nothing wrong. The
shape is recognised from the arithmetic alone: at least two 一级 groups, their printed weights adding to
the full marks, every group's rows adding to more than its weight and most to the full marks on their
own — which no form of points can do (its groups would add to several hundred). The plain sums
(WEIGHTS_NOT_100, a row above its 一级 weight) then do not apply; each 一级 group's rows are checked
against the full marks instead of the printed share, the 二级 sums as printed, and the total is the
groups' scores weighed by their shares.
"""
from __future__ import annotations

from jixiao.models.form import Indicator
from jixiao.normalizers.tolerance import FULL_MARKS, column_precision, sum_tolerance

#: Fewest 一级 groups that make the shape: one group whose rows and printed weight both read 100 is an
#: ordinary form of points.
MIN_NESTED_GROUPS = 2


def weights_nested(rows: list[Indicator]) -> bool:
    """The groups' printed 一级 weights add to the full marks while every group's rows add to more than
    its weight, and at least half the groups' rows add to the full marks on their own.

    Decided from the shape, not from every sum closing, so that one wrong row on a nested form is
    reported against its group's 100 (``group_share_sums``) instead of turning the whole form back into
    points and burying it among false subtotal findings.
    """
    groups = _groups_of(rows, lambda row: row.weight)
    if len(groups) < MIN_NESTED_GROUPS or any(not name for name in groups):
        return False
    precision = column_precision(r.weight for r in rows)
    shares, closing = [], 0
    for members in groups.values():
        share = _share(members)
        weights = [r.weight for r in members]
        if share is None or sum(weights) <= share + sum_tolerance(weights, precision, share):
            return False
        closing += abs(sum(weights) - FULL_MARKS) <= sum_tolerance(weights, precision, FULL_MARKS)
        shares.append(share)
    return (closing * 2 >= len(groups)
            and abs(sum(shares) - FULL_MARKS) <= sum_tolerance(shares, column_precision(shares), FULL_MARKS))


def weighted_total(rows: list[Indicator]) -> float:
    """The form's score out of the full marks: each group's scores (out of its own 100) weighed by its
    printed share."""
    return sum((_share(members) or 0.0) / FULL_MARKS * sum(r.score for r in members)
               for members in _groups_of(rows, lambda row: row.score).values())


def _groups_of(rows: list[Indicator], value_of) -> dict[str, list[Indicator]]:
    groups: dict[str, list[Indicator]] = {}
    for row in rows:
        if value_of(row) is not None:
            groups.setdefault(row.level1_raw or row.level1, []).append(row)
    return groups


def _share(members: list[Indicator]) -> float | None:
    return next((r.level1_weight for r in members if r.level1_weight is not None), None)

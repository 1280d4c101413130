"""Weights printed as shares of their 一级, not as points of the form's 100.

Most forms print points: the rows' 分值 add to the 100 (with the budget item's), and a 一级 figure is the
sum of its rows. Some evaluation tables an office issues for a fund print nested shares instead (448: 一级
权重 50 / 25 / 25, and under each 一级 the 二级 分值 and their rows adding to 100 again): a row's points
are its 一级's share of its own 100, so the rows add to 300 over a 总分 of 100 with nothing wrong. The
shape is recognised from the arithmetic alone: at least two 一级 groups, their printed weights adding to
the full marks, and every group's rows adding to the full marks on their own — which no form of points
can do (its groups would add to several hundred). The plain sums (WEIGHTS_NOT_100, the 一级
SUBTOTAL_MISMATCH, a row above its 一级 weight) then do not apply; the 二级 sums still do.
"""
from __future__ import annotations

from jixiao.models.form import Indicator
from jixiao.normalizers.tolerance import column_precision, sum_tolerance

FULL_MARKS = 100.0
#: Fewest 一级 groups that make the shape: one group whose rows and printed weight both read 100 is an
#: ordinary form of points.
MIN_NESTED_GROUPS = 2


def weights_nested(rows: list[Indicator]) -> bool:
    """Each 一级 group's rows add to the full marks, and the groups' printed 一级 weights do too."""
    groups: dict[str, list[Indicator]] = {}
    for row in rows:
        if row.weight is not None:
            groups.setdefault(row.level1_raw or row.level1, []).append(row)
    if len(groups) < MIN_NESTED_GROUPS or any(not name for name in groups):
        return False
    shares = []
    precision = column_precision(r.weight for r in rows)
    for members in groups.values():
        share = next((r.level1_weight for r in members if r.level1_weight is not None), None)
        weights = [r.weight for r in members]
        if share is None or abs(sum(weights) - FULL_MARKS) > sum_tolerance(weights, precision, FULL_MARKS):
            return False
        shares.append(share)
    return abs(sum(shares) - FULL_MARKS) <= sum_tolerance(shares, column_precision(shares), FULL_MARKS)

"""How far apart two printed figures may be before the difference means something.

Forms print rounded figures: 江门 gives 38 rows the weight 40/38 = 1.0526 and
prints "1.05", so its weights add to 99.83 for a 100-point form. The rules are:

1. The printed precision of a column is the most decimals any value in it shows
   (``1.05`` → 2). Values arrive as floats, so "8.00" reads as 8 and the column
   decides.
2. A value with a fractional part may stand for anything within half a unit of
   the column's last printed digit (1.05 for 1.045–1.055).
3. A whole number is taken as exact: forms that give whole points print them as
   integers, and fractional weights come from division (40/38), which almost
   never lands on a whole number. Without this rule the rounding slack of a
   20-row integer form (10 points) would hide a missing 预算执行 score.
4. Slack accumulates: a sum of n fractional values may be off by n half-units,
   plus half a unit of the printed figure it is compared with if that is
   fractional.
5. Scores derived from a formula (the 预算执行 score, a shortfall score) may be
   rounded to the precision they are printed in, whole numbers included; the
   rule that checks them says so.
6. Every comparison adds ``EPSILON`` for binary floating point.

A value that is not finite (parsing refuses them, but a computed ratio may
produce one) has no printed precision and no rounding slack: these functions
never raise on it.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

EPSILON = 1e-6
#: The points a whole form is scored out of (its weights, the budget item's included, share them).
FULL_MARKS = 100.0


def decimals(value: float) -> int:
    """Decimals shown by a printed number (1.05 → 2, 8.0 → 0; 0 for inf and nan)."""
    if not math.isfinite(value):
        return 0
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def column_precision(values: Iterable[float | None]) -> int:
    """The most decimals any value of a column shows."""
    return max((decimals(v) for v in values if v is not None), default=0)


def half_unit(precision: int) -> float:
    """Half a unit of the last printed digit."""
    return 0.5 * 10.0 ** (-precision)


def is_fractional(value: float) -> bool:
    return math.isfinite(value) and abs(value - round(value)) > EPSILON


def rounding_slack(value: float, precision: int) -> float:
    """What one printed value may hide by rounding (0 for a whole number)."""
    return half_unit(precision) if is_fractional(value) else 0.0


def full_score_slack(score: float, weight: float, score_precision: int, weight_precision: int) -> float:
    """How far below its 分值 a score may print and still be the full 分值 (rounding of either)."""
    return max(rounding_slack(score, score_precision), rounding_slack(weight, weight_precision)) + EPSILON


def sum_tolerance(values: Iterable[float], precision: int, against: float | None = None,
                  against_precision: int | None = None) -> float:
    """Allowed gap between the sum of printed values and a printed figure."""
    slack = sum(rounding_slack(v, precision) for v in values)
    if against is not None:
        slack += rounding_slack(against, precision if against_precision is None else against_precision)
    return slack + EPSILON


def printed_rounding(value: float) -> float:
    """Half a unit of the value's own last digit, whole numbers included (rule 5)."""
    return half_unit(decimals(value)) + EPSILON

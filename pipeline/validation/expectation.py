"""The score the published rules give one indicator row, for a reader to compare.

The achievement checks (rules/achievement.py) only speak when a row's score is
wrong; an auditor reviewing a form wants the expectation beside *every* score,
right or wrong. This states it from the same pieces the checks use —
:func:`assess` for met/short, :func:`quantitative_scores` for the formula and
QUALITATIVE_BANDS for labels, on the same target (Indicator.target_as_printed:
without a sign the row's own score chose) — so the report and the checks cannot
disagree about what a row should score.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jixiao.models.form import Indicator
from jixiao.pipeline.validation.grading import QUALITATIVE_BANDS, quantitative_scores
from jixiao.pipeline.validation.quantities import assess


@dataclass(frozen=True)
class Expectation:
    """``met``: the full weight; ``formula``: one of ``scores``; ``band``: between ``low`` and ``high``."""

    how: Literal["met", "formula", "band"]
    low: float
    high: float
    scores: tuple[float, ...] = ()

    def allows(self, score: float, slack: float = 0.005) -> bool:
        if self.how == "formula":
            return any(abs(score - s) <= max(slack, 0.01 * abs(s)) for s in self.scores)
        return self.low - slack <= score <= self.high + slack


def expected_score(row: Indicator) -> Expectation | None:
    """What the rules expect this row to score; None when the printed values do not settle it."""
    if row.weight is None or row.weight <= 0:
        return None
    verdict = assess(row.target_as_printed(), row.actual, row.level3_raw or row.level3)
    if verdict is None:
        return None
    weight = row.weight
    if verdict.status == "met" and verdict.quantitative:
        return Expectation("met", weight, weight)
    if verdict.quantitative and verdict.target is not None and verdict.actual is not None:
        scores = tuple(round(s, 4) for s in quantitative_scores(verdict.direction, verdict.target, verdict.actual,
                                                                 weight))
        if scores:
            return Expectation("formula", min(scores), max(scores), scores)
        return None
    band = QUALITATIVE_BANDS["achieved"] if verdict.status == "met" else (0.0, QUALITATIVE_BANDS["achieved"][0])
    return Expectation("band", band[0] * weight, band[1] * weight)

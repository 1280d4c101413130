"""Scoring rules found in published practice, as plain functions.

The validator re-scores forms with these; they are kept apart from the rules so
that the arithmetic of 绩效自评 can be read (and tested) on its own:

- 定量 正向 (≥): full marks when actual ≥ target, else actual/target × 分值.
- 定量 反向 (≤): full marks when actual ≤ target; between target and 2×target
  (1 − (actual−target)/target) × 分值; 0 beyond. Some provinces use
  target/actual × 分值 instead, so both readings are accepted.
- 等于: as 正向 for a target above 0.
- 定性: 达成 80–100 % (80 included) of 分值; 部分达成 60–80 % (60 included);
  未达成 below 60 %.
- 预算执行率 score: 执行率 × 分值, capped at the 分值.
- 等级: 优 90–100 (90 included), 良 80–89, 中 60–79, 差 0–59.
"""
from __future__ import annotations

from typing import Literal

Direction = Literal["up", "down", "equal"]

#: Qualitative bands as fractions of the weight: (low, high), low included.
QUALITATIVE_BANDS: dict[str, tuple[float, float]] = {
    "achieved": (0.8, 1.0),
    "partial": (0.6, 0.8),
    "missed": (0.0, 0.6),
}

GRADES: tuple[tuple[str, float], ...] = (("优", 90.0), ("良", 80.0), ("中", 60.0), ("差", 0.0))


def grade_for(score: float) -> str:
    """The 等级 a total score earns (90 is 优, 89.5 is still 良)."""
    for grade, floor in GRADES:
        if score >= floor:
            return grade
    return "差"


def normalize_grade(text: str) -> str | None:
    """Reduce a printed grade (优秀, 良好, 合格 …) to 优/良/中/差, None if unknown."""
    t = text.strip()
    if t.startswith("不合格"):
        return "差"
    for prefix, grade in (("优", "优"), ("良", "良"), ("中", "中"), ("合格", "中"), ("差", "差")):
        if t.startswith(prefix):
            return grade
    return None


def quantitative_scores(direction: Direction, target: float, actual: float, weight: float) -> list[float]:
    """Every score published practice gives a quantitative row (full marks when met).

    More than one value comes back where provinces differ (反向), so a form is only
    questioned when its score matches none of them.
    """
    if is_met(direction, target, actual):
        return [weight]
    if direction == "down":
        if target <= 0:
            return [0.0]
        linear = max(0.0, 1 - (actual - target) / target) * weight
        return [linear, target / actual * weight]
    if target <= 0:
        return []
    return [max(0.0, actual / target) * weight]


def is_met(direction: Direction, target: float, actual: float, rel_tol: float = 1e-9) -> bool:
    """Whether an actual reaches its target, read in the target's direction."""
    slack = abs(target) * rel_tol + 1e-12
    if direction == "down" or (direction == "equal" and target <= 0):
        return actual <= target + slack
    return actual >= target - slack


def budget_score(rate_percent: float, weight: float) -> float:
    """预算执行率 × 分值, capped at the 分值 (76 % × 10 = 7.6)."""
    return min(max(rate_percent, 0.0), 100.0) / 100.0 * weight


def execution_rate(annual: float, executed: float) -> float | None:
    """全年执行数 / 全年预算数 in percent; None when the budget is 0."""
    if not annual:
        return None
    return executed / annual * 100.0

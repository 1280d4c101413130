"""Was a target met? Reading a parsed target and actual side by side.

The answer is deliberately three-valued: "met", "short" or None (cannot say).
Rules only speak when the printed values settle the question, so an actual in
another unit (秒 against 分钟 is converted; 人 against % is not) or a target
like "秒批秒办" against "100%" yields None and no finding.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Literal

from jixiao.models.values import ParsedValue
from jixiao.pipeline.validation.grading import Direction, is_met

Status = Literal["met", "short"]

_SCALE_PREFIXES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3))
_TIME_UNITS = {"秒": 1.0, "秒钟": 1.0, "分钟": 60.0, "小时": 3600.0}
#: Words in an actual that admit a shortfall the target does not contain. Read only
#: in short labels ("有待提升", "未完成"): in a sentence such as "无超过3天未修改错误"
#: a 未 under a 无 means the opposite.
_SHORTFALL_WORDS = ("未", "有待", "不足", "不够", "没有", "较差", "欠", "滞后", "延期", "部分", "尚未", "偏低")
_SHORT_LABEL = 8
_NEGATED_OPENINGS = ("无", "没有", "零", "未发现", "未发生")
#: Grade-like labels in rising order; an actual lower on the scale is short.
_SCALE = {"差": 1, "较差": 1, "不合格": 1, "一般": 2, "中": 2, "合格": 2, "良": 3, "良好": 3,
          "较好": 3, "优": 4, "优秀": 4, "好": 4}


@dataclass(frozen=True)
class Assessment:
    """The verdict on one row, with the figures behind a quantitative one."""

    status: Status
    quantitative: bool
    direction: Direction = "up"
    target: float | None = None
    actual: float | None = None


def assess(target: ParsedValue, actual: ParsedValue, name: str = "") -> Assessment | None:
    """Met, short, or None when the printed values do not settle it; ``name`` is the row's 三级指标."""
    if not _plain(target.raw) or not _plain(actual.raw):
        return None
    quantitative = _assess_quantities(target, actual, name)
    if quantitative is not None:
        return quantitative
    if _plain(target.raw) == _plain(actual.raw):
        return Assessment("met", quantitative=False)
    if target.is_quantitative or actual.is_quantitative:
        return None
    return _assess_labels(_label(target), _label(actual))


#: Indicators whose names say the lower the better (预算调整率, 结转结余率, 公用经费控制率): a target printed
#: without a sign ("3%") reads as a ceiling on them, as forms print it ("≤5%", "≤100%") when they print one.
#: 控制率 only of spending (经费, 成本, 投资, 预算, 费用, 支出, 人员, 三公): 血压控制率 or 疫病控制率 rise.
#: All 14 控制率 rows of samples/truth are spending ceilings (12 print "≤100%").
_LOWER_IS_BETTER_NAME = re.compile(r"(调整率|结余率|(经费|成本|投资|预算|费用|支出|人员|三公)[\"“”'‘’]*控制率)$")
#: A unit printed after the name ("公用经费控制率(%)") is not part of it.
_UNIT_SUFFIX = re.compile(r"[(（]%[)）]$")


def direction_of(target: ParsedValue) -> Direction:
    """The direction the target's printed sign gives; "equal" (as 正向 above 0) without one."""
    if target.op in (">=", ">"):
        return "up"
    if target.op in ("<=", "<"):
        return "down"
    return "equal"


def name_says_lower_is_better(name: str) -> bool:
    """Whether a 三级指标 name says the lower the better (_LOWER_IS_BETTER_NAME), a printed unit after it aside."""
    return bool(_LOWER_IS_BETTER_NAME.search(_UNIT_SUFFIX.sub("", _plain(name))))


def magnitude(value: ParsedValue) -> tuple[float, str] | None:
    """The value in base units (万件 → 件 × 10⁴, 分钟 → 秒 × 60) and that unit."""
    if value.value is None:
        return None
    unit = _plain(value.unit or "").replace("％", "%")
    scale = 1.0
    for prefix, factor in _SCALE_PREFIXES:
        if unit.startswith(prefix):
            unit, scale = unit[len(prefix):], factor
            break
    if unit in _TIME_UNITS:
        unit, scale = "秒", scale * _TIME_UNITS[unit]
    return value.value * scale, unit


def _assess_quantities(target: ParsedValue, actual: ParsedValue, name: str = "") -> Assessment | None:
    t, a = magnitude(target), magnitude(actual)
    if t is None or a is None or not _units_comparable(t[1], a[1]):
        return None
    if target.op == "~":
        return None  # "about 100万元": no printed figure settles a shortfall
    direction = direction_of(target)
    status = _status(is_met(direction, t[0], a[0]))
    if target.op is None and name_says_lower_is_better(name) and status != _status(is_met("down", t[0], a[0])):
        return None  # a direction read from the name alone may unsettle a verdict, never create one
    return Assessment(status, quantitative=True, direction=direction, target=t[0], actual=a[0])


def _status(met: bool) -> Status:
    return "met" if met else "short"


def _units_comparable(u1: str, u2: str) -> bool:
    """Same unit, or one side bare (≥4000 against 4854件) unless the other is a percentage."""
    if u1 == u2:
        return True
    if not u1 or not u2:
        return "%" not in (u1 + u2)
    return False


def _assess_labels(target: str, actual: str) -> Assessment | None:
    if target in _SCALE and actual in _SCALE:
        return Assessment("met" if _SCALE[actual] >= _SCALE[target] else "short", quantitative=False)
    if len(actual) > _SHORT_LABEL or actual.startswith(_NEGATED_OPENINGS):
        return None
    if any(w in actual and w not in target for w in _SHORTFALL_WORDS):
        return Assessment("short", quantitative=False)
    return None


def _label(value: ParsedValue) -> str:
    return _plain(value.label or value.text or value.raw)


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    """Compare printed values without spaces and with one spelling of ≤ ≥ (cached: re-scoring a
    form under each candidate misreading compares the same few hundred texts again and again)."""
    return re.sub(r"\s+", "", text).replace("≦", "≤").replace("≧", "≥").replace("＞", ">").replace("＜", "<")

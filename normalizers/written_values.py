"""Values as offices write them, rewritten into the notation the value parser reads.

Targets and actuals are typed by people: "不少于三场", "百分之九十五", "两千余人",
"3-5个", "100万元左右", and satisfaction rates kept as spreadsheet fractions
(0.9 for 90%). The value parser reads Arabic figures with a sign or a bound word
("≥3场"); this module turns Chinese numerals into figures, a range into its lower
bound and its upper end, "余/多" into a lower bound and "左右" into an
approximate value, and only when the whole cell is such a quantity, so names
such as 一网通办 or 三公经费 are never read as numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.models.values import ParsedValue
from jixiao.normalizers.units import MEASURE_WORDS

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUMBER = "[零〇一二两三四五六七八九十百千万亿]+"
#: Measure words a count is written with (shared with the verdict's unit check).
_MEASURE_WORDS = "|".join(MEASURE_WORDS)
_LOWER_WORDS = "不少于|不低于|不小于|至少|大于等于|≥|>="
_UPPER_WORDS = "不多于|不高于|不超过|不大于|小于等于|≤|<="

_PERCENT_RE = re.compile(r"百分之(?P<num>" + _CN_NUMBER + r"|\d+(?:\.\d+)?)")
_CN_QUANTITY_RE = re.compile(
    r"^(?P<op>" + _LOWER_WORDS + "|" + _UPPER_WORDS + r"|达到|达|约)?(?P<num>" + _CN_NUMBER + r")"
    r"(?P<more>余|多)?(?P<unit>(?:" + _MEASURE_WORDS + r")[^零〇一二两三四五六七八九十百千万亿\d]{0,3})$"
)
_RANGE_RE = re.compile(
    r"^(?P<lo>\d+(?:\.\d+)?)\s*(?P<u1>%|[^\d\s\-~～至到—－]{0,3})\s*[-~～至到—－]\s*(?P<hi>\d+(?:\.\d+)?)\s*(?P<unit>\S{0,4})$"
)
_ARABIC_MORE_RE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?:余|多)(?P<unit>\S{0,4})$")
_APPROX_RE = re.compile(r"^(?:约)?(?P<body>.+?)左右$")
#: Names of indicators whose values are rates; a bare fraction there is a percentage.
_RATE_NAME_RE = re.compile(r"(率|满意度|占比|比例|比重|知晓度|覆盖面)")


def is_rate_name(name: str) -> bool:
    """An indicator named as a rate (…率, 满意度, 占比): its values are percentages."""
    return bool(_RATE_NAME_RE.search(name or ""))


def cn_number(text: str) -> float | None:
    """A Chinese numeral as a number: 三 → 3, 九十五 → 95, 两千 → 2000, 一万二千 → 12000."""
    if not text or any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


def _figure(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _percent(match: re.Match) -> str:
    """百分之九十五 → 95%."""
    num = match.group("num")
    value = float(num) if num[0].isdigit() else cn_number(num)
    return f"{_figure(value)}%" if value is not None else match.group(0)


@dataclass(frozen=True)
class Rewritten:
    """The body in parser notation, with what the notation cannot carry."""

    body: str
    upper: float | None = None
    approximate: bool = False


def rewrite(body: str) -> Rewritten:
    """Rewrite a whole cell into "≥3场" notation where it is a written quantity; else unchanged."""
    text = re.sub(r"\s+", "", body)
    approximate = False
    if match := _APPROX_RE.match(text):
        text, approximate = match.group("body"), True
    text = _PERCENT_RE.sub(_percent, text)
    if match := _CN_QUANTITY_RE.match(text):
        value = cn_number(match.group("num"))
        if value is not None:
            op = match.group("op") or ("≥" if match.group("more") else "")
            text = f"{op}{_figure(value)}{match.group('unit')}"
    elif match := _ARABIC_MORE_RE.match(text):
        text = f"≥{match.group('num')}{match.group('unit')}"
    if match := _RANGE_RE.match(text):
        unit = match.group("unit") or match.group("u1")
        if not match.group("u1") or match.group("u1") == unit:
            return Rewritten(f"≥{match.group('lo')}{unit}", upper=float(match.group("hi")), approximate=approximate)
    if text == re.sub(r"\s+", "", body) and not approximate:
        return Rewritten(body)
    return Rewritten(text, approximate=approximate)


def fractions_as_percent(name: str, target: ParsedValue, actual: ParsedValue) -> tuple[ParsedValue, ParsedValue]:
    """A rate kept as a spreadsheet fraction (0.9 against 0.96 or 96%) read as a percentage.

    Only under a rate's name (…率, 满意度, 占比), only for bare numbers not above 1,
    and only when the other side is a fraction or a percentage too.
    """
    if not _RATE_NAME_RE.search(name or ""):
        return target, actual

    def is_fraction(v: ParsedValue) -> bool:
        return v.value is not None and not v.unit and 0 < v.value <= 1 and "." in v.raw

    def is_percent(v: ParsedValue) -> bool:
        return v.value is not None and v.unit == "%"

    def scaled(v: ParsedValue) -> ParsedValue:
        return v.model_copy(update={"value": round(v.value * 100, 6), "unit": "%"}) if is_fraction(v) else v

    if (is_fraction(target) and (is_fraction(actual) or is_percent(actual) or actual.value is None)) or \
            (is_fraction(actual) and is_percent(target)):
        return scaled(target), scaled(actual)
    return target, actual

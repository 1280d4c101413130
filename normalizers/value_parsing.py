"""Reading numbers, targets and actuals out of repaired cell text.

A target such as "≥95%" is a comparison, a number and a unit; "及时" or "达成预期指标"
is a qualitative reading; "月报12份、专报4份" is several numbers that no single reading
can hold. :func:`parse_value` keeps the printed text in every case and fills in only
what it can read without guessing, because the validator re-scores forms from it.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from jixiao.models.values import Operator, ParsedValue
from jixiao.normalizers.text_repair import repair_text
from jixiao.normalizers.written_values import rewrite

__all__ = ["parse_number", "parse_value", "EMPTY_MARKS"]

#: Cells that say "nothing here" rather than zero.
EMPTY_MARKS = frozenset({"", "-", "—", "——", "--", "–", "/", "\\", "无", "n/a", "N/A", "null", "/ ", "－"})

#: Beyond this no figure on a form is a reading (10^15 元 is a thousand trillion):
#: a longer run of digits is a misread or a hostile cell, refused rather than
#: carried into sums as a huge number or ``inf``.
MAX_MAGNITUDE = 1e15

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_PLAIN_NUMBER_RE = re.compile(r"^(?P<num>" + _NUMBER + r")(?P<pct>%?)$")


@lru_cache(maxsize=65536)
def parse_number(raw: str) -> float | None:
    """A cell that is one number ("1, 079. 846", "87.93%", "65,240,247.04"), else None.

    Percent cells give the percentage (87.93, not 0.8793): forms print rates in
    percent and the models keep them that way. Dashes and empty cells are None.
    """
    if raw is None:
        return None
    text = re.sub(r"\s+", "", repair_text(raw))
    if text in EMPTY_MARKS:
        return None
    match = _PLAIN_NUMBER_RE.match(text)
    if not match:
        return None
    value = float(match.group("num").replace(",", ""))
    return value if refused_number(value) is None else None


def refused_number(value: float) -> str | None:
    """Why a parsed number cannot be a figure on a form (not finite, absurdly large), else None."""
    if not math.isfinite(value):
        return "not a finite number"
    if abs(value) >= MAX_MAGNITUDE:
        return f"beyond ±{MAX_MAGNITUDE:.0e}"
    return None


# --- comparisons ---------------------------------------------------------------------

#: Printed comparison signs and words, longest first so "≥=" wins over "≥".
_OPERATOR_TOKENS: list[tuple[str, Operator]] = sorted(
    [
        ("≥=", ">="), (">=", ">="), ("=>", ">="), ("》=", ">="), ("≥", ">="),
        ("≤=", "<="), ("<=", "<="), ("=<", "<="), ("《=", "<="), ("≤", "<="),
        ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="),
        ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("不大于", "<="),
        ("低于", "<"), ("少于", "<"), ("小于", "<"), ("高于", ">"), ("超过", ">"), ("大于", ">"),
        (">", ">"), ("<", "<"), ("=", "="),
    ],
    key=lambda pair: -len(pair[0]),
)
#: Words after a number that make it a bound: "98%以上", "3天以内".
_SUFFIX_OPERATORS: list[tuple[str, Operator]] = [
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("之内", "<="), ("内", "<="),
]
#: Words after a date that make it a deadline: "9月前", "12月底前", "6月30日之前" are "no later
#: than" the date (an upper bound, as "3天以内" is), read only after a time word so that the
#: number keeps a time unit ("月") instead of an unknown one ("月前").
_DEADLINE_SUFFIXES = ("之前", "以前", "底前", "末前", "前")
_TIME_UNITS = ("年", "月", "日", "号", "天", "周", "季度", "旬")
#: Filler before a number that changes nothing: "约3000人/天", "达15000条".
_FILLERS = ("大约", "约为", "达到", "约", "达")

_OPERATOR_RE = re.compile("|".join(re.escape(token) for token, _ in _OPERATOR_TOKENS))
_OPERATOR_OF = dict(_OPERATOR_TOKENS)

_QUANTITY_RE = re.compile(
    r"^(?P<subject>[^\d≥≤<>=+-]*?)\s*(?P<op>" + _OPERATOR_RE.pattern + r")?\s*"
    r"(?P<filler>" + "|".join(_FILLERS) + r")?\s*"
    r"(?P<num>" + _NUMBER + r")\s*(?P<unit>[^\d]*?)\s*$"
)
#: What a unit may look like: %, or up to four CJK characters or letters (个工作日,
#: 万人次, m²), optionally per a short period (次/月, 人/天). Anything longer after
#: the number is a sentence ("3天内完成修改"), not a unit.
_UNIT_RE = re.compile(
    r"^(?:%|‰|[A-Za-z\u4e00-\u9fff²³]{1,4}(?:/[A-Za-z\u4e00-\u9fff]{1,2})?)$"
)
#: A subject before the number ("群众满意度≥95%") is kept as the label; without a
#: comparison it must be short, or a sentence mentioning a number would be read as one.
_MAX_SUBJECT = 20
_MAX_SUBJECT_WITH_OPERATOR = 60
_TRAILING_PUNCTUATION = "。；;，,、 "


def _split_suffix_operator(unit: str) -> tuple[str, Operator | None]:
    for word, op in _SUFFIX_OPERATORS:
        if unit.endswith(word) and (word != "内" or len(unit) > 1):
            return unit[: -len(word)], op
    for word in _DEADLINE_SUFFIXES:
        if unit.endswith(word) and unit[: -len(word)].endswith(_TIME_UNITS):
            return unit[: -len(word)], "<="
    return unit, None


def _qualitative(raw: str, text: str, body: str) -> ParsedValue:
    """A reading without a number: a bare label, or a comparison with a label ("≦平均成本")."""
    match = re.match(r"^\s*(" + _OPERATOR_RE.pattern + r")\s*(.+)$", body)
    if match:
        return ParsedValue(raw=raw, text=text, op=_OPERATOR_OF[match.group(1)], label=match.group(2).strip())
    return ParsedValue(raw=raw, text=text, label=body)


def _quantitative(raw: str, text: str, body: str) -> ParsedValue | None:
    match = _QUANTITY_RE.match(body)
    if not match:
        return None
    unit, suffix_op = _split_suffix_operator(match.group("unit").strip())
    if unit and not _UNIT_RE.match(unit):
        return None
    op: Operator | None = _OPERATOR_OF[match.group("op")] if match.group("op") else suffix_op
    subject = match.group("subject").strip(" :：，,")
    if subject.endswith(_FILLERS):
        subject = subject.rstrip("".join(_FILLERS)).strip()
    if len(subject) > (_MAX_SUBJECT_WITH_OPERATOR if op else _MAX_SUBJECT):
        return None
    value = float(match.group("num").replace(",", ""))
    refusal = refused_number(value)
    if refusal:
        return ParsedValue(raw=raw, text=text, label=f"{_shortened(body)} (number refused: {refusal})")
    return ParsedValue(
        raw=raw,
        text=text,
        op=op,
        value=value,
        unit=unit or None,
        label=subject or None,
    )


def _shortened(text: str, keep: int = 24) -> str:
    return text if len(text) <= 2 * keep else f"{text[:keep]}…{text[-keep:]} ({len(text)} characters)"


@lru_cache(maxsize=65536)
def _parse_repaired(raw: str, text: str) -> ParsedValue:
    body = text.rstrip(_TRAILING_PUNCTUATION)  # a closing "。" is not part of the reading
    if body in EMPTY_MARKS:
        return ParsedValue(raw=raw, text=text)
    written = rewrite(body)
    if written.body != body and (parsed := _quantitative(raw, text, written.body)) is not None:
        update: dict = {"upper": written.upper}
        if written.approximate and parsed.op is None:
            update["op"] = "~"
        return parsed.model_copy(update=update)
    if not any(ch.isdigit() for ch in body):
        return _qualitative(raw, text, body)
    return _quantitative(raw, text, body) or ParsedValue(raw=raw, text=text, label=body)


def parse_value(raw: str) -> ParsedValue:
    """Read a target or actual cell: "≥95%" → (">=", 95, "%"), "及时" → label "及时".

    A number with a subject in front ("群众满意度≥95%") keeps the subject as
    ``label``; text holding several numbers ("月报12份、专报4份") keeps only the label.
    """
    raw = raw or ""
    text = " ".join(repair_text(raw).split())
    return _parse_repaired(raw, text).model_copy()

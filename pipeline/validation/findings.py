"""Building findings with consistent wording of numbers and locations."""
from __future__ import annotations

from jixiao.models.finding import Finding, Severity
from jixiao.models.form import Form, Indicator
from jixiao.pipeline.validation.codes import RULES


def num(value: float | None, places: int = 2) -> str:
    """A figure as a reader would print it: 99, 99.83, 8.79 (never 99.0000001).

    Scores and rates read best to 2 places; amounts (1,079.017 万元) pass more.
    """
    if value is None:
        return "—"
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def row_number(row: Indicator) -> int:
    """The row's place in the indicator table counted from 1 (``row_index`` counts from 0)."""
    return row.row_index + 1


def indicator_label(row: Indicator) -> str:
    """The 三级指标 name, or its parents when the row has none."""
    return row.level3_raw or row.level3 or row.level2_raw or row.level2 or row.level1_raw or row.level1


def make_finding(form: Form, rule: str, message: str, *, severity: Severity | None = None,
                 row: Indicator | None = None, indicator: str | None = None,
                 expected: float | str | None = None, stated: float | str | None = None,
                 expected_value: float | None = None, stated_value: float | None = None,
                 gap: float | None = None, page: int | None = None) -> Finding:
    """A finding located on its form (and row), with the rule's default severity.

    ``expected``/``stated`` given as numbers fill both the typed value and its text;
    given as text (a range, a threshold, a list of cells) they are context only, and
    the typed ``*_value`` may be passed beside them. ``gap`` defaults to stated − expected.
    """
    if row is not None and page is None:
        page = row.provenance.page
    expected_value = _value(expected) if expected_value is None else expected_value
    stated_value = _value(stated) if stated_value is None else stated_value
    if gap is None and expected_value is not None and stated_value is not None:
        gap = stated_value - expected_value
    return Finding(
        form_index=form.index,
        rule=rule,
        severity=severity or RULES[rule].severity,
        page=page if page is not None else form.first_page,
        row_index=row.row_index if row is not None else None,
        indicator=indicator if indicator is not None else (indicator_label(row) if row else ""),
        expected=_text(expected),
        stated=_text(stated),
        expected_value=_rounded(expected_value),
        stated_value=_rounded(stated_value),
        gap=_rounded(gap),
        message=message,
    )


def _rounded(value: float | None) -> float | None:
    """Sums of printed figures carry float noise (99.82999999999976): 6 places is exact enough."""
    return None if value is None else round(value, 6)


def _value(value: float | str | None) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else num(value)

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
                 page: int | None = None) -> Finding:
    """A finding located on its form (and row), with the rule's default severity."""
    if row is not None and page is None:
        page = row.provenance.page
    return Finding(
        form_index=form.index,
        rule=rule,
        severity=severity or RULES[rule].severity,
        page=page if page is not None else form.first_page,
        row_index=row.row_index if row is not None else None,
        indicator=indicator if indicator is not None else (indicator_label(row) if row else ""),
        expected=_text(expected),
        stated=_text(stated),
        message=message,
    )


def _text(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else num(value)

"""Truth files (samples/truth/*.json) as ``models.Form`` objects.

The validator runs on these exactly as on forms extracted from PDFs, so a rule
can be checked against the transcribed figures before extraction is perfect.
Schema: samples/README.md. Printed names go to the ``*_raw`` fields, canonical
names (``level1_canonical`` …) to ``level1``/``level2`` where given; targets and
actuals are read with ``jixiao.normalizers.value_parsing.parse_value``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from jixiao.models.form import BudgetBlock, BudgetRow, Form, Indicator
from jixiao.models.provenance import Provenance
from jixiao.models.values import ParsedValue
from jixiao.normalizers.value_parsing import parse_value
from jixiao.normalizers.written_values import fractions_as_percent

_OP_SIGNS = {">=": "≥", "<=": "≤", "≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=", "": ""}


class ExpectedFinding(NamedTuple):
    form_index: int
    rule: str
    severity: str
    indicator: str


def load_truth(path: Path) -> list[Form]:
    """The forms of one truth file, in page order (``index`` from 0)."""
    data = _read(path)
    return [_form(i, f, Path(path).name) for i, f in enumerate(data.get("forms", []))]


def expected_findings(path: Path) -> list[ExpectedFinding]:
    """(form_index, rule, severity, indicator) for every finding the truth requires."""
    data = _read(path)
    return [ExpectedFinding(i, e["rule"], e["severity"], e.get("indicator", "") or "")
            for i, f in enumerate(data.get("forms", [])) for e in f.get("expected_findings", [])]


def _read(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _form(index: int, data: dict[str, Any], file: str) -> Form:
    total_row = data.get("total_row") or {}
    return Form(
        index=index,
        kind=data["kind"],
        title=data.get("title", "") or "",
        unit=data.get("unit", "") or "",
        project=data.get("project", "") or "",
        year=data.get("year"),
        budget=_budget(data.get("budget")),
        indicators=[_indicator(n, row, file) for n, row in enumerate(data.get("indicators", []))],
        stated_total=data.get("stated_total"),
        stated_weight_total=total_row.get("weight"),
        stated_grade=data.get("stated_grade"),
        narrative_indicator_count=data.get("narrative_indicator_count"),
    )


def _budget(data: dict[str, Any] | None) -> BudgetBlock | None:
    if not data:
        return None
    rows = [BudgetRow(**{k: r.get(k) for k in ("initial", "annual", "executed", "rate", "weight", "score")},
                      label=r.get("label", ""))
            for r in data.get("rows", [])]
    return BudgetBlock(**{k: data.get(k) for k in ("initial", "annual", "executed", "rate", "weight", "score")},
                       rows=rows)


def _indicator(row_index: int, data: dict[str, Any], file: str) -> Indicator:
    level1, level2, level3 = (data.get(k, "") or "" for k in ("level1", "level2", "level3"))
    target, actual = fractions_as_percent(level3, _value(_target_text(data)), _value(data.get("actual", "") or ""))
    return Indicator(
        row_index=row_index,
        level1_raw=level1, level2_raw=level2, level3_raw=level3,
        level1=data.get("level1_canonical") or level1,
        level2=data.get("level2_canonical") or level2,
        level3=level3,
        level1_weight=data.get("level1_weight"), level1_score=data.get("level1_score"),
        level2_weight=data.get("level2_weight"), level2_score=data.get("level2_score"),
        weight=data.get("weight"), score=data.get("score"),
        target=target, actual=actual,
        note=data.get("note", "") or "",
        provenance=Provenance(file=file),
    )


def _target_text(data: dict[str, Any]) -> str:
    """The target as one printed string; forms that split it over 指标性质/指标值/度量单位
    are joined back ("≥" + "95" + "%")."""
    if data.get("target"):
        return data["target"]
    value = str(data.get("target_value", "") or "")
    if not value:
        return ""
    op = str(data.get("target_op", "") or "")
    return f"{_OP_SIGNS.get(op, op)}{value}{data.get('target_unit', '') or ''}"


def _value(raw: str) -> ParsedValue:
    return parse_value(raw) if raw else ParsedValue()

"""Hand-made forms for the validator's tests: a few lines per form, no PDFs."""
from __future__ import annotations

from itertools import count

from jixiao.models.form import BudgetBlock, BudgetRow, Form, FormKind, Indicator
from jixiao.models.provenance import Provenance
from jixiao.models.values import ParsedValue

_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}


def quant(op: str | None, value: float, unit: str = "") -> ParsedValue:
    """A quantitative target/actual, its raw text spelt as a form prints it."""
    shown = f"{value:g}"
    return ParsedValue(raw=f"{_OPS.get(op or '=', '')}{shown}{unit}", text=f"{shown}{unit}",
                       op=op, value=value, unit=unit or None)


def label(text: str) -> ParsedValue:
    return ParsedValue(raw=text, text=text, label=text)


def row(weight: float | None, score: float | None, *, l1: str = "产出指标", l2: str = "数量指标",
        l3: str = "", target: ParsedValue | None = None, actual: ParsedValue | None = None,
        l1_weight: float | None = None, l2_weight: float | None = None,
        l1_score: float | None = None, l2_score: float | None = None,
        confidence: float = 1.0, field_confidence: dict[str, float] | None = None) -> Indicator:
    return Indicator(
        row_index=0, level1=l1, level1_raw=l1, level2=l2, level2_raw=l2, level3=l3, level3_raw=l3,
        weight=weight, score=score, target=target or ParsedValue(), actual=actual or ParsedValue(),
        level1_weight=l1_weight, level2_weight=l2_weight, level1_score=l1_score, level2_score=l2_score,
        provenance=Provenance(confidence=confidence, method="ocr" if confidence < 1 else "text"),
        field_confidence=field_confidence or {})


def budget(weight: float | None = 10, score: float | None = 10, rate: float | None = 100,
           annual: float | None = 100, executed: float | None = 100,
           rows: list[BudgetRow] | None = None) -> BudgetBlock:
    return BudgetBlock(initial=annual, annual=annual, executed=executed, rate=rate, weight=weight,
                       score=score, rows=rows or [])


def form(rows: list[Indicator], *, kind: FormKind = "project_self_eval", stated_total: float | None = None,
         budget_block: BudgetBlock | None = None, index: int = 0, **fields) -> Form:
    """A form whose rows are numbered from 0 in order (as assembly does) and named 指标N where unnamed."""
    numbers = count(0)
    numbered = []
    for r in rows:
        n = next(numbers)
        numbered.append(r.model_copy(update={"row_index": n, "level3": r.level3 or f"指标{n + 1}",
                                             "level3_raw": r.level3_raw or f"指标{n + 1}"}))
    return Form(index=index, kind=kind, indicators=numbered, stated_total=stated_total,
                budget=budget_block, **fields)


def plain_rows(weights: list[float], scores: list[float] | None = None, **kw) -> list[Indicator]:
    """Rows with weights and scores only (full marks unless scores are given)."""
    scores = scores if scores is not None else weights
    return [row(w, s, **kw) for w, s in zip(weights, scores)]


def codes(findings) -> list[str]:
    return [f.rule for f in findings]

"""LOW_CONFIDENCE: indicator rows read with low confidence (OCR).

One finding per row. Where the reader filled ``Indicator.field_confidence``
(field name → confidence) the weak fields are listed; otherwise the row's
provenance confidence stands for all its cells.
"""
from __future__ import annotations

from jixiao.models.finding import Finding
from jixiao.models.form import Indicator
from jixiao.pipeline.validation.context import FormContext
from jixiao.pipeline.validation.findings import make_finding, num

LOW_CONFIDENCE_THRESHOLD = 0.8


def check_confidence(ctx: FormContext) -> list[Finding]:
    findings = []
    for row in ctx.form.indicators:
        weak = weak_fields(row)
        if not weak:
            continue
        listed = ", ".join(f"{name} {num(conf)}" for name, conf in weak.items())
        findings.append(make_finding(
            ctx.form, "LOW_CONFIDENCE",
            f"Read with low confidence (below {num(LOW_CONFIDENCE_THRESHOLD)}): {listed}; "
            "check these cells against the page.",
            row=row, stated=listed, expected=f">= {num(LOW_CONFIDENCE_THRESHOLD)}",
            stated_value=min(weak.values()), expected_value=LOW_CONFIDENCE_THRESHOLD))
    return findings


def weak_fields(row: Indicator, threshold: float = LOW_CONFIDENCE_THRESHOLD) -> dict[str, float]:
    if row.field_confidence:
        return {k: v for k, v in row.field_confidence.items() if v < threshold}
    if row.provenance.confidence < threshold:
        return {"row": row.provenance.confidence}
    return {}

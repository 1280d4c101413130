"""The output contract: flat tables built from Documents.

Column names and order are public (README "Output files"); every input file has
a documents row whatever happened to it, and the other tables refer back to it
by ``source_file`` and ``form_index``.
"""
from __future__ import annotations

import json

import pandas as pd

from jixiao.models import Document, Form, Indicator

DOCUMENT_COLUMNS = ["source_file", "sha256", "pages", "status", "error", "forms", "indicators", "findings", "seconds"]
FORM_COLUMNS = [
    "source_file", "form_index", "form_kind", "title", "unit", "project", "year", "first_page", "last_page",
    "method", "indicators", "budget_initial", "budget_annual", "budget_executed", "budget_rate", "budget_weight",
    "budget_score", "stated_weight_total", "stated_total", "recomputed_total", "stated_grade",
    "narrative_indicator_count",
]
INDICATOR_COLUMNS = [
    "source_file", "form_index", "row_index", "page", "level1_raw", "level1", "level2_raw", "level2",
    "level3_raw", "level3", "level3_id", "match_score", "level1_weight", "level2_weight", "weight",
    "target_raw", "target_op", "target_value", "target_unit", "target_label",
    "actual_raw", "actual_op", "actual_value", "actual_unit", "actual_label",
    "score", "note", "method", "confidence", "bbox",
]
FINDING_COLUMNS = ["source_file", "form_index", "rule", "severity", "page", "row_index", "indicator", "expected", "stated", "message"]
#: One row per typeface and page whose text layer was checked glyph by glyph (extractors.fonts).
FONT_COLUMNS = [
    "source_file", "page", "typeface", "glyphs", "occurrences", "checked", "disagreed", "unsure", "unmapped",
    "lying", "repaired", "outcome", "reason",
]

#: Columns that hold numbers (nullable) — typed so empty tables keep their schema.
FLOAT_COLUMNS = {
    "seconds", "budget_initial", "budget_annual", "budget_executed", "budget_rate", "budget_weight", "budget_score",
    "stated_weight_total", "stated_total", "recomputed_total", "match_score", "level1_weight", "level2_weight",
    "weight", "target_value", "actual_value", "score", "confidence",
}
INT_COLUMNS = {
    "pages", "forms", "indicators", "findings", "form_index", "row_index", "page", "first_page", "last_page", "year",
    "narrative_indicator_count", "glyphs", "occurrences", "checked", "disagreed", "unsure", "unmapped", "repaired",
}
BOOL_COLUMNS = {"lying"}


def _document_row(doc: Document) -> dict:
    return {
        "source_file": doc.source_file, "sha256": doc.sha256, "pages": doc.pages, "status": doc.status,
        "error": doc.error, "forms": len(doc.forms), "indicators": sum(len(f.indicators) for f in doc.forms),
        "findings": len(doc.findings), "seconds": doc.seconds,
    }


def _form_row(source: str, form: Form) -> dict:
    b = form.budget
    return {
        "source_file": source, "form_index": form.index, "form_kind": form.kind, "title": form.title,
        "unit": form.unit, "project": form.project, "year": form.year, "first_page": form.first_page,
        "last_page": form.last_page, "method": form.method, "indicators": len(form.indicators),
        "budget_initial": b.initial if b else None, "budget_annual": b.annual if b else None,
        "budget_executed": b.executed if b else None, "budget_rate": b.rate if b else None,
        "budget_weight": b.weight if b else None, "budget_score": b.score if b else None,
        "stated_weight_total": form.stated_weight_total, "stated_total": form.stated_total,
        "recomputed_total": form.recomputed_total, "stated_grade": form.stated_grade,
        "narrative_indicator_count": form.narrative_indicator_count,
    }


def _indicator_row(source: str, form: Form, ind: Indicator) -> dict:
    p = ind.provenance
    return {
        "source_file": source, "form_index": form.index, "row_index": ind.row_index, "page": p.page,
        "level1_raw": ind.level1_raw, "level1": ind.level1, "level2_raw": ind.level2_raw, "level2": ind.level2,
        "level3_raw": ind.level3_raw, "level3": ind.level3, "level3_id": ind.level3_id, "match_score": ind.match_score,
        "level1_weight": ind.level1_weight, "level2_weight": ind.level2_weight, "weight": ind.weight,
        "target_raw": ind.target.raw, "target_op": ind.target.op, "target_value": ind.target.value,
        "target_unit": ind.target.unit, "target_label": ind.target.label,
        "actual_raw": ind.actual.raw, "actual_op": ind.actual.op, "actual_value": ind.actual.value,
        "actual_unit": ind.actual.unit, "actual_label": ind.actual.label,
        "score": ind.score, "note": ind.note, "method": p.method, "confidence": p.confidence,
        "bbox": json.dumps([round(v, 2) for v in p.bbox]) if p.bbox else "",
    }


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for col in columns:
        if col in FLOAT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Float64")
        elif col in INT_COLUMNS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        elif col in BOOL_COLUMNS:
            frame[col] = frame[col].astype("boolean")
        else:
            frame[col] = frame[col].astype("string")
    return frame


def build_tables(documents: list[Document]) -> dict[str, pd.DataFrame]:
    """documents / forms / indicators / findings / fonts, sorted by source_file for stable output."""
    documents = sorted(documents, key=lambda d: d.source_file)
    docs, forms, inds, finds, fonts = [], [], [], [], []
    for doc in documents:
        docs.append(_document_row(doc))
        for form in doc.forms:
            forms.append(_form_row(doc.source_file, form))
            inds.extend(_indicator_row(doc.source_file, form, ind) for ind in form.indicators)
        finds.extend({"source_file": doc.source_file, **f.model_dump()} for f in doc.findings)
        fonts.extend({"source_file": doc.source_file, **c.model_dump()} for c in doc.fonts)
    return {
        "documents": _frame(docs, DOCUMENT_COLUMNS),
        "forms": _frame(forms, FORM_COLUMNS),
        "indicators": _frame(inds, INDICATOR_COLUMNS),
        "findings": _frame(finds, FINDING_COLUMNS),
        "fonts": _frame(fonts, FONT_COLUMNS),
    }

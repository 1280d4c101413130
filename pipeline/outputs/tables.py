"""The output contract: flat tables built from Documents.

Column names, order, types and descriptions come from
:mod:`jixiao.pipeline.outputs.dictionary`; every input file has a documents row
whatever happened to it, and the other tables refer back to it by
``source_file`` and ``form_index``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from jixiao.models import Document, Finding, Form, Indicator
from jixiao.normalizers.names import to_simplified
from jixiao.pipeline.outputs.dictionary import (
    BOOL, DOUBLE, DOUBLES, INT, STRING, TABLES, Column, columns, output_schema,
)
from jixiao.pipeline.validation.grading import grade_for

if TYPE_CHECKING:  # pandas is imported only where frames are asked for: the batch never needs it
    import pandas as pd


def _document_row(doc: Document) -> dict:
    return {
        "source_file": doc.source_file, "format": doc.format, "sha256": doc.sha256, "pages": doc.pages,
        "status": doc.status,
        "error": doc.error, "forms": len(doc.forms), "indicators": sum(len(f.indicators) for f in doc.forms),
        "findings": len(doc.findings),
    }


def _form_row(source: str, form: Form) -> dict:
    b = form.budget
    return {
        "source_file": source, "form_index": form.index, "form_kind": form.kind, "template": form.template,
        "title": form.title,
        "unit": form.unit, "unit_simplified": to_simplified(form.unit),
        "unit_confidence": round(form.unit_cell.confidence, 4) if form.unit_cell is not None else None,
        "project": form.project, "project_simplified": to_simplified(form.project), "year": form.year,
        "first_page": form.first_page, "last_page": form.last_page, "method": form.method,
        "table_reading": form.table_reading, "indicators": len(form.indicators), "budget_unit": b.unit if b else "",
        "budget_initial": b.initial if b else None, "budget_annual": b.annual if b else None,
        "budget_executed": b.executed if b else None, "budget_rate": b.rate if b else None,
        "budget_weight": b.weight if b else None, "budget_score": b.score if b else None,
        "stated_weight_total": form.stated_weight_total, "stated_total": form.stated_total,
        "recomputed_total": form.recomputed_total, "stated_grade": form.stated_grade,
        "recomputed_grade": grade_for(form.recomputed_total) if form.recomputed_total is not None else None,
        "narrative_indicator_count": form.narrative_indicator_count, "sealed": form.sealed,
        "verdict": form.verdict, "verdict_reasons": "; ".join(r.label() for r in form.verdict_reasons),
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
        "bbox": [round(v, 2) for v in p.bbox] if p.bbox else None,
        "location": p.location,
    }


def _finding_row(source: str, finding: Finding) -> dict:
    return {"source_file": source, **finding.model_dump(), "gap": finding.gap}


def _frame(rows: list[dict], cols: Sequence[Column]) -> pd.DataFrame:
    """The rows as a frame typed from the dictionary, so empty tables keep their schema."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[c.name for c in cols])
    for column in cols:
        col, kind = column.name, column.type
        if kind == DOUBLE:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Float64")
        elif kind == INT:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        elif kind == BOOL:
            frame[col] = frame[col].astype("boolean")
        elif kind == DOUBLES:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        else:
            frame[col] = frame[col].astype("string")
    return frame


def table_rows(documents: list[Document]) -> dict[str, list[dict]]:
    """Every output table's rows as dicts, sorted by source_file for stable output."""
    documents = sorted(documents, key=lambda d: d.source_file)
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for doc in documents:
        rows["documents"].append(_document_row(doc))
        for form in doc.forms:
            rows["forms"].append(_form_row(doc.source_file, form))
            rows["indicators"].extend(_indicator_row(doc.source_file, form, ind) for ind in form.indicators)
        rows["findings"].extend(_finding_row(doc.source_file, f) for f in doc.findings)
        rows["seals"].extend({"source_file": doc.source_file, "page": s.page, "bbox": [round(v, 2) for v in s.bbox],
                              "colour": s.colour, "seen_as": s.seen_as, "text": s.text,
                              "text_confidence": round(s.text_confidence, 3)} for s in doc.seals)
        rows["fonts"].extend({"source_file": doc.source_file, **check.model_dump()} for check in doc.fonts)
    return rows


def build_tables(documents: list[Document]) -> dict[str, pd.DataFrame]:
    """documents / forms / indicators / findings / seals / fonts as pandas frames (the Python API's tables)."""
    return {name: _frame(rows, TABLES[name]) for name, rows in table_rows(documents).items()}


def arrow_tables(documents: list[Document]) -> dict[str, pa.Table]:
    """The same tables as Arrow tables, typed and described as the Parquet files carry them, made
    without pandas (what the batch writes): equal to ``to_arrow(build_tables(documents)[name], name)``."""
    return {name: arrow_table(rows, TABLES[name], output_schema(name))
            for name, rows in table_rows(documents).items()}


def arrow_table(rows: list[dict], cols: Sequence[Column], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table, each value typed as :func:`_frame` types it (NaN and missing are null,
    numbers given as text are read, text columns hold text)."""
    arrays = [pa.array([_typed(row.get(c.name), c.type) for row in rows], type=c.arrow_type) for c in cols]
    return pa.Table.from_arrays(arrays, schema=schema)


def _typed(value, kind: str):
    """One cell as pandas' typing in :func:`_frame` leaves it (None for a missing value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == STRING:
        return value if isinstance(value, str) else str(value)
    if kind in (DOUBLE, INT):
        number = _number(value)
        if number is None:
            return None
        return float(number) if kind == DOUBLE else int(number)
    if kind == BOOL:
        return bool(value)
    return value  # DOUBLES: the list as it is


def _number(value) -> float | int | None:
    """``pd.to_numeric(errors="coerce")`` of one value: a number, or text that reads as one."""
    if isinstance(value, (int, float)):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def frames_from_arrow(tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """Arrow tables of :func:`arrow_tables` as the frames :func:`build_tables` makes of the same documents."""
    return {name: _frame(table.to_pylist(), TABLES[name]) for name, table in tables.items()}


#: The column lists by their former names, for callers that import them.
DOCUMENT_COLUMNS, FORM_COLUMNS, INDICATOR_COLUMNS, FINDING_COLUMNS, SEAL_COLUMNS, FONT_COLUMNS = (
    columns(t) for t in TABLES)

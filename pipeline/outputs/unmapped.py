"""DIR/unmapped.csv: raw names the canonical schema did not place, for analysts to extend it.

Built from the indicators table at the end of a run rather than from the mappers
of the worker processes, so the counts cover the whole batch whatever executor ran it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from jixiao.normalizers.mapping import IndicatorMapper
from jixiao.pipeline.outputs.dictionary import UNMAPPED, arrow_columns_schema
from jixiao.pipeline.outputs.tables import _frame, arrow_table

if TYPE_CHECKING:
    import pandas as pd

_NAMES = [c.name for c in UNMAPPED]


def unmapped_table(indicators: pa.Table, schema_extra: str | None = None) -> pa.Table:
    """One row per unmapped name with its count and nearest canonical names (typed columns)."""
    mapper = IndicatorMapper.from_files(schema_extra)
    levels = [indicators.column(name).to_pylist() for name in ("level1_raw", "level2_raw", "level3_raw")]
    for level1, level2, level3 in zip(*levels):
        mapper.map_row(level1 or "", level2 or "", level3 or "")
    rows = [dict(zip(_NAMES, record.as_row())) for record in mapper.unmapped()]
    return arrow_table(rows, UNMAPPED, arrow_columns_schema(UNMAPPED))


def unmapped_frame(table: pa.Table) -> pd.DataFrame:
    """The unmapped names as a pandas frame (the workbook's sheet)."""
    return _frame(table.to_pylist(), UNMAPPED)

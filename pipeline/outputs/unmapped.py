"""DIR/unmapped.csv: raw names the canonical schema did not place, for analysts to extend it.

Built from the indicators table at the end of a run rather than from the mappers
of the worker processes, so the counts cover the whole batch whatever executor ran it.
"""
from __future__ import annotations

import pandas as pd

from jixiao.normalizers.mapping import IndicatorMapper
from jixiao.pipeline.outputs.dictionary import DOUBLE, INT, UNMAPPED


def unmapped_frame(indicators: pd.DataFrame, schema_extra: str | None = None) -> pd.DataFrame:
    """One row per unmapped name with its count and nearest canonical names (typed columns)."""
    mapper = IndicatorMapper.from_files(schema_extra)
    columns = ["level1_raw", "level2_raw", "level3_raw"]
    for level1, level2, level3 in indicators[columns].fillna("").itertuples(index=False):
        mapper.map_row(level1, level2, level3)
    frame = pd.DataFrame([record.as_row() for record in mapper.unmapped()], columns=[c.name for c in UNMAPPED])
    for column in UNMAPPED:
        if column.type == INT:
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("Int64")
        elif column.type == DOUBLE:
            frame[column.name] = pd.to_numeric(frame[column.name].replace("", None)).astype("Float64")
        else:
            frame[column.name] = frame[column.name].astype("string")
    return frame

"""DIR/unmapped.csv: raw names the canonical schema did not place, for analysts to extend it.

Built from the indicators table at the end of a run rather than from the mappers
of the worker processes, so the counts cover the whole batch whatever executor ran it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from jixiao.normalizers.mapping import IndicatorMapper, write_unmapped_csv


def write_unmapped(indicators: pd.DataFrame, path: Path, schema_extra: str | None = None) -> Path:
    mapper = IndicatorMapper.from_files(schema_extra)
    columns = ["level1_raw", "level2_raw", "level3_raw"]
    for level1, level2, level3 in indicators[columns].fillna("").itertuples(index=False):
        mapper.map_row(level1, level2, level3)
    return write_unmapped_csv(mapper, path)

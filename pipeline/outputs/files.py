"""Writing the tables: CSV with a BOM (so Excel shows Chinese), Parquet, optional xlsx.

Every file is written to a temporary name and renamed into place, so a run
killed mid-write never leaves a half file that looks finished; the result gets
the permissions any tool's new file gets (0644 under the usual umask 022), so
colleagues on a shared machine can read it.

Parquet keeps values exactly and carries each column's description (field
metadata ``description``); CSV and xlsx are for people and have their text cells
made safe (:mod:`jixiao.pipeline.outputs.cells`).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jixiao.pipeline.outputs.cells import safe_cell
from jixiao.pipeline.outputs.dictionary import TABLES, arrow_schema

TABLE_NAMES = tuple(TABLES)


def file_mode() -> int:
    """0666 less the process umask: what ``open()`` would have created (read each time: cheap)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` and move the result over ``path`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells made safe, lists as JSON text; numbers untouched."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == "string":
            out[col] = out[col].map(safe_cell, na_action="ignore").astype("string")
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if v is None else json.dumps(v))
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda tmp: for_people(frame).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"))


def to_arrow(frame: pd.DataFrame, table: str) -> pa.Table:
    """The frame with the dictionary's types and descriptions (Parquet and the catalog)."""
    return pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)


def write_parquet(frame: pd.DataFrame, path: Path, table: str) -> None:
    arrow = to_arrow(frame, table)
    atomic_write(path, lambda tmp: pq.write_table(arrow, tmp, compression="zstd"))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, xlsx: bool = False,
                 schema_extra: str | None = None) -> list[Path]:
    """DIR/<table>.csv and DIR/<table>.parquet for every output table, DIR/unmapped.csv (and DIR/jixiao.xlsx)."""
    from jixiao.pipeline.outputs.unmapped import unmapped_frame

    written = []
    for name in TABLE_NAMES:
        write_csv(tables[name], out_dir / f"{name}.csv")
        write_parquet(tables[name], out_dir / f"{name}.parquet", name)
        written += [out_dir / f"{name}.csv", out_dir / f"{name}.parquet"]
    unmapped = unmapped_frame(tables["indicators"], schema_extra)
    write_csv(unmapped, out_dir / "unmapped.csv")
    written.append(out_dir / "unmapped.csv")
    if xlsx:
        from jixiao.pipeline.outputs.workbook import write_xlsx

        write_xlsx({**tables, "unmapped": unmapped}, out_dir / "jixiao.xlsx")
        written.append(out_dir / "jixiao.xlsx")
    return written

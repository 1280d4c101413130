"""Writing the output tables: CSV with a BOM (so Excel shows Chinese), Parquet, optional xlsx.

Every file is written to a temporary name and renamed into place, so a run
killed mid-write never leaves a half file that looks finished.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

TABLE_NAMES = ("documents", "forms", "indicators", "findings", "fonts")


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` and move the result over ``path`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"))


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name in TABLE_NAMES:
                tables[name].to_excel(writer, sheet_name=name, index=False)
    atomic_write(path, write)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, xlsx: bool = False,
                 schema_extra: str | None = None) -> list[Path]:
    """DIR/<table>.csv and DIR/<table>.parquet for every output table, DIR/unmapped.csv (and DIR/jixiao.xlsx)."""
    from jixiao.pipeline.outputs.unmapped import write_unmapped

    written = []
    for name in TABLE_NAMES:
        write_csv(tables[name], out_dir / f"{name}.csv")
        write_parquet(tables[name], out_dir / f"{name}.parquet")
        written += [out_dir / f"{name}.csv", out_dir / f"{name}.parquet"]
    unmapped = out_dir / "unmapped.csv"
    atomic_write(unmapped, lambda tmp: write_unmapped(tables["indicators"], tmp, schema_extra))
    written.append(unmapped)
    if xlsx:
        write_xlsx(tables, out_dir / "jixiao.xlsx")
        written.append(out_dir / "jixiao.xlsx")
    return written

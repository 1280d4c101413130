"""Writing the tables: CSV with a BOM (so Excel shows Chinese), Parquet, optional xlsx.

Every file is written to a temporary name and renamed into place, so a run
killed mid-write never leaves a half file that looks finished; the result gets
the permissions any tool's new file gets (0644 under the usual umask 022), so
colleagues on a shared machine can read it.

Parquet keeps values exactly and carries each column's description (field
metadata ``description``); CSV and xlsx are for people and have their text cells
made safe (:mod:`jixiao.pipeline.outputs.cells`).

The tables are Arrow tables (:func:`jixiao.pipeline.outputs.tables.arrow_tables`):
the batch writes them without pandas, whose import alone costs a small batch half a
second. The Python API's pandas frames are written the same way (converted to Arrow
first), and the files come out the same byte for byte: the CSV text is what pandas'
``to_csv`` writes for the API's frames (nullable numbers, lists as JSON).
"""
from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Union

import pyarrow as pa
import pyarrow.parquet as pq

from jixiao.pipeline.outputs.cells import safe_cell
from jixiao.pipeline.outputs.dictionary import BOOL, DOUBLE, DOUBLES, INT, TABLES, output_schema

if TYPE_CHECKING:
    import pandas as pd

TABLE_NAMES = tuple(TABLES)
#: A table as the batch holds it (Arrow) or as the Python API gives it (a pandas frame).
AnyTable = Union[pa.Table, "pd.DataFrame"]


def arrow_without_pandas() -> None:
    """Keep PyArrow from importing pandas in this process, unless something really needs it.

    The first time PyArrow is handed a Python list it imports pandas (half a second of a small
    batch) only to ask whether the list is a pandas object. For a process that builds its tables
    from lists (the ``jixiao extract`` command), this makes that one look find no pandas: PyArrow
    then answers "no" without importing it. A call that needs pandas (``Table.from_pandas``,
    ``to_pandas``) still imports it: PyArrow tries again there. Not for a library caller's process,
    where pandas objects may later be handed to PyArrow as plain arrays.
    """
    if "pandas" in sys.modules:
        return
    hide = _NoPandas()
    sys.meta_path.insert(0, hide)
    try:
        pa.array([])
    finally:
        sys.meta_path.remove(hide)


class _NoPandas:
    """An import finder under which ``import pandas`` fails (while it is on ``sys.meta_path``)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(f"{name} is kept unloaded")
        return None


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


def to_arrow(frame: AnyTable, table: str) -> pa.Table:
    """The table with the dictionary's types and descriptions (Parquet and the catalog)."""
    if isinstance(frame, pa.Table):
        return frame
    return pa.Table.from_pandas(frame, schema=output_schema(table), preserve_index=False)


def _shown(value, kind: str) -> str:
    """One cell as CSV text: pandas' ``to_csv`` of the API's frames, text made safe."""
    if value is None:
        return ""
    if kind == DOUBLES:
        return json.dumps(value)
    if kind in (DOUBLE, INT, BOOL):
        return repr(value)  # 1.0, 1e-05, 1e+16, 3, True: as pandas writes them
    return safe_cell(value)


def people_rows(table: pa.Table, kinds: list[str]):
    """The table's rows as CSV text cells: text made safe, lists as JSON, empty for missing values."""
    columns = [column.to_pylist() for column in table.columns]
    for values in zip(*columns):
        yield [_shown(value, kind) for value, kind in zip(values, kinds)]


def write_csv(frame: AnyTable, path: Path) -> None:
    """One table as CSV, each value shown by its Arrow type."""
    arrow = _as_arrow(frame)
    kinds = [_kind(field.type) for field in arrow.schema]

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(arrow.column_names)
            writer.writerows(people_rows(arrow, kinds))

    atomic_write(path, write)


def _as_arrow(frame: AnyTable) -> pa.Table:
    if isinstance(frame, pa.Table):
        return frame
    return pa.Table.from_pandas(frame, preserve_index=False)


def _kind(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return DOUBLES
    if pa.types.is_floating(arrow_type):
        return DOUBLE
    if pa.types.is_integer(arrow_type):
        return INT
    if pa.types.is_boolean(arrow_type):
        return BOOL
    return "string"


def write_parquet(frame: AnyTable, path: Path, table: str) -> None:
    arrow = to_arrow(frame, table)
    atomic_write(path, lambda tmp: pq.write_table(arrow, tmp, compression="zstd"))


def write_tables(tables: Mapping[str, AnyTable], out_dir: Path, xlsx: bool = False,
                 schema_extra: str | None = None) -> list[Path]:
    """DIR/<table>.csv and DIR/<table>.parquet for every output table, DIR/unmapped.csv (and DIR/jixiao.xlsx).

    The Python API's pandas frames are converted to Arrow once, for both kinds of file."""
    arrow = {name: to_arrow(tables[name], name) for name in TABLE_NAMES}
    parquet = write_parquet_files(arrow, out_dir)
    return write_people_files(arrow, out_dir, xlsx, schema_extra, parquet)


def write_parquet_files(tables: Mapping[str, AnyTable], out_dir: Path) -> dict[str, Path]:
    """DIR/<table>.parquet for every output table: table name → path."""
    written = {}
    for name in TABLE_NAMES:
        written[name] = out_dir / f"{name}.parquet"
        write_parquet(tables[name], written[name], name)
    return written


def write_people_files(tables: Mapping[str, AnyTable], out_dir: Path, xlsx: bool = False,
                       schema_extra: str | None = None, parquet: Mapping[str, Path] | None = None) -> list[Path]:
    """DIR/<table>.csv, DIR/unmapped.csv (and DIR/jixiao.xlsx); returns every table file written,
    the Parquet files of :func:`write_parquet_files` (``parquet``) listed beside their CSV files."""
    from jixiao.pipeline.outputs.unmapped import unmapped_table

    arrow = {name: to_arrow(tables[name], name) for name in TABLE_NAMES}
    written = []
    for name in TABLE_NAMES:
        write_csv(arrow[name], out_dir / f"{name}.csv")
        written += [out_dir / f"{name}.csv"] + ([parquet[name]] if parquet and name in parquet else [])
    unmapped = unmapped_table(arrow["indicators"], schema_extra)
    write_csv(unmapped, out_dir / "unmapped.csv")
    written.append(out_dir / "unmapped.csv")
    if xlsx:
        from jixiao.pipeline.outputs.tables import frames_from_arrow
        from jixiao.pipeline.outputs.unmapped import unmapped_frame
        from jixiao.pipeline.outputs.workbook import write_xlsx

        write_xlsx({**frames_from_arrow(arrow), "unmapped": unmapped_frame(unmapped)}, out_dir / "jixiao.xlsx")
        written.append(out_dir / "jixiao.xlsx")
    return written

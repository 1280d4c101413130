"""DIR/jixiao.xlsx: the tables as a workbook a person can filter and read at once.

One sheet per table plus the unmapped names; the header row frozen and filtered,
columns as wide as their content (Chinese characters count double), numbers
stored as numbers with a format that does not show float noise, and every text
cell stored as a string (never a formula) and made safe as in the CSV files.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jixiao.pipeline.outputs.cells import safe_cell
from jixiao.pipeline.outputs.files import atomic_write

#: Number formats by pandas dtype: integers plain, decimals with 2 to 4 places.
_FORMATS = {"Int64": "0", "Float64": "#,##0.00##"}
#: Rows looked at to size a column, and the widest a column gets (characters).
_SIZE_ROWS, _MAX_WIDTH = 200, 60


def display_width(text: str) -> int:
    """Characters on screen: full-width (Chinese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_value(value):
    """A Python value openpyxl stores as it is: None, a number, or safe text."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (list, tuple)):
        return safe_cell(json.dumps(list(value)))
    if isinstance(value, str):
        return safe_cell(value)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return round(value, 6) if isinstance(value, float) else value


def _add_sheet(book: Workbook, name: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(name)
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = [_FORMATS.get(str(dtype)) for dtype in frame.dtypes]
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_cell_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store text starting with = as a formula
            elif formats[c - 1] and cell.value is not None:
                cell.number_format = formats[c - 1]
    for c, column in enumerate(frame.columns, start=1):
        sample = [str(v) for v in frame[column].head(_SIZE_ROWS) if v is not None and v is not pd.NA]
        width = max([display_width(column)] + [display_width(v) for v in sample])
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per frame, in the order given."""
    def write(tmp: Path) -> None:
        book = Workbook()
        book.remove(book.active)
        for name, frame in frames.items():
            _add_sheet(book, name, frame)
        book.save(tmp)

    atomic_write(path, write)

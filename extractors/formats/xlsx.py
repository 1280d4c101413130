"""Excel workbooks (.xlsx, .xlsm) read with openpyxl: one visible sheet, one page.

Values are taken as the sheet prints them (cached formula results, number
formats applied by :mod:`jixiao.extractors.formats.numfmt`), merged ranges become
merged cells, and bordered cells make the tables (see :mod:`.source_grid`).  Hidden
rows, columns and sheets are not printed, so they are not read either.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import BinaryIO

from jixiao.extractors.formats.source_grid import GridCell, Locator, SourceGrid, grid_page
from jixiao.extractors.formats.numfmt import display
from jixiao.extractors.formats.source import SourceContent

#: Excel's defaults when a sheet does not set its own (width in characters, height in points).
DEFAULT_WIDTH_CHARS = 8.43
DEFAULT_HEIGHT_PT = 15.0


def width_points(chars: float) -> float:
    """Excel column width (characters of the default font) to points: 7 px per character + 5 px padding."""
    return (chars * 7 + 5) * 0.75 if chars > 0 else 0.0


def a1(row: int, col: int) -> str:
    """0-based row/column to an A1 address."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def range_label(sheet: str) -> "callable":
    quoted = f"'{sheet}'" if any(ch in sheet for ch in " !-'") else sheet

    def label(r0: int, r1: int, c0: int, c1: int) -> str:
        start, end = a1(r0, c0), a1(r1, c1)
        return f"{quoted}!{start}" if start == end else f"{quoted}!{start}:{end}"
    return label


def _has_border(border) -> bool:
    return border is not None and any(
        side is not None and side.style for side in (border.left, border.right, border.top, border.bottom))


class _Styles:
    """Border and number-format answers per style id: a sheet has thousands of cells and a dozen styles."""

    def __init__(self) -> None:
        self.ruled: dict[int, bool] = {}

    def is_ruled(self, cell) -> bool:
        key = cell.style_id
        if key not in self.ruled:
            self.ruled[key] = _has_border(cell.border)
        return self.ruled[key]


def sheet_grid(ws) -> SourceGrid:
    """The cells of one worksheet in source coordinates, merged ranges as spans."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        covered.update((r, c) for r in range(rng.min_row, rng.max_row + 1)
                       for c in range(rng.min_col, rng.max_col + 1) if (r, c) != (rng.min_row, rng.min_col))
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_cols: set[int] = set()
    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min or 0, (dim.max or 0) + 1):
            if dim.hidden:
                hidden_cols.add(c)
            if dim.width:
                widths[c] = dim.width
    cells, styles = [], _Styles()
    for row in ws.iter_rows():
        for cell in row:
            key = (cell.row, cell.column)
            if key in covered or cell.row in hidden_rows or cell.column in hidden_cols:
                continue
            value = cell.value
            text = display(value, cell.number_format) if value is not None else ""
            ruled = styles.is_ruled(cell)
            if text or ruled:
                rowspan, colspan = spans.get(key, (1, 1))
                cells.append(GridCell(cell.row - 1, cell.column - 1, text, rowspan, colspan, ruled))
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    default_width = ws.sheet_format.defaultColWidth or DEFAULT_WIDTH_CHARS
    default_height = ws.sheet_format.defaultRowHeight or DEFAULT_HEIGHT_PT
    col_widths = [0.0 if c + 1 in hidden_cols else width_points(widths.get(c + 1, default_width)) for c in range(n_cols)]
    row_heights = [0.0 if r + 1 in hidden_rows else (ws.row_dimensions[r + 1].height or default_height)
                   if r + 1 in ws.row_dimensions else default_height for r in range(n_rows)]
    return SourceGrid(cells, col_widths, row_heights, range_label(ws.title))


_LOAD_LOCK = threading.Lock()


def _record_merges(reader) -> None:
    """Merged ranges as plain ranges: openpyxl's own binding restyles every border of every
    merged range (90 % of the load time of a form with 160 merges); the ranges are all we read."""
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    if reader.parser.merged_cells:
        reader.ws.merged_cells = MultiCellRange([CellRange(cr.ref) for cr in reader.parser.merged_cells.mergeCell])


@contextmanager
def _plain_merges():
    from openpyxl.worksheet._reader import WorksheetReader

    with _LOAD_LOCK:
        original = WorksheetReader.bind_merged_cells
        WorksheetReader.bind_merged_cells = _record_merges
        try:
            yield
        finally:
            WorksheetReader.bind_merged_cells = original


def read_xlsx(stream: BinaryIO) -> SourceContent:
    """Every visible, non-empty sheet as one page, in workbook order."""
    from openpyxl import load_workbook

    with _plain_merges():
        wb = load_workbook(stream, data_only=True)  # data_only: formulas as last calculated, i.e. as printed
    try:
        locator, pages = Locator(), []
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            grid = sheet_grid(ws)
            if grid.cells:
                pages.append(grid_page(grid, len(pages) + 1, locator))
        return SourceContent(pages=pages, locator=locator)
    finally:
        wb.close()

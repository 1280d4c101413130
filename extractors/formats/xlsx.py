"""Excel workbooks (.xlsx, .xlsm): one visible sheet, one page.

Values are taken as the sheet prints them (cached formula results, number
formats applied by :mod:`jixiao.extractors.formats.numfmt`), merged ranges become
merged cells, and bordered cells make the tables (see :mod:`.source_grid`).  Hidden
rows, columns and sheets are not printed, so they are not read either.
"""
from __future__ import annotations

import io
import threading
import zipfile
from contextlib import contextmanager
from typing import BinaryIO

from jixiao.extractors.formats.numfmt import display
from jixiao.extractors.formats.sheetml import NotHandled, SheetCells, read_sheets
from jixiao.extractors.formats.source_grid import GridCell, Locator, SourceGrid, grid_page
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


def build_grid(sheet: SheetCells) -> SourceGrid:
    """The cells of one worksheet in source coordinates, merged ranges as spans (both reading routes end here)."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in sheet.merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    hidden_rows = sheet.hidden_rows
    hidden_cols: set[int] = set()
    widths: dict[int, float] = {}
    for low, high, width, hidden in sheet.columns.values():
        for c in range(low, high + 1):
            if hidden:
                hidden_cols.add(c)
            if width:
                widths[c] = width
    cells = []
    for row, col, value, number_format, ruled in sheet.cells:
        key = (row, col)
        if key in covered or row in hidden_rows or col in hidden_cols:
            continue
        text = display(value, number_format) if value is not None else ""
        if text or ruled:
            rowspan, colspan = spans.get(key, (1, 1))
            cells.append(GridCell(row - 1, col - 1, text, rowspan, colspan, ruled))
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    default_width = sheet.default_width or DEFAULT_WIDTH_CHARS
    default_height = sheet.default_height or DEFAULT_HEIGHT_PT
    col_widths = [0.0 if c + 1 in hidden_cols else width_points(widths.get(c + 1, default_width)) for c in range(n_cols)]
    row_heights = [0.0 if r + 1 in hidden_rows else (sheet.heights.get(r + 1) or default_height) for r in range(n_rows)]
    return SourceGrid(cells, col_widths, row_heights, range_label(sheet.title))


# ---------------------------------------------------------------- the openpyxl route (fallback)

def _has_border(border) -> bool:
    return border is not None and any(
        side is not None and side.style for side in (border.left, border.right, border.top, border.bottom))


def openpyxl_sheet(ws) -> SheetCells:
    """The same facts as :mod:`.sheetml` reads, taken from an openpyxl worksheet."""
    ruled_by_style: dict[int, bool] = {}  # a sheet has thousands of cells and a dozen styles
    cells = []
    for row in ws.iter_rows():
        for cell in row:
            key = cell.style_id
            if key not in ruled_by_style:
                ruled_by_style[key] = _has_border(cell.border)
            cells.append((cell.row, cell.column, cell.value, cell.number_format, ruled_by_style[key]))
    return SheetCells(
        title=ws.title, cells=cells,
        merges=[(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges],
        hidden_rows={r for r, dim in ws.row_dimensions.items() if dim.hidden},
        columns={i: (dim.min or 0, dim.max or 0, dim.width, dim.hidden)
                 for i, dim in enumerate(ws.column_dimensions.values())},
        heights={r: dim.height for r, dim in ws.row_dimensions.items()},
        default_width=ws.sheet_format.defaultColWidth, default_height=ws.sheet_format.defaultRowHeight)


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
    """Every visible, non-empty sheet as one page, in workbook order.

    The parts are read directly (:mod:`.sheetml`); a workbook that reader does not
    handle is read by openpyxl, with the same result for what both read.
    """
    data = stream.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = [sheet for state, sheet in read_sheets(archive) if state == "visible"]
    except NotHandled:
        sheets = openpyxl_sheets(io.BytesIO(data))
    locator, pages = Locator(), []
    for sheet in sheets:
        grid = build_grid(sheet)
        if grid.cells:
            pages.append(grid_page(grid, len(pages) + 1, locator))
    return SourceContent(pages=pages, locator=locator)


def openpyxl_sheets(stream: BinaryIO) -> list[SheetCells]:
    """The visible worksheets read by openpyxl, values as last calculated (as printed)."""
    from openpyxl import load_workbook

    with _plain_merges():
        wb = load_workbook(stream, data_only=True)
    try:
        return [openpyxl_sheet(ws) for ws in wb.worksheets if ws.sheet_state == "visible"]
    finally:
        wb.close()

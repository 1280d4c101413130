"""Legacy Excel workbooks (.xls, BIFF8) read with xlrd, formats and merges included.

xlrd gives each cell's format string and border styles (``formatting_info``),
so values print as in the sheet and ruled cells make the tables, as for xlsx.
Files saved by WPS under .xls/.et that xlrd cannot parse (newer WPS records,
HTML or xlsx content under the old name) go to the LibreOffice converter.
"""
from __future__ import annotations

from typing import BinaryIO

from jixiao.extractors.formats.source_grid import GridCell, Locator, SourceGrid, grid_page
from jixiao.extractors.formats.numfmt import display
from jixiao.extractors.formats.source import SourceContent
from jixiao.extractors.formats.xlsx import DEFAULT_HEIGHT_PT, DEFAULT_WIDTH_CHARS, range_label, width_points

#: BIFF stores column widths in 1/256 of a character and row heights in twips.
WIDTH_UNITS = 256
TWIPS_PER_PT = 20


def _value(book, sheet, cell, xf) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def _ruled(xf) -> bool:
    b = xf.border
    return any((b.top_line_style, b.bottom_line_style, b.left_line_style, b.right_line_style))


def sheet_grid(book, sheet) -> SourceGrid:
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, r1, c0, c1 in sheet.merged_cells:  # half-open ranges
        spans[(r0, c0)] = (r1 - r0, c1 - c0)
        covered.update((r, c) for r in range(r0, r1) for c in range(c0, c1) if (r, c) != (r0, c0))
    hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
    hidden_cols = {c for c, info in sheet.colinfo_map.items() if info.hidden}
    cells = []
    for r in range(sheet.nrows):
        if r in hidden_rows:
            continue
        for c in range(sheet.ncols):
            if (r, c) in covered or c in hidden_cols:
                continue
            cell = sheet.cell(r, c)
            xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
            fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map else None
            text = display(_value(book, sheet, cell, xf), fmt)
            ruled = xf is not None and _ruled(xf)
            if text or ruled:
                rowspan, colspan = spans.get((r, c), (1, 1))
                cells.append(GridCell(r, c, text, rowspan, colspan, ruled))
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    default_chars = sheet.defcolwidth or DEFAULT_WIDTH_CHARS
    col_widths = [0.0 if c in hidden_cols else
                  width_points(sheet.colinfo_map[c].width / WIDTH_UNITS) if c in sheet.colinfo_map else width_points(default_chars)
                  for c in range(n_cols)]
    row_heights = [0.0 if r in hidden_rows else
                   sheet.rowinfo_map[r].height / TWIPS_PER_PT if r in sheet.rowinfo_map else DEFAULT_HEIGHT_PT
                   for r in range(n_rows)]
    return SourceGrid(cells, col_widths, row_heights, range_label(sheet.name))


def read_xls(stream: BinaryIO, name: str) -> SourceContent:
    """Every visible, non-empty sheet as one page; what xlrd refuses goes to the converter."""
    import xlrd

    data = stream.read()
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, AssertionError, IndexError, ValueError, KeyError) as exc:
        from jixiao.extractors.formats.convert import read_converted

        return read_converted(data, name, "xlsx", reason=f"xlrd could not read it ({exc})")
    try:
        locator, pages = Locator(), []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if getattr(sheet, "visibility", 0):
                continue
            grid = sheet_grid(book, sheet)
            if grid.cells:
                pages.append(grid_page(grid, len(pages) + 1, locator))
        return SourceContent(pages=pages, locator=locator)
    finally:
        book.release_resources()

"""The direct xlsx reader (sheet XML) against openpyxl, the reference it replaces on the fast path.

Both routes end in the same grid builder, so equal grids mean equal pages: the
direct reader must give exactly what openpyxl gives on every xlsx sample (written
by openpyxl and re-saved by LibreOffice Calc) and on a workbook holding the cell
kinds forms rarely use (shared and rich strings, dates, booleans, errors, hidden
rows and columns), and must hand what it does not handle to openpyxl.
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Border, Side

from jixiao.extractors.formats.sheetml import NotHandled, read_sheets
from jixiao.extractors.formats.xlsx import build_grid, openpyxl_sheets, read_xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
XLSX = [SAMPLES / e["file"] for e in MANIFEST if e["variant"] == "xlsx"]


def _grids_both_ways(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        direct = [build_grid(sheet) for state, sheet in read_sheets(archive) if state == "visible"]
    reference = [build_grid(sheet) for sheet in openpyxl_sheets(io.BytesIO(data))]
    return direct, reference


def _same(direct, reference) -> None:
    assert len(direct) == len(reference)
    for a, b in zip(direct, reference):
        assert a.cells == b.cells
        assert a.col_widths == b.col_widths and a.row_heights == b.row_heights
        assert a.label(0, 3, 0, 2) == b.label(0, 3, 0, 2)


def test_the_corpus_has_xlsx_from_two_writers():
    producers = {e["producer"] for e in MANIFEST if e["variant"] == "xlsx"}
    assert {"openpyxl", "libreoffice"} <= producers


@pytest.mark.parametrize("path", XLSX, ids=[p.name for p in XLSX])
def test_every_xlsx_sample_reads_as_openpyxl_reads_it(path):
    direct, reference = _grids_both_ways(path.read_bytes())
    assert sum(len(g.cells) for g in direct) > 100
    _same(direct, reference)


def _rare_cells_workbook(path: Path, date1904: bool = False) -> Path:
    wb = Workbook()
    wb.epoch = datetime(1904, 1, 1) if date1904 else wb.epoch
    ws = wb.active
    ws.title = "自评 表"
    ruled = Border(*(Side(style="thin"),) * 4)
    rows = [
        ["指标", "分值", "完成", "日期", "通过"],
        ["共享字符串", 10, 0.95, date(2023, 1, 5), True],
        [CellRichText(["富", TextBlock(InlineFont(b=True), "文本")]), 1079.846, -3, datetime(2023, 6, 30, 14, 5), False],
        ["隐藏行", 1, 2, 3, 4],
        ["错误", "#N/A", 0, 45000, None],
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.border = ruled
    ws["C2"].number_format = "0%"
    ws["B3"].number_format = "#,##0.000"
    ws["C3"].number_format = "0.00;[Red]-0.00"
    ws["D2"].number_format = "yyyy-mm-dd"
    ws["D3"].number_format = "yyyy/m/d h:mm"
    ws["D5"].number_format = "yyyy年m月d日"
    ws["B5"].data_type = "e"
    ws["E5"] = 0.0625
    ws["E5"].number_format = "[h]:mm"  # a duration: openpyxl gives a timedelta
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[2].height = 30
    ws.column_dimensions["F"].hidden = True
    ws["F1"] = "隐藏列"
    ws.column_dimensions["A"].width = 20
    ws.merge_cells("A7:E7")
    ws["A7"] = "合计 100"
    hidden = wb.create_sheet("hidden")
    hidden["A1"] = "never printed"
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
def test_rare_cell_kinds_read_as_openpyxl_reads_them(tmp_path, date1904):
    data = _rare_cells_workbook(tmp_path / "rare.xlsx", date1904).read_bytes()
    direct, reference = _grids_both_ways(data)
    _same(direct, reference)
    texts = {(c.row, c.col): c.text for c in direct[0].cells}
    assert texts[(1, 2)] == "95%" and texts[(2, 1)] == "1,079.846" and texts[(2, 2)] == "-3.00"
    assert texts[(1, 3)] == "2023-01-05" and texts[(2, 3)] == "2023/6/30 14:05"
    assert texts[(4, 3)] == ("2027年3月16日" if date1904 else "2023年3月15日")  # serial 45000 in each calendar
    assert texts[(4, 4)] == "1:30"
    assert texts[(2, 0)] == "富文本" and texts[(1, 4)] == "TRUE" and texts[(4, 1)] == "#N/A"
    assert "隐藏行" not in texts.values() and "隐藏列" not in texts.values()
    merged = next(c for c in direct[0].cells if c.text == "合计 100")
    assert (merged.rowspan, merged.colspan) == (1, 5)
    assert len(direct) == 1  # the hidden sheet is not printed


def test_a_workbook_the_direct_reader_does_not_handle_goes_to_openpyxl(tmp_path):
    """A default style with borders: openpyxl rules every stored cell, the direct reader steps aside."""
    path = _rare_cells_workbook(tmp_path / "ruled_default.xlsx")
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    styles = parts["xl/styles.xml"].decode()
    first_xf = styles.index("<xf ", styles.index("<cellXfs"))
    parts["xl/styles.xml"] = (styles[:first_xf] + styles[first_xf:].replace('borderId="0"', 'borderId="1"', 1)).encode()
    rewritten = tmp_path / "rewritten.xlsx"
    with zipfile.ZipFile(rewritten, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    with zipfile.ZipFile(rewritten) as archive, pytest.raises(NotHandled, match="default style"):
        list(read_sheets(archive))
    with rewritten.open("rb") as stream:
        pages = read_xlsx(stream).pages
    reference = [build_grid(s) for s in openpyxl_sheets(rewritten.open("rb"))]
    assert len(pages) == 1 and pages[0].tables
    assert sum(len(t.cells) for t in pages[0].tables) == sum(c.ruled for c in reference[0].cells)

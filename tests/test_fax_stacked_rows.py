"""Rows whose rule a 204×98 dpi fax lost along its whole length (issue 13), split again where their
figures stand one above the other; a level heading merged over two grid columns counted once.

150_xuzhou_culture_services (a fresh set's LibreOffice print, faxed at 204×98 dpi, tune): the rules below
基层文化阵地常态化运行 and below 群众满意度 fell between the fax's scan lines, so the grid held two printed rows
as one (9 over 9 read 94, the form's 合计 100 and 94.27 under the 满意度 row's 10 and 10 read 10100 and 1094.27);
a column rule broken in two rows split the 三级 names' column, and its one "级指标" heading, whose numeral
the fax lost, counted twice made the 三级 names 二级's.
"""
import json

import pytest

from jixiao.extractors.ocr.stacked_rows import split_stacked_rows
from jixiao.models import Cell, PageTable
from sample_files import SAMPLES

FAX = SAMPLES / "pdf" / "150_xuzhou_culture_services_fax204.pdf"


@pytest.fixture(scope="module")
def faxed(sample_runs):
    (doc,) = sample_runs.documents([FAX])
    (form,) = doc.forms
    return form


@pytest.fixture(scope="module")
def truth():
    return json.loads((SAMPLES / "truth" / "150_xuzhou_culture_services.json").read_text(encoding="utf-8"))["forms"][0]


def test_rows_joined_by_a_lost_rule_are_read_apart_with_the_total(faxed, truth):
    assert len(faxed.indicators) == len(truth["indicators"])
    assert faxed.stated_total == truth["stated_total"]
    assert [i.score for i in faxed.indicators] == [r["score"] for r in truth["indicators"]]


def test_the_rows_split_so_are_in_doubt(faxed):
    assert faxed.verdict == "suspect"
    assert any(r.code == "RULE_MENDED" for r in faxed.verdict_reasons)


def test_a_lost_numeral_heading_over_a_split_column_is_one_level(faxed, truth):
    read = [(i.level2, i.level3) for i in faxed.indicators]
    printed = [(r["level2"], r["level3"]) for r in truth["indicators"]]
    assert sum(a == b for (a, _), (b, _) in zip(read, printed)) == len(printed)  # every 二级 as printed
    assert sum(a == b for (_, a), (_, b) in zip(read, printed)) >= len(printed) // 2  # 三级 names, fax-read


def _cell(row: int, col: int, text: str = "") -> Cell:
    return Cell(row=row, col=col, text=text, bbox=(col * 50.0, row * 40.0, col * 50.0 + 50, row * 40.0 + 40),
                method="ocr")


def _table(cells: list[Cell], n_rows: int = 1) -> PageTable:
    return PageTable(page=1, bbox=(0, 0, 200, 40.0 * n_rows), n_rows=n_rows, n_cols=4, cells=cells, method="ocr")


def _text(pieces):
    return "".join(t for _, t, _ in sorted(pieces, key=lambda p: p[0][1])), 0.5


STACKED = {1: [((60, 4, 70, 16), "9", 0.9), ((60, 24, 70, 36), "9", 0.9)],
           2: [((110, 4, 120, 16), "9", 0.9), ((105, 24, 125, 36), "5.5", 0.9)]}


def test_two_cells_of_stacked_figures_split_their_row_and_a_label_across_it_spans_both():
    pieces = {0: [((5, 12, 45, 28), "可持续影响指标", 0.9)], **STACKED}
    split = split_stacked_rows(_table([_cell(0, 0), _cell(0, 1), _cell(0, 2)]), pieces, 1.0, _text, str)
    assert split.n_rows == 2
    cells = {(c.row, c.col): c for c in split.cells}
    assert (cells[0, 0].rowspan, cells[0, 0].text) == (2, "")  # the label's cell grows, its text is kept as read
    assert [cells[0, 1].text, cells[1, 1].text, cells[0, 2].text, cells[1, 2].text] == ["9", "9", "9", "5.5"]
    assert all(cells[r, c].rule_mended for r in (0, 1) for c in (1, 2))


def test_a_figure_across_the_band_keeps_the_row_whole():
    pieces = {0: [((5, 12, 15, 28), "8", 0.9)], **STACKED}
    assert split_stacked_rows(_table([_cell(0, 0), _cell(0, 1), _cell(0, 2)]), pieces, 1.0, _text, str).n_rows == 1


def test_a_figure_wrapped_for_want_of_room_is_not_two_rows():
    # "96.7" over "2%" fills its narrow cell: one figure wrapped, in two cells side by side
    pieces = {0: [((2, 2, 48, 18), "96.7", 0.9), ((2, 22, 20, 38), "2%", 0.9)],
              1: [((52, 2, 98, 18), "98.1", 0.9), ((52, 22, 70, 38), "7%", 0.9)]}
    table = _table([_cell(0, 0), _cell(0, 1)])
    assert split_stacked_rows(table, pieces, 1.0, _text, str).n_rows == 1


def _merged(row: int, col: int, rowspan: int) -> Cell:
    return Cell(row=row, col=col, rowspan=rowspan, bbox=(col * 50.0, row * 40.0, col * 50.0 + 50, (row + rowspan) * 40.0),
                method="ocr")


def test_three_rows_joined_are_split_under_each_figure():
    """One grid row holding three printed rows: 9 over 10 over 100 and 8.57 over 10 over 97.84 (two lost rules)."""
    pieces = {1: [((60, 4, 70, 16), "9", 0.9), ((60, 44, 75, 56), "10", 0.9), ((60, 84, 80, 96), "100", 0.9)],
              2: [((105, 4, 125, 16), "8.57", 0.9), ((110, 44, 125, 56), "10", 0.9), ((105, 84, 125, 96), "97.84", 0.9)]}
    split = split_stacked_rows(_table([_cell(0, 0), _cell(0, 1), _cell(0, 2)], 3), pieces, 1.0, _text, str)
    assert split.n_rows == 5  # the grid said 3 rows; the first held three
    cells = {(c.row, c.col): c.text for c in split.cells}
    assert [cells[r, 1] for r in (0, 1, 2)] == ["9", "10", "100"]
    assert [cells[r, 2] for r in (0, 1, 2)] == ["8.57", "10", "97.84"]


@pytest.mark.parametrize("upper, lower, parted", [("效益指标", "满意度指标", True), ("产出", "指标", False)])
def test_a_merged_label_holding_two_groups_names_is_parted_with_the_rows(upper, lower, parted):
    """A merged 一级 cell over a row above and the joined row, holding "效益指标" above the cut and "满意度指标"
    below: the rule between the groups was lost with the rows', and each name keeps its own rows. A wrapped
    name ("产出" over "指标") is one label and only grows by the row."""
    pieces = {0: [((5, 30, 45, 42), upper, 0.9), ((5, 64, 45, 76), lower, 0.9)],
              1: [((60, 4, 70, 16), "6", 0.9)], 2: [((110, 4, 120, 16), "6", 0.9)],
              3: [((60, 44, 70, 56), "9", 0.9), ((60, 64, 75, 76), "10", 0.9)],
              4: [((110, 44, 120, 56), "9", 0.9), ((110, 64, 125, 76), "10", 0.9)]}
    table = _table([_merged(0, 0, 2), _cell(0, 1), _cell(0, 2), _cell(1, 1), _cell(1, 2)], 2)
    split = split_stacked_rows(table, pieces, 1.0, _text, str)
    labels = sorted((c.row, c.rowspan, c.text) for c in split.cells if c.col == 0)
    if parted:
        assert labels == [(0, 2, upper), (2, 1, lower)]
    else:
        assert labels == [(0, 3, "")]

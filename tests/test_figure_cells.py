"""A ruled table's body figures (extractors/ocr/figure_cells.py): the cells no column vocabulary is
asked about, whose lines the page reader does not read again for one."""
from __future__ import annotations

from jixiao.extractors.ocr.figure_cells import figure_cells, reads_as_figure
from jixiao.extractors.ocr.grid import GridCell


def _grid(rows: list[list[str]]) -> dict[tuple[int, int], tuple[GridCell, str]]:
    return {(r, c): (GridCell(r, c, 1, 1, (c, r, c + 1, r + 1)), text)
            for r, row in enumerate(rows) for c, text in enumerate(row)}


def test_a_figure_is_mostly_digits_signs_and_percent():
    assert reads_as_figure("≥95%") and reads_as_figure("10") and reads_as_figure("0分")
    assert not reads_as_figure("质量指标") and not reads_as_figure("≥") and not reads_as_figure("2024年度项目资金")


def test_only_figures_of_figure_rows_in_figure_columns_are_body_figures():
    rows = [["二级指标", "三级指标", "分值", "指标值", "实际完成值", "0分"],  # a header label read as a figure
            ["数量指标", "培训人次", "10", "≥320人", "350人", "10"],
            ["546", "合格率", "10", "≥95%", "98%", "9"],           # a level label a fax made digits of
            ["时效指标", "完成时间", "10", "2024年", "12月", "10"]]
    found = figure_cells(_grid(rows))
    assert (0, 5) not in found                      # the header row holds labels
    assert (2, 0) not in found                      # the level column reads as labels
    assert {(1, 2), (1, 3), (1, 4), (1, 5), (2, 2), (2, 3), (2, 4), (2, 5), (3, 2), (3, 5)} <= found


def test_a_merged_cell_is_never_a_body_figure():
    cells = _grid([["10", "20", "30"], ["10", "20", "30"]])
    key = (0, 0)
    cells[key] = (GridCell(0, 0, 2, 1, (0, 0, 1, 2)), "10")
    assert key not in figure_cells(cells)


def _with_signs(signs: list[str]) -> dict[tuple[int, int], tuple[GridCell, str]]:
    """A header and eight indicator rows whose 指标性质 column holds ``signs``."""
    rows = [["三级指标", "分值", "指标性质", "指标值", "实际完成值", "得分"]]
    rows += [[f"指标{i}", "10", sign, "95%", "98%", "10"] for i, sign in enumerate(signs)]
    return _grid(rows)


def test_a_sign_column_read_as_digits_is_not_a_figure_column():
    # six "≥" a fax read as "2", a sign read as one and a word
    found = figure_cells(_with_signs(["2", "2", "≥", "2", "2", "定性", "2", "2"]))
    assert not {key for key in found if key[1] == 2}
    assert {(1, 1), (1, 3), (1, 4), (1, 5)} <= found  # the row's own figures still are
    # every sign read as a look-alike digit
    found = figure_cells(_with_signs(["2", "7", "2", "2", "2", "7", "2", "2"]))
    assert not {key for key in found if key[1] == 2}


def test_a_column_of_figures_that_are_not_all_lookalikes_stays_a_figure_column():
    found = figure_cells(_with_signs(["2", "20", "2", "15", "2", "5", "2", "2"]))
    assert {(r, 2) for r in range(1, 9)} <= found

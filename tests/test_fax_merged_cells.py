"""Structure of fax tables whose rules were lost (issue 13): a cell merged over a pair of rows, narrow
header cells with only their column rule between them, speckle under the table, and a second
header line (年度指标值 over 指标性质 | 指标值 | 度量单位, 三级指标 over 分值).

The synthetic tables are recognised pieces (OCR glyphs) laid out as a fax shows them; the sample
file is 446_dept_budget_management_review faxed at 204×98 dpi (tune split).
"""
import pytest

from jixiao.extractors.inferred_grid import Glyph, Rules, infer_tables
from jixiao.models.form import WEIGHT_BY_POSITION
from jixiao.models.page import Cell, PageContent, PageTable
from jixiao.pipeline.assembly.forms import assemble_forms
from sample_files import SAMPLES

HEADER = (("一级指标", 0), ("二级指标", 60), ("三级指标", 120), ("指标值", 250), ("评分标准", 310), ("分值", 390))


def _piece(text: str, x0: float, top: float, height: float = 10.0) -> Glyph:
    return Glyph(text, x0, top, x0 + 11 * len(text), top + height, confidence=0.5)


def _table(glyphs: list[Glyph], header=HEADER, rules: Rules | None = None):
    (table,), _ = infer_tables([_piece(text, x, 0) for text, x in header] + glyphs, rules or Rules(), 1,
                               method="ocr")
    return table


def _column(table, col: int) -> dict[int, str]:
    return {c.row: c.text for c in table.cells if c.col == col and c.text and c.row > 0}


def _pair(top: float) -> list[Glyph]:
    """Two indicators of which one is assessed: their 评分标准 is one cell merged over both, its
    text set between the two rows' lines and touching each (and the weight on the first)."""
    return [_piece("结转结余率", 120, top), _piece("0.09", 250, top), _piece("20", 390, top),
            _piece("二者择其一", 310, top + 9), _piece("进行考核", 310, top + 21), _piece("按比例计分", 310, top + 33),
            _piece("结转结余变动率", 120, top + 42), _piece("-0.30", 250, top + 42)]


def test_a_cell_merged_over_a_pair_of_rows_does_not_join_them():
    glyphs = [_piece("管理", 0, 60), _piece("结余情况", 60, 60)]
    glyphs += [_piece("支出完成率", 120, 20), _piece("1", 250, 20), _piece("按比例计分", 310, 20), _piece("20", 390, 20)]
    glyphs += _pair(50)
    table = _table(glyphs)
    names = _column(table, 2)
    assert list(names.values()) == ["支出完成率", "结转结余率", "结转结余变动率"]
    assert _column(table, 3) == {1: "1", 2: "0.09", 3: "-0.30"}
    assert _column(table, 5) == {1: "20", 2: "20"}


def test_one_column_parted_in_two_does_not_part_a_row():
    """A wrapped name whose lines stand apart beside a tall note is one row: only one other column
    shows two cells beside the note."""
    glyphs = [_piece("产出指标", 0, 20), _piece("数量指标", 60, 20),
              _piece("新建供水", 120, 20), _piece("工程数量", 120, 38), _piece("12处", 250, 28),
              _piece("甲", 310, 14), _piece("乙", 310, 26), _piece("丙", 310, 38), _piece("8", 390, 28)]
    table = _table(glyphs)
    assert table.n_rows == 2
    assert _column(table, 2) == {1: "新建供水工程数量"}


def test_a_drawn_column_rule_parts_two_header_cells_set_close():
    """权数 and 考评得分 stand 6 pt apart with their column rule between them (less than the header
    gap): two columns, the weights under 权数 and an empty 得分."""
    header = (("一级指标", 0), ("二级指标", 60), ("三级指标", 120), ("指标值", 250), ("权数", 310),
              ("考评得分", 336))
    rules = Rules(vertical=[(334.0, -5.0, 200.0)])  # 权数 ends at 332, 考评得分 starts at 336
    glyphs = [_piece("产出指标", 0, 20), _piece("数量指标", 60, 20), _piece("新建工程", 120, 20),
              _piece("12处", 250, 20), _piece("20", 312, 20)]
    table = _table(glyphs, header, rules)
    assert [c.text for c in sorted(table.cells, key=lambda c: c.col) if c.row == 0][-2:] == ["权数", "考评得分"]
    assert _column(table, 4) == {1: "20"}
    assert _table(glyphs, header).n_cols == 5  # without the rule: one column, as before


def test_specks_under_the_table_make_no_row():
    glyphs = [_piece("产出指标", 0, 20), _piece("数量指标", 60, 20), _piece("新建工程", 120, 20),
              _piece("12处", 250, 20), _piece("8", 390, 20), _piece("11", 310, 45, height=5.0)]
    assert _table(glyphs).n_rows == 2


COL_X = [40, 100, 160, 260, 300, 350, 400, 440, 480]


def _form(rows: list[list[str]]):
    cells = [Cell(row=r, col=c, text=text, raw_text=text, bbox=(COL_X[c], 100 + 20 * r, COL_X[c + 1], 120 + 20 * r),
                  confidence=1.0, method="ocr")
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    table = PageTable(page=1, bbox=(COL_X[0], 100, COL_X[-1], 100 + 20 * len(rows)), n_rows=len(rows),
                      n_cols=len(COL_X) - 1, cells=cells, method="ocr", col_edges=[float(x) for x in COL_X])
    (form,) = assemble_forms([PageContent(page=1, width=595, height=842, method="ocr", tables=[table])], "x.pdf")
    return form


def test_a_second_header_line_of_value_headings_is_no_row_and_names_the_points():
    """年度指标值 over 指标性质 | 指标值 | 度量单位 and 三级指标 over 分值, the 三级 numeral lost by the fax
    ("级指标"): the second line is the header's, not a row, and the 分值 right of the values holds the
    rows' weights (before: an indicator row named 分值, the weights read as 一级 names)."""
    form = _form([["一级指标", "二级指标", "三级指标", "年度指标值", "", "实际完成值", "级指标", "得分"],
                  ["", "", "", "指标性质", "指标值", "", "分值", ""],
                  ["产出指标", "数量指标", "学生受资助人数", "≥", "735", "735", "10", "10"],
                  ["产出指标", "质量指标", "资助政策知晓率", "≥", "100", "100%", "10", "9"]])
    assert [i.level3_raw for i in form.indicators] == ["学生受资助人数", "资助政策知晓率"]
    assert [i.weight for i in form.indicators] == [10, 10]
    assert [i.level1_raw for i in form.indicators] == ["产出指标", "产出指标"]


@pytest.fixture(scope="module")
def review(sample_runs) -> dict:
    report = sample_runs.evaluation([SAMPLES / "pdf" / "446_dept_budget_management_review_fax204.pdf"])
    return report["files"][0]["forms"][0]


def test_a_fax_of_an_assessment_table_keeps_each_pair_of_indicators_apart(review):
    """Its faint rule between the two indicators of each pair was lost where the pair's merged
    评分标准 and 权数 cells leave it short: read as 3 rows of 5 before, their weights as scores."""
    assert review["matched_rows"] == review["truth_rows"] == review["extracted_rows"] == 5
    assert review["fields"]["level3"][0] == 5
    assert review["fields"]["weight"][0] == review["fields"]["score"][0] == 5
    assert review["verdict"] == "suspect"


def test_points_right_of_the_values_after_a_garbled_level_heading_are_the_rows_weights():
    """三级指标 garbled to 数指标 (no role): the 分值 right of the values follows the 三级 names, not
    二级 (before: the rows' weights read as 二级's); a two-level table's 分值 stays 二级's."""
    (row,) = _form([["一级指标", "二级指标", "数指标", "年度指标值", "实际完成值", "分值", "得分", ""],
                    ["产出指标", "数量指标", "新建工程", "≥12处", "12处", "15", "15", ""]]).indicators
    assert (row.weight, row.level2_weight) == (15, None)
    (row,) = _form([["一级指标", "二级指标", "年度指标值", "实际完成值", "分值", "得分", "", ""],
                    ["产出指标", "数量指标", "≥12处", "12处", "15", "15", "", ""]]).indicators
    assert (row.weight, row.level2_weight) == (None, 15)


def test_a_weight_heading_cut_to_its_first_character_is_the_weights_by_position():
    """A fax kept only 分 of the rows' 分值, read surely; the 一级 分值 beside the 一级 names does not
    stop it being taken (before: no weight read on any row). Taken by position, so in doubt."""
    form = _form([["级指标", "分值", "级指标", "级指标", "指标值", "实际完成值", "分", "自评得分"],
                  ["产出指标", "50", "数量指标", "新建工程", "≥12处", "12处", "6", "6"]])
    (row,) = form.indicators
    assert (row.weight, row.level1_weight, row.score) == (6, 50, 6)
    assert row.from_context["weight"] == WEIGHT_BY_POSITION


def test_a_name_and_points_line_with_a_speck_read_as_a_figure_is_still_the_header():
    """名称 | 分值 under each level, one cell with a fax's speck read as "1": still the header's second
    line, so each level keeps its name and points columns."""
    (row,) = _form([["一级指标", "", "二级指标", "", "三级指标", "", "年度指标值", "得分"],
                    ["名称", "分值", "名称", "分值", "名称", "分值1", "", ""],
                    ["产出指标", "50", "数量指标", "20", "新建工程", "10", "≥12处", "10"]]).indicators
    assert (row.level1_raw, row.level3_raw) == ("产出指标", "新建工程")
    assert (row.level1_weight, row.level2_weight, row.weight) == (50, 20, 10)

"""A fax-read table whose 合计 label and 一级指标 names lost their strokes: the total row is known by
its arithmetic, the names by the column's vocabulary, and all of it stays in doubt."""
import pytest

from jixiao.models.page import Cell, PageContent, PageTable
from jixiao.pipeline.assembly.forms import assemble_forms

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
COL_X = [40, 110, 180, 280, 360, 440, 490, 540]


def _page(rows: list[list[tuple[str, float]]], method: str,
          header: list[tuple[str, float]] | None = None) -> PageContent:
    cells = []
    for r, row in enumerate([header or [(h, 1.0) for h in HEADER], *rows]):
        for c, (text, confidence) in enumerate(row):
            bbox = (COL_X[c], 100 + 20 * r, COL_X[c + 1], 120 + 20 * r)
            cells.append(Cell(row=r, col=c, text=text, raw_text=text, bbox=bbox, confidence=confidence, method=method))
    n_rows = len(rows) + 1
    table = PageTable(page=1, bbox=(COL_X[0], 100, COL_X[-1], 100 + 20 * n_rows), n_rows=n_rows, n_cols=7,
                      cells=cells, method=method, col_edges=[float(x) for x in COL_X])
    return PageContent(page=1, width=595, height=842, method=method, tables=[table])


def _rows(total_label: str) -> list[list[tuple[str, float]]]:
    sure = 0.99
    return [
        [("产指木", 0.3), ("数量指标", sure), ("新建供水工程", sure), ("≥12处", sure), ("12处", sure), ("50", sure), ("50", sure)],
        [("效益指标", sure), ("社会效益指标", sure), ("自来水普及率", sure), ("≥92%", sure), ("93.5%", sure), ("50", sure), ("48", sure)],
        [(total_label, 0.2), ("", 1.0), ("", 1.0), ("", 1.0), ("", 1.0), ("100", sure), ("98", 0.6)],
    ]


@pytest.mark.parametrize("label", ["", "。é汁"])
def test_a_total_row_without_its_label_is_known_by_its_weights(label):
    (form,) = assemble_forms([_page(_rows(label), "ocr")], "fax.pdf")
    assert len(form.indicators) == 2
    assert form.stated_total == 98 and form.stated_weight_total == 100
    assert form.stated_total_provenance.confidence <= 0.5  # reviewed, not taken as read


def test_a_text_layer_row_is_never_taken_for_a_total_by_arithmetic():
    (form,) = assemble_forms([_page(_rows(""), "text")], "digital.pdf")
    assert form.stated_total is None


def test_an_unsure_level_name_is_read_from_the_vocabulary_and_stays_in_doubt():
    (form,) = assemble_forms([_page(_rows(""), "ocr")], "fax.pdf")
    first = form.indicators[0]
    assert first.level1_raw == "产出指标"
    assert first.field_confidence["level1"] <= 0.5
    assert form.indicators[1].level1_raw == "效益指标"  # read surely: as printed


def _header_with_score_label(text: str, confidence: float) -> list[tuple[str, float]]:
    return [(h, 1.0) for h in HEADER[:-1]] + [(text, confidence)]


def test_an_unsure_score_header_is_the_value_column_the_header_lacks():
    """A fax read 得分 as "0分": as near to 分值 as to 得分, but 分值 already has its column."""
    page = _page(_rows("合计"), "ocr", _header_with_score_label("0分", 0.31))
    (form,) = assemble_forms([page], "fax.pdf")
    assert [i.score for i in form.indicators] == [50, 48]
    assert form.stated_total == 98


@pytest.mark.parametrize("method, label, confidence", [("ocr", "分", 0.95), ("text", "0分", 1.0)])
def test_a_sure_or_printed_header_label_is_taken_as_it_reads(method, label, confidence):
    page = _page(_rows("合计"), method, _header_with_score_label(label, confidence))
    (form,) = assemble_forms([page], "x.pdf")
    assert all(i.score is None for i in form.indicators)


def test_a_sure_ocr_header_label_mixing_a_digit_into_chinese_is_unsure():
    """130's fax at 204×98 read 得分 as "9分" at 0.97: no column heading is spelt so, and its score
    column was lost; such a label is read against the missing columns as an unsure one is."""
    page = _page(_rows("合计"), "ocr", _header_with_score_label("9分", 0.97))
    (form,) = assemble_forms([page], "fax.pdf")
    assert [i.score for i in form.indicators] == [50, 48]


def test_an_unsure_header_label_near_no_missing_column_gets_no_role():
    page = _page(_rows("合计"), "ocr", _header_with_score_label("备注", 0.3))
    (form,) = assemble_forms([page], "fax.pdf")
    assert all(i.score is None for i in form.indicators)


def test_a_lost_levels_points_column_is_the_level_of_the_name_column_before_it():
    """级指标 | 级指标分值 | 二级指标 | 二级指标分值 | 级指标 | 级指标分值 | 指标值: the numerals of 一 and 三 lost.
    Each points column follows its name (一级's 分值 is level1_weight, not a second level2_weight),
    as the name columns count down from the numbered 二级 heading."""
    from jixiao.pipeline.assembly.columns import ColumnRole, _lost_levels_from_the_right

    edges = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
    labels = {0: "级指标", 1: "级指标分值", 2: "二级指标", 3: "二级指标分值", 4: "级指标", 5: "级指标分值", 6: "指标值"}
    columns = [ColumnRole(20.0, 30.0, "level2"), ColumnRole(30.0, 40.0, "level2_weight"),
               ColumnRole(60.0, 70.0, "target")]
    roles = [c.role for c in _lost_levels_from_the_right(columns, labels, edges)]
    assert roles == ["level1", "level1_weight", "level2", "level2_weight", "level3", "weight", "target"]


def test_lost_levels_all_unnumbered_count_down_from_the_values():
    from jixiao.pipeline.assembly.columns import ColumnRole, _lost_levels_from_the_right

    edges = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
    labels = {0: "级指标", 1: "级指标分值", 2: "级指标", 3: "级指标分值", 4: "级指标", 5: "级指标分值", 6: "指标值"}
    roles = [c.role for c in _lost_levels_from_the_right([ColumnRole(60.0, 70.0, "target")], labels, edges)]
    assert roles == ["level1", "level1_weight", "level2", "level2_weight", "level3", "weight", "target"]



def test_a_lost_level_heading_over_two_grid_columns_is_one_level_unless_sub_headings_part_them():
    from jixiao.pipeline.assembly.columns import ColumnRole, _lost_levels_from_the_right

    edges = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]
    target = [ColumnRole(40.0, 50.0, "target")]
    # a column rule broken in some rows split the 三级 names' column under its one heading (150's fax)
    labels = {0: "级指标", 1: "级指标", 2: "级指标", 3: "级指标", 4: "指标值"}
    roles = [c.role for c in _lost_levels_from_the_right(target, labels, edges, {3: 2})]
    assert roles == ["level1", "level2", "level3", "level3", "target"]
    # one heading over 名称 | 分值: two columns its sub-headings name
    labels = {0: "级指标", 1: "级指标名称", 2: "级指标分值", 3: "级指标", 4: "指标值"}
    roles = [c.role for c in _lost_levels_from_the_right(target, labels, edges, {2: 1})]
    assert roles == ["level1", "level2", "level2_weight", "level3", "target"]

def _page_with_merged_row(rows: list[list[tuple[str, float, int]]]) -> PageContent:
    """Rows of (text, confidence, colspan) cells under HEADER."""
    cells = []
    for r, row in enumerate([[(h, 1.0, 1) for h in HEADER], *rows]):
        c = 0
        for text, confidence, span in row:
            bbox = (COL_X[c], 100 + 20 * r, COL_X[c + span], 120 + 20 * r)
            cells.append(Cell(row=r, col=c, colspan=span, text=text, raw_text=text, bbox=bbox, confidence=confidence,
                              method="ocr"))
            c += span
    n_rows = len(rows) + 1
    table = PageTable(page=1, bbox=(COL_X[0], 100, COL_X[-1], 100 + 20 * n_rows), n_rows=n_rows, n_cols=7,
                      cells=cells, method="ocr", col_edges=[float(x) for x in COL_X])
    return PageContent(page=1, width=595, height=842, method="ocr", tables=[table])


def test_a_merged_indicator_row_mid_table_is_no_total_row():
    """A stamp took the inner rules of a row mid-table: its name, target and actual read as one unsure
    cell beside a score. Its score is not the rows' sum and indicator rows with figures follow it, so it
    is no 合计: the later rows are read and the merged row is left to the MERGED_CELL check."""
    sure = 0.99
    rows = [
        [("产出指标", sure, 1), ("数量指标", sure, 1), ("新建供水工程", sure, 1), ("≥12处", sure, 1), ("12处", sure, 1),
         ("30", sure, 1), ("30", sure, 1)],
        [("产出指标", sure, 1), ("时效指标", sure, 1), ("按时完工率", sure, 1), ("100%", sure, 1), ("100%", sure, 1),
         ("10", sure, 1), ("10", sure, 1)],
        [("", 1.0, 1), ("", 1.0, 1), ("验收合格率 ≥95% 96%", 0.3, 3), ("", 1.0, 1), ("28", sure, 1)],
        [("效益指标", sure, 1), ("社会效益指标", sure, 1), ("自来水普及率", sure, 1), ("≥92%", sure, 1), ("93.5%", sure, 1),
         ("30", sure, 1), ("28", sure, 1)],
        [("合计", sure, 5), ("100", sure, 1), ("96", sure, 1)],
    ]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "按时完工率", "自来水普及率"]
    assert form.stated_total == 96
    assert len(form.merged_figure_rows) == 1


def test_a_lost_weight_cell_is_not_filled_from_points_in_the_name():
    """"培训考核平均成绩（80分）" names a target; the table weighs its rows in its 分值 column, whose cell
    for that row was lost: the weight stays missing (for the verdict to doubt), not 80."""
    sure = 0.99
    rows = [
        [("产出指标", sure), ("数量指标", sure), ("培训人数", sure), ("≥200人", sure), ("210人", sure), ("50", sure),
         ("50", sure)],
        [("产出指标", sure), ("质量指标", sure), ("培训考核平均成绩（80分）", sure), ("≥80分", sure), ("85分", sure),
         ("", 1.0), ("50", sure)],
    ]
    (form,) = assemble_forms([_page(rows, "text")], "x.pdf")
    assert [i.weight for i in form.indicators] == [50, None]


def test_a_row_whose_points_equal_the_one_weight_read_above_it_is_no_total():
    """With one weight read above it, a row's 分值 equal to that weight is no column sum: a fax's next row
    (its name unsure, its 分值 10 under a first row's 10) is a row, and the rows after it are read."""
    sure = 0.99
    rows = [
        [("产出指标", sure), ("数量指标", sure), ("学生受资助人数", sure), ("≥735人次", sure), ("735人次", sure),
         ("10", sure), ("10", sure)],
        [("", 1.0), ("质量指标", sure), ("覆盖率", 0.4), ("≥100%", sure), ("100%", sure), ("un", 0.2), ("10", sure)],
        [("", 1.0), ("时效指标", 0.4), ("资金到位及时率", 0.4), ("", 1.0), ("100%", 0.4), ("10", sure), ("7", sure)],
        [("", 1.0), ("成本指标", sure), ("生均补助标准达标率", sure), ("100%", sure), ("100%", sure), ("10", sure),
         ("10", sure)],
    ]
    (form,) = assemble_forms([_page(rows, "ocr")], "fax.pdf")
    assert len(form.indicators) == 4
    assert form.stated_total is None


def _split_target_page(value_heading: str) -> PageContent:
    header = ["一级指标", "二级指标", "三级指标", "指标性质", value_heading, "度量单位", "实际完成值", "分值", "得分"]
    body = [["产出指标", "数量指标", "学生受资助人数", "≥", "735", "人次", "735人次", "50", "50"],
            ["效益指标", "社会效益指标", "政策知晓率", "≥", "95", "%", "98%", "50", "48"]]
    xs = [40 + 55 * k for k in range(len(header) + 1)]
    cells = [Cell(row=r, col=c, text=t, raw_text=t, bbox=(xs[c], 100 + 20 * r, xs[c + 1], 120 + 20 * r),
                  confidence=0.99, method="ocr")
             for r, row in enumerate([header, *body]) for c, t in enumerate(row)]
    table = PageTable(page=1, bbox=(xs[0], 100, xs[-1], 160), n_rows=3, n_cols=len(header), cells=cells,
                      method="ocr", col_edges=[float(x) for x in xs])
    return PageContent(page=1, width=595, height=842, method="ocr", tables=[table])


def test_a_split_targets_value_column_whose_heading_lost_its_last_character_is_between_sign_and_unit():
    """A fax read 指标值 as 指标: the one column between 指标性质 and 度量单位 is the value, taken by its place
    and so in doubt (the verdict names ROLE_BY_CONTENTS); the heading read whole, the same targets are read
    and not doubted for it."""
    (lost,) = assemble_forms([_split_target_page("指标")], "fax.pdf")
    (whole,) = assemble_forms([_split_target_page("指标值")], "fax.pdf")
    assert [i.target.raw for i in lost.indicators] == [i.target.raw for i in whole.indicators]
    assert lost.indicators[0].target.raw.replace(" ", "") == "≥735人次"
    assert all("ROLE_BY_CONTENTS" in i.from_context.get("target", "") for i in lost.indicators)
    assert not any("ROLE_BY_CONTENTS" in i.from_context.get("target", "") for i in whole.indicators)


def test_points_after_the_values_are_the_rows_weights_when_a_garbled_first_heading_left_the_levels_one_short():
    """A fax garbled 一级指标 to "级指劫" and lost the other two numerals: read left to right, the 三级 names
    were 二级's until the levels were counted from the right, and the 分值 after the values stayed 二级's
    (every row's weight lost). It follows the deepest name column: the rows' weights."""
    header = [("级指劫", 0.9), ("级指标", 0.9), ("级指标", 0.9), ("年度指标值", 0.9), ("实际完成值", 0.9),
              ("分值", 0.9), ("得分", 0.9)]
    (form,) = assemble_forms([_page(_rows("合计"), "ocr", header)], "fax.pdf")
    assert [i.weight for i in form.indicators] == [50, 50]
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "自来水普及率"]


def test_points_right_after_the_names_follow_them_when_the_levels_are_counted_from_the_right():
    """The same garbling with 分值 printed right after the 三级 names (131's template): it is that column's,
    the rows' weights, not 二级's."""
    sure = 0.99
    header = [("。级折标", 0.9), ("级指标", 0.9), ("级指标", 0.9), ("分值", 0.9), ("年度指标值", 0.9),
              ("实际完成值", 0.9), ("得分", 0.9)]
    rows = [
        [("产出指标", sure), ("数量指标", sure), ("新建供水工程", sure), ("50", sure), ("≥12处", sure), ("12处", sure),
         ("50", sure)],
        [("效益指标", sure), ("社会效益指标", sure), ("自来水普及率", sure), ("50", sure), ("≥92%", sure),
         ("93.5%", sure), ("48", sure)],
    ]
    (form,) = assemble_forms([_page(rows, "ocr", header)], "fax.pdf")
    assert [i.weight for i in form.indicators] == [50, 50]
    assert [i.target.raw for i in form.indicators] == ["≥12处", "≥92%"]


def test_a_level_heading_read_as_one_character_and_指标_counts_with_the_lost_levels():
    """A fax read 一级指标 | 二级指标 | 三级指标 as "级指标 | 级指标 | 铁指标": the third heading's 三级 became one
    character. Beside headings whose 级指 survived it is a lost level too, so the levels count down
    from the values over all three (before, the first two were taken for 二级 and 三级, every row's
    names shifted one column)."""
    from jixiao.pipeline.assembly.columns import ColumnRole, _lost_levels_from_the_right

    edges = [0.0, 10.0, 20.0, 30.0, 40.0]
    labels = {0: "级指标", 1: "级指标", 2: "铁指标", 3: "年度指标值"}
    roles = [c.role for c in _lost_levels_from_the_right([ColumnRole(30.0, 40.0, "target")], labels, edges)]
    assert roles == ["level1", "level2", "level3", "target"]
    # alone, such a heading names nothing (no heading lost its numeral beside it)
    labels = {0: "一级指标", 1: "二级指标", 2: "铁指标", 3: "年度指标值"}
    columns = [ColumnRole(0.0, 10.0, "level1"), ColumnRole(10.0, 20.0, "level2"), ColumnRole(30.0, 40.0, "target")]
    assert _lost_levels_from_the_right(columns, labels, edges) == columns


def test_an_unsure_row_printing_a_name_and_a_figure_is_no_total():
    """A fax's 成本指标 row, its name read unsurely beside a target of 100, its 分值 10 equal to the two
    weights read above it (10 and a weight misread as 0): it prints what an indicator prints, so it is a
    row, and the rows after it are read (before, the form closed there with three of nine rows)."""
    sure = 0.99
    rows = [
        [("产出指标", sure), ("数量指标", sure), ("学生受资助人数", sure), ("≥735人次", sure), ("735人次", sure),
         ("10", sure), ("10", sure)],
        [("", 1.0), ("质量指标", sure), ("营养改善率", 0.4), ("100%", sure), ("100%", sure), ("0", 0.3), ("10", sure)],
        [("", 1.0), ("成本指标", 0.4), ("生均补助标准达标率", 0.4), ("100", 0.4), ("100", 0.4), ("10", sure),
         ("10", sure)],
        [("", 1.0), ("效益指标", sure), ("学生满意度", sure), ("≥95%", sure), ("98%", sure), ("10", sure),
         ("10", sure)],
    ]
    (form,) = assemble_forms([_page(rows, "ocr")], "fax.pdf")
    assert len(form.indicators) == 4
    assert form.stated_total is None


def test_a_total_label_whose_计_was_read_as_latin_letters_is_still_a_total():
    """A fax at 100 dpi read 合计 as "合it", surely: its Chinese is a piece of a total label."""
    rows = _rows("")
    rows[-1][0] = ("合it", 0.9)
    (form,) = assemble_forms([_page(rows, "ocr")], "fax.pdf")
    assert len(form.indicators) == 2
    assert form.stated_total == 98 and form.stated_weight_total == 100


def test_a_goal_column_left_of_every_name_does_not_make_a_lost_level_the_third():
    """A multi-project table prints 年度目标 before 一级指标 | 级指标 | 三级指标: the goal is no row's value, so
    the lost-numeral heading after 一级 is 二级 (taken for 三级 once values stood left of it)."""
    from jixiao.pipeline.assembly.columns import column_map
    from jixiao.pipeline.assembly.rows import table_rows

    header = ["项目名称", "年度目标", "一级指标", "级指标", "三级指标", "指标值", "权重"]
    xs = [40 + 60 * k for k in range(len(header) + 1)]
    cells = [Cell(row=0, col=c, text=t, raw_text=t, bbox=(xs[c], 100, xs[c + 1], 120), confidence=0.99, method="ocr")
             for c, t in enumerate(header)]
    table = PageTable(page=1, bbox=(xs[0], 100, xs[-1], 120), n_rows=1, n_cols=len(header), cells=cells,
                      method="ocr", col_edges=[float(x) for x in xs])
    (row,) = table_rows(table)
    roles = {round(c.x0): c.role for c in column_map(row).columns}
    assert roles[xs[3]] == "level2" and roles[xs[4]] == "level3"


def test_two_lines_that_each_read_as_a_level_name_are_two_cells():
    """A label column whose row rules a fax lost stacks its names at the rows' pitch: each a whole level name,
    they part (a wrapped label's pieces, "可持续影响" over "指标", stay one cell)."""
    from jixiao.extractors.inferred_grid import Glyph, Line, _cell_blocks

    def line(text: str, top: float) -> Line:
        return Line([Glyph(text, 10.0, top, 60.0, top + 10.0, 0, 1.0)], top, top + 10.0)

    stacked = [line("社会效益指标", 100.0), line("时效指标", 112.0), line("质量指标", 124.0)]
    assert len(_cell_blocks(stacked, 0, gap=5.0)) == 3
    wrapped = [line("可持续影响", 100.0), line("指标", 112.0)]
    assert len(_cell_blocks(wrapped, 0, gap=5.0)) == 1


def _two_rows(weights: tuple[str, str], scores: tuple[str, str]) -> list[list[tuple[str, float, int]]]:
    sure = 0.99
    return [
        [("产出指标", sure, 1), ("数量指标", sure, 1), ("新建供水工程", sure, 1), ("≥12处", sure, 1), ("12处", sure, 1),
         (weights[0], sure, 1), (scores[0], sure, 1)],
        [("效益指标", sure, 1), ("社会效益指标", sure, 1), ("自来水普及率", sure, 1), ("≥92%", sure, 1),
         ("93.5%", sure, 1), (weights[1], sure, 1), (scores[1], sure, 1)],
    ]


def test_a_short_remnant_of_a_total_label_spanning_the_name_columns_names_no_indicator():
    """A fax read 合计, one cell across the 一级, 二级 and 三级 columns, as "人", surely: an indicator fills
    those cells apart, so the remnant is no name, and the row's 分值 (the column's sum) makes it the total."""
    rows = _two_rows(("50", "50"), ("50", "48")) + [
        [("人", 0.65, 3), ("", 1.0, 1), ("", 1.0, 1), ("100", 0.99, 1), ("98", 0.99, 1)]]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "自来水普及率"]
    assert form.stated_total == 98 and form.stated_weight_total == 100
    assert form.stated_total_provenance.confidence <= 0.5


def test_a_sure_short_name_in_its_own_cell_still_makes_the_row_an_indicator():
    """The remnant rule reads geometry: a short name in a cell of its own (one column) names a row."""
    rows = _two_rows(("50", "50"), ("50", "48")) + [
        [("人", 0.65, 1), ("", 1.0, 1), ("", 1.0, 1), ("", 1.0, 1), ("", 1.0, 1), ("100", 0.99, 1), ("98", 0.99, 1)]]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert form.stated_total is None


def test_a_total_row_whose_points_were_misread_is_known_by_its_scores():
    """The label lost and the 分值 misread ("1001" for 100, a speck after it): the score is the sum of the
    rows' scores, a column sum as a 总分 is; the misread 分值 is not taken as the weight total."""
    rows = _two_rows(("50", "50"), ("50", "48")) + [
        [("", 1.0, 3), ("", 1.0, 1), ("", 1.0, 1), ("1001", 0.99, 1), ("98", 0.99, 1)]]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert len(form.indicators) == 2
    assert form.stated_total == 98 and form.stated_weight_total is None


def test_full_marks_beside_misread_weights_are_the_total():
    """A weight misread large ("101" for 10) pushes the column past the full marks; a blank row of 100 points
    is still the total: no indicator is worth the whole form beside others."""
    rows = _two_rows(("50", "101"), ("50", "40")) + [
        [("", 1.0, 3), ("", 1.0, 1), ("", 1.0, 1), ("100", 0.99, 1), ("97", 0.99, 1)]]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert len(form.indicators) == 2
    assert form.stated_total == 97 and form.stated_weight_total == 100


def test_a_total_taken_by_its_points_alone_is_taken_back_when_an_indicator_row_follows():
    """A row of 分值 only equal to the column's sum and no score closes the table only until a row with
    figures follows it in the table: then it was an indicator whose cells the fax lost."""
    sure = 0.99
    rows = _two_rows(("10", "10"), ("", "")) + [
        [("", 1.0, 3), ("", 1.0, 1), ("", 1.0, 1), ("20", sure, 1), ("", 1.0, 1)],
        [("满意度指标", sure, 1), ("服务对象满意度指标", sure, 1), ("群众满意度", sure, 1), ("≥90%", sure, 1),
         ("95%", sure, 1), ("10", sure, 1), ("", 1.0, 1)],
    ]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert len(form.indicators) == 4
    assert form.indicators[-1].level3_raw == "群众满意度"


@pytest.mark.parametrize("score, total", [("99 47", 99.47), ("9 8", 98.0)])
def test_a_total_whose_point_a_fax_left_as_a_gap_is_read_with_the_point_only_past_the_points(score, total):
    """A lost 合计 label and a 得分 read "99 47": without its point the figure passes the 分值's 100, with the
    gap read as the point it does not, so the row is the total at 99.47. A gap in a figure within the
    points ("9 8") is parsed as it reads."""
    rows = _two_rows(("50", "50"), ("50", "49.47" if total == 99.47 else "48")) + [
        [("", 1.0, 3), ("", 1.0, 1), ("", 1.0, 1), ("100", 0.99, 1), (score, 0.6, 1)]]
    (form,) = assemble_forms([_page_with_merged_row(rows)], "fax.pdf")
    assert len(form.indicators) == 2
    assert form.stated_total == total and form.stated_weight_total == 100


def _two_rows_under(header: list[tuple[str, float]], leads: list[list[tuple[str, float]]]):
    """The form of a fax table under ``header``: two rows, each its ``lead`` cells (the 一级 and 二级 columns as
    read), then its 三级 name, target, actual, 分值 and 得分."""
    tails = [[("新建供水工程", 0.6), ("≥12处", 0.9), ("12处", 0.9), ("50", 0.9), ("50", 0.9)],
             [("自来水普及率", 0.6), ("≥92%", 0.9), ("93.5%", 0.9), ("50", 0.9), ("48", 0.9)]]
    (form,) = assemble_forms([_page([lead + tail for lead, tail in zip(leads, tails)], "ocr", header)], "fax.pdf")
    return form


def test_lost_level_headings_give_way_to_the_level_their_names_read_as():
    """A 100 dpi fax read 一级指标 and 二级指标 as "级指标" (numerals lost) and 三级指标 as "m械": counted from the
    values, the two lost headings were taken for 二级 and 三级, and the 三级 names' column was left out. The
    second column's cells are 二级 names (数量指标, 质量指标), so it is 二级; the lost heading left of it counts
    down from it (一级), and the unreadable heading before the values takes the 三级 names."""
    header = [("级指标", 0.98), ("级指标", 0.98), ("m械", 0.25), ("年度指标值", 0.99), ("实际完成值", 0.99),
              ("分值", 0.99), ("得分", 0.99)]
    form = _two_rows_under(header, [[("广指标（503", 0.25), ("数量指标", 0.6)], [("数品5（25）", 0.2), ("质量指标", 0.6)]])
    assert [i.level2_raw for i in form.indicators] == ["数量指标", "质量指标"]
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "自来水普及率"]
    assert [i.weight for i in form.indicators] == [50, 50]


def test_lost_level_headings_the_names_confirm_keep_the_sign_column_beside_them():
    """Three "级指标" headings whose columns' names read as the levels their places give: the 三级 names stay
    where they are counted, and the unreadable heading between them and the values (a 指标性质 "mem ED" over
    lone signs) is no second 三级 column."""
    header = [("级指标", 0.98), ("级指标", 0.98), ("级指标", 0.98), ("mem ED", 0.2), ("指标值", 0.99), ("分值", 0.99),
              ("得分", 0.99)]
    rows = [
        [("产出指标", 0.9), ("数量指标", 0.9), ("新建供水工程", 0.9), ("≥", 0.9), ("12", 0.9), ("50", 0.9), ("50", 0.9)],
        [("效益指标", 0.9), ("社会效益指标", 0.9), ("自来水普及率", 0.9), ("≥", 0.9), ("92", 0.9), ("50", 0.9),
         ("48", 0.9)],
    ]
    (form,) = assemble_forms([_page(rows, "ocr", header)], "fax.pdf")
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "自来水普及率"]
    assert [i.target.op for i in form.indicators] == [">=", ">="]


def test_a_level_heading_read_as_the_level_before_it_is_the_next_level():
    """A fax lost 三's third stroke: 三级指标 read "二级指标" beside the real 二级指标. The repeated level, in a
    heading of its own just left of the values, is 三级 (by position, so in doubt); the rows' 分值 are their
    weights, not 二级's points."""
    header = [("一级指标", 0.98), ("二级指标", 0.98), ("二级指标", 0.97), ("年度指标值", 0.99), ("实际完成值", 0.99),
              ("分值", 0.99), ("得分", 0.99)]
    (form,) = assemble_forms([_page(_rows("合计")[:2], "ocr", header)], "fax.pdf")
    assert [i.level2_raw for i in form.indicators] == ["数量指标", "社会效益指标"]
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "自来水普及率"]
    assert [i.weight for i in form.indicators] == [50, 50]


def test_a_lost_level_heading_after_the_levels_the_names_gave_is_the_third():
    """The 一级 and 二级 headings garbled past reading ("aNerere", "-a") and the 三级's numeral lost ("级指标"): read
    left to right the lost heading was taken for 一级 and dropped beside the 一级 column the names gave, and the
    rows' 分值 taken for 一级's points. Between the levels the names gave and the values it is 三级, and the
    分值 after the values the rows' weights."""
    header = [("aNerere", 0.2), ("-a", 0.2), ("级指标", 0.98), ("年度指标值", 0.99), ("实际完成值", 0.99), ("分值", 0.99),
              ("得分", 0.99)]
    form = _two_rows_under(header, [[("产出指标", 0.6), ("数量指标", 0.6)], [("效益指标", 0.6), ("社会效益指标", 0.6)]])
    assert [i.level3_raw for i in form.indicators] == ["新建供水工程", "自来水普及率"]
    assert [i.weight for i in form.indicators] == [50, 50]

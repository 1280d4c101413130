"""Writer's hairline tables faxed at 100 dpi and 204×98 (issue 13): the row rules lost, the column rules left as
dotted trails, so no grid is found and the table is inferred from its recognised text.

Four real forms printed by Writer's form export and faxed at 100 dpi, from a sweep of the real tune forms
(tune): 166 (永德 营养改善, its 三级指标分值 heading over three lines beside 得分), 167 (稷山 翟店镇卫生院, a
绩效指标 label down the table's side under no heading), 168 (重庆 科学城 部门整体, its only level heading
指标名称, its value headings wrapped over two lines) and 169 (郊区 农村公益事业, every level heading wrapped
inside its narrow cell, 一级指 over 标); and 170, 141's form typed in Writer and faxed the same way, from a sweep
of the tune forms not typed in Writer. On arrival 166 read each row's 分值 and 得分 as one figure ("10 10"),
167 every 一级 name as "绩效指标产出指标" and 年度指标值 with 实际完成值 as one column, and 168 and 169 found no form.

Writer's hairline tables faxed at 204×98 too: the rows' text set tight. Five real forms printed by Writer's form
export and faxed at 204×98, from a sweep of the real tune forms printed by another producer (tune): 171 (青神 工资, two
indicator rows one line apart over a 合计 row), 172 (永德 营养改善, its 三级指标分值 heading stacked over three lines in a narrow
cell), 174 (龙陵 化肥减量, the rules round its 年初目标值(A) heading kept as a box of their own), 175 (马踏镇 申报表, the rule
between 权重 and 指标方向性 broken once) and 176 (长吉图 专项经费, the first row's 分值 lost). On arrival 171 read both rows and
the 合计 as one (0 of 2 rows), 172 no row's weight (its heading read "三级指标分", a second 三级 column), 174 every row's
target inside its 三级 name, 175 every weight from the direction column ("权重指标方向性" one heading; left: the rule
between them, broken once into two long pieces, is no trail of three, and counting two-piece trails parted 175 but
cost the sweep's 904 its targets), 176 its first two rows as one (8 of 9). 173 (the sweep's 908, 431's form: a merged
得分计算方法 text ending a line into the second row joined the first two rows, 4 of 5; its shape is also the constructed
test of a row bridged by one wrapped block) is Writer's print letting its last row break across the page, the rest of
its names on page 2: on a fax that rest stays a row of its own (a row whose figures OCR may have lost), in doubt.
"""
from __future__ import annotations

import pytest

from jixiao.extractors.inferred_grid import (Block, Glyph, Line, _rows_from_blocks, cell_gap_threshold,
                                             is_header_text, names_levels, with_wrapped_pieces)
from jixiao.extractors.ocr.column_rules import column_rules
from jixiao.extractors.ocr.grid import drawn_rules, rule_masks
from jixiao.extractors.ocr.raster import ink_mask
from sample_files import SAMPLES
from test_ocr_grid import DPI, _prepared_gray

FAXES = {name: SAMPLES / "pdf" / f"{name}_fax100.pdf" for name in (
    "166_yongde_nutrition_hairlines", "167_zhaidian_health_hairlines", "168_chongqing_media_dept_hairlines",
    "169_jiaoqu_village_works_hairlines", "170_hubei_dept2020_hairlines")} | {
    name: SAMPLES / "pdf" / f"{name}_fax204.pdf" for name in (
        "171_qingshen_wage_writer", "172_yongde_nutrition_writer", "173_licheng_culture_writer",
        "174_longyang_fertilizer_writer", "175_mata_declaration_writer", "176_changjitu_fund_review_writer")}


@pytest.fixture(scope="module")
def forms(sample_runs):
    return sample_runs.forms_by_name(FAXES)


@pytest.fixture(scope="module")
def evaluation(sample_runs):
    return sample_runs.evaluation_by_file(FAXES.values())


@pytest.mark.parametrize("name", list(FAXES))
def test_each_hairline_fax_gives_its_form_with_every_row_in_doubt(forms, evaluation, name):
    (form,) = evaluation[FAXES[name].name]["forms"]
    assert form["found"] and form["matched_rows"] == form["truth_rows"]
    assert all(f.verdict != "ok" for f in forms[name])


def test_a_column_rule_left_in_dots_is_found_down_the_table():
    """166's rule between 分值 and 得分 survives as dots a few pixels long, far apart: a trail of them runs
    down the table's body, and no trail is found in the title."""
    gray = _prepared_gray(FAXES["166_yongde_nutrition_hairlines"])
    trails = column_rules(drawn_rules(rule_masks(gray, DPI), DPI)[1], ink_mask(gray) > 0, DPI)
    assert any(b - a > 3 * DPI for _, a, b in trails)  # down most of the body
    assert all(a > 1.0 * DPI for _, a, _ in trails)  # none begins in the title


def test_points_and_score_parted_by_the_dotted_rule(evaluation):
    """Every row's score was unread (its 分值 cell held "10 10"); now they are apart, and the total read."""
    (form,) = evaluation[FAXES["166_yongde_nutrition_hairlines"].name]["forms"]
    rows = form["truth_rows"]
    assert form["fields"]["weight"][0] >= rows - 2 and form["fields"]["score"][0] >= rows - 1
    assert form["stated_total"]["exact"]


def test_a_side_label_with_no_heading_keeps_its_own_column(forms, evaluation):
    (form,) = forms["167_zhaidian_health_hairlines"]
    assert sum(i.level1 == "产出指标" for i in form.indicators) >= len(form.indicators) - 2
    assert not any("绩效指标" in (i.level1 or "") for i in form.indicators)
    # 实际完成值 read apart from 年度指标值 ("38508人37442人" before), though the joined header left the targets unread
    (scored,) = evaluation[FAXES["167_zhaidian_health_hairlines"].name]["forms"]
    assert scored["fields"]["actual"][0] >= scored["truth_rows"] * 2 // 3


def test_headings_run_up_to_a_dotted_rule_are_read_apart(evaluation):
    """170 (141's 部门整体 form, typed in Writer, a sweep's, tune): 分值, 得分 and 偏差原因 ran up to the dots
    between them and came back as one piece; cut where the table's column edges lie on those rules, each heading
    names its column, and the rows have their weights and scores (none before)."""
    (form,) = evaluation[FAXES["170_hubei_dept2020_hairlines"].name]["forms"]
    assert form["fields"]["weight"][0] >= form["truth_rows"] - 2
    assert form["fields"]["score"][0] >= form["truth_rows"] - 1


def test_wrapped_level_headings_name_their_levels():
    """169's headings as the fax's pieces came: 一级 and 二级 with their numerals lost and 三级, each over a lone 标."""
    top = [Glyph("级指", 81, 103, 108, 119), Glyph("级指", 125, 104, 155, 119), Glyph("三级指", 162, 104, 190, 119)]
    under = [Glyph("标", 85, 121, 97, 137), Glyph("标", 131, 121, 143, 137), Glyph("标", 171, 121, 183, 137)]
    assert not is_header_text(" ".join(g.text for g in top + under), lost_numerals=True)
    assert is_header_text(with_wrapped_pieces(top + under), lost_numerals=True)


def test_a_heading_named_once_is_not_two_levels():
    """A line that names one level, with whatever is wrapped under it, is no header; nor is 三级指标名称 two levels."""
    note = [Glyph("各级指标", 80, 100, 120, 114), Glyph("分值", 82, 116, 100, 130)]
    assert not is_header_text(with_wrapped_pieces(note), lost_numerals=True)
    assert not names_levels("三级指标名称")
    assert is_header_text("指标名称 计量单位 指标得分") and not is_header_text("三级指标名称 计量单位")


def test_a_dotted_rule_down_the_body_parts_a_header_column_and_opens_a_side_column():
    """A header piece over two columns ("分值得分") with a trail down the body between their figures is two
    columns; a trail left of the first heading, with body text beside it, gives that text a column of its own.
    A drawn rule that is no trail parts nothing (only a fax's dots need the help)."""
    from jixiao.extractors.inferred_grid import Column, Rules, _parted_by_rules

    header = [Column(110.0, 150.0, [Glyph("一级指标", 110, 10, 150, 20)]),
              Column(200.0, 260.0, [Glyph("分值得分", 205, 10, 255, 20)])]
    body = [Glyph("绩效指标", 40, 30, 90, 40), Glyph("产出指标", 105, 30, 155, 40),
            Glyph("10", 205, 30, 215, 40), Glyph("9", 245, 30, 252, 40), Glyph("8", 205, 120, 212, 130)]
    trails = [(95.0, 25.0, 130.0), (230.0, 25.0, 130.0)]
    columns = _parted_by_rules(header, Rules(vertical=trails, trails=trails), body, 25.0, 10.0)
    assert [(c.x0, c.x1) for c in columns] == [(40, 95.0), (110.0, 150.0), (200.0, 230.0), (230.0, 260.0)]
    assert columns[0].header == []
    assert len(_parted_by_rules(header, Rules(vertical=trails), body, 25.0, 10.0)) == 2


def test_a_total_under_tight_rows_is_no_row(evaluation):
    """171's two rows read apart, and its 合计 read as no row."""
    (form,) = evaluation[FAXES["171_qingshen_wage_writer"].name]["forms"]
    assert form["extracted_rows"] == form["truth_rows"] == 2


def test_a_points_heading_read_as_a_level_right_of_the_values_gives_the_weights(evaluation):
    """172's "三级指标分" heading right of 实际完成值 is no second 三级 column: every row's weight is read
    exactly, and the 三级 names stay in their own column."""
    (form,) = evaluation[FAXES["172_yongde_nutrition_writer"].name]["forms"]
    exact, compared = form["fields"]["weight"]
    assert exact == compared == form["truth_rows"]
    assert form["fields"]["level3"][0] >= form["truth_rows"] - 2


def test_a_boxed_heading_inside_an_inferred_table_heads_its_column(forms, evaluation):
    """174's 年初目标值(A) heading, boxed by the rules the fax kept, is read with the table's header: the
    targets stand in their own column, none inside a 三级 name."""
    (form,) = evaluation[FAXES["174_longyang_fertilizer_writer"].name]["forms"]
    assert form["fields"]["target"][0] >= form["truth_rows"] // 2
    assert not any(sign in row.level3 for row in forms["174_longyang_fertilizer_writer"][0].indicators
                   for sign in ("≥", "≤", "≧"))


def _line(text: str, x0: float, top: float, height: float = 10.0) -> Line:
    glyphs = [Glyph(ch, x0 + 10 * k, top, x0 + 10 * (k + 1), top + height) for k, ch in enumerate(text)]
    return Line(glyphs, top, top + height)


def test_figure_and_level_name_gaps_are_no_cell_leading_on_a_recognised_page():
    """Rows one line each, one line apart: with the rows' aligned starts set aside, the gaps left are between
    two level names and two points figures, which no cell wraps into; they must not be taken for a leading
    (which would join every cell with the one below)."""
    labels = [_line("数量指标", 0, 0), _line("社会效益指标", 0, 20), _line("满意度指标", 0, 40)]
    points = [_line("60", 300, 0), _line("30", 300, 20), _line("10", 300, 40), _line("100", 300, 60)]
    names = [_line("覆盖率", 100, 0), _line("参保率", 100, 20), _line("满意度", 100, 40)]
    starts = frozenset({id(names[1]), id(names[2]), id(points[1]), id(points[2])})  # the total row is too short
    assert cell_gap_threshold([labels, points, names], 10.0, starts) < 10.0
    # a cell's wrapped lines still set the leading
    wrapped = [_line("促进学校教育", 100, 0), _line("事业健康发展", 100, 14), _line("改善学生", 100, 28),
               _line("营养状况", 100, 42)]
    assert cell_gap_threshold([wrapped, points], 10.0, starts) > 4.0


def test_a_row_bridged_by_one_wrapped_block_is_cut():
    """The sweep's 908 (431's form): a wrapped merged text (column 3) ends just inside the second row's wrapped name; chained
    to it the two rows were one. Without it the blocks fall into two rows of several columns each."""
    bridge = Block(3, [_line("定量指标计算", 400, 0), _line("值记分", 400, 18), _line("定性指标计算", 400, 36)])
    first = [Block(0, [_line("全年免费开放", 0, 1)]), Block(1, [_line("100%", 200, 0)]), Block(2, [_line("12.5", 300, 0)])]
    second = [Block(0, [_line("免费开放管理", 0, 45), _line("效性", 0, 60)]), Block(1, [_line("100%", 200, 52)]),
              Block(2, [_line("12.5", 300, 52)])]
    rows = _rows_from_blocks([bridge, *first, *second], 10.0)
    assert len(rows) == 2
    assert rows[0][1] < 45 <= rows[1][0] + 0.5
    # one column's paragraph gap parts nothing
    paragraph = [Block(0, [_line("全年免费开放", 0, 0)]), Block(0, [_line("免费开放管理", 0, 45)]),
                 Block(1, [_line("100%", 200, 20)]), Block(3, [_line("说明", 400, 0), _line("说明", 400, 46)])]
    assert len(_rows_from_blocks(paragraph, 10.0)) == 1

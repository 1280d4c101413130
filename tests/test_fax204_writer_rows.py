"""Writer's hairline tables faxed at 204×98 (issue 13): the row rules lost, the rows' text set tight, the table
inferred from its recognised lines.

Six real forms printed by Writer's form export and faxed at 204×98, from a sweep of the real tune forms printed
by another producer (tune): 171 (青神 工资, two indicator rows one line apart over a 合计 row), 172 (永德 营养改善,
its 三级指标分值 heading stacked over three lines in a narrow cell), 173 (历城 文化馆, a merged 得分计算方法 text
wrapped down beside the first two rows), 174 (龙陵 化肥减量, the rules round its 年初目标值(A) heading kept as a
box of their own), 175 (马踏镇 申报表, the rule between 权重 and 指标方向性 broken once) and 176 (长吉图 专项经费,
the first row's 分值 lost). On arrival 171 read both rows and the 合计 as one (0 of 2 rows), 172 no row's weight
(its heading read "三级指标分", a second 三级 column), 173 its first two rows as one (4 of 5), 174 every row's
target inside its 三级 name, 175 every weight from the direction column ("权重指标方向性" one heading; left: the rule between them,
broken once into two long pieces, is no trail of three, and counting two-piece trails parted 175 but cost the
sweep's 904 its targets), 176 its first two rows as one (8 of 9).
"""
from __future__ import annotations

import json

import pytest

from jixiao.extractors.inferred_grid import Block, Glyph, Line, _rows_from_blocks, cell_gap_threshold
from sample_files import SAMPLES

FAXES = {name: SAMPLES / "pdf" / f"{name}_fax204.pdf" for name in (
    "171_qingshen_wage_writer", "172_yongde_nutrition_writer", "173_licheng_culture_writer",
    "174_longyang_fertilizer_writer", "175_mata_declaration_writer", "176_changjitu_fund_review_writer")}


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))["forms"][0]


@pytest.fixture(scope="module")
def forms(sample_runs):
    docs = sample_runs.documents(list(FAXES.values()))
    return {name: doc.forms for name, doc in zip(FAXES, docs)}


@pytest.fixture(scope="module")
def evaluation(sample_runs):
    return {f["file"]: f for f in sample_runs.evaluation(list(FAXES.values()))["files"]}


@pytest.mark.parametrize("name", list(FAXES))
def test_each_tight_writer_fax_gives_every_row_with_the_form_in_doubt(forms, evaluation, name):
    (form,) = evaluation[FAXES[name].name]["forms"]
    assert form["found"] and form["matched_rows"] == form["truth_rows"]
    assert all(f.verdict != "ok" for f in forms[name])


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
    """173's shape: a wrapped merged text (column 3) ends just inside the second row's wrapped name; chained
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

"""What a fine-mode fax (204×98 dpi) loses of a Word form: the hairlines between the table's rows
(extractors/ocr/page_reader._lost_row_rules) and the colons after the header block's labels
(pipeline/assembly/key_values.with_lost_colons)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.extractors.ocr.page_reader import _lost_row_rules
from jixiao.models import Cell, PageTable, TextLine
from jixiao.pipeline.assembly.key_values import KeyValueLines, pairs, with_lost_colons

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_a_fax_that_lost_its_row_hairlines_is_read_as_a_table_ruled_between_columns(sample_runs):
    # 144's fax kept the column rules and the heavy rules round the table: one ruled grid ran from the header
    # to the foot, its 分值 cell holding every row's weight ("分值8861081010…"), and 3 of 10 rows were read
    (doc,) = sample_runs.documents([SAMPLES / "144_quanzhou_fishery_fax204.pdf"])
    (form,) = doc.forms
    assert len(form.indicators) >= 9
    assert form.stated_total == 97.68
    names = [i.level3_raw for i in form.indicators]
    assert {"渔船安全设备更新", "渔民安全培训", "设备检验合格率", "项目按期完成率", "资金使用合规率"} <= set(names)
    assert form.verdict == "suspect"


def test_a_groups_weight_centred_between_two_rows_does_not_join_them(sample_runs):
    # 144's 效益指标 group prints its 30 points once, centred beside its three rows: set between the tall
    # 社会效益 row and the 经济效益 row, it joined them ("1010" weights, "108.79" scores, two names as one)
    (doc,) = sample_runs.documents([SAMPLES / "144_quanzhou_fishery_fax204.pdf"])
    (form,) = doc.forms
    by_name = {i.level3_raw: i for i in form.indicators}
    assert (by_name["渔业安全事故起数同比下降"].weight, by_name["渔业安全事故起数同比下降"].score) == (10, 10)
    assert (by_name["渔民人均增收"].weight, by_name["渔民人均增收"].score) == (10, 8)


def _grid(texts: list[str]) -> PageTable:
    cells = [Cell(row=1, col=k, text=t, bbox=(k * 10, 10, k * 10 + 10, 100), method="ocr") for k, t in enumerate(texts)]
    return PageTable(page=1, bbox=(0, 0, 10 * len(texts), 100), n_rows=2, n_cols=len(texts), cells=cells,
                     method="ocr", col_edges=[k * 10 for k in range(len(texts) + 1)])


def test_a_grid_is_taken_to_have_lost_its_row_rules_only_where_headings_hold_their_columns_bodies():
    assert _lost_row_rules(_grid(["全年实际值865艘3.6万立方米2518人次99.6%", "分值8861081010101010100",
                                  "得分88610810108101097.68"]))
    # a heading with its own note, or one such cell alone, is no grid that lost its rules
    assert not _lost_row_rules(_grid(["年度指标值（2023年度）", "分值（100分）", "得分"]))
    assert not _lost_row_rules(_grid(["分值8861081010101010100", "得分", "偏差原因"]))


@pytest.mark.parametrize("line, expected", [
    ("主管部门仁寿县农业农村局 实施单位、仁寿县农田建设服务中心",
     [("主管部门", "仁寿县农业农村局"), ("实施单位", "仁寿县农田建设服务中心")]),
    ("实施单位 泉州市渔港监督站 联系人 陈志鸿", [("实施单位", "泉州市渔港监督站"), ("联系人", "陈志鸿")]),
    # an office's label followed by no office's name (a date) is left as it reads: it names no unit
    ("填报单位2023年3月1日", []),
    # nor a value followed by other words than a label: without its colon nothing says where it ends
    ("填报单位 某某市第六中学 自评得分 98", []),
])
def test_labels_whose_colon_a_fax_lost_are_read_as_pairs(line, expected):
    assert pairs(with_lost_colons(line)) == expected


def test_a_faxed_header_blocks_unit_is_read_without_its_colon(sample_runs):
    # 143's fax: "主管部门仁寿县农业农村局 实施单位、仁寿县农田建设服务中心", both colons lost
    (doc,) = sample_runs.documents([SAMPLES / "143_renshou_farmland_fax204.pdf"])
    assert doc.forms[0].unit == "仁寿县农田建设服务中心"


def test_a_line_whose_colon_was_put_back_is_continued_by_no_line_under_it():
    # the value of a label whose colon was put back ends with its line: the words under it ("自评得分 98 …",
    # set right below as a wrapped value would be) are no part of it
    lines = KeyValueLines()
    first = TextLine(page=1, text="单位名称 某某市第六中学", bbox=(50, 100, 300, 112), method="ocr")
    under = TextLine(page=1, text="自评得分 98 财政审核评分", bbox=(50, 114, 300, 126), method="ocr")
    assert lines.feed(first) is None and lines.feed(under) is None
    (done,) = lines.flush()
    assert pairs(done.text) == [("单位名称", "某某市第六中学")]
    # a text layer's line, its colon printed, is continued as before
    lines.feed(TextLine(page=1, text="单位名称：某某市第六", bbox=(50, 100, 300, 112)))
    lines.feed(TextLine(page=1, text="中学", bbox=(50, 114, 300, 126)))
    assert [line.text for line in lines.flush()] == ["单位名称：某某市第六", "中学"]


def test_a_grid_holding_one_rows_worth_of_glued_level_names_lost_its_row_rules():
    # a fax kept the rule under the header and lost those between the rows: each body cell holds its column
    # from several rows, the 二级 one "数量指标质量指标时效指标…", whose header cells each hold one heading
    assert _lost_row_rules(_grid(["二级指标", "数量指标质量指标时效指标成本指标", "分值"]))
    # two level names in a cell (a group's label and a 三级 name beside it) are no rows glued
    assert not _lost_row_rules(_grid(["二级指标", "数量指标 新建供水工程", "分值"]))


def test_a_note_across_the_whole_table_naming_the_levels_is_no_glued_body():
    note = Cell(row=1, col=0, colspan=3, text="注：一级指标包括产出指标、效益指标、满意度指标", bbox=(0, 20, 300, 40),
                method="ocr")
    header = [Cell(row=0, col=c, text=t, bbox=(100 * c, 0, 100 * c + 100, 20), method="ocr")
              for c, t in enumerate(["一级指标", "二级指标", "分值"])]
    table = PageTable(page=1, bbox=(0, 0, 300, 40), n_rows=2, n_cols=3, cells=[*header, note], method="ocr")
    assert not _lost_row_rules(table)


def test_a_note_naming_one_level_again_and_again_is_no_glued_body():
    # a 部门 form's note on how a rate is worked out, in a cell of two columns: the same names, and a sentence
    assert not _lost_row_rules(_grid(["预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因", "说明"]))

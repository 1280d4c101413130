"""Writer's hairline tables faxed at 100 dpi (issue 13): the row rules lost, the column rules left as dotted
trails, so no grid is found and the table is inferred from its recognised text.

Four real forms printed by Writer's form export and faxed at 100 dpi, from a sweep of the real tune forms
(tune): 166 (永德 营养改善, its 三级指标分值 heading over three lines beside 得分), 167 (稷山 翟店镇卫生院, a
绩效指标 label down the table's side under no heading), 168 (重庆 科学城 部门整体, its only level heading
指标名称, its value headings wrapped over two lines) and 169 (郊区 农村公益事业, every level heading wrapped
inside its narrow cell, 一级指 over 标); and 170, 141's form typed in Writer and faxed the same way, from a sweep
of the tune forms not typed in Writer. On arrival 166 read each row's 分值 and 得分 as one figure ("10 10"),
167 every 一级 name as "绩效指标产出指标" and 年度指标值 with 实际完成值 as one column, and 168 and 169 found no form.
"""
from __future__ import annotations

import json

import pytest

from jixiao.extractors.inferred_grid import Glyph, is_header_text, names_levels, with_wrapped_pieces
from jixiao.extractors.ocr.column_rules import column_rules
from jixiao.extractors.ocr.grid import drawn_rules, rule_masks
from jixiao.extractors.ocr.raster import ink_mask
from sample_files import SAMPLES
from test_ocr_grid import DPI, _prepared_gray

FAXES = {name: SAMPLES / "pdf" / f"{name}_fax100.pdf" for name in (
    "166_yongde_nutrition_hairlines", "167_zhaidian_health_hairlines", "168_chongqing_media_dept_hairlines",
    "169_jiaoqu_village_works_hairlines", "170_hubei_dept2020_hairlines")}


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

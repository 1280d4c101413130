"""The 分值 and 得分 columns of an OCR table named by their figures when a fax garbled both headings
(pipeline/assembly/points_roles.py), and a rule lost under two neighbouring cells at once restored
(extractors/ocr/lost_rules.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.models import Cell, PageTable
from jixiao.models.form import ROLE_BY_CONTENTS
from jixiao.pipeline.assembly.columns import column_map
from jixiao.pipeline.assembly.rows import table_rows

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_a_faxed_three_line_forms_points_columns_are_named_by_their_arithmetic(sample_runs):
    # 143's fine-mode fax reads 分值 as "分催" and 得分 as "9分": each as near to the one heading as to the
    # other, so neither was named and all twelve rows lost both figures
    (doc,) = sample_runs.documents([SAMPLES / "143_renshou_farmland_fax204.pdf"])
    (form,) = doc.forms
    assert [i.weight for i in form.indicators] == [8, 6, 6, 8, 6, 8, 8, 8, 7, 7, 8, 10]
    assert [i.score for i in form.indicators][:6] == [8, 6, 5.64, 8, 6, 7.6]
    assert form.stated_total == 98.47
    assert sum(i.score for i in form.indicators) + 9.23 == pytest.approx(form.stated_total)  # + 预算执行's 9.23
    # named by their figures, not their headings: every such value is in doubt and the form never ok
    assert all(i.from_context.get("weight") == ROLE_BY_CONTENTS for i in form.indicators)
    assert all(i.from_context.get("score") == ROLE_BY_CONTENTS for i in form.indicators)
    assert form.verdict == "suspect"


def test_a_rule_lost_under_both_points_cells_of_a_row_is_restored(sample_runs):
    # 144's photo lost the rule between 渔民安全培训 (6 | 6) and 设备检验合格率 (10 | 10) under the 分值 and
    # the 得分 cells together: each cell's neighbour was the other joined cell, and both read "610"
    (doc,) = sample_runs.documents([SAMPLES / "144_quanzhou_fishery_photo_seal.pdf"])
    (form,) = doc.forms
    by_name = {i.level3: i for i in form.indicators}
    assert (by_name["渔民安全培训"].weight, by_name["渔民安全培训"].score) == (6, 6)
    assert (by_name["设备检验合格率"].weight, by_name["设备检验合格率"].score) == (10, 10)
    assert all(i.weight <= 100 for i in form.indicators)


def test_a_merged_label_beside_a_printed_merged_cell_keeps_its_wrapped_lines_together(sample_runs):
    # 443's stamped grey scan: its 二级 资金管理 wraps to 资金管 / 理 over five rows beside the 一级 label merged
    # over them all; the label does not fall apart along a row line, so the rule is not taken as lost
    (doc,) = sample_runs.documents([SAMPLES / "443_jiaoqu_village_public_works_seal150.pdf"])
    (form,) = doc.forms
    assert [i.level2_raw for i in form.indicators[4:9]] == ["资金管理"] * 5



def test_a_rule_lost_beside_a_blank_cell_is_restored(sample_runs):
    # 178's stamped grey scan (424's form printed by Writer): the seal over 分值 | 得分 lifted the hairline row
    # rules there and in the empty 偏差原因 column beside them; the blank cells said nothing either way, yet
    # kept the rule from being restored, and 10, 20, 20 read as one cell "102020" (9, 19, 19 as "91919")
    (doc,) = sample_runs.documents([SAMPLES / "178_lijiang_satellite_writer_seal150.pdf"])
    (form,) = doc.forms
    assert [i.weight for i in form.indicators] == [10, 20, 20, 30, 10]
    assert [i.score for i in form.indicators][:3] == [9, 19, 19]
    assert [i.actual.raw for i in form.indicators][:3] == ["72890", "100", "100"]


def test_a_lone_points_column_whose_heading_a_seal_cut_is_the_self_assessments_score(sample_runs):
    # 180's stamped grey scan (452's form printed by Calc): the seal over 得分, the table's only points column,
    # left its heading "分", read surely; neither 分值 nor 得分, the column took no role, every score was lost
    # and the form came out `ok`. A 自评表's one column of points is its 得分, named by its contents: in doubt
    (doc,) = sample_runs.documents([SAMPLES / "180_xiangyang_hospital_calc_seal150.pdf"])
    (form,) = doc.forms
    assert [i.score for i in form.indicators][1:5] == [10, 10, 10, 10]
    assert all(i.from_context.get("score") == ROLE_BY_CONTENTS for i in form.indicators if i.score is not None)
    assert form.verdict == "suspect"

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分催", "9分"]
BODY = [["产出指标", "数量指标", "面积", "≥100亩", "120亩", "40", "40"],
        ["", "", "道路", "≥18公里", "18.6公里", "30", "28.5"],
        ["效益指标", "社会效益指标", "受益户数", "≥3200户", "3100户", "20", "19"],
        ["", "", "合计", "", "", "90", "87.5"]]


def _table(method: str, header=HEADER, body=BODY) -> PageTable:
    cells = [Cell(row=0, col=k, text=t, bbox=(k * 10, 0, k * 10 + 10, 10), method=method,
                  confidence=0.6 if k >= 5 else 0.95) for k, t in enumerate(header)]
    cells += [Cell(row=r, col=k, text=t, bbox=(k * 10, r * 10, k * 10 + 10, r * 10 + 10), method=method,
                   confidence=0.95) for r, row in enumerate(body, start=1) for k, t in enumerate(row)]
    return PageTable(page=1, bbox=(0, 0, 70, 10 * (len(body) + 1)), n_rows=len(body) + 1, n_cols=len(header),
                     cells=cells, method=method, col_edges=[k * 10 for k in range(len(header) + 1)])


def _roles(table: PageTable) -> dict[str, bool]:
    return {c.role: c.by_contents for c in column_map(table_rows(table)[0]).columns}


def test_two_unreadable_points_headings_take_weight_and_score_from_their_figures():
    roles = _roles(_table("ocr"))
    assert roles["weight"] and roles["score"]


def test_figures_that_break_a_points_rule_take_no_role():
    # scores above their weights (two columns the other way round), and a completion rate beside a score
    # (its figures add to far more than the form's 100 points)
    swapped = [[*row[:5], row[6], row[5]] for row in BODY]
    rates = [[*row[:5], rate, row[6]] for row, rate in zip(BODY, ["100", "95", "100", "98"])]
    for body in (swapped, rates):
        assert not {"weight", "score"} & set(_roles(_table("ocr", body=body)))


def test_a_text_layer_tables_unnamed_columns_are_left_unnamed():
    assert not {"weight", "score"} & set(_roles(_table("text")))

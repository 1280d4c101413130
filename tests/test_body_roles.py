"""Roles of OCR columns whose headings were unreadable, from what their body cells hold
(pipeline/assembly/body_roles.py), each value so read named ROLE_BY_CONTENTS."""
from __future__ import annotations

from pathlib import Path

from jixiao.models import Cell, PageTable
from jixiao.models.form import ROLE_BY_CONTENTS
from jixiao.pipeline.assembly.columns import column_map
from jixiao.pipeline.assembly.rows import table_rows

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"


def test_the_faxed_declarations_unreadable_level1_sign_and_unit_columns_take_their_roles(sample_runs):
    # 427 at 100 dpi: 指标性质 and 度量单位 headings left blank under a second header line read "mem ED" /
    # "设情单位"; the heading vocabulary keeps no share for them, their cells do. (一级指标 read "40 411" and took
    # its role from its cells too, until rules were erased only where they divide cells: it reads "级指标" now,
    # its lost numeral given by its place.)
    (doc,) = sample_runs.documents([SAMPLES / "427_mata_declaration_fax100.pdf"])
    (form,) = doc.forms
    assert {"level1", "target_op", "target_unit"} <= set(form.header_roles)
    assert [i.level1_raw for i in form.indicators] == ["效益指标", "产出指标", "产出指标", "效益指标", "产出指标",
                                                       "效益指标", "效益指标", "满意度指标"]
    assert form.indicators[4].target.raw == "≥230个"  # "X" read as ≥, "下" as 个 under their columns' words
    # the target joins the 指标性质 and 度量单位 cells read from columns named by their cells: in doubt too
    assert all(i.from_context.get("target") == ROLE_BY_CONTENTS for i in form.indicators)
    assert form.verdict == "suspect"
    assert any(r.code == ROLE_BY_CONTENTS and r.row_index == 4 and r.field == "target" for r in form.verdict_reasons)


HEADER = ["一级指标", "二级指标", "三级指标", "", "指标值", "", "分值"]
BODY = [["产出指标", "数量指标", "完成数", "≥", "95", "%", "10"],
        ["效益指标", "社会效益指标", "满意度", "≥", "90", "%", "20"]]


def _table(method: str, header=HEADER, header_confidence: float = 0.95, body=BODY) -> PageTable:
    cells = [Cell(row=0, col=k, text=t, bbox=(k * 10, 0, k * 10 + 10, 10), method=method,
                  confidence=header_confidence if t else 1.0) for k, t in enumerate(header)]
    cells += [Cell(row=r, col=k, text=t, bbox=(k * 10, r * 10, k * 10 + 10, r * 10 + 10), method=method,
                   confidence=0.95) for r, row in enumerate(body, start=1) for k, t in enumerate(row)]
    return PageTable(page=1, bbox=(0, 0, 70, 30), n_rows=3, n_cols=7, cells=cells, method=method,
                     col_edges=[k * 10 for k in range(8)])


def _roles(table: PageTable) -> dict[str, bool]:
    return {c.role: c.by_contents for c in column_map(table_rows(table)[0]).columns}


def test_blank_headings_of_an_ocr_table_take_the_roles_their_cells_and_places_support():
    roles = _roles(_table("ocr"))
    assert roles["target_op"] and roles["target_unit"]
    assert not roles["level1"] and not roles["target"]


def test_a_text_layer_table_and_a_heading_read_surely_take_no_role_from_their_cells():
    assert not {"target_op", "target_unit"} & set(_roles(_table("text")))
    # the sign and unit columns under headings read surely that name no role (备注, 说明) keep none
    named = ["一级指标", "二级指标", "三级指标", "备注", "指标值", "说明", "分值"]
    assert not {"target_op", "target_unit"} & set(_roles(_table("ocr", named)))


def test_a_level1_column_is_named_by_its_cells_only_where_its_heading_was_unreadable():
    header = ["40 411", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值"]
    unsure = _roles(_table("ocr", header, header_confidence=0.2))
    assert unsure["level1"] and not unsure["target_op"]
    sure = ["序号", *header[1:]]
    assert "level1" not in _roles(_table("ocr", sure))


def test_a_sign_column_beside_a_headed_unit_column_is_named_by_its_place_alone():
    # 412's stamped 指标性质 heading: with 度量单位 headed, the column left of 指标值 is the signs' by its place,
    # as before, and its signs read surely are not doubted for the column's role
    header = ["一级指标", "二级指标", "三级指标", "", "指标值", "度量单位", "分值"]
    roles = _roles(_table("ocr", header))
    assert "target_op" in roles and not roles["target_op"]


def test_blank_headed_columns_of_figures_or_names_take_no_role_from_their_cells():
    # the same blank headings over columns that hold figures or names: nothing there reads as a sign or a unit
    figures = [[*row[:3], "12", row[4], "30", row[6]] for row in BODY]
    names = [[*row[:3], "采购设备", row[4], "培训人员", row[6]] for row in BODY]
    for body in (figures, names):
        roles = _roles(_table("ocr", body=body))
        assert not {"target_op", "target_unit"} & set(roles)
        assert not any(roles.values())


def test_a_sign_column_placed_beside_a_unit_column_named_by_its_cells_is_in_doubt_too():
    # both headings blank; the sign cells read "M" and "V" (no sign, no decoded word), the unit cells "%":
    # the unit column is named by its cells, and the sign column, placed beside it, rests on that guess
    body = [[*row[:3], garbled, *row[4:]] for row, garbled in zip(BODY, ("M", "V"))]
    roles = _roles(_table("ocr", body=body))
    assert roles["target_unit"] and roles["target_op"]

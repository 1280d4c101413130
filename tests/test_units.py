"""The form's unit (填报单位 / 实施单位 / 主管部门): scored by ``jixiao eval``, read without the cell
after it, and doubted when OCR was unsure of it."""
from __future__ import annotations

from jixiao.normalizers.office_names import office_shaped
from jixiao.pipeline.assembly.forms import UNIT_LINE_RE
from jixiao.pipeline.assembly.key_values import value_before_next_label
from jixiao.pipeline.evaluation.scorer import normalise_text
from jixiao.pipeline.evaluation.unit_scores import accepted_units
from sample_files import SAMPLES, truth

#: Tune samples, read from their text layer (200: 三线表 with 主管部门/实施单位 lines) and faxed.
RENSHOU = SAMPLES / "pdf/200_renshou_farmland.pdf"
RENSHOU_FAX = SAMPLES / "pdf/200_renshou_farmland_fax204.pdf"


def test_either_office_is_accepted_where_the_truth_records_both():
    wuwei = truth("001_wuwei")["forms"]
    # the department form names one office; the project forms print 主管部门 and 实施单位
    assert accepted_units(wuwei[0], normalise_text) == ["武威市政府政务服务中心"]
    assert accepted_units(wuwei[1], normalise_text) == ["武威市政府政务服务中心", "武威市人民政府办公室"]
    # 414 prints 部门名称 and 主管部门 but no 实施单位: only its unit
    (chongqing,) = truth("414_chongqing_header_score")["forms"]
    assert accepted_units(chongqing, normalise_text) == ["重庆市样例区融媒体中心"]
    # 304 prints its labels in traditional characters: 主管部門 and 實施單位 name the two offices
    (shaoguan,) = truth("304_shaoguan_trad")["forms"]
    assert accepted_units(shaoguan, normalise_text) == ["韶關市湞江區民政局", "湞江區各街道辦事處"]


def test_a_declarations_budget_department_names_its_office(sample_runs):
    # A 申报表 printed with 预算部门 and no 实施单位: the budget department is the office the form is about
    (doc,) = sample_runs.documents([SAMPLES / "pdf/428_xiangtan_fog_cannon.pdf"])
    (form,) = doc.forms
    assert form.unit == "湘潭市环境卫生管理处"


def test_eval_reports_the_units_read_exactly(sample_runs):
    report = sample_runs.evaluation([RENSHOU])
    assert report["summary"]["all"]["unit_exact"] == 1.0
    (form,) = report["files"][0]["forms"]
    assert form["unit"]["exact"] and form["unit"]["extracted"] == "仁寿县农田建设服务中心"
    assert report["by_kind"]["three_line/tune"]["unit_exact"] == 1.0


def test_a_value_ends_at_the_next_label():
    assert value_before_next_label("塘湖镇政府填报日期:2021.5.18") == "塘湖镇政府"
    assert value_before_next_label("(盖章)单位:万元") == ""
    assert value_before_next_label("寿县农田建设服务中心项目资金（万元）年初预算数59.37，全年预算数601.20") == \
        "寿县农田建设服务中心"
    assert value_before_next_label("2023年中央预算资金项目") == "2023年中央预算资金项目"


def test_office_shape():
    assert [office_shaped(t) for t in ("区", "(盖章)", "塘湖镇政府填报日期:2021.5.18", "219001-池州市贵池区棠溪镇人民政府",
                                       "[015001]武汉市青山区教育局", "青神县发展和改革局本级", "湞江區各街道辦事處")] == [
        False, False, False, True, True, True, True]


def test_a_faxed_unit_is_read_without_the_money_line_and_doubted(sample_runs):
    # The 204×98 fax lost the money line's colon: the line was taken as the 实施单位's continuation,
    # and the unit came out with the budget figures. Cut at the money line's label, what is left is
    # the recogniser's unsure reading (寿县 for 仁寿县): the form is not ok because of it.
    (doc,) = sample_runs.documents([RENSHOU_FAX])
    (form,) = doc.forms
    assert "项目资金" not in form.unit and form.unit.endswith("农田建设服务中心")
    assert form.unit_cell is not None and form.unit_cell.method == "ocr" and form.unit_cell.confidence < 0.8
    assert form.verdict == "suspect"
    assert any(r.code == "UNIT_NAME_DOUBT" for r in form.verdict_reasons)


def test_a_text_layer_unit_raises_no_doubt(sample_runs):
    (doc,) = sample_runs.documents([RENSHOU])
    (form,) = doc.forms
    assert form.unit_cell is not None and form.unit_cell.confidence == 1.0
    assert not any(r.code == "UNIT_NAME_DOUBT" for r in form.verdict_reasons)


def test_a_unit_line_with_mixed_brackets_is_the_units_line(sample_runs):
    # OCR closes a full-width "（盖章" with a half-width ")": the photo's 填报单位 line is still the unit's
    # line, not left for the 主管部门 cell (叙州区…, without the city)
    assert UNIT_LINE_RE.match("填报单位（盖章)：宜宾市叙州区文化广播电视和旅游局")["unit"] == "宜宾市叙州区文化广播电视和旅游局"
    assert UNIT_LINE_RE.match("部门(单位）名称:某某局")["unit"] == "某某局"
    (doc,) = sample_runs.documents([SAMPLES / "pdf/101_yibin_photo_seal.pdf"])
    (form,) = doc.forms
    assert form.unit == "宜宾市叙州区文化广播电视和旅游局"

"""Header fields read from cells: a bare 部门 cell by the form's kind, and a 单位名称/项目名称 column of the
indicator table only when its rows agree."""
from __future__ import annotations

from pathlib import Path

from jixiao.models import Cell, PageContent, PageTable, TextLine
from jixiao.pipeline.assembly.forms import assemble_forms

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
ROWS = [["产出指标", "数量指标", "完成数", "≥10个", "10个", "50", "50"],
        ["效益指标", "社会效益指标", "满意度", "≥90%", "95%", "50", "50"]]


def _table(rows: list[list[str]], top: int = 0) -> PageTable:
    cells = [Cell(row=r, col=k, text=t, bbox=(k * 10, top + r * 10, k * 10 + 10, top + r * 10 + 10))
             for r, row in enumerate(rows) for k, t in enumerate(row)]
    n_cols = max(len(row) for row in rows)
    return PageTable(page=1, bbox=(0, top, 10 * n_cols, top + 10 * len(rows)), n_rows=len(rows), n_cols=n_cols,
                     cells=cells, col_edges=[k * 10 for k in range(n_cols + 1)])


def _form(title: str, tables: list[PageTable]):
    page = PageContent(page=1, width=200, height=400, lines=[TextLine(page=1, text=title, bbox=(0, 0, 100, 8))],
                       tables=tables)
    (form,) = assemble_forms([page])
    return form


def _with_department_cell(title: str):
    key_values = _table([["部门", "某县农业农村局", "项目名称", "高标准农田建设"]], top=10)
    return _form(title, [key_values, _table([HEADER, *ROWS], top=30)])


def test_a_bare_department_cell_is_the_unit_of_a_department_form():
    form = _with_department_cell("2023年度部门整体支出绩效自评表")
    assert form.kind == "dept_self_eval"
    assert form.unit == "某县农业农村局"


def test_a_bare_department_cell_on_a_project_form_is_its_department_not_its_unit():
    title = "某县农业技术推广中心项目支出绩效自评表"   # the unit the title names carried the project out
    form = _with_department_cell(title)
    assert form.kind == "project_self_eval"
    assert form.unit == "某县农业技术推广中心"


def _with_unit_column(units: list[str]):
    header = ["单位名称", *HEADER]
    rows = [[unit, *row] for unit, row in zip(units, ROWS)]
    return _form("项目支出绩效目标申报表", [_table([header, *rows], top=20)])


def test_a_unit_column_repeated_on_every_row_is_the_forms_unit():
    assert _with_unit_column(["某镇人民政府", "某镇人民政府"]).unit == "某镇人民政府"


def test_a_unit_column_naming_different_units_names_none_of_them_for_the_form():
    assert _with_unit_column(["某镇人民政府", "某县财政局"]).unit == ""


def test_a_units_label_closed_by_its_seal_mark_alone_names_the_unit(sample_runs):
    """Tune fax 132 (100 dpi) reads its unit line "填报单位（盖章）榆林市榆阳区卫生健康局": the fax lost the
    colon after the seal mark, which still closes the label."""
    sample = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "132_yulin_clinic_fax100.pdf"
    (doc,) = sample_runs.documents([sample])
    (form,) = doc.forms
    assert form.unit == "榆林市榆阳区卫生健康局"
    assert form.verdict == "suspect"


def test_a_seal_marked_unit_label_without_a_colon_takes_only_an_office_name():
    """Without its colon, a 填报单位（盖章） line may run on into a date, a blank 年 月 日 or the next label:
    those name no unit, and the title's office still does."""
    title = "某县财政局项目支出绩效自评表"
    for line in ("填报单位（盖章） 2023年3月1日", "填报单位（盖章） 年 月 日", "单位名称（盖章）财务负责人签字：",
                 "填报单位（盖章） 单位负责人：张三"):
        page = PageContent(page=1, width=200, height=400, tables=[_table([HEADER, *ROWS], top=30)],
                           lines=[TextLine(page=1, text=title, bbox=(0, 0, 100, 8)),
                                  TextLine(page=1, text=line, bbox=(0, 12, 100, 20))])
        (form,) = assemble_forms([page])
        assert form.unit == "某县财政局", line


def test_a_seal_mark_with_one_character_misread_still_closes_the_units_label():
    """A fax read 填报单位（盖章）： as "填报单位（盖季）："; the bracketed mark, one of its two characters right,
    is still the seal mark: the unit is the office after it, not "（盖季）宜宾市…"."""
    for line in ("填报单位（盖季）：宜宾市叙州区文化广播电视和旅游局", "填报单位(印章)：宜宾市叙州区文化广播电视和旅游局"):
        page = PageContent(page=1, width=200, height=400, tables=[_table([HEADER, *ROWS], top=30)],
                           lines=[TextLine(page=1, text="项目支出绩效自评表", bbox=(0, 0, 100, 8)),
                                  TextLine(page=1, text=line, bbox=(0, 12, 100, 20))])
        (form,) = assemble_forms([page])
        assert form.unit == "宜宾市叙州区文化广播电视和旅游局", line


def test_a_units_label_left_blank_before_the_next_label_names_no_unit():
    """447's and 448's notes line "填报单位（公章）： 单位负责人：" is a blank form field: the label after the colon
    is the next field, not the unit, and the title's office still names it."""
    page = PageContent(page=1, width=200, height=400, tables=[_table([HEADER, *ROWS], top=30)],
                       lines=[TextLine(page=1, text="某县财政局项目支出绩效自评表", bbox=(0, 0, 100, 8)),
                              TextLine(page=1, text="填报单位（公章）： 单位负责人：", bbox=(0, 12, 100, 20))])
    (form,) = assemble_forms([page])
    assert form.unit == "某县财政局"


def test_a_filing_date_gives_no_evaluation_year():
    from jixiao.pipeline.assembly.forms import LINES_YEAR_RE

    assert LINES_YEAR_RE.search("填报日期:2022年2月3日") is None  # when the form was filed (450)
    assert LINES_YEAR_RE.search("报告日期:2019年06月18日  评价年度:2018年度")[1] == "2018"
    assert LINES_YEAR_RE.search("项目起止时间 2021年1月-12月")[1] == "2021"  # a period, not a day


def _with_declaring_office(rows: list[list[str]]):
    return _form("项目绩效目标表", [_table(rows, top=10), _table([HEADER, *ROWS], top=40)])


def test_a_declarations_implementing_office_is_its_unit_and_the_declaring_one_its_department():
    """A 重庆 目标表 (467) names the department that files it (申报单位) and the office that carries the project out
    (具体实施单位), as other forms print 主管部门 over 实施单位."""
    both = _with_declaring_office([["申报单位", "某区林业局", "项目(专项)名称", "绿化美化项目"],
                                   ["具体实施单位", "某镇农业服务中心", "项目属性", "延续"]])
    assert both.unit == "某镇农业服务中心"
    # without the implementing office's cell, the declaring department is the only office the form names
    alone = _with_declaring_office([["申报单位", "某区林业局", "项目(专项)名称", "绿化美化项目"]])
    assert alone.unit == "某区林业局"


def test_a_declarations_offices_on_one_line_keep_their_labels_whole():
    """On a line the 实施单位 inside 具体实施单位 opens no pair of its own: "具体" stays in the label, not at
    the end of the declaring department's name."""
    from jixiao.pipeline.assembly.key_values import pairs

    assert pairs("申报单位：某区林业局具体实施单位：某镇农业服务中心") == [
        ("申报单位", "某区林业局"), ("具体实施单位", "某镇农业服务中心")]
    assert pairs("主管部门：某县农业农村局实施单位：某镇农业服务中心") == [
        ("主管部门", "某县农业农村局"), ("实施单位", "某镇农业服务中心")]

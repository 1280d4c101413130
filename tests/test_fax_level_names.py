"""一级/二级 columns and names a fax garbled: level columns named by their cells (body_roles.levels_from_body),
header lines merged into the next OCR row (columns.continues_header), a group's first rows named from below
(names_from_below), and names chosen by the form's structure (names_by_structure) — each marked in doubt."""
from __future__ import annotations

from pathlib import Path

from jixiao.models import Cell, Indicator, PageTable, Provenance
from jixiao.models.form import NAME_BY_STRUCTURE
from jixiao.pipeline.assembly.columns import column_map, continues_header
from jixiao.pipeline.assembly.names_by_structure import joined_names, names_by_structure
from jixiao.pipeline.assembly.names_from_below import names_from_below
from jixiao.pipeline.assembly.rows import table_rows

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"

# headings garbled past reading over the three name columns, as a 100 dpi fax left them
GARBLED = ["mu wé", "8AILIL8", "at tktk", "年度指标值", "实际完成值", "分值", "得分"]
BODY = [["产出指标", "数量指标", "受资助人数", "735人", "735人", "10", "10"],
        ["产出指标", "质量指标", "资助合格率", "100%", "100%", "10", "10"],
        ["效益指标", "社会效益指标", "政策知晓率", "95%", "96%", "10", "9"],
        ["满意度指标", "服务对象满意度指标", "学生满意度", "90%", "92%", "10", "10"]]


def _table(header, body=BODY, method="ocr", header_confidence=0.2) -> PageTable:
    cells = [Cell(row=0, col=k, text=t, bbox=(k * 10, 0, k * 10 + 10, 10), method=method,
                  confidence=header_confidence if t else 1.0) for k, t in enumerate(header)]
    cells += [Cell(row=r, col=k, text=t, bbox=(k * 10, r * 10, k * 10 + 10, r * 10 + 10), method=method,
                   confidence=0.6) for r, row in enumerate(body, start=1) for k, t in enumerate(row)]
    return PageTable(page=1, bbox=(0, 0, 10 * len(header), 10 * (len(body) + 1)), n_rows=len(body) + 1,
                     n_cols=len(header), cells=cells, method=method, col_edges=[k * 10 for k in range(len(header) + 1)])


def _roles(table: PageTable) -> dict[str, bool]:
    return {c.role: c.by_contents for c in column_map(table_rows(table)[0]).columns}


def test_level_columns_whose_headings_a_fax_garbled_take_their_levels_from_their_cells():
    roles = _roles(_table(GARBLED))
    assert roles["level1"] and roles["level2"] and roles["level3"]  # all three, each marked by_contents
    assert not roles["target"] and not roles["score"]


def test_a_name_column_an_unsure_heading_called_三级_is_the_二级_its_cells_name():
    # a fax's "供指标" decoded as 三级指标 over the 二级 names, the real 三级 heading lost its numeral
    header = ["一级指标", "三级指标", "级指标", "年度指标值", "实际完成值", "分值", "得分"]
    roles = _roles(_table(header))
    assert roles == {**roles, "level1": False, "level2": True, "level3": False}


def test_headings_read_surely_or_a_text_layer_keep_their_columns_as_headed():
    for table in (_table(GARBLED, method="text"), _table(GARBLED, header_confidence=0.99)):
        assert not {"level1", "level2", "level3"} & set(_roles(table))
    # a column of names that are no level's names stays role-less
    plain = [[row[0], "采购设备", *row[2:]] for row in BODY]
    assert "level2" not in _roles(_table(GARBLED, body=plain))


def test_a_row_made_of_the_headers_cells_merged_down_is_a_header_line():
    header = Cell(row=0, col=0, rowspan=2, text="一级指标", bbox=(0, 0, 10, 20), method="ocr")
    cells = [header, Cell(row=0, col=1, rowspan=2, text="二级指标", bbox=(10, 0, 20, 20), method="ocr"),
             Cell(row=1, col=2, text="41", bbox=(20, 10, 30, 20), method="ocr")]
    table = PageTable(page=1, bbox=(0, 0, 30, 20), n_rows=2, n_cols=3, cells=cells, method="ocr",
                      col_edges=[0, 10, 20, 30])
    row = table_rows(table)[1]
    assert continues_header(row, header_end=0)
    assert not continues_header(row, header_end=-1)  # cells begun below the header are the body's own


def _ind(level1: str, level2: str, page: int = 1, method: str = "ocr") -> Indicator:
    return Indicator(row_index=0, level1_raw=level1, level2_raw=level2, provenance=Provenance(page=page, method=method))


def _unsure(ind: Indicator, field: str) -> float:
    """Names read as garbled as the tune faxes' (below GARBLED)."""
    return 0.1 if ind.provenance.method == "ocr" else 1.0


def test_a_groups_first_rows_take_the_name_printed_below_them_on_ocr_pages_only():
    rows = [_ind("产出指标", ""), _ind("产出指标", ""), _ind("产出指标", "数量指标"), _ind("效益指标", "")]
    assert names_from_below(rows) == [(0, "level2"), (1, "level2")]
    assert [r.level2_raw for r in rows] == ["数量指标", "数量指标", "数量指标", ""]  # none below under 效益
    text = [_ind("产出指标", "", method="text"), _ind("产出指标", "数量指标", method="text")]
    assert names_from_below(text) == [] and text[0].level2_raw == ""


def test_a_level1_name_below_is_not_given_to_rows_the_schema_files_under_another():
    # a continuation page's first rows (456's form): 成本指标 rows, their 一级 printed on the page before,
    # above 效益指标's rows; 成本指标 sits under 产出指标 (or 履职效果), never 效益指标
    rows = [_ind("", "成本指标"), _ind("", "成本指标"), _ind("效益指标", "社会效益指标")]
    assert names_from_below(rows) == [] and [r.level1_raw for r in rows] == ["", "", "效益指标"]
    rows = [_ind("", "数量指标"), _ind("产出指标", "质量指标")]  # the name below may hold them: given
    assert names_from_below(rows) == [(0, "level1")]


def test_a_continuation_pages_first_rows_keep_their_blank_level1_on_a_scan(sample_runs):
    # 181's stamped grey scan (456's form printed by Calc): read by OCR, the 效益指标 below its first rows was
    # carried up onto them, 成本指标 rows among them (fields 0.847 on arrival)
    (doc,) = sample_runs.documents([SAMPLES / "181_railway_continuation_calc_seal150.pdf"])
    (form,) = doc.forms
    assert [i.level1_raw for i in form.indicators[:4]] == ["", "", "", ""]
    assert [i.level1_raw for i in form.indicators[4:7]] == ["效益指标"] * 3


def test_unsure_names_are_chosen_among_those_the_forms_structure_leaves():
    rows = [_ind("产出指标", "2iわł"), _ind("产出指标", "质量指标"), _ind("效益指标", "经济效益指标"),
            _ind("效益指标", "や公告设指标"), _ind("效益指标", "生态效益指标"), _ind("效益指标", "级出国邮标")]
    given = names_by_structure(rows, _unsure)
    assert [r.level2_raw for r in rows] == ["数量指标", "质量指标", "经济效益指标", "社会效益指标", "生态效益指标",
                                            "可持续影响指标"]
    assert {(0, "level2"), (3, "level2"), (5, "level2")} <= set(given)
    # a 二级 name read in the 一级 cell (905 at 100 dpi): the parent of its group's 二级 names
    shifted = [_ind("产出指标", "数量指标"), _ind("数量指标", "社会效益指标"), _ind("数量指标", "经济效益指标")]
    assert names_by_structure(shifted, _unsure) == [(1, "level1"), (2, "level1")]
    assert shifted[1].level1_raw == "效益指标"


def test_names_read_surely_change_only_one_glyph_off_and_own_names_are_left_alone():
    rows = [_ind("出指标", "数量指标"), _ind("出指标", "质量指标"), _ind("效益指标", "社会效益指标")]
    assert names_by_structure(rows, lambda ind, field: 0.99) == [(0, "level1"), (1, "level1")]
    assert rows[0].level1_raw == "产出指标"
    # a glyph more than a name is the office's own wording, kept (909 prints 服务对象满意度指标等)
    extra = [_ind("满意度指标", "服务对象满意度指标等"), _ind("产出指标", "数量指标")]
    assert names_by_structure(extra, lambda ind, field: 0.99) == [] and extra[0].level2_raw.endswith("等")
    # an assessment table's own 二级 names are no misread schema names, however unsure
    own = [_ind("部门管理", "结转结余情况"), _ind("部门管理", "应付账款"), _ind("部门管理", "预算执行情况")]
    assert names_by_structure(own, _unsure) == []
    assert [r.level2_raw for r in own] == ["结转结余情况", "应付账款", "预算执行情况"]
    # a name read fairly (above GARBLED) that names nothing its place allows is the office's own, kept
    fair = [_ind("产出指标", "数量指标"), _ind("产出指标", "项目推进"), _ind("效益指标", "社会效益指标")]
    assert names_by_structure(fair, lambda ind, field: 0.5) == [] and fair[1].level2_raw == "项目推进"


def test_names_run_together_in_one_merged_cell_are_given_one_per_row():
    joined = "质量指标时效指标成本指标"
    rows = [_ind("产出指标", "数量指标"), *(_ind("产出指标", joined) for _ in range(3))]
    assert joined_names(rows) == [(1, "level2"), (2, "level2"), (3, "level2")]
    assert [r.level2_raw for r in rows] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    two = [_ind("产出指标", joined), _ind("产出指标", joined)]  # three names over two rows: left as read
    assert joined_names(two) == [] and two[0].level2_raw == joined


def test_the_tune_faxes_garbled_二级_names_are_chosen_by_the_form_and_left_in_doubt(sample_runs):
    # 200 at 100 dpi: 成本指标 read "成本", 社会效益指标 "や公告设指标", 可持续影响指标 "级出国邮标";
    # 130 at 100 dpi: 可持续影响指标 read "49051"
    farmland, forest = sample_runs.documents([SAMPLES / "200_renshou_farmland_fax100.pdf",
                                              SAMPLES / "130_hezhou_forest_fax100.pdf"])
    (form,) = farmland.forms
    assert [form.indicators[k].level2_raw for k in (6, 8, 10)] == ["成本指标", "社会效益指标", "可持续影响指标"]
    (other,) = forest.forms
    assert other.indicators[9].level2_raw == "可持续影响指标"
    for f, rows in ((form, (6, 8, 10)), (other, (9,))):
        assert f.verdict == "suspect"
        assert all(NAME_BY_STRUCTURE in f.indicators[k].context_codes("level2") for k in rows)
        assert any(r.code == NAME_BY_STRUCTURE and r.field == "level2" for r in f.verdict_reasons)


def test_a_name_that_lost_its_first_glyph_gets_it_from_another_name_of_the_form(sample_runs):
    # 446 at 204×98: the 一级 "一般公共预算支出管理(60分)" read without its 一, the 二级 beside it prints 一般公共预算支出
    (doc,) = sample_runs.documents([SAMPLES / "446_dept_budget_management_review_fax204.pdf"])
    (form,) = doc.forms
    assert {i.level1_raw for i in form.indicators} == {"一般公共预算支出管理(60分)"}
    assert all(NAME_BY_STRUCTURE in i.context_codes("level1") for i in form.indicators)
    assert form.verdict == "suspect"
    # names that merely begin alike, or a reading another name begins with, keep what was read
    rows = [_ind("般公共预算支出管理", "结转结余情况"), _ind("其他", "般公共预算支出")]
    rows[0].level3_raw = "一般公共预算支出实际完成率"
    names_by_structure(rows, _unsure)
    assert rows[0].level1_raw == "般公共预算支出管理"

"""Header labels of an indicator table name their level even when a scan misread a glyph."""
from __future__ import annotations

from jixiao.pipeline.assembly.columns import role_of


def test_level_headers_read_as_printed():
    assert [role_of(w, None) for w in ("一级指标", "二级指标", "三级指标")] == ["level1", "level2", "level3"]


def test_a_misread_ji_keeps_the_numerals_level():
    """150 dpi scan 003 (tune): the recogniser read the header 三级指标 as "三银指标"; the column is still
    the 三级指标 names, not lost."""
    assert role_of("三银指标", 2) == "level3"
    assert role_of("二汲指标", 1) == "level2"


def test_labels_without_a_level_numeral_keep_their_roles():
    assert role_of("指标名称", None) == "level3"  # the name column, as before
    assert role_of("年度指标", None) == "target"


def _text_table(header: list[str], body: list[list[str]]):
    from jixiao.models import Cell, PageTable

    cells = [Cell(row=r, col=k, text=t, bbox=(k * 10, r * 10, k * 10 + 10, r * 10 + 10), method="text")
             for r, row in enumerate([header, *body]) for k, t in enumerate(row)]
    return PageTable(page=1, bbox=(0, 0, 10 * len(header), 10 * (len(body) + 1)), n_rows=len(body) + 1,
                     n_cols=len(header), cells=cells, method="text",
                     col_edges=[k * 10 for k in range(len(header) + 1)])


def test_a_project_column_beside_numbered_levels_is_no_level():
    """A 项目 | 一级指标 | 二级指标 | 三级指标 header: its 项目 column holds a project's name (or nothing),
    not the 一级指标 names; only an assessment header (考核内容 / 考核指标, no numbered level) makes 项目 a level."""
    from jixiao.pipeline.assembly.columns import column_map
    from jixiao.pipeline.assembly.rows import table_rows

    table = _text_table(["项目", "一级指标", "二级指标", "三级指标", "指标值", "分值", "得分"],
                        [["", "产出指标", "数量指标", "完成数", "≥95%", "10", "9"]])
    header, row = table_rows(table)
    cmap = column_map(header)
    assert [c.role for c in cmap.columns if c.role.startswith("level")] == ["level1", "level2", "level3"]
    assert cmap.values(row)["level1"][0] == "产出指标"

    assessment = _text_table(["项目", "考核内容", "考核指标", "权数", "考评得分"],
                             [["一般公共预算支出管理(60分)", "结转结余情况", "结转结余率", "20", ""]])
    header, row = table_rows(assessment)
    values = column_map(header).values(row)
    assert [values[k][0] for k in ("level1", "level2", "level3")] == [
        "一般公共预算支出管理(60分)", "结转结余情况", "结转结余率"]

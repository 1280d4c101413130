"""Column roles from header words (pipeline/assembly/columns.py): how a row is scored is not how an
indicator is computed, and a table scored only as shares of the weight keeps that column."""
from jixiao.models.page import Cell, PageContent, PageTable
from jixiao.pipeline.assembly.columns import role_of
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.pipeline.validation.cell_doubts import cell_reasons


def test_only_a_scoring_method_is_the_basis():
    for label in ("得分计算方法", "计分方法", "评分方法", "评分标准", "评分办法"):
        assert role_of(label, 3) == "basis", label
    # how an indicator's value is computed defines it: neither the scoring method nor its target
    assert role_of("指标值计算方法", 3) == "explanation"
    assert role_of("年度指标值", 3) == "target"


def test_a_score_rate_is_a_role_of_its_own():
    assert role_of("得分率", 3) == "score_rate" and role_of("得分系数(%)", 3) == "score_rate"
    assert role_of("指标得分(分)", 3) == "score"


COL_X = [40, 120, 260, 340, 420, 480, 540]


def _form(header: list[str], rows: list[list[str]]):
    cells = [Cell(row=r, col=c, text=text, raw_text=text, bbox=(COL_X[c], 100 + 20 * r, COL_X[c + 1], 120 + 20 * r),
                  confidence=1.0, method="text")
             for r, row in enumerate([header, *rows]) for c, text in enumerate(row)]
    table = PageTable(page=1, bbox=(COL_X[0], 100, COL_X[-1], 120 + 20 * len(rows)), n_rows=len(rows) + 1,
                      n_cols=len(header), cells=cells, method="text", col_edges=[float(x) for x in COL_X])
    (form,) = assemble_forms([PageContent(page=1, width=595, height=842, method="text", tables=[table])], "x.pdf")
    return form


ROWS = [["数量指标", "新建供水工程", "≥12处", "12处", "40"], ["质量指标", "工程验收合格率", "100%", "100%", "30"],
        ["社会效益指标", "自来水普及率", "≥92%", "93.5%", "30"]]


def test_a_table_scored_only_as_shares_keeps_its_score_rate_column_and_is_in_doubt():
    form = _form(["二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分率"],
                 [row + [rate] for row, rate in zip(ROWS, ("100%", "100%", "96%"))])
    assert "score_rate" in form.header_roles and "score" not in form.header_roles
    assert all(i.score is None for i in form.indicators)
    assert any(r.code == "MISSING_CELL" and r.field == "score" for r in cell_reasons(form))


def test_a_score_rate_beside_a_score_column_adds_nothing():
    form = _form(["二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                 [row + [score] for row, score in zip(ROWS, ("40", "30", "29"))])
    assert "score_rate" not in form.header_roles and [i.score for i in form.indicators] == [40, 30, 29]


def test_a_progress_column_is_what_was_achieved():
    # 449: a report's copy of its target table heads the achieved column 实施进度 ("已完成100%")
    for label in ("实施进度", "完成进度", "执行进度"):
        assert role_of(label, 3) == "actual", label
    # a planned progress is what was aimed at, never what was achieved
    assert role_of("计划完成进度", 3) != "actual" and role_of("预期进度目标", 3) != "actual"

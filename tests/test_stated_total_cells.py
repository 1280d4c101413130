"""The total row's printed score: read with its 分 where the form prints one, and doubted, never
dropped, where it prints something the reader cannot parse (the form's stated score is then unknown,
and every check against it is skipped: an auditor must see why)."""
from pathlib import Path

import pytest

from jixiao.models.page import Cell, PageContent, PageTable
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.pipeline.validation.validate import validate_forms
from jixiao.pipeline.validation.verdict import judge_form

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
COL_X = [40, 110, 180, 280, 360, 440, 490, 540]
ROWS = [
    ["产出指标", "数量指标", "新建供水工程", "≥12处", "12处", "50", "50"],
    ["效益指标", "社会效益指标", "自来水普及率", "≥92%", "93.5%", "50", "48"],
]


def _page(total_row: list[str]) -> PageContent:
    cells = []
    for r, row in enumerate([HEADER, *ROWS, total_row]):
        for c, text in enumerate(row):
            bbox = (COL_X[c], 100 + 20 * r, COL_X[c + 1], 120 + 20 * r)
            cells.append(Cell(row=r, col=c, text=text, raw_text=text, bbox=bbox, confidence=1.0, method="text"))
    n_rows = len(ROWS) + 2
    table = PageTable(page=1, bbox=(COL_X[0], 100, COL_X[-1], 100 + 20 * n_rows), n_rows=n_rows, n_cols=7,
                      cells=cells, method="text", col_edges=[float(x) for x in COL_X])
    return PageContent(page=1, width=595, height=842, method="text", tables=[table])


def _total_doubts(total_row: list[str]):
    (form,) = assemble_forms([_page(total_row)], "form.pdf")
    reasons = judge_form(form, validate_forms([form]))
    return form, [r for r in reasons if r.field == "total" and r.code == "NOT_A_NUMBER"]


def test_426_reads_its_total_printed_with_its_unit(sample_runs):
    # 总分 | 100分 in the score column: the 分 is the form's unit, not a misreading
    (doc,) = sample_runs.documents([SAMPLES / "426_tanghu_town.pdf"])
    assert [f.stated_total for f in doc.forms] == [100]


@pytest.mark.parametrize("score", ["98分", "98 分", "98"])
def test_a_total_in_the_score_column_is_read_with_or_without_its_unit(score):
    form, doubts = _total_doubts(["合计", "", "", "", "", "100", score])
    assert form.stated_total == 98 and not doubts


@pytest.mark.parametrize("total_row", [
    ["合计", "", "", "", "", "100", "玖拾捌分"],  # the score column holds words, not a figure
    ["总分", "", "", "", "100", "得分", "九十八"],  # after the row's own 得分 label
])
def test_a_printed_total_that_does_not_parse_is_doubted_not_dropped(total_row):
    form, doubts = _total_doubts(total_row)
    assert form.stated_total is None
    assert form.stated_total_cell is not None and form.stated_total_cell.text == total_row[-1]
    assert len(doubts) == 1 and doubts[0].read == total_row[-1]


def test_a_total_printed_with_its_unit_keeps_its_cell():
    form, doubts = _total_doubts(["总分", "", "", "", "100", "得分", "95分"])
    assert form.stated_total == 95 and form.stated_total_cell.text == "95分" and not doubts


@pytest.mark.parametrize("total_row", [
    ["总分", "100", "得分", "", "评价等级", "优", ""],  # the score not yet given, a grade label beyond it
    ["合计", "", "", "", "", "100", "优"],  # a grade where the score would be
])
def test_a_total_row_stating_no_score_is_no_doubt(total_row):
    form, doubts = _total_doubts(total_row)
    assert form.stated_total is None and not doubts


@pytest.mark.parametrize("blank", ["", "—", "/"])
def test_a_total_left_blank_is_no_doubt(blank):
    form, doubts = _total_doubts(["合计", "", "", "", "", "100", blank])
    assert form.stated_total is None and not doubts

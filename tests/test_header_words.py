"""An OCR header row whose headings a fax misread past recognition, read as the headings its ink
supports (pipeline/assembly/header_cells.py over the "header" column vocabulary), and a fax speck
read as a lone mark in an empty row left out of the indicators."""
from __future__ import annotations

import json
from pathlib import Path

from jixiao.models import Cell, PageContent, PageTable
from jixiao.pipeline.assembly.columns import is_indicator_header
from jixiao.pipeline.assembly.forms import assemble_forms
from jixiao.pipeline.assembly.header_cells import HEADING_MIN_SHARE, as_heading_words
from jixiao.pipeline.assembly.rows import table_rows

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"

#: 427's 100 dpi fax as its recogniser read the header (free reading, confidence, heading word and share).
HEADER = [("单位名称", 0.31, ("单位名称", 1.0)), ("项名称", 0.13, ("项目名称", 3.6e-3)),
          ("40 411", 0.2, ("指标方向性", 0.0)), ("级指标", 0.1, ("二级指标", 1.5e-3)), ("微指标", 0.02, ("三级指标", 6.6e-5)),
          ("擦标值", 0.21, ("指标值", 0.024)), ("权型", 0.59, ("权重", 2.2e-3))]
ROWS = [["", "", "产出指标", "数量指标", "完成数", "≥95%", "10"],
        ["", "", "效益指标", "社会效益指标", "满意度", "≥90%", "20"]]


def _table(method: str = "ocr", header=HEADER, rows=ROWS, speck_row: bool = False) -> PageTable:
    cells = [Cell(row=0, col=k, text=text, bbox=(k * 10, 0, k * 10 + 10, 10), confidence=conf, method=method,
                  vocabulary_readings={"header": word} if word else {})
             for k, (text, conf, word) in enumerate(header)]
    data = ([["820-村镇部门", "", "", "", "8", "", ""]] if speck_row else []) + rows
    for r, row in enumerate(data, start=1):
        cells += [Cell(row=r, col=k, text=text, bbox=(k * 10, r * 10, k * 10 + 10, r * 10 + 10), method=method,
                       confidence=0.08 if text == "8" else 0.95) for k, text in enumerate(row)]
    return PageTable(page=1, bbox=(0, 0, 70, 10 * (len(data) + 1)), n_rows=len(data) + 1, n_cols=len(header),
                     cells=cells, method=method, col_edges=[k * 10 for k in range(len(header) + 1)])


def test_misread_headings_are_read_as_the_heading_words_their_ink_supports():
    row = table_rows(_table())[0]
    assert not is_indicator_header(row)
    heading = as_heading_words(row)
    assert heading is not None and is_indicator_header(heading)
    assert heading.texts[2:] == ["40 411", "二级指标", "三级指标", "指标值", "权重"]
    assert row.texts[4] == "微指标"  # the row as read is left as it was


def test_sure_cells_weak_words_and_text_layers_keep_their_reading():
    sure = [("微指标", 0.95, ("三级指标", 0.5))]
    weak = [("微指标", 0.02, ("三级指标", HEADING_MIN_SHARE / 10))]
    assert as_heading_words(table_rows(_table(header=sure, rows=[]))[0]) is None
    assert as_heading_words(table_rows(_table(header=weak, rows=[]))[0]) is None
    assert as_heading_words(table_rows(_table("text"))[0]) is None


def test_a_table_whose_headings_were_misread_is_found_without_its_speck_row():
    page = PageContent(page=1, width=100, height=100, method="ocr", tables=[_table(speck_row=True)])
    (form,) = assemble_forms([page])
    assert [i.level3_raw for i in form.indicators] == ["完成数", "满意度"]
    assert [i.weight for i in form.indicators] == [10, 20]


def test_the_landscape_declaration_faxed_at_100_dpi_is_found_with_every_row(sample_runs):
    (doc,) = sample_runs.documents([SAMPLES / "427_mata_declaration_fax100.pdf"])
    (form,) = doc.forms
    assert len(form.indicators) == 8
    assert form.verdict != "ok"


def test_a_recognised_header_reads_its_roleless_unsure_cells_as_heading_words(sample_runs):
    # 135: a stamped photo whose two 分值 headings came out "万Ⅲ" under the shadow; the header was found by its
    # level names, and the 分值 columns, named by nothing as read, were dropped with every row's weight
    (doc,) = sample_runs.documents([SAMPLES / "135_quanzhou_fishery_photo_seal.pdf"])
    (form,) = doc.forms
    assert "weight" in form.header_roles
    # every row's weight, the 满意度 row's too since the rules the stamp lifted are bridged under its footprint
    assert [i.weight for i in form.indicators] == [8, 8, 6, 10, 8, 10, 10, 10, 10, 10]


def test_a_roleless_unsure_heading_gains_only_a_role_the_header_lacks():
    from jixiao.pipeline.assembly.header_cells import roleless_cells_as_heading_words

    named = [("一级指标", 0.95, None), ("二级指标", 0.95, None), ("三级指标", 0.95, None)]
    shadowed = ("万Ⅲ", 0.1, ("分值", 0.01))   # 135's 分值 heading under a stamp's shadow
    remark = ("备汁", 0.3, ("分值", 0.01))     # a 备注 heading read unsurely, its ink nearest 分值
    lacking = roleless_cells_as_heading_words(table_rows(_table(header=[*named, shadowed], rows=[]))[0])
    assert lacking.texts[3] == "分值"
    having = roleless_cells_as_heading_words(table_rows(_table(header=[*named, ("分值", 0.95, None), remark],
                                                                rows=[]))[0])
    assert having.texts[4] == "备汁"
    # two roleless cells cannot both become the one missing 分值 column
    both = roleless_cells_as_heading_words(table_rows(_table(header=[*named, shadowed, remark], rows=[]))[0])
    assert both.texts[3:] == ["分值", "备汁"]


def test_a_level_heading_read_from_a_blot_is_taken_beside_unnumbered_level_headings():
    from jixiao.pipeline.assembly.header_cells import roleless_cells_as_heading_words

    # a coarse fax: 一级指标 a blot, the merged 二级/三级 headings each read "级指标" (the first as read names level 1)
    header = [("■d:", 0.13, ("一级指标", 0.01)), ("级指标", 0.9, None), ("级指标", 0.9, None), ("分值", 0.95, None)]
    row = roleless_cells_as_heading_words(table_rows(_table(header=header, rows=[]))[0])
    assert row.texts[0] == "一级指标"


def test_a_roleless_heading_whose_word_keeps_a_tiny_share_is_kept_as_read():
    from jixiao.pipeline.assembly.header_cells import ROLELESS_HEADING_MIN_SHARE, roleless_cells_as_heading_words

    named = [("一级指标", 0.95, None), ("二级指标", 0.95, None), ("三级指标", 0.95, None)]
    faint = ("备汁", 0.3, ("分值", ROLELESS_HEADING_MIN_SHARE / 5))   # above HEADING_MIN_SHARE, below this one
    row = roleless_cells_as_heading_words(table_rows(_table(header=[*named, faint], rows=[]))[0])
    assert row.texts[3] == "备汁"


def test_a_heading_under_a_seal_names_the_weight_column(sample_runs):
    # 136: a seal over the 分值 heading once read "八刀但" (0.63), which no heading word's path fits; the header had
    # its 得分 but no 分值, and the column just left of it was taken for the weights by its place only
    # (WEIGHT_BY_POSITION, the form suspect). Since rules are erased only where they divide cells (the rule under
    # the heading row was erased through the merged heading's strokes), the heading reads 分值 and names its column.
    (doc,) = sample_runs.documents([SAMPLES / "136_henan_rate_row_seal300.pdf"])
    (form,) = doc.forms
    assert "weight" in form.header_roles
    # the seal also took the rule between 受益群众人数's actual and its 分值 (once read as one cell "2.4万人15"):
    # the rows above and below divide the two there, and the row's text falls apart along that line
    assert [i.weight for i in form.indicators] == [10, 15, 10, 10, 5, 10, 15, 15, 10]
    assert form.indicators[6].actual.text == "2.4万人"
    # the rule is bridged across the seal's footprint (extractors/ocr/sealed_rules.py), seen on both sides of it;
    # the column is named by its heading, not its place, and the form, read whole, is not left in doubt
    assert not [r for r in form.verdict_reasons if r.code == "WEIGHT_BY_POSITION"]
    assert form.verdict == "ok"


def test_the_digital_print_of_an_unsure_heading_form_reads_its_weights(sample_runs):
    (doc,) = sample_runs.documents([SAMPLES / "136_henan_rate_row.pdf"])
    (form,) = doc.forms
    assert [i.weight for i in form.indicators] == [10, 15, 10, 10, 5, 10, 15, 15, 10]
    assert form.verdict == "ok"


#: A header whose 分值 heading a seal made unreadable ("八刀但", named by no heading word), just left of 得分.
_SEALED_WEIGHT_HEADER = [("一级指标", 0.95, None), ("二级指标", 0.95, None), ("三级指标", 0.95, None),
                         ("年度指标值", 0.95, None), ("实际完成值", 0.95, None), ("八刀但", 0.5, None), ("得分", 0.95, None)]


def _sealed_weight_form(header, rows):
    from jixiao.pipeline.validation.verdict import judge_form, verdict_of

    (form,) = assemble_forms([PageContent(page=1, width=100, height=100, method="ocr",
                                          tables=[_table(header=header, rows=rows)])])
    return form, verdict_of(judge_form(form, []))


def test_a_weight_column_taken_by_position_is_read_and_doubted():
    from jixiao.models.form import WEIGHT_BY_POSITION

    rows = [["产出指标", "数量指标", "完成数", "≥95%", "98%", "10", "10"],
            ["效益指标", "社会效益指标", "满意度", "≥90%", "92%", "20", "18"]]
    form, verdict = _sealed_weight_form(_SEALED_WEIGHT_HEADER, rows)
    assert [i.weight for i in form.indicators] == [10, 20]
    assert all(i.from_context["weight"] == WEIGHT_BY_POSITION for i in form.indicators)
    # the figures add up as weights would, and still the column was named by its place, not its heading
    assert verdict == "suspect"


def test_the_actual_column_left_of_the_score_is_not_taken_for_the_weights():
    # the unsure heading left of 得分 is the actual's (年度指标值 read, 实际完成值 not): no weights by position
    header = [*_SEALED_WEIGHT_HEADER[:4], ("八刀但", 0.5, None), ("得分", 0.95, None)]
    rows = [["产出指标", "数量指标", "完成数", "≥95%", "98", "10"],
            ["效益指标", "社会效益指标", "满意度", "≥90%", "92", "18"]]
    form, _ = _sealed_weight_form(header, rows)
    assert [i.weight for i in form.indicators] == [None, None]
    assert "weight" not in form.header_roles


def test_figures_left_of_an_empty_score_column_are_not_taken_for_the_weights():
    # a grid that split the 得分 heading from its column: the rows' figures sit left of it, under the unsure
    # heading, and 得分's own column is empty on every row; those figures are the scores, not weights
    rows = [["产出指标", "数量指标", "完成数", "≥95%", "98%", "10", ""],
            ["效益指标", "社会效益指标", "满意度", "≥90%", "92%", "18", ""]]
    form, verdict = _sealed_weight_form(_SEALED_WEIGHT_HEADER, rows)
    assert [i.weight for i in form.indicators] == [None, None]
    assert not any(i.from_context for i in form.indicators)
    assert "weight" not in form.header_roles
    assert verdict == "suspect"  # no row has a score


def test_a_stamped_grey_scan_of_a_numbered_rules_column_form_reads_its_rows_and_weights(sample_runs):
    # 137 (443's template, tune twin of its stamped scan): a 序号 column, a wide 指标说明 column, bare bracketed
    # 一级 points and 指标分值 / 县级评分 / 市级评分 headings two characters to a line in narrow cells; stamped over
    # the score columns and scanned grey at 150 dpi. Every row is found and the weights' column named; the rows
    # clear of the seal read their weights and scores as printed, and the form is in doubt where the seal is
    truth = json.loads((SAMPLES.parent / "truth" / "137_guichi_rural_environment.json").read_text(encoding="utf-8"))
    expected = truth["forms"][0]["indicators"]
    (doc,) = sample_runs.documents([SAMPLES / "137_guichi_rural_environment_seal150.pdf"])
    (form,) = doc.forms
    assert len(form.indicators) == len(expected) and form.sealed
    assert {"weight", "score"} <= set(form.header_roles)
    clear = range(12)  # rows above the seal
    assert [form.indicators[k].weight for k in clear] == [expected[k]["weight"] for k in clear]
    assert [form.indicators[k].score for k in clear] == [expected[k]["score"] for k in clear]
    assert [i.level1 for i in form.indicators] == [r["level1_canonical"] for r in expected]
    assert form.verdict == "suspect"


def _cut_heading_table(lower: str) -> PageTable:
    """A two-line header whose 得分 heading the grid cut in two ("得分" over ``lower``), every other heading a
    block merged down both lines, then one indicator row."""
    tall = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]
    cells = [Cell(row=0, col=k, rowspan=2, text=t, bbox=(k * 10, 0, k * 10 + 10, 20), confidence=0.99, method="ocr")
             for k, t in enumerate(tall)]
    cells += [Cell(row=0, col=5, text="得分", bbox=(50, 0, 60, 10), confidence=0.76, method="ocr"),
              Cell(row=1, col=5, text=lower, bbox=(50, 10, 60, 20), confidence=0.9, method="ocr")]
    cells += [Cell(row=2, col=k, text=t, bbox=(k * 10, 20, k * 10 + 10, 30), confidence=0.99, method="ocr")
              for k, t in enumerate(["产出指标", "数量指标", "完成数", "≥95%", "96%", "9"])]
    return PageTable(page=1, bbox=(0, 0, 60, 30), n_rows=3, n_cols=6, cells=cells, method="ocr",
                     col_edges=[k * 10 for k in range(7)])


def test_a_heading_cut_by_the_grid_keeps_the_role_read_above_the_cut():
    # the line under the cut repeats every merged heading, so it passes for the header; its "付刀" names no column
    page = PageContent(page=1, width=100, height=100, method="ocr", tables=[_cut_heading_table("付刀")])
    (form,) = assemble_forms([page])
    assert "score" in form.header_roles
    assert [i.score for i in form.indicators] == [9]


def test_a_second_header_line_that_names_a_column_is_read_as_printed():
    page = PageContent(page=1, width=100, height=100, method="ocr", tables=[_cut_heading_table("偏差原因")])
    (form,) = assemble_forms([page])
    assert "score" not in form.header_roles and "note" in form.header_roles


def test_a_stamped_scan_whose_score_heading_the_grid_cut_reads_its_weights_and_scores(sample_runs):
    # 138: in the 300 dpi scan a row rule was found through the 得分 heading's glyphs ("得分" over "付刀") and 分值
    # read "八刀但"; the line under the cut was taken as the header and both columns were dropped (then the weights
    # were taken from their place left of 得分, the form suspect). Judged by the column rules drawn at its height,
    # the stroke cuts no heading: both headings name their columns and the form, read whole, is ok.
    (doc,) = sample_runs.documents([SAMPLES / "138_henan_rate_row_seal300.pdf"])
    (form,) = doc.forms
    assert [i.weight for i in form.indicators] == [10, 15, 10, 10, 5, 10, 15, 15, 10]
    assert [i.score for i in form.indicators] == [9.26, 15, 10, 10, 5, 10, 15, 15, 10]
    assert {"weight", "score"} <= set(form.header_roles) and form.verdict == "ok"


def test_the_digital_print_of_the_cut_heading_form_reads_ok(sample_runs):
    (doc,) = sample_runs.documents([SAMPLES / "138_henan_rate_row.pdf"])
    (form,) = doc.forms
    assert [i.score for i in form.indicators] == [9.26, 15, 10, 10, 5, 10, 15, 15, 10]
    assert form.verdict == "ok"

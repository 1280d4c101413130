"""The template families offices publish, end to end on samples 400–418.

400–405 and 420–425 are real published forms (四川, 安徽, 河北, 云南, 湖南, 海南); 410–418 hand-written forms
of the families the public pages did not yield (samples/README.md). The digital
PDFs are read once per session (text path); each test checks one behaviour on
the file that shows it, and the corpus-level test checks the issue's targets.
"""
import json
from pathlib import Path

import pytest

from jixiao.extractors.readers import ReadOptions
from jixiao.pipeline.settings import ExtractOptions
from sample_files import SAMPLES, TRUTH, entries, manifest

FAMILY = [e for e in entries("digital") if Path(e["file"]).name[:1] == "4"]
FAMILY_FILES = [SAMPLES / e["file"] for e in FAMILY]
TEXT_ONLY = ExtractOptions(read=ReadOptions(ocr="never"))
RULED_ONLY = ExtractOptions(read=ReadOptions(ocr="never", extractor="ruled"))


@pytest.fixture(scope="module")
def result(sample_runs):
    return sample_runs.result(FAMILY_FILES, TEXT_ONLY)


@pytest.fixture(scope="module")
def evaluation(sample_runs):
    return sample_runs.evaluation(FAMILY_FILES, TEXT_ONLY)


@pytest.fixture(scope="module")
def ruled_evaluation(sample_runs):
    return sample_runs.evaluation(FAMILY_FILES, RULED_ONLY)


def _meets_targets(summary: dict) -> None:
    assert summary["forms_found"] == summary["forms_expected"]
    assert summary["extra_forms"] == 0
    assert summary["row_recall"] == summary["row_precision"] == 1.0
    assert summary["field_exact"] >= 0.98
    assert summary["expected_findings_found"] == 1.0
    assert summary["false_findings_on_consistent_forms"] == 0


def _form(result, name: str, index: int = 0):
    doc = next(d for d in result.documents_ if d.source_file == f"{name}.pdf")
    return doc.forms[index]


def _rules(result, name: str) -> set[str]:
    found = result.findings[result.findings["source_file"] == f"{name}.pdf"]
    return set(found[found["severity"].isin(["error", "warning"])]["rule"])


def test_every_family_file_is_labelled_for_tuning_or_holdout():
    labelled = [e for e in manifest() if Path(e["file"]).name[:1] == "4"]
    assert labelled and all(e.get("kind") and e.get("split") in ("tune", "holdout") for e in labelled)
    assert {e["split"] for e in labelled} == {"tune", "holdout"}


def test_real_forms_cite_their_public_page():
    family = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("4[0-9][0-9]_*.json"))]
    real = [t for t in family if t["synthetic"] is False]
    assert all(t["source"] and t["province"] for t in real)
    # 400–405 and 420–425: twelve published forms from six provinces, as the issue asks
    assert len(real) >= 12 and len({t["province"] for t in real}) >= 6


#: Family files short of the corpus targets, and why: holdout real forms measured on arrival and not
#: examined, kept out of the corpus figures here and in sight in test_a_real_form_of_the_sixth_search.
SHORT_ON_ARRIVAL: dict[str, str] = {}


def _family_summary(evaluation) -> dict:
    from jixiao.pipeline.evaluation.scorer import summarize

    files = [f for f in evaluation["files"] if f["variant"] == "digital" and f["file"] not in SHORT_ON_ARRIVAL]
    return summarize(files)["all"]


def test_corpus_targets_on_the_family_files_with_the_rules_only_reader(ruled_evaluation):
    _meets_targets(_family_summary(ruled_evaluation))


def test_corpus_targets_on_the_family_files(evaluation):
    _meets_targets(_family_summary(evaluation))


def test_a_ruled_note_naming_the_levels_keeps_the_ruled_table(result):
    # 401 ends in a ruled 注 cell ("一级指标分值统一设置为… 确定三级指标的分值"); the default reader
    # once took it for a whole header in one cell, dropped the ruled table and lost the budget block
    form = _form(result, "401_zhongjiang_gauge")
    assert (form.budget.weight, form.budget.score, form.budget.annual) == (10, 10, 20)
    assert {"WEIGHTS_NOT_100", "TOTAL_EXCLUDES_BUDGET"} <= _rules(result, "401_zhongjiang_gauge")


def test_template_rows_are_not_indicators(result):
    # 402 prints 17 template rows (指标2: / ……) among its 10 indicators; 416 prints 15
    assert len(_form(result, "402_tianchang_flood").indicators) == 10
    assert len(_form(result, "416_jiangxi_placeholders").indicators) == 7
    names = [i.level3_raw for i in _form(result, "401_zhongjiang_gauge").indicators]
    assert len(names) == 9 and "……" not in names and "" not in names


def test_a_dash_for_a_name_with_no_figure_is_a_template_row():
    from jixiao.pipeline.assembly.template_rows import is_template_row

    assert is_template_row({"level3": "-"}) and is_template_row({"level3": "－ －", "target": "/", "score": "-"})
    assert not is_template_row({"level3": "-", "weight": "10"})  # a figure: data, whatever its name
    assert not is_template_row({"level3": "指标1：/"})  # a slot the office marked not applicable stays data


def test_a_banner_column_is_never_data(result):
    # 416 heads its banner column 年度绩效指标完成情况 (a 完成情况 header): still not the actual value
    actuals = [i.actual.raw for i in _form(result, "416_jiangxi_placeholders").indicators]
    assert actuals[:3] == ["3150平方米", "100%", "90%"]


def test_real_split_target_with_box_drawing_equals_and_grade_in_the_total_row(result):
    # 永德县 2022: "═ 100 %" under a two-row 年度指标值 header, "总分 | 100 | 96 | 优", and a
    # 其他需要说明事项 row spanning the data columns just above the total
    form = _form(result, "405_yongde_nutrition")
    assert len(form.indicators) == 9
    rate = next(i for i in form.indicators if i.level3_raw == "生均补助标准达标率").target
    assert (rate.op, rate.value, rate.unit) == ("=", 100, "%")
    assert (form.stated_total, form.stated_grade, form.budget.annual) == (96, "优", 387664.62)
    assert not _rules(result, "405_yongde_nutrition")
    assert form.merged_figure_rows == []  # the 其他需要说明事项 row carries no figure: a label row
    assert form.unit == "永德县明朗中学"  # its 实施单位 cell, not the meta line "部门:…" run into "公开14表"


def test_a_blank_total_stays_blank(result):
    form = _form(result, "400_qingshen_wage")
    assert form.stated_total is None  # never the 合计 weight 100
    assert form.stated_weight_total == 100
    assert form.budget.score is None and form.budget.weight == 10
    assert form.kind == "project_self_eval"


def test_grade_printed_in_a_row_is_read_and_checked(result):
    assert _form(result, "410_hubei_dept2020").stated_grade == "优"
    assert _form(result, "416_jiangxi_placeholders").stated_grade == "良"
    assert "GRADE_MISMATCH" in _rules(result, "416_jiangxi_placeholders")


def test_score_stated_in_the_header_block(result):
    form = _form(result, "414_chongqing_header_score")
    assert (form.stated_total, form.stated_grade) == (98, "优")
    assert "TOTAL_MISMATCH" in _rules(result, "414_chongqing_header_score")


def test_points_in_level1_labels_check_the_subtotals(result):
    weights = {i.level1_raw: i.level1_weight for i in _form(result, "415_gansu_level1_points").indicators}
    assert weights == {"产出指标（50分）": 50, "效益指标（25分）": 25, "满意度指标（10分）": 10}
    assert "SUBTOTAL_MISMATCH" in _rules(result, "415_gansu_level1_points")
    assert "SUBTOTAL_MISMATCH" not in _rules(result, "401_zhongjiang_gauge")  # its labels agree with its rows


def test_budget_block_with_its_points_counts_toward_the_total(result):
    form = _form(result, "412_guizhou_budget_block")
    budget = form.budget
    assert (budget.initial, budget.annual, budget.executed, budget.weight, budget.score) == (80, 86.5, 83.66, 10, 9.67)
    assert form.recomputed_total == pytest.approx(98.36)
    assert not _rules(result, "412_guizhou_budget_block")


def test_split_targets_keep_their_sign(result):
    targets = [i.target for i in _form(result, "412_guizhou_budget_block").indicators]
    assert [t.op for t in targets] == [">=", "=", ">=", "<=", "=", ">=", ">="]
    assert targets[1].raw == "=72890元" and targets[1].value == 72890


def test_declaration_takes_the_annual_value_not_the_medium_term_one(result):
    form = _form(result, "413_yunnan_declaration")
    assert form.kind == "target_declaration" and form.template == "declaration_midterm"
    first = form.indicators[0].target
    assert (first.raw.replace(" ", ""), first.op, first.value, first.unit) == ("≥72万人", ">=", 72, "万人")  # Writer spaces digits from CJK


def test_a_declarations_project_goal_left_of_the_names_is_not_the_rows_target(result):
    # 井研县 2023: 年度目标 (the project's goal, merged down its rows) stands before 一级指标, the rows'
    # split target (指标性质 | 指标值 | 度量单位) after 三级指标; read first, the goal was every row's target
    form = _form(result, "427_mata_declaration")
    targets = [(i.target.raw, i.target.op, i.target.value, i.target.unit) for i in form.indicators]
    assert len(targets) == 8 and targets[0] == ("≥95%", ">=", 95, "%") and targets[4] == ("≥230个", ">=", 230, "个")
    assert not any("按时发放" in raw for raw, *_ in targets)


def test_a_header_field_printed_as_a_column_of_the_indicator_table(result):
    # 井研县 2023: 单位名称 | 项目名称 head columns of the indicator table; the unit is the cell under its
    # heading in the first indicator row, not the department's subtotal row above it (820-马踏镇部门)
    form = _form(result, "427_mata_declaration")
    assert (form.unit, form.project) == ("820001-井研县马踏镇人民政府", "村组干部报酬")


def test_only_the_performance_form_of_a_final_accounts_report_is_a_form(result):
    doc = next(d for d in result.documents_ if d.source_file == "418_yunnan_final_accounts.pdf")
    assert len(doc.forms) == 1
    form = doc.forms[0]
    assert (len(form.indicators), form.stated_total, form.project) == (9, 99.42, "2023年农作物病虫害防控")


def test_budget_rate_as_a_level1_row(result):
    form = _form(result, "411_henan_rate_row")
    assert form.template == "budget_rate_row"
    assert form.indicators[0].level1_raw == "预算执行率（10分）" and form.indicators[0].score == 9.26
    assert not _rules(result, "411_henan_rate_row")


def test_findings_the_published_figures_imply(result, sample_runs):
    ruled = sample_runs.result([SAMPLES / "pdf/401_zhongjiang_gauge.pdf"], RULED_ONLY)
    assert {"WEIGHTS_NOT_100", "TOTAL_EXCLUDES_BUDGET"} <= _rules(ruled, "401_zhongjiang_gauge")
    assert "EXECUTION_RATE_MISMATCH" in _rules(result, "403_tangxi_entrust")
    # The shortfall is found; the extraction verdict currently doubts the unit "场回访" of
    # 不少于三场回访 (IMPLAUSIBLE_UNIT), so the finding is reported as needs_review, not warning.
    values = result.findings[result.findings["source_file"] == "417_guangxi_values.pdf"]
    assert set(values["rule"]) >= {"FULL_SCORE_DESPITE_SHORTFALL"}
    assert set(values[values["rule"] == "FULL_SCORE_DESPITE_SHORTFALL"]["severity"]) <= {"warning", "needs_review"}
    assert not _rules(result, "402_tianchang_flood")


def test_values_written_in_words_are_parsed(result):
    by_name = {i.level3_raw: i for i in _form(result, "417_guangxi_values").indicators}
    sessions = by_name["开展普法宣传活动场次"].target
    assert (sessions.op, sessions.value, sessions.unit) == (">=", 3, "场")
    assert by_name["培训基层调解员"].target.value == 2000
    assert by_name["群众法治意识知晓率"].target.value == 95
    assert by_name["新建法律服务工作站"].target.upper == 5
    assert by_name["项目总成本"].target.op == "~"
    satisfaction = by_name["受援群众满意度"]
    assert (satisfaction.target.value, satisfaction.target.unit, satisfaction.actual.value) == (90, "%", 96)


def test_every_form_records_its_template_family(result):
    families = {d.source_file: d.forms[0].template for d in result.documents_}
    assert families["410_hubei_dept2020.pdf"] == "national_2020_dept"
    assert families["402_tianchang_flood.pdf"] == "national_2020_project"
    assert families["400_qingshen_wage.pdf"] == "split_target"
    assert all(families.values())


# ------------------------------------------- real forms of the second and third searches (420–424, 425)

SECOND_SEARCH = ("420_hengshan_grain", "421_xiaoxian_farming", "422_jinzhai_village", "423_tangxi_villages",
                 "424_lijiang_satellite", "425_hainan_services_trade")


def _file_report(evaluation, name: str) -> dict:
    return next(f for f in evaluation["files"] if f["file"] == f"{name}.pdf")


def _read_exactly(evaluation, name: str, rows: int) -> dict:
    """The file's one form's evaluation, asserting every row found and every field and the unit read exactly."""
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["extracted_rows"] == report["matched_rows"] == rows
    assert report["field_exact"] == 1.0 and report["unit"]["exact"]
    return report


@pytest.mark.parametrize("name", SECOND_SEARCH)
def test_real_form_read_as_published(evaluation, result, name):
    # every row and field as the office printed it, the stated total as printed (or blank),
    # each finding the published figures imply, and no error or warning they do not
    (form,) = _file_report(evaluation, name)["forms"]
    assert form["found"] and form["truth_rows"] == form["extracted_rows"] == form["matched_rows"]
    assert form["field_exact"] == 1.0 and form["stated_total"]["exact"]
    assert all(e["found"] for e in form["expected_findings"])
    assert form["unexpected_findings"] == []
    # the verdict doubts nothing, except 424's last 得分, left blank where the stored copy ends
    # while every other row has one: a cell the verdict rightly asks to be looked at
    reasons = [r.code for r in _form(result, name).verdict_reasons if r.kind == "misread"]
    assert reasons == (["MISSING_CELL"] if name == "424_lijiang_satellite" else [])


def test_a_form_without_weight_or_score_columns(result):
    # 衡山县 2020: 年度指标值 / 全年完成值 only; nothing to re-score, nothing to accuse
    form = _form(result, "420_hengshan_grain")
    assert len(form.indicators) == 16
    assert all(i.weight is None and i.score is None for i in form.indicators)
    assert form.stated_total is None and not _rules(result, "420_hengshan_grain")
    assert [i.actual.raw for i in form.indicators if i.note] == ["无"]


def test_unweighted_breakdown_rows_and_a_repeated_budget_score(result):
    # 萧县 2023: "其中…" rows break a ★ row down without 分值/得分, and the 其中 budget line
    # repeats the total line's 分值 10 / 得分 10: rows 80 + budget 10 counted once = 90
    form = _form(result, "421_xiaoxian_farming")
    unweighted = [i.level3_raw for i in form.indicators if i.weight is None]
    assert len(form.indicators) == 14 and len(unweighted) == 7 and all(n.startswith("其中") for n in unweighted)
    assert sum(i.weight for i in form.indicators if i.weight is not None) == 80
    assert (form.budget.weight, form.budget.score) == (10, 10)
    assert _rules(result, "421_xiaoxian_farming") == {"WEIGHTS_NOT_100"}


def test_deadline_targets_and_an_overspent_budget(result):
    # 金寨县 2023: 时效 targets "9月前" are deadlines (≤ 9 月), 执行率 102.59% as printed
    form = _form(result, "422_jinzhai_village")
    deadline = next(i for i in form.indicators if i.level3_raw.endswith("自然村庄验收时间")).target
    assert (deadline.op, deadline.value, deadline.unit) == ("<=", 9, "月")
    assert (form.budget.executed, form.budget.rate, form.budget.score) == (338.31, 102.59, None)
    assert form.indicators[0].level3_raw == "指标1:开展精品示范村建设数量"  # a filled row, not a template row
    assert form.unit == "金寨县茶谷和美丽乡村建设服务中心"  # the 部门 | name cells of a 部门整体 form


def test_a_total_line_left_at_zero(result):
    assert "EXECUTION_RATE_MISMATCH" in _rules(result, "423_tangxi_villages")


def test_deductions_without_a_shortfall_on_a_split_target(result):
    # 丽江市古城区 2020: "﹦ | 100 | %" with 完成值 "100" (the unit printed once, in 度量单位),
    # scored 19 of 20 although met; four such rows, each reported (info: the office's own choice)
    form = _form(result, "424_lijiang_satellite")
    rate = next(i for i in form.indicators if i.level3_raw == "项目验收合格率")
    assert (rate.target.op, rate.target.value, rate.target.unit) == ("=", 100, "%")
    assert (rate.actual.raw, rate.actual.value, rate.actual.unit) == ("100", 100, "%")
    found = result.findings[result.findings["source_file"] == "424_lijiang_satellite.pdf"]
    assert list(found["rule"]) == ["DEDUCTION_WITHOUT_SHORTFALL"] * 4


def test_the_older_template_with_weights_at_every_level_and_a_side_by_side_money_line(result):
    # 海南 省商务厅: 项目决策 20 / 项目管理 25 / 项目绩效 55 with 分值 printed at all three levels and
    # one 得分 column (no target, no actual); the money line prints three label/value pairs in one row
    form = _form(result, "425_hainan_services_trade")
    assert len(form.indicators) == 15 and form.unit == "省商务厅服务贸易和商贸服务业处"
    assert [form.indicators[k].level1 for k in (0, 5, 11)] == ["决策", "过程", "项目绩效"]
    assert all(i.target.raw == "" and i.actual.raw == "" for i in form.indicators)
    assert sum(i.weight for i in form.indicators) == sum(i.score for i in form.indicators) == 60
    assert (form.budget.initial, form.budget.annual, form.budget.executed) == (570, 398.88, 395.86)
    # the stored copy ends inside 项目效益: the truncation shows as short weights and a short 项目绩效
    assert _rules(result, "425_hainan_services_trade") == {"WEIGHTS_NOT_100", "SUBTOTAL_MISMATCH"}



# Real forms of a fifth search (428-430): measured on arrival (fields exact 1.0 on each digital print before
# any code change); these tests pin what the readers do on them.


def test_a_money_cell_may_print_its_unit_word():
    from jixiao.pipeline.assembly.budget_block import parse_amount
    from jixiao.pipeline.assembly.forms import TITLE_UNIT_RE

    assert [parse_amount(t) for t in ("150万", "125.25万", "150万元", "880", "—", "万元")] == [150, 125.25, 150, 880, None, None]
    assert parse_amount("1500元") is None  # not 1500 under a 万元 caption
    units = [TITLE_UNIT_RE.match(t) for t in ("项目支出绩效自评表", "2023年项目支出绩效目标申报表",
                                              "2022年武威市政府政务服务中心预算项目支出绩效自评表")]
    assert [m.group("unit") if m else "" for m in units] == ["", "", "武威市政府政务服务中心"]


def test_a_title_names_the_unit_only_by_an_office_name(sample_runs):
    # 102's title (2022年度湘潭市雨湖区老旧小区改造项目绩效自评表) puts the project before its form
    # words: the project is no unit; an office's name ending a title is. Its unit is the 项目单位 cell.
    from jixiao.normalizers.office_names import OFFICE_END_RE

    assert [bool(OFFICE_END_RE.search(t)) for t in ("武威市政府政务服务中心", "临沧市永德县明朗中学",
                                                     "湘潭市雨湖区老旧小区改造", "沙湾区2023年学前教育发展资金")] == [
        True, True, False, False]
    (doc,) = sample_runs.documents([SAMPLES / "pdf/102_xiangtan.pdf"])
    assert doc.forms[0].unit == "湘潭市雨湖区住房和城乡建设局"

def test_satisfaction_filed_under_benefit_in_the_2015_declaration(result):
    # 湘潭市 2023: 社会公众或服务对象满意度指标 is the fifth 二级 under 效益指标; 指标值及单位 holds the target
    # with its unit, 绩效标准 beside it is no target; empty 经济/生态/可持续 rows are template rows
    form = _form(result, "428_xiangtan_fog_cannon")
    assert form.kind == "target_declaration" and len(form.indicators) == 7
    last = form.indicators[-1]
    assert (last.level1, last.level2, last.target.raw) == ("效益指标", "服务对象满意度指标", "≥90%")
    assert [i.target.raw for i in form.indicators[:2]] == ["10辆", "≥80M"]
    assert not _rules(result, "428_xiangtan_fog_cannon") and form.verdict == "ok"


def test_a_declaration_with_long_term_and_yearly_indicators_side_by_side(result):
    # 武汉市青山区 2020: 二级/三级/指标值 (长期) then (年度); only the year's half is filled
    form = _form(result, "429_qingshan_education")
    assert [i.level3_raw for i in form.indicators][:2] == ["重点建设工程安排数量", "重点建设工程验收合格率"]
    assert [i.target.raw for i in form.indicators][-1] == "≥90%" and len(form.indicators) == 7
    assert form.verdict == "ok"


def test_a_budget_line_carrying_the_forms_100_points(result):
    # 鄂州市 2021: the 年度资金总额 line prints 分值 100 / 得分 98 beside 执行率 83.5%, and 预算执行率 is an
    # indicator row (20 points, 18 scored): the form's own figures disagree, and the validator says so
    # (430 is tune: its money cells print their unit word, 150万 under 项目资金（万元）, and its title
    # 项目支出绩效自评表 names no office; both were read wrong, the amounts as none and the unit as 项目支出)
    form = _form(result, "430_ezhou_citizen_centre")
    assert (form.budget.weight, form.budget.score, form.budget.rate) == (100, 98, 83.5)
    assert (form.budget.annual, form.budget.executed) == (150, 125.25) and form.unit == ""
    assert [(r.initial, r.executed) for r in form.budget.rows] == [(150, 125.25), (0, 0), (0, 0)]
    assert _rules(result, "430_ezhou_citizen_centre") == {"EXECUTION_RATE_MISMATCH", "WEIGHTS_NOT_100",
                                                           "SCORE_FORMULA_MISMATCH"}


# Real forms of a sixth search (431-432), measured on arrival before any code change: 431's digital print read
# every field of its 5 rows exactly but took its six '-' template rows as indicators (then mended: a
# dash-only name with no figure is a template row; 431's digital print moved to tune); 432's
# read every field exactly, but its 执行率 printed as a share (0.958) was taken as 0.958 %, two false
# EXECUTION_RATE_MISMATCH errors. 432 (digital and photo) moved to tune to design the share reading.


def test_a_rate_printed_as_a_share_is_read_by_its_rows_arithmetic():
    from jixiao.pipeline.assembly.budget_block import rate_in_percent

    def rate(annual, executed, printed):
        return rate_in_percent({"annual": annual, "executed": executed, "rate": printed})

    assert rate(29, 27.8, 0.958) == 95.8 and rate(10, 10, 1) == 100  # 27.8/29 = 95.86 %, 10/10 = 100 %
    assert rate(29, 27.8, 95.8) == 95.8  # a percent stays
    assert rate(100, 1, 1) == 1  # 1 % of the money spent: the figure as printed agrees, no share
    assert rate(29, 27.8, 0.9) == 0.9  # 90 % is not 95.86 %: as printed, for the rule to question
    assert rate(None, 27.8, 0.958) == 0.958  # no money to check it by: as printed
    assert rate(10, 10.6, 1) == 100  # overspent, the share printed capped at 1
    assert rate_in_percent({"initial": 45, "executed": 45, "rate": 1}) == 100  # 执行率(B/A) over 年初预算数(A)


def test_a_rate_printed_with_its_percent_sign_is_never_converted():
    from jixiao.models import BudgetBlock, CellRead
    from jixiao.pipeline.assembly.budget_block import rate_in_percent, rate_of_block_in_percent

    # 0.96/1 agrees with 96/100 only as a share; printed "0.96%" it is 0.96 %, for the validator to question
    assert rate_in_percent({"annual": 100, "executed": 96, "rate": 0.96}, printed_percent=True) == 0.96
    assert rate_in_percent({"annual": 100, "executed": 96, "rate": 0.96}) == 96  # a bare share is converted
    block = BudgetBlock(annual=100, executed=96, rate=0.96, cells={"rate": CellRead(text="0.96%")})
    rate_of_block_in_percent(block)  # the table path: its rate cell printed the sign
    assert block.rate == 0.96
    block = BudgetBlock(annual=100, executed=96, rate=0.96)
    rate_of_block_in_percent(block, printed_percent=True)  # a key/value line "执行率 0.96%"
    assert block.rate == 0.96
    block = BudgetBlock(annual=100, executed=96, rate=0.96, cells={"rate": CellRead(text="0.96")})
    rate_of_block_in_percent(block)
    assert block.rate == 96


def test_a_nine_point_budget_block_with_its_rate_as_a_share(result):
    # 裕安区 2022: 29 / 29 / 27.8, 分值 9, 执行率 0.958, 得分 8 on the total and on its 其中 row; 0.958 × 9 = 8.62
    # scored 8 is the form's own discrepancy, the rate itself agrees with the money
    form = _form(result, "432_yuan_relics")
    assert (form.budget.annual, form.budget.executed, form.budget.rate) == (29, 27.8, 95.8)
    assert (form.budget.weight, form.budget.score) == (9, 8) and form.budget.rows[0].rate == 95.8
    assert _rules(result, "432_yuan_relics") == {"EXECUTION_RATE_MISMATCH", "WEIGHTS_NOT_100"}
    found = result.findings[(result.findings["source_file"] == "432_yuan_relics.pdf")
                            & (result.findings["rule"] == "EXECUTION_RATE_MISMATCH")]
    assert list(found["indicator"]) == ["预算执行 得分"]
    assert len(form.indicators) == 9 and form.indicators[6].level3_raw == "项目设计、招标、施工"


def test_a_rate_printed_as_a_share_on_a_key_value_row(result):
    # 433 prints 432's money on one key/value row of the header block (预算计划安排 29 | 实际分配下达 29 |
    # 实际支出金额 27.8 | 执行率 0.958), no budget table: the share is read by the block's own money as well
    form = _form(result, "436_yuan_rate_line")
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (29, 29, 27.8, 95.8)
    assert _rules(result, "436_yuan_rate_line") == {"WEIGHTS_NOT_100"}  # no false EXECUTION_RATE_MISMATCH


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=SHORT_ON_ARRIVAL[f"{n}.pdf"]))
                                  if f"{n}.pdf" in SHORT_ON_ARRIVAL else n
                                  for n in ("431_licheng_culture", "432_yuan_relics")])
def test_a_real_form_of_the_sixth_search(evaluation, name):
    # every row and field as printed, the findings the (truncated) figures imply and no other
    (form,) = _file_report(evaluation, name)["forms"]
    assert form["found"] and form["truth_rows"] == form["extracted_rows"] == form["matched_rows"]
    assert form["field_exact"] == 1.0 and form["stated_total"]["exact"]
    assert all(e["found"] for e in form["expected_findings"]) and form["unexpected_findings"] == []


def test_a_scoring_method_column_and_half_points(result):
    # 济南市历城区 2019: 得分计算方法 merged down beside 分值/得分 (in the budget block too), 12.5-point rows,
    # a budget block of 年初预算数(A) and 全年执行数(B) only; the level-1 names survive as '(50分)' labels
    form = _form(result, "431_licheng_culture")
    names = [i.level3_raw for i in form.indicators]
    assert names[:2] == ["全年免费开放", "免费开放管理制度健全、执行有效性"] and len(names) == 5  # no '-' rows
    assert [i.weight for i in form.indicators] == [12.5] * 4 + [10]
    assert (form.budget.initial, form.budget.executed, form.budget.rate, form.budget.score) == (45, 45, 100, 10)


# A real form of a seventh search (433, 湖北 黄冈市 2020), measured on arrival before any code change: its
# Calc print read every row, target, actual, score and its 总分 99.6 exactly, but its 二级 进度指标 (the older
# 湖北 word for 时效指标) mapped onto nothing and, being near a canonical name, kept the form suspect.


def test_progress_is_the_older_word_for_timeliness():
    from jixiao.normalizers.mapping import IndicatorMapper

    match = IndicatorMapper().match_name(2, "进度指标")
    assert (match.name, match.method) == ("时效指标", "exact")


def test_two_target_blocks_each_with_its_own_header_row(result, evaluation):
    # 20-point budget block scored 20分*执行率, then 年度绩效目标1(40分) and 年度绩效目标2(40分), the second
    # opening with a repeat of the header row: the repeat is not an indicator, and the scores with the
    # budget's 20 add up to the printed 总分 99.6
    form = _form(result, "433_huanggang_soil_monitoring")
    assert [i.score for i in form.indicators] == [10, 10, 19.6, 20, 20]
    assert [i.level2 for i in form.indicators][:2] == ["质量指标", "时效指标"]
    assert form.stated_total == 99.6 and form.verdict == "ok"
    (report,) = _file_report(evaluation, "433_huanggang_soil_monitoring")["forms"]
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []


# A 部门整体 score table of the 2017 framework (435, truncated in its seventh row), measured on arrival before any
# code change: its Writer print read all 6 rows, but as a project form (its title, ending 得分表, was not taken for
# one), without the points each 三级 name prints (相关性（5分）) as the rows' weights, and with 部门决策 and 综合管理
# mapped onto no 一级 name: suspect, field_exact 0.78, none of the truncation's three findings.


def test_points_closing_a_level3_name_are_its_weight():
    from jixiao.pipeline.assembly.template_rows import points_in_name

    assert points_in_name("相关性（5分）") == 5 and points_in_name("省级财力专项预算分配时限(1 分)") == 1
    assert points_in_name("得分率达90分") is None  # the indicator's own wording, not its share
    assert points_in_name("（5分）") is None and points_in_name("明确性") is None


def test_points_in_a_name_weigh_the_row_only_where_the_table_weighs_its_rows_so():
    from jixiao.pipeline.assembly.template_rows import weights_in_names

    score_table = ["相关性（5分）", "明确性（5分）", "合理性（5分）", "测算依据（5分）", "目标管理（5分）"]
    l1 = [("决策（25分）", 25.0)] * 5
    l2 = [("目标设定", 15.0)] * 3 + [("预算配置", 10.0)] * 2
    assert weights_in_names(score_table, [l1, l2], False) == [5, 5, 5, 5, 5]
    # a table with a 分值 column weighs its rows there: a lost 分值 cell stays lost, not "(80分)" of the name
    lost = ["培训人数", "授课天数", "培训考核平均成绩（80分）", "结业率", "满意度"]
    assert weights_in_names(lost, [], True) == [None] * 5
    # a declaration without a 分值 column whose one "(80分)" is a target
    assert weights_in_names(["培训人数", "培训考核平均成绩（80分）", "群众满意度"], [], False) == [None] * 3
    # names whose points do not add up to their group's printed points are not its rows' weights
    assert weights_in_names(score_table, [l1, [("目标设定", 20.0)] * 3 + [("预算配置", 10.0)] * 2], False) \
        == [None] * 5
    # the last group, which a page may cut, adds up to at most its points
    assert weights_in_names(score_table, [l1, l2[:3] + [("预算配置", 30.0)] * 2], False) == [5, 5, 5, 5, 5]


def test_a_score_table_title_starts_a_form():
    from jixiao.pipeline.assembly.forms import TITLE_RE

    assert TITLE_RE.search("2017年部门整体支出绩效评价得分表")


def test_a_line_referring_to_a_score_table_or_listing_one_starts_no_form():
    from jixiao.pipeline.assembly.forms import is_title_text

    assert is_title_text("2017年部门整体支出绩效评价得分表") and is_title_text("附件2：指标评分标准及得分表")
    assert is_title_text("项目支出绩效自评表")
    for prose in ("各项指标得分情况详见附件2：绩效评价指标得分表", "（三）专家评审得分表", "三、项目评分表",
                  "2.绩效评价指标得分表", "具体见绩效评价得分表"):
        assert not is_title_text(prose), prose


def test_a_department_score_table_weighing_its_rows_in_their_names(result):
    form = _form(result, "435_dept_score_table_2017")
    assert form.kind == "dept_self_eval" and form.verdict == "ok"
    assert [i.weight for i in form.indicators] == [5, 5, 5, 5, 5, 1]
    assert [i.score for i in form.indicators] == [5, 5, 5, 2, 4, 1]
    assert {i.level1 for i in form.indicators} == {"决策", "部门管理"}
    # the truncation leaves 综合管理（30分） with one row of 1 point: the form's weights are checked, not trusted
    assert _rules(result, "435_dept_score_table_2017") == {"SUBTOTAL_MISMATCH", "WEIGHTS_NOT_100"}


def test_a_sichuan_form_whose_budget_was_added_during_the_year(result):
    # 年初预算 0.00, 调整后预算数 3.36, 执行 3.36: the rate is read against the adjusted budget, no finding
    form = _form(result, "434_daying_justice_devices")
    assert (form.budget.initial, form.budget.annual, form.budget.executed) == (0, 3.36, 3.36)
    assert (form.budget.rate, form.budget.weight, form.budget.score) == (100, 10, 10)
    assert _rules(result, "434_daying_justice_devices") == set() and form.verdict == "ok"


# Real forms of an eighth search, measured on arrival before any code change. 437 (安徽 寿县, a 部门整体 table
# numbering its rows in a 序号 column, points in the 一级/二级 labels, two long text columns; truncated in row 6):
# its Chromium print read all 5 rows exactly (field_exact 1.0), suspect for its 一级 规划, a name the schema does
# not know. 438 (北京 海淀区 2016: 分值 before 年度指标值, a 得分计算方法 column before 得分; truncated after
# row 1): its Writer print read the method column as the score (field_exact 0.89, suspect).


def test_a_method_column_is_not_the_score_wherever_it_stands():
    from jixiao.pipeline.assembly.columns import role_of

    for method in ("得分计算方法", "评分标准", "指标说明及评分标准", "计分方法"):
        assert role_of(method, 3) == "basis", method
    assert role_of("得分", 3) == role_of("自评得分", 3) == "score"


def test_a_beijing_form_with_its_scoring_method_before_the_score(result, evaluation):
    form = _form(result, "438_xueyuanlu_street_cleaning")
    assert [(i.weight, i.target.raw, i.actual.raw, i.score) for i in form.indicators] == [(12.5, "12.5", "12.5", 12.5)]
    # half the budget spent: 154.74 of 310.2, printed 50%, scored 5 of 10
    assert (form.budget.initial, form.budget.executed, form.budget.rate) == (310.2, 154.74, 50)
    assert (form.budget.weight, form.budget.score) == (10, 5)
    # the truncation leaves 产出指标(50分) with one 12.5-point row: its weights are checked, not trusted
    assert _rules(result, "438_xueyuanlu_street_cleaning") == {"SUBTOTAL_MISMATCH", "WEIGHTS_NOT_100"}
    (report,) = _file_report(evaluation, "438_xueyuanlu_street_cleaning")["forms"]
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []


def test_a_numbered_department_table_is_read_as_printed_and_its_unknown_level1_kept_in_doubt(result, evaluation):
    form = _form(result, "437_shouxian_dept_numbered")
    assert form.kind == "dept_self_eval" and len(form.indicators) == 5  # the 序号 cells are no rows or names
    assert [i.weight for i in form.indicators] == [i.score for i in form.indicators] == [3, 3, 3, 4, 2]
    assert [i.level3_raw for i in form.indicators][:2] == ["基础信息完整性", "年度工作计划完整性"]
    assert form.verdict == "suspect"  # 规划(15分) maps onto no 一级 name of the schema
    assert _rules(result, "437_shouxian_dept_numbered") == {"WEIGHTS_NOT_100"}
    (report,) = _file_report(evaluation, "437_shouxian_dept_numbered")["forms"]
    assert report["field_exact"] == 1.0


# 439 (重庆 西部(重庆)科学城 2021, a 部门整体 table of 指标名称 rows without 一级/二级, two pages, truncated), measured
# on arrival before any code change: all 19 rows, the header's 自评总分 97.6, but field_exact 0.80 and suspect:
# its 得分系数(%) column (100%) was read as the score, its 计量单位 cell joined a second time to targets that print
# their unit ("100%%", "2200 篇篇", a lone "%" where the target is empty), and its sign-less 预算调整率 3% → 0 and
# 结转结余率 2% → 0 were called shortfalls given full marks.


def test_a_score_coefficient_is_not_the_score():
    from jixiao.pipeline.assembly.columns import role_of

    assert role_of("得分系数(%)", 3) == "score_rate" and role_of("指标得分(分)", 3) == "score"


def test_a_unit_column_joins_only_a_bare_target():
    from jixiao.pipeline.assembly.forms import _target_text

    assert _target_text({"target": "100", "target_unit": "%"}) == "100%"
    assert _target_text({"target": "100%", "target_unit": "%"}) == "100%"
    assert _target_text({"target": "2200 篇", "target_unit": "篇"}) == "2200 篇"
    assert _target_text({"target": "", "target_unit": "%"}) == ""
    # a value that prints a unit or words of its own, even another one than the column's, is not bare
    assert _target_text({"target": "10万", "target_unit": "万元"}) == "10万"
    assert _target_text({"target": "95%以上", "target_unit": "%"}) == "95%以上"
    assert _target_text({"target": "2200篇", "target_unit": "份"}) == "2200篇"
    assert _target_text({"target": "≥95", "target_unit": "%"}) == "≥95%"


def test_a_signless_target_of_a_rate_named_lower_is_better_only_unsettles_a_verdict():
    from jixiao.normalizers.value_parsing import parse_value
    from jixiao.pipeline.validation.quantities import assess

    # The name turns a "shortfall" the default reading would call into no verdict, not into "met" ...
    assert assess(parse_value("3%"), parse_value("0%"), "预算调整率") is None
    assert assess(parse_value("100%"), parse_value("92%"), "财政供养人员控制率") is None
    # ... with a unit printed after the name too ...
    assert assess(parse_value("100%"), parse_value("97%"), "公用经费控制率(%)") is None
    assert assess(parse_value("100%"), parse_value("97%"), "公用经费控制率（%）") is None
    # ... and never creates a shortfall the default reading calls met (5 % of a 3 % 预算调整率).
    assert assess(parse_value("3%"), parse_value("5%"), "预算调整率") is None
    # A 控制率 of health rises: 65 % of a 60 % 血压控制率 is met.
    assert assess(parse_value("60%"), parse_value("65%"), "管理人群血压控制率").status == "met"
    assert assess(parse_value("100%"), parse_value("72.74%"), "政府采购执行率").status == "short"
    assert assess(parse_value("≥2%"), parse_value("0%"), "结转结余率").status == "short"  # a printed sign rules
    assert assess(parse_value("≤100%"), parse_value("97%"), "公用经费控制率").status == "met"


def test_a_chongqing_department_form_of_named_rows_only(result, evaluation):
    form = _form(result, "439_chongqing_science_city_media")
    assert form.kind == "dept_self_eval" and len(form.indicators) == 19  # both pages, the header not repeated
    assert form.stated_total == 97.6
    assert [i.score for i in form.indicators] == [i.weight for i in form.indicators]
    assert sum(i.weight for i in form.indicators) == 70
    assert [i.target.raw for i in form.indicators][:3] == ["100%", "", "100%"]
    # the truncation's findings, and the publisher's full marks for two shortfalls
    assert _rules(result, "439_chongqing_science_city_media") >= {"FULL_SCORE_DESPITE_SHORTFALL"}
    (report,) = _file_report(evaluation, "439_chongqing_science_city_media")["forms"]
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []
    assert all(f["found"] for f in report["expected_findings"])


# Real forms of a ninth search, measured on arrival before any code change. 441 (宁夏 银川 2021, 项目决策/项目管理/
# 项目产出/项目效益 with a 参考分值 column before 指标值(A), 自评得分 98 in the header block; two pages, truncated
# in the satisfaction row): its Writer print read all 16 rows (field_exact 0.97, suspect): Writer broke the merged
# '项目效益(35分)' across the page, its name on page 1 over template rows only ('指标1:'), its points on page 2,
# and the page-2 rows were filed under '(35 分)'. 442 (湖南 衡阳 南岳区 2018, a 绩效目标申报表 with ASCII '>='
# signs and the template's '(≥**%)' placeholders in the names): its LibreOffice print read exactly (1.0, ok).


def test_a_label_broken_by_a_page_joins_its_points_to_its_name():
    from jixiao.pipeline.assembly.hierarchy import Piece, RowPieces, resolve

    def rows(*cells):
        return [RowPieces({"level1": Piece(key=(page, key), page=page, text=text)}, template=template)
                for page, key, text, template in cells]

    # the name ends page 1 over a template row, the points open page 2: one label over every row of its block
    joined = resolve(rows((1, "a", "项目产出(30分)", False), (1, "b", "项目效益", True), (2, "c", "(35 分)", False),
                          (2, "c", "(35 分)", False)))
    assert [r["level1"] for r in joined] == ["项目产出(30分)"] + ["项目效益(35 分)"] * 3
    # a name over filled rows is a group of its own: the points opening the next page are another label
    apart = resolve(rows((1, "b", "项目效益", False), (2, "c", "(35 分)", False)))
    assert [r["level1"] for r in apart] == ["项目效益", "(35 分)"]
    # a label that already carries its points takes no second ones; points on the same page are no tail
    assert [r["level1"] for r in resolve(rows((1, "a", "项目效益(35分)", True), (2, "b", "(35分)", False)))] == [
        "项目效益(35分)", "(35分)"]
    assert [r["level1"] for r in resolve(rows((1, "a", "项目效益", True), (1, "b", "(35分)", False)))] == [
        "项目效益", "(35分)"]


def test_a_ningxia_four_part_score_table_across_two_pages(result, evaluation):
    form = _form(result, "441_yinchuan_school_funds")
    assert form.kind == "project_self_eval" and len(form.indicators) == 16  # no '指标2:' template row
    assert form.stated_total == 98  # the header block's 自评得分, beside a blank 财政审核评分
    assert [i.level1_raw for i in form.indicators][-2:] == ["项目效益(35 分)"] * 2
    assert [i.level1_weight for i in form.indicators][-2:] == [35, 35]
    # 参考分值 before 指标值(A): weights and scores where printed, targets as text
    assert [(i.weight, i.score) for i in form.indicators][4] == (10, 9)  # 预算执行率 100%, scored 9 by the office
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (64.8, 64.8, 64.8, 100)
    # the truncation's (90 points, 84 against the stated 98, 项目效益 25 of 35), found and expected
    assert _rules(result, "441_yinchuan_school_funds") >= {"TOTAL_MISMATCH", "WEIGHTS_NOT_100", "SUBTOTAL_MISMATCH"}
    (report,) = _file_report(evaluation, "441_yinchuan_school_funds")["forms"]
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []
    assert all(f["found"] for f in report["expected_findings"])


def test_a_declaration_typed_with_ascii_signs_and_the_templates_placeholders(result, evaluation):
    form = _form(result, "442_nanyue_poverty_tourism")
    assert form.kind == "target_declaration" and len(form.indicators) == 16  # the approval rows are no indicators
    assert [i.target.raw for i in form.indicators][:2] == [">=20平方米", ">=4个"]
    assert form.indicators[1].level3_raw == "贫困地区旅游景点开发数量( ≥**个 )"
    assert _rules(result, "442_nanyue_poverty_tourism") == set() and form.verdict == "ok"
    (report,) = _file_report(evaluation, "442_nanyue_poverty_tourism")["forms"]
    assert report["field_exact"] == 1.0


# A real form of a tenth search, measured on arrival before any code change. 443 (安徽 铜陵 郊区 2021, a 农村公益事业
# 财政奖补 score table: a 序号 column, 一级 决策(10) / 过程(30), a 指标说明 column of scoring rules, 县级评分 beside a
# blank 市级评分; truncated in row 14): its Writer print read every row and figure (fields 0.889, suspect), but the
# 一级 labels print their points as bare bracketed numbers, so they mapped onto no schema name and the groups had
# no points (the truncated 过程's SUBTOTAL_MISMATCH missed).


def test_a_group_label_may_print_its_points_as_a_bare_bracketed_number():
    from jixiao.normalizers.mapping import default_mapper
    from jixiao.pipeline.assembly.template_rows import points_in_label, points_in_name

    assert [points_in_label(t) for t in ("决策(10)", "过程（30）", "产出指标(50分)", "(10)", "数量指标")] == [
        10, 30, 50, None, None]
    assert default_mapper().match_name(1, "决策(10)").name == "决策"
    # a 三级 name keeps a bracketed figure: it may be what the row measures, not its points
    assert points_in_name("培训人数(30)") is None


def test_a_county_score_beside_a_blank_city_review_column(result, evaluation):
    form = _form(result, "443_jiaoqu_village_public_works")
    assert form.kind == "project_self_eval" and len(form.indicators) == 14
    assert [i.level1 for i in form.indicators] == ["决策"] * 4 + ["过程"] * 10
    assert [i.level1_weight for i in form.indicators] == [10] * 4 + [30] * 10
    # the county's 评分 is the score; the blank city column is no score; two criteria under one 三级 cell
    assert [i.score for i in form.indicators] == [2, 2, 4, 0, 2, 2, 2, 1, 2, 2, 1, 2, 2, 5]
    assert [(i.level3_raw, i.weight) for i in form.indicators][6:8] == [("账务管理", 2), ("账务管理", 1)]
    # 工作安排 scored 2 of 1 (the office's own); 30 points left and 过程 20 of 30 (the truncation's)
    assert _rules(result, "443_jiaoqu_village_public_works") >= {
        "SCORE_EXCEEDS_WEIGHT", "WEIGHTS_NOT_100", "SUBTOTAL_MISMATCH"}
    (report,) = _file_report(evaluation, "443_jiaoqu_village_public_works")["forms"]
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []
    assert all(f["found"] for f in report["expected_findings"])


# A real form of an eleventh search, measured on arrival before any code change. 444 (湖北 鄂州 2022, a 市直
# 项目支出绩效目标表: a 项目预算 cost table, 绩效标准 and 当年预期实现值 under a 绩效指标 header, 数量/质量/成本
# printed in the column headed 一级指标; truncated in row 7): its Writer print read every row, but the 当年预期实现值
# column was taken for the achieved value (fields 0.222, suspect).


def test_a_value_the_office_expects_to_realise_is_the_target():
    from jixiao.pipeline.assembly.columns import role_of

    assert [role_of(h, None) for h in ("当年预期实现值", "评价年度实现值", "评价年度预期值", "实际完成值")] == [
        "target", "actual", "target", "actual"]


def test_a_declaration_with_a_cost_table_and_headers_one_level_up(result, evaluation):
    form = _form(result, "444_ezhou_building_upkeep_declaration")
    assert form.kind == "target_declaration"
    # the 主管部门审核意见 | 单位公章 row under the table is a sign-off line, not an eighth indicator
    assert len(form.indicators) == 7
    targets = [i.target.raw for i in form.indicators]
    assert [t.replace(" ", "") for t in targets] == ["2280次", "200次", ">92%", "≥92%", "95%", "不超预算", ">"]
    assert all(not i.actual.raw for i in form.indicators)
    # 数量/质量/成本指标 under the heading 一级指标 are the 二级 groups, the names under 二级指标 the indicators;
    # no 一级 is printed, the one the groups imply is named in the canonical field only
    assert [i.level2_raw for i in form.indicators] == ["数量指标"] * 2 + ["质量指标"] * 3 + ["成本指标"] * 2
    assert form.indicators[0].level3_raw == "办公大楼日常维修维护次数"
    assert {(i.level1_raw, i.level1) for i in form.indicators} == {("", "产出指标")}
    assert "level1" not in form.header_roles and {"level2", "level3"} <= set(form.header_roles)
    (report,) = _file_report(evaluation, "444_ezhou_building_upkeep_declaration")["forms"]
    assert report["field_exact"] == 1.0 and report["verdict"] == "ok" and form.verdict == "ok"


def test_a_sign_off_label_is_known_by_where_its_words_stand():
    from jixiao.pipeline.assembly.template_rows import is_approval_label

    labels = ["主管部门审核意见", "财政部门初审意见：", "单位公章", "（盖章）", "负责人签字", "单位公章：年 月 日",
              "项目负责人:", "财务负责人：", "填表人：张三", "单位负责人签字："]
    assert all(is_approval_label(t) for t in labels)
    # an indicator may hold the words inside its name
    assert not any(is_approval_label(t) for t in ("合同签字确认率", "公章使用规范性", "审核意见采纳率", "项目负责人到岗率",
                                                  "联系人回访满意度"))


def _only_form(sample_runs, name: str):
    """The one form of a corpus print outside the family files, read from its text layer."""
    (doc,) = sample_runs.documents([SAMPLES / "pdf" / f"{name}.pdf"], TEXT_ONLY)
    (form,) = doc.forms
    return form


def test_a_sign_off_row_alone_on_the_next_page_is_no_indicator(sample_runs):
    # the Writer print of 400's form sets 项目负责人： | 财务负责人： as its table's last row, alone under the repeated
    # header on page 2: read as a third indicator (NOT_A_NUMBER, MERGED_CELL, `suspect`)
    form = _only_form(sample_runs, "171_qingshen_wage_writer")
    assert [i.level3_raw for i in form.indicators] == ["发放(缴纳)覆盖率", "足额保障率(参保率)"]
    assert form.verdict == "ok"


def test_a_row_the_page_break_split_is_read_as_one_row(sample_runs):
    # the Writer print of 431's form lets its last row break across the page: 效益指标(30 | 经济效益指 |
    # 承担重要公益服务项目、助推民 with its figures on page 1, 分) | 标 | 生事业发展 with none under the repeated header
    # on page 2, each page's part closed by a rule; read as a sixth row (MISSING_CELL), its names cut
    form = _only_form(sample_runs, "173_licheng_culture_writer")
    assert len(form.indicators) == 5
    last = form.indicators[-1]
    assert (last.level1_raw, last.level2_raw, last.level3_raw) == ("效益指标(30分)", "经济效益指标",
                                                                   "承担重要公益服务项目、助推民生事业发展")
    assert (last.weight, last.score, last.target.raw) == (10, 10, "100%")
    assert form.verdict == "ok"


def test_a_row_of_blank_figures_opening_a_page_under_a_label_of_its_own_stays_a_row(sample_runs):
    # 466's form printed by Chromium opens page 2 with 质量指标 | 指标1:提升国家基本… and blank figure cells, an
    # indicator of its own: taken for the rest of the row before, it was joined to 指标25 ("…签约率指标1:提升国家基本",
    # 二级 "数量指标质量指标" on 25 rows), 25 of 26 rows, and the form read `ok`
    form = _only_form(sample_runs, "177_zhaidian_health_chromium")
    assert len(form.indicators) == 26
    assert [(i.level2_raw, i.level3_raw) for i in form.indicators[-2:]] == [
        ("数量指标", "指标25:家庭医生签约率"), ("质量指标", "指标1:提升国家基本")]
    assert {i.level2_raw for i in form.indicators[:25]} == {"数量指标"}


def test_a_split_rows_rest_finishes_a_label_the_page_before_began():
    from jixiao.pipeline.assembly.split_rows import completes_a_level_name

    assert completes_a_level_name("经济效益指", "标") and completes_a_level_name("效益指标(30", "分)")
    # a whole label of its own, or a label already whole, is no rest
    assert not completes_a_level_name("数量指标", "质量指标") and not completes_a_level_name("数量指标", "")
    assert not completes_a_level_name("产出指标", "(50分)")


def test_a_group_column_headed_one_level_up_is_moved_down_only_by_the_names_it_holds():
    from jixiao.models import Indicator
    from jixiao.pipeline.assembly.columns import ColumnMap, ColumnRole
    from jixiao.pipeline.assembly.shifted_levels import shift_levels_by_vocabulary

    def table(groups):
        rows = [Indicator(row_index=i, level1_raw=g, level2_raw=f"名称{i}") for i, g in enumerate(groups)]
        return rows, ColumnMap([ColumnRole(0, 10, "level1"), ColumnRole(10, 20, "level2"), ColumnRole(20, 30, "target")])

    rows, columns = table(["数量指标", "数量指标", "质量指标", "成本指标", "本单位自定"])
    assert shift_levels_by_vocabulary(rows, columns, {})
    assert [(i.level1_raw, i.level2_raw, i.level3_raw) for i in rows[:2]] == [("", "数量指标", "名称0"),
                                                                              ("", "数量指标", "名称1")]
    assert columns.roles == {"level2", "level3", "target"}
    # the row whose group cell is no 二级 name was moved by the others: its group is in doubt
    assert [i.from_context for i in rows] == [{}] * 4 + [{"level2": "LEVEL_BY_VOCABULARY"}]
    # a 一级 name under the 一级 heading: the heading is right
    rows, columns = table(["产出指标", "数量指标", "质量指标", "质量指标"])
    assert not shift_levels_by_vocabulary(rows, columns, {}) and rows[0].level1_raw == "产出指标"


def test_a_weight_read_one_level_down_keeps_its_cell_and_its_doubt():
    from jixiao.models import CellRead, Indicator
    from jixiao.pipeline.assembly.columns import ColumnMap, ColumnRole
    from jixiao.pipeline.assembly.shifted_levels import shift_levels_by_vocabulary

    rows = [Indicator(row_index=i, level1_raw=g, level2_raw=f"名称{i}", level2_weight=w)
            for i, (g, w) in enumerate([("数量指标", 10.0), ("质量指标", 20.0), ("成本指标", 30.0)])]
    rows[1].field_confidence = {"level2_weight": 0.4, "level2": 0.7}
    cells = {i: {"level2": CellRead(text=f"名称{i}", method="ocr"),
                 "level2_weight": CellRead(text=str(w), method="ocr", confidence=0.4 if i == 1 else 0.95)}
             for i, w in enumerate([10, 20, 30])}
    columns = ColumnMap([ColumnRole(0, 10, "level1"), ColumnRole(10, 20, "level2"),
                         ColumnRole(20, 30, "level2_weight"), ColumnRole(30, 40, "target")])
    assert shift_levels_by_vocabulary(rows, columns, cells)
    assert [i.weight for i in rows] == [10.0, 20.0, 30.0] and all(i.level2_weight is None for i in rows)
    # the unsure OCR weight is still unsure as the row's own weight, and its cell is the row's weight cell
    assert rows[1].field_confidence == {"weight": 0.4, "level3": 0.7}
    assert [i.cells["weight"].text for i in rows] == ["10", "20", "30"] and rows[1].cells["weight"].confidence == 0.4
    assert [i.cells["level3"].text for i in rows] == ["名称0", "名称1", "名称2"]
    assert columns.roles == {"level2", "level3", "weight", "target"}


# ------------------------------------------- a real form of a twelfth search (445)

def test_an_assessment_table_names_its_levels_by_what_they_hold(result):
    # a 部门预算支出管理 考评 table: 项目 / 考核内容 / 考核指标 headings, 权数 for the weights, 年度工作目标 for
    # the targets (a spreadsheet's raw floats), 考评得分 left blank; pairs of indicators assessed either way
    # print their 权数 once, so the 项目's 60 points are not yet met where the copy ends
    form = _form(result, "445_dept_budget_management_review")
    assert [i.level3_raw for i in form.indicators] == [
        "一般公共预算支出实际完成率", "结转结余率", "结转结余变动率", "应付账款(暂存款)率", "应付账款(暂存款)变动率"]
    assert {i.level2_raw for i in form.indicators} == {"一般公共预算支出", "结转结余情况", "应付账款(暂存款)"}
    assert [i.weight for i in form.indicators] == [20, 20, None, 10, None]
    assert [i.target.raw for i in form.indicators][1:3] == ["0.0900000762939453", "-0.300000152587891"]
    assert all(i.score is None for i in form.indicators)
    # blank scores under a 考评得分 heading: a scoring table, checked as one, not a declaration; with no
    # title and no 项目名称 it names no project: a department's assessment
    assert form.kind == "dept_self_eval"
    assert _rules(result, "445_dept_budget_management_review") == {"SUBTOTAL_MISMATCH", "WEIGHTS_NOT_100"}
    assert form.verdict == "suspect"


def test_a_bare_project_heading_is_a_level_only_left_of_the_names():
    from jixiao.pipeline.assembly.columns import role_of

    assert role_of("项目", None, assessment=True) == "level1"
    assert role_of("项目", 3, assessment=True) is None  # a 项目 column right of the names is no level
    assert role_of("项目", None) is None  # nor one beside numbered 一级指标 … headings
    assert role_of("考核内容", 1) == "level2" and role_of("考核指标", 2) == "level3"
    assert role_of("权数", 3) == "weight" and role_of("年度工作目标", 3) == "target"


def test_an_assessment_header_line_anchors_an_inferred_table():
    from jixiao.extractors.inferred_grid import is_header_text

    # 446's fax: the header's second line ("容", "得分") falls apart from its first, which still names a
    # level (考核指标) and the weights (权数)
    assert is_header_text("项目 考核内 考核指标 指标说明 年度工作目标 评分标准 权数 考评", lost_numerals=True)
    # 003's prose names 考核指标 in a sentence, with no weight or score heading: no header
    assert not is_header_text("办结审核一次性通过等考核指标分数,从而提高12345热线管理服务水平")
    # a report's sentences naming an assessment heading beside 得分 or 分值 are not headings either
    for prose in ("根据考核指标完成情况，自评得分95分", "考核指标得分情况如下", "考核内容及分值见附表"):
        assert not is_header_text(prose) and not is_header_text(prose, lost_numerals=True), prose
    # one assessment heading alone is not a header; beside a second heading piece it is
    assert not is_header_text("考核指标") and is_header_text("考核内容 考核指标")


def _chars(lines: list[str], gap: float = 30.0):
    """Text-layer characters, 10 pt wide, one line every 20 pt; a space in a line is a ``gap`` wide."""
    from jixiao.extractors.chars import Char

    out = []
    for k, line in enumerate(lines):
        x = 0.0
        for ch in line:
            if ch == " ":
                x += gap
                continue
            out.append(Char(ch, x, 20.0 * k, x + 10, 20.0 * k + 10))
            x += 10
    return out


def test_a_report_page_naming_assessment_words_in_prose_does_not_infer_a_table():
    from jixiao.extractors.mixed_grid import _holds_a_header

    # a page's loose text runs together: its sentences name 考核指标 and 得分, 考核内容 and 分值
    assert not _holds_a_header(_chars(["根据考核指标完成情况，自评得分95分。", "考核内容及分值见附表。"]))
    # an unruled assessment header's headings stand apart on their line
    assert _holds_a_header(_chars(["项目 考核内容 考核指标 权数 考评得分", "一般公共预算支出管理 结转结余情况"]))


def test_an_assessment_table_faxed_is_found_by_its_headings(sample_runs):
    # 446 (tune): 445's print faxed in fine mode; no level is numbered, so the table's grid is inferred from a
    # header naming 考核指标 and 权数. Rows whose names and floats the fax garbled are in doubt: suspect
    result = sample_runs.result([SAMPLES / "pdf" / "446_dept_budget_management_review_fax204.pdf"])
    (doc,) = result.documents_
    (form,) = doc.forms
    assert len(form.indicators) >= 3
    assert form.verdict == "suspect"


# Two real forms of a thirteenth search (447, 448): evaluation tables an office issues for its funds as web
# forms (吉林 by the fund's name), every fill-in cell blank. Measured on arrival: 447's first print read all 9
# rows, fields 80/81 (its bare 0 beside 次 was joined, as the corpus joins a split target), its title not taken
# for one (…评价表), so read as a declaration, and its 总分 | 100 | 得分 | __ row's 100 taken as the stated score;
# 448 read all 32 rows, fields 0.986 (环境效益 mapped onto nothing), and called its nested weights wrong
# (WEIGHTS_NOT_100, three SUBTOTAL_MISMATCH, IMPLAUSIBLE_VALUE on 30/40/30) and each criterion under one
# merged 三级 a DUPLICATE_ROW of the first.

FUND_REVIEWS = ("447_changjitu_fund_review", "448_port_core_capacity_review")


@pytest.mark.parametrize("name", FUND_REVIEWS)
def test_a_funds_evaluation_table_read_as_published(result, evaluation, name):
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["extracted_rows"] == report["matched_rows"]
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []
    form = _form(result, name)
    # a title ending 评价表 is the form's; a scoring table with its scores blank, not a declaration
    assert form.title.endswith("评价表") and form.kind == "project_self_eval"
    # 总分 | 100 | 得分 | (blank): 100 points available, no score stated
    assert form.stated_total is None and form.stated_weight_total == 100
    assert not _rules(result, name)
    # 预算绩效 is no schema name: the form stays in doubt for that alone
    assert form.verdict == "suspect"
    assert {r.code for r in form.verdict_reasons if r.kind == "misread"} <= {"UNMAPPED_NAME"}


def test_weights_at_three_levels_beside_a_unit_column_and_a_repeated_two_row_header(result):
    form = _form(result, "447_changjitu_fund_review")
    assert [i.weight for i in form.indicators] == [7, 8, 5, 25, 25, 5, 7, 13, 5]
    assert {i.level2_weight for i in form.indicators} == {75, 25} and {i.level1_weight for i in form.indicators} == {100}
    # the header printed again before 项目产出 and 项目效果, and their blank template rows, are no indicators
    assert len(form.indicators) == 9
    assert [i.target.raw for i in form.indicators][2:5] == ["0次", "否", "-0%"]


def test_nested_weights_and_criteria_under_one_name(result):
    form = _form(result, "448_port_core_capacity_review")
    weights = [i.weight for i in form.indicators]
    assert sum(weights) == 300 and weights[9:12] == [30, 40, 30] and weights[12:] == [5] * 20
    # four criteria beside each merged yes-no 三级 are rows of their own, none a copy
    names = [i.level3_raw for i in form.indicators[12:]]
    assert len(set(names)) == 5 and all(names.count(n) == 4 for n in set(names))
    assert form.indicators[20].level2 == "生态效益指标"  # 环境效益


def _row(level1: str, level1_weight: float | None, weight: float):
    from jixiao.models.form import Indicator

    return Indicator(row_index=0, level1_raw=level1, level1=level1, level1_weight=level1_weight, weight=weight)


def test_weights_are_nested_only_when_every_group_and_the_groups_each_make_100():
    from jixiao.pipeline.validation.nested_weights import weights_nested

    nested = [_row("预算绩效", 50, 75), _row("预算绩效", 50, 25), _row("项目产出", 25, 100), _row("项目效果", 25, 100)]
    assert weights_nested(nested)
    # points: the groups' rows add to their printed weights, not to 100 each
    points = [_row("产出指标", 50, 30), _row("产出指标", 50, 20), _row("效益指标", 50, 50)]
    assert not weights_nested(points)
    # one group of 100 is an ordinary form; group weights short of 100 are no shares of it
    assert not weights_nested([_row("预算绩效", 100, 60), _row("预算绩效", 100, 40)])
    assert not weights_nested(nested[:3] + [_row("项目效果", 20, 100)])
    # a group printing no weight of its own says nothing about shares
    assert not weights_nested(nested[:3] + [_row("项目效果", None, 100)])


def test_a_nested_form_with_one_wrong_row_is_reported_against_that_group_alone():
    """448's truth with one 分值 five short: the form is still read as nested shares, and the one group
    whose rows miss their own 100 is what is reported (not the form's 300, nor every 一级 printing its share)."""
    from jixiao.pipeline.evaluation.truth import load_truth
    from jixiao.pipeline.validation.validate import validate_forms

    (form,) = load_truth(TRUTH / "448_port_core_capacity_review.json")
    form.indicators[0].weight -= 5
    sums = [f for f in validate_forms([form]) if f.rule in ("SUBTOTAL_MISMATCH", "WEIGHTS_NOT_100")]
    assert sorted((f.indicator, f.expected, f.stated) for f in sums) == [
        ("预算绩效", "95", "100"), ("预算绩效 / 预算管理", "70", "75")]


def test_a_nested_form_is_scored_by_its_shares():
    """Every 448 row given its full 分值: the groups' scores weighed by their shares make the 总分 100,
    where the plain sum of the rows would be 300 and a false TOTAL_MISMATCH."""
    from jixiao.pipeline.evaluation.truth import load_truth
    from jixiao.pipeline.validation.context import build_context
    from jixiao.pipeline.validation.validate import validate_forms

    (form,) = load_truth(TRUTH / "448_port_core_capacity_review.json")
    for row in form.indicators:
        row.score = row.weight
    form.stated_total = 100.0
    assert build_context(form).recomputed_total() == 100.0
    assert not [f for f in validate_forms([form]) if f.rule in ("TOTAL_MISMATCH", "SUBTOTAL_MISMATCH")]


def test_a_total_row_labelling_its_own_score_keeps_a_blank_score_blank():
    from jixiao.pipeline.assembly.stated_figures import figures_around_score_label

    assert figures_around_score_label(["100", "得分", ""]) == ([100.0], [])
    assert figures_around_score_label(["100", "得分", "95"]) == ([100.0], [95.0])
    assert figures_around_score_label(["100", "95"]) is None  # no label: the row's figures decide as before


# Two real forms of a fourteenth search (449, 450). Measured on arrival: 449 (四川 大英县, a target table cut
# from a 自评报告 with a 实施进度 column, nothing scored) read all 6 rows but left 实施进度 unnamed, so every
# actual was lost (fields 0.889) and the form came out ok; 450 (贵州 绥阳县太白镇, a 部门整体 form whose copy
# ends in the indicator table's header) was found with its unit and its budget total read exactly, no rows,
# suspect, its year taken from the 填报日期 (2022年2月3日) though no evaluation year is printed, and its
# 基本支出 row's own 得分 10 at 92.87 % executed not reported (sub-rows kept no points of their own).


def test_a_progress_column_is_read_as_each_rows_actual(result, evaluation):
    (report,) = _file_report(evaluation, "449_daying_consumer_campaign_progress")["forms"]
    assert report["truth_rows"] == report["matched_rows"] == report["extracted_rows"] == 6
    assert report["field_exact"] == 1.0 and report["unexpected_findings"] == []
    form = _form(result, "449_daying_consumer_campaign_progress")
    assert [i.actual.raw.replace(" ", "") for i in form.indicators] == ["已完成100%"] * 6
    # the output rows stand under the 一级 the office printed (项目决策), nothing scored: nothing to report
    assert {i.level1_raw for i in form.indicators[:4]} == {"项目决策"}
    assert all(i.weight is None and i.score is None for i in form.indicators)
    assert not _rules(result, "449_daying_consumer_campaign_progress")


def test_a_department_form_cut_at_its_indicator_header_keeps_its_budget_and_stays_in_doubt(result, evaluation):
    name = "450_suiyang_taibai_dept_budget"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["found"] and report["unit"]["exact"] and report["extracted_rows"] == 0
    form = _form(result, name)
    budget = form.budget
    # 年初预算数(A) 1172.55, 全年执行数(B) 1268.72 (108 % spent, scored 10 of 10 as 执行率 × 分值 capped)
    assert (budget.initial, budget.executed, budget.weight, budget.score) == (1172.55, 1268.72, 10, 10)
    assert budget.annual is None and budget.rate is None
    # each 资金来源 row prints its own 分值 and 得分: 基本支出's 10 is no 914.97/985.19 = 92.87 % of 10
    assert [(r.weight, r.score) for r in budget.rows][:2] == [(10, 10), (10, 10)]
    assert _rules(result, name) == {"EXECUTION_RATE_MISMATCH"}
    found = result.findings[result.findings["source_file"] == f"{name}.pdf"]
    (scored,) = [i for i in found["indicator"] if i.endswith("得分")]
    assert scored.endswith("基本支出 得分")
    # no indicator row: never a clean ok
    assert form.verdict == "suspect" and "NO_INDICATOR_ROWS" in {r.code for r in form.verdict_reasons}
    # the only year printed is the 填报日期's (2022年2月3日): when it was filed, not the year assessed
    assert form.year is None


# Two real forms of a fifteenth search (451, 452). Measured on arrival: 451 (山西 稷山县, the national 2020
# template) read exactly, its four real inconsistencies reported (a 总分 94 its scores add to 93, a 预算执行 9
# for 99 %, a shortfall scored off the formula, two deductions on rows that meet their targets), `ok`; 452
# (湖北 襄阳市中心医院, 433's 市级 template) read all 6 rows, but its shortened 二级 name 可持续性 mapped to
# nothing (fields 0.98), `suspect` for that and for the 得分 the cut copy lacks.


def test_a_form_whose_total_disagrees_with_its_scores_is_read_as_printed_and_reported(result, evaluation):
    name = "451_jishan_medical_insurance_match"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 6 and report["field_exact"] == 1.0
    assert report["stated_total"]["exact"] and report["unexpected_findings"] == []
    assert all(found["found"] for found in report["expected_findings"])
    form = _form(result, name)
    # 全年预算数 65.66, 全年执行数 65.07 (99 %), 9 of 10; the printed scores with that 9 make 93, not 94
    assert (form.budget.annual, form.budget.executed, form.budget.weight, form.budget.score) == (65.66, 65.07, 10, 9)
    assert [i.score for i in form.indicators] == [13, 15, 10, 10, 27, 9]
    assert _rules(result, name) == {"TOTAL_MISMATCH", "EXECUTION_RATE_MISMATCH", "SCORE_FORMULA_MISMATCH"}
    # the deduction is explained where the form explains it
    assert form.indicators[0].note.replace(" ", "") == "建档立卡中有新增死亡人员,导致有偏差"


def test_shortened_second_level_names_map_to_their_template_names(result, evaluation):
    name = "452_xiangyang_hospital_campus_grant"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 6 and report["field_exact"] == 1.0
    form = _form(result, name)
    assert [i.level2 for i in form.indicators] == [
        "数量指标", "质量指标", "成本指标", "时效指标", "经济效益指标", "可持续影响指标"]
    # the copy ends inside the last row: its 得分 is missing, so the form stays in doubt
    assert form.indicators[-1].score is None and form.verdict == "suspect"
    assert "UNMAPPED_NAME" not in {r.code for r in form.verdict_reasons}


@pytest.mark.parametrize("name", ["426_tanghu_town", "433_huanggang_soil_monitoring",
                                  "452_xiangyang_hospital_campus_grant"])
def test_a_score_heading_that_spells_out_its_formula_is_the_score(result, name):
    # 得分(20分*执行率) names the 得分 first and then how it is figured: its 20 is the block's score, not a
    # second 执行率 dropped beside the 执行率(B/A) column (read so on arrival: no score, nothing checked)
    budget = _form(result, name).budget
    assert (budget.rate, budget.weight, budget.score) == (100, 20, 20)


# Two real forms of a sixteenth search (453, 454). Measured on arrival: 453 (云南 南华县, the national 2020
# template with decimal weights, a 经济效益 row inside the 产出 block, cut at its second banner) read exactly,
# both expected findings reported, `ok`; 454 (重庆 奉节县, a 2023 目标审批表 whose 一级 labels carry point ranges)
# read its one row but mapped '成本指标(0-20)分' to no 一级 (fields 0.889, `suspect`), read no title (审批表) and
# of its 预算执行 block only the planned rate (not 当年年度预算 65 nor 分值 10分).


def test_decimal_weights_and_an_outcome_row_inside_the_output_block_are_read_as_printed(result, evaluation):
    name = "453_nanhua_mushroom_workshop"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 5 and report["field_exact"] == 1.0
    assert all(found["found"] for found in report["expected_findings"]) and report["unexpected_findings"] == []
    form = _form(result, name)
    assert [i.weight for i in form.indicators] == [10.3, 9.3, 9.3, 10.8, 10.3]
    # the 经济效益 row stands under the 产出 label it is printed under, its points in that label's 50
    assert (form.indicators[3].level1, form.indicators[3].level2) == ("产出指标", "经济效益指标")
    assert {i.level1_weight for i in form.indicators} == {50}
    # the second part's banner and its cut '效益' are no indicator row
    assert "效益" not in {i.level1_raw for i in form.indicators}


def test_a_point_range_in_a_level_label_names_the_level_and_gives_no_points(result, evaluation):
    from jixiao.normalizers.text_repair import strip_prefix
    from jixiao.pipeline.assembly.template_rows import points_in_label

    assert [strip_prefix(t) for t in ("成本指标(0-20)分", "产出指标\n(40-50)分", "成本指标(0-20分)")] == [
        "成本指标", "产出指标", "成本指标"]
    assert strip_prefix("培训时长(1-2)分钟") == "培训时长(1-2)分钟"  # a duration, not points
    # the range's upper end is no points the group was given
    assert [points_in_label(t) for t in ("成本指标(0-20)分", "成本指标(0-20分)", "产出指标(50分)")] == [None, None, 50]
    name = "454_fengjie_yunwu_herb_drying_declaration"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 1 and report["field_exact"] == 1.0
    form = _form(result, name)
    (row,) = form.indicators
    assert (row.level1_raw, row.level1, row.level1_weight) == ("成本指标(0-20)分", "成本指标", None)
    assert "UNMAPPED_NAME" not in {r.code for r in form.verdict_reasons}


def test_a_declaration_approval_form_is_titled_and_its_budget_line_read(result):
    form = _form(result, "454_fengjie_yunwu_herb_drying_declaration")
    assert form.kind == "target_declaration"
    assert form.title == "2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表"
    # 当年年度预算 65 (this year's budget of the project), 年度预算执行率 100% | 分值 | 10分 on one line
    assert (form.budget.initial, form.budget.rate, form.budget.weight) == (65, 100, 10)


def test_a_rate_label_opening_with_a_money_word_is_the_rate():
    from jixiao.pipeline.assembly.budget_block import _key_role

    assert [_key_role(t) for t in ("当年年度预算", "当年预算执行率", "全年预算执行率", "分值")] == [
        "initial", "rate", "rate", None]


# Two real forms of a seventeenth search (455, 456). Measured on arrival with the reader as it was: 455 (河北 成安县,
# a 预算项目绩效自评表 in four numbered parts) found its 4 rows, their names and 单项指标得分 scores, but no weight,
# target or actual (fields 0.667), no unit, `suspect`; 456 (四川, the continuation page of 400's template) read
# all 8 rows exactly (fields 1.000), its expected WEIGHTS_NOT_100 reported, `suspect`.


def test_a_label_cell_is_read_without_its_colon_or_a_bracketed_aside(result):
    from jixiao.pipeline.assembly.forms import cell_field_label

    assert [cell_field_label(t) for t in ("项目名称:", "实施(主管)单位", "实施单位 (盖章)", "主管部门：", "部门(单位)名称")] == [
        "project", "unit", "unit", "department", "unit"]
    assert cell_field_label("是否为专项资金:") is None and cell_field_label("金额单位:") is None
    # 455 prints 实施(主管)单位 | 314002-成安县民政局机关 (read as no unit on arrival)
    assert _form(result, "455_chengan_centenarian_allowance").unit == "314002-成安县民政局机关"


def test_a_points_heading_over_prose_yields_to_the_column_of_figures(result, evaluation):
    # 455's column headed 指标分值 prints each row's 指标解释; its points stand under 自评得分 | 权重占比(%). Both
    # headings name the weight; the first was kept, its prose read as no number (NOT_A_NUMBER, every weight
    # lost, `suspect`): a points role claimed twice now goes to the claim whose body cells are figures
    name = "455_chengan_centenarian_allowance"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 4 and report["unit"]["exact"]
    assert report["field_exact"] == 1.0
    form = _form(result, name)
    assert [i.level3_raw for i in form.indicators] == ["符合条件申报对象覆盖率", "完成率", "补贴发放率", "服务对象满意度"]
    assert [i.level1 for i in form.indicators] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert [i.weight for i in form.indicators] == [25, 25, 30, 10]
    assert [i.score for i in form.indicators] == [25, 25, 30, 10]
    assert "NOT_A_NUMBER" not in {r.code for r in form.verdict_reasons}
    assert _rules(result, name) == {"WEIGHTS_NOT_100"}  # the copy ends before its last row: 90 points


def test_a_points_claim_over_words_keeps_the_claim_over_figures():
    from jixiao.models import Cell
    from jixiao.pipeline.assembly.columns import ColumnRole, _dedupe_roles

    def cell(x0, x1, text, row=3):
        return Cell(row=row, col=0, text=text, bbox=(x0, 100.0 + 10 * row, x1, 110.0 + 10 * row))

    prose, target = ColumnRole(100, 200, "weight"), ColumnRole(200, 300, "target")
    points, score = ColumnRole(300, 340, "weight"), ColumnRole(340, 380, "score")
    body = [cell(100, 200, "享受补贴政策人数的比例"), cell(300, 340, "25"), cell(340, 380, "25"),
            cell(100, 200, "高龄补贴发放完成率", 4), cell(300, 340, "30", 4), cell(340, 380, "28", 4)]
    assert [(c.x0, c.role) for c in _dedupe_roles([prose, target, points, score], body)] == [
        (200, "target"), (300, "weight"), (340, "score")]
    # two claims of figures, or a first claim of figures: the first column stays, as before
    figures = [cell(100, 200, "10"), cell(100, 200, "20", 4)] + body[1:3] + body[4:]
    assert [(c.x0, c.role) for c in _dedupe_roles([prose, target, points, score], figures)] == [
        (100, "weight"), (200, "target"), (340, "score")]
    # adjacent claims are one merged heading, widened as before
    assert [(c.x0, c.x1) for c in _dedupe_roles([ColumnRole(300, 320, "weight"), ColumnRole(320, 340, "weight")],
                                               body)] == [(300, 340)]


def test_a_two_tier_header_is_read_by_its_sub_headings(result):
    # 455's second header line divides 预期指标值 into 符号 | (no sub-heading) | 单位(文字描述) and 自评得分 into
    # 单项指标得分 | 权重占比(%) | 单项指标折算得分, words no second-line vocabulary held: on arrival the line was taken
    # for the header, the value column without a sub-heading named nothing, and the numbered banner
    # 四、年度绩效指标完成情况 took the actuals' role. The targets join sign, value and unit as printed.
    form = _form(result, "455_chengan_centenarian_allowance")
    assert [i.target.raw for i in form.indicators] == [">=98%(百分比)", ">=99%(百分比)", ">=75%(百分比)",
                                                       ">=95%(百分比)"]
    assert [i.actual.raw for i in form.indicators] == ["100%"] * 4
    assert {"target_op", "target_unit", "actual"} <= set(form.header_roles)


def test_a_continuation_page_reads_its_rows_without_the_groups_begun_before(result, evaluation):
    # 456's page opens inside the table: its header repeated, the first rows' 一级 (and the first row's 二级)
    # merged cells begun on the page before, printed empty
    name = "456_railway_line_safety_continuation"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 8 and report["field_exact"] == 1.0
    assert all(found["found"] for found in report["expected_findings"]) and report["unexpected_findings"] == []
    form = _form(result, name)
    assert [i.level1_raw or "" for i in form.indicators[:4]] == ["", "", "", ""]
    assert [i.weight for i in form.indicators] == [5, 5, 5, 5, 10, 10, 10, 10]
    qualitative = form.indicators[6]
    assert (qualitative.target.raw, qualitative.actual.raw) == ("优良中低差", "优")



def test_an_evaluation_table_names_its_levels_by_what_they_hold(result, evaluation):
    # 457 heads its levels 评价指标 / 评价内容 / 指标名称, numbering none, as an assessment table heads them 考核项目 /
    # 考核内容 / 考核指标: on arrival the 评价指标 and 评价内容 columns named no role, every row's 一级 and 二级 were
    # lost and the form came out ok
    name = "457_ningjin_high_school_grant_indicators"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 7 and report["field_exact"] == 1.0
    form = _form(result, name)
    assert {i.level1_raw for i in form.indicators} == {"项目年度绩效目标(定量指标)"}
    assert [i.level2_raw for i in form.indicators] == ["制度指标", "产出数量指标", "产出数量指标", "质量指标", "质量指标",
                                                       "时效指标", "成本指标"]
    # names the schema has no place for (the 一级, 制度指标) are named on the form: not ok
    assert form.verdict != "ok" and "UNMAPPED_NAME" in {r.code for r in form.verdict_reasons}


def test_a_group_heading_named_like_an_evaluation_level_over_numbered_levels_names_none():
    from jixiao.pipeline.assembly.columns import names_levels_by_content, role_of

    # a 评价指标 heading over 一级指标 | 二级指标 … is a group heading: a level only in a header naming none by number
    assert role_of("评价指标", None, assessment=False) is None
    assert role_of("评价指标", None, assessment=True) == "level1"
    assert names_levels_by_content(["评价指标", "评价内容", "指标名称", "目标值", "分值"])
    assert not names_levels_by_content(["评价内容", "一级指标", "二级指标", "三级指标", "分值"])


def test_a_total_row_whose_one_figure_stands_under_the_points_states_no_score(result, evaluation):
    # 457 has no 得分 column; its 总分 row prints 100 under 分值 alone. On arrival that 100 was taken for the stated
    # score as well: it is the points available
    name = "457_ningjin_high_school_grant_indicators"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["stated_total"]["exact"]
    form = _form(result, name)
    assert form.stated_total is None and form.stated_weight_total == 100


def test_a_regional_target_table_under_a_block_of_offices_reads_its_rows(result):
    # 458 prints the offices of four levels, a 资金情况 block left blank and 已实施情况 lines above its table (一级目标
    # / 二级指标 / 三级指标 / 指标值 / 实际完成值 / 未达到指标值原因): none of them is a row or a budget
    form = _form(result, "458_lechang_vocational_grant_targets")
    assert [(i.level1_raw, i.level2_raw, i.level3_raw, i.target.raw, i.actual.raw) for i in form.indicators] == [
        ("产出指标", "数量指标", "中等职业学校国家助学金应受助学生数", "100%", ""),
        ("产出指标", "数量指标", "中职免学费应受助学生数", "100%", "")]
    assert form.kind == "target_declaration" and form.budget is None and form.verdict == "ok"


def test_a_declarations_planned_money_under_its_caption_or_beside_its_label(result, evaluation):
    # 459 (福建 部门整体支出绩效目标表) prints its year's money as label/amount pairs under a caption, 年度预算安排(万元)
    # over 资金总额 | 171.41; 460 (甘肃 省级部门预算项目支出绩效目标表) prints it as one pair of its key/value header,
    # 预算申报数 | 20万元, the amount with its unit word. On arrival both rows were read exactly and ok, their money
    # unread: neither label was a budget word, and a key/value amount printed with 万元 was no number
    for name, planned in (("459_ningde_gazetteer_dept_targets", 171.41), ("460_jiayuguan_museum_free_opening_targets", 20)):
        (report,) = _file_report(evaluation, name)["forms"]
        assert report["truth_rows"] == report["matched_rows"] and report["field_exact"] == 1.0
        form = _form(result, name)
        assert form.kind == "target_declaration" and form.verdict == "ok"
        assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (planned, None, None, None)
    # the 项目总投资 beside 中央补助安排 0 is the project's whole cost, not this year's: the declared 20 is what is read


def test_a_declarations_money_total_printed_in_its_own_label_cell(result, evaluation):
    # 461 (内蒙古 绩效目标申报表) writes its 资金情况(万元) into text cells: 年度资金总额:50万 | 中央衔接推进乡村振兴
    # 补助资金(少数民族发展任务)50, the amount after the label's colon. On arrival its rows were read exactly and ok,
    # its money unread: 资金总额 named no key/value field, and a label cell's own amount was no number
    name = "461_wuchuan_minority_village_farm_declaration"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] and report["field_exact"] == 1.0
    form = _form(result, name)
    assert form.kind == "target_declaration" and form.verdict == "ok"
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (50, None, None, None)


def _key_value_row(*texts: str):
    from jixiao.models.page import Cell
    from jixiao.pipeline.assembly.rows import Row, RowCell

    cells = [RowCell(t, Cell(row=0, col=i, text=t, bbox=(60.0 * i, 0.0, 60.0 * (i + 1), 20.0)), i, True)
             for i, t in enumerate(texts)]
    return Row(page=1, table=None, index=0, cells=cells, top=0.0)


def test_a_key_value_amount_may_print_its_unit_word():
    from jixiao.pipeline.assembly.budget_block import key_value_number, key_value_role

    row = _key_value_row("预算申报数", "20万元", "资金性质", "一般公共预算")
    assert key_value_role(row) == "initial" and key_value_number(row, "initial") == 20
    # a figure in 元 is left unread, as a budget cell's is (10⁴ off under the block's 万元)
    assert key_value_number(_key_value_row("预算申报数", "1500元"), "initial") is None
    # a caption merged down the block names its figures: 年度预算安排(万元) over 资金总额 | 171.41
    caption = _key_value_row("年度\n预算\n安排\n(万元)", "资金总额", "171.41")
    assert key_value_role(caption) == "initial" and key_value_number(caption, "initial") == 171.41


def test_a_declarations_money_total_is_read_where_its_figures_agree():
    from jixiao.pipeline.assembly.budget_block import declared_total, key_value_role

    # a declaration's 资金总额 is its year's plan; its amount may follow the label's colon in the label's own cell
    inline = _key_value_row("资金情况\n(万元)", "年度资金总额:50万", "中央衔接推进乡村振兴补助资金(少数民族发展任务)50")
    assert declared_total(inline) == 50
    # on a self-assessment the same words head a row of 年初/全年/执行 figures: no key/value field of their own
    assert key_value_role(inline) is None
    # the same amount twice agrees (429: 资金总额 | 10000万元 | 当年资金总额: | 10000万元); different figures stand under
    # column headings a key/value reading cannot tell apart (413: 中期资金总额 1200 | 年度资金总额 400): unread
    assert declared_total(_key_value_row("资金总额", "10000万元", "当年资金总额:", "10000万元")) == 10000
    assert declared_total(_key_value_row("", "资金总额", "1200", "400")) is None


def test_a_money_cell_of_the_total_and_its_parts_each_after_its_label_is_the_total():
    from jixiao.pipeline.assembly.budget_block import declared_total

    # 471's 项目资金申请(万元) cell prints 资金总额: 250 and then its parts, each after its own label and colon (一、预算资金:250
    # / 二、自有资金:0 / 三、其他:0); the text layer joins the lines. The total is the figure after 资金总额's colon, not
    # the last part's (0)
    joined = _key_value_row("项目资金申请\n(万元)", "资金总额: 250一、预算资金:250二、自有资金:0三、其他:0")
    assert declared_total(joined) == 250
    assert declared_total(_key_value_row("项目资金申请(万元)", "资金总额:12.5万\n一、预算资金:10\n二、其他:2.5")) == 12.5
    # a cell of one label keeps what follows its colon; parts without a total say nothing of it
    assert declared_total(_key_value_row("资金情况", "年度资金总额:50万")) == 50
    assert declared_total(_key_value_row("项目资金申请", "一、预算资金:250二、其他:0")) is None


def test_a_project_filed_under_a_programme_is_the_second_level_one(result):
    # 460 names its programme (一级项目名称 | 文化事业发展专项资金) and the project itself (二级项目名称 | …): on arrival
    # neither was read as the form's project
    form = _form(result, "460_jiayuguan_museum_free_opening_targets")
    assert form.project == "博物馆纪念馆市级免费开放补助资金"
    assert form.unit in ("嘉峪关市文化和旅游局", "嘉峪关城市博物馆")  # the 主管部门 or the 项目实施单位


def test_a_unit_sharing_its_label_cell_with_the_projects_manager(result, evaluation):
    # 463 (宁夏 绩效目标自评表) prints 实施单位/项目负责人 | 原州区农技中心/杨勃兴: two labels in one cell over their two
    # values joined the same way, the 项目总得分 99分 in the header block, 550万粒 of seed potatoes and a 产出 row
    # without 分值 or 得分. On arrival its rows were read exactly, its unit unread (the joined label named no field)
    # and its seed counts doubted (粒 was no measure word)
    name = "463_yuanzhou_seed_potato_breeding"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 12 and report["field_exact"] == 1.0
    assert report["stated_total"]["exact"] and all(f["found"] for f in report["expected_findings"])
    form = _form(result, name)
    assert form.unit == "原州区农技中心" and form.project == "马铃薯种薯繁育示范推广项目" and form.year == 2022
    assert (form.budget.annual, form.budget.executed, form.budget.rate) == (300, 259.45, 86.5)
    # suspect for the cells the form leaves blank (指标3's 分值 and 得分, the row the copy cuts), never for its units
    assert {r.code for r in form.verdict_reasons if r.kind == "misread"} == {"MISSING_CELL"}


def test_joined_labels_give_each_field_its_part_of_the_value():
    from jixiao.pipeline.assembly.forms import joined_label_fields

    assert joined_label_fields("实施单位/项目负\n责人", "原州区农技中心/杨勃兴") == [("unit", "原州区农技中心")]
    assert joined_label_fields("主管部门／实施单位", "县农业农村局／县农技中心") == [
        ("department", "县农业农村局"), ("unit", "县农技中心")]
    # parts that do not pair up say nothing: a value without the slash, a date beside two labels
    assert joined_label_fields("实施单位/项目负责人", "原州区农技中心") == []
    assert joined_label_fields("实施单位/填报日期", "2022/3/1") == []


def test_headline_tasks_scored_beside_their_scored_parts_under_a_low_execution(result, evaluation):
    # 464 (云南 项目支出绩效自评表, 433's 单位名称 / 填报日期 template) prints numbered headline tasks (一、示范区建立
    # 15) followed by their numbered parts each scored (1、水稻侧深施肥+缓控释肥 5 …), targets signed '≧', scores only,
    # and a 20-point budget block at a 10.77% execution scored 2.16: read exactly on arrival
    name = "464_longyang_fertilizer_reduction"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 14 and report["field_exact"] == 1.0
    form = _form(result, name)
    assert form.unit == "隆阳区土壤肥料工作站" and form.verdict == "ok"
    assert (form.budget.annual, form.budget.executed, form.budget.rate, form.budget.weight, form.budget.score) == (
        278.4449, 30, 10.77, 20, 2.16)
    assert [i.score for i in form.indicators[:5]] == [15, 5, 5, 5, 15]


def test_a_declarations_category_title_and_its_money_written_with_its_parts(result, evaluation):
    # 465 (湖南 岳阳县 衔接资金 绩效目标申报表) is titled 绩效目标申报表(基础设施建设类), the category of project its
    # template is issued for, and writes its 年度资金总额 as 854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元).
    # On arrival its rows were read exactly and ok, its title unread (no title ended in a category) and its money
    # unread (a cell of four figures)
    name = "465_yueyang_farmland_declaration"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 12 and report["field_exact"] == 1.0
    form = _form(result, name)
    assert form.title == "绩效目标申报表(基础设施建设类)" and form.kind == "target_declaration" and form.verdict == "ok"
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (854, None, None, None)


def test_an_amount_followed_by_its_parts_is_the_amount_they_add_up_to():
    from jixiao.pipeline.assembly.budget_block import parse_amount

    assert parse_amount("854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)") == 854
    assert parse_amount("12.5万元（一期7.25万元，二期5.25万元）") == 12.5
    # parts that do not add up, or one part alone, say nothing: the cell's figures stay unread
    assert parse_amount("50万(甲30万元,乙30万元)") is None
    assert parse_amount("100万(其中2022年20万元)") is None
    # 465's 财政拨款 cell prints its amount twice before the parts: no amount stands before them
    assert parse_amount("854万854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)") is None


def test_a_title_may_end_in_the_project_category_of_its_template():
    from jixiao.pipeline.assembly.forms import is_title_text

    assert is_title_text("绩效目标申报表(基础设施建设类)") and is_title_text("绩效目标申报表（产业发展类）")
    assert is_title_text("项目支出绩效自评表(2022年度)")
    # a bracket naming no category and no year is no part of a title
    assert not is_title_text("项目支出绩效自评表(附件)")


def test_twenty_five_numbered_rows_scored_to_one_decimal(result, evaluation):
    # 466 (山西 稷山县 项目支出绩效自评表 of a township clinic) prints twenty-five numbered 数量指标 rows of counts in
    # 人/种/次/例, scores with one decimal where an actual falls short, two rows whose names the copy lost, and is cut
    # in the first 质量指标 row: read exactly on arrival, with the findings the rules give its figures and no other
    name = "466_zhaidian_public_health_services"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 26 and report["field_exact"] == 1.0
    assert all(f["found"] for f in report["expected_findings"]) and not report["unexpected_findings"]
    form = _form(result, name)
    assert form.unit == "稷山县翟店镇卫生院" and form.year == 2021
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (
        0, 207.4538, 207.4538, 100)


def test_a_declaration_whose_target_prints_its_unit_first(result, evaluation):
    # 467 (重庆 荣昌区 林业局's 项目绩效目标表) prints its target over 计量单位 / 指标性质 / 指标值, the unit first and
    # the value last, and names its offices 申报单位 and 具体实施单位. On arrival every row and field was read
    # exactly and the money read, but the unit was not (neither label was known)
    name = "467_rongchang_roadside_greening_declaration"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 3 and report["field_exact"] == 1.0
    assert report["unit"]["exact"]
    form = _form(result, name)
    assert form.unit == "区林业局" and form.verdict == "ok"
    assert [(i.target.op, i.target.value, i.target.unit) for i in form.indicators] == [
        ("=", 3500, "米"), ("=", 15000, "株"), (">=", 85, "%")]
    assert form.budget.initial == 153.5184


def test_group_labels_carrying_the_templates_fill_instructions(result, evaluation):
    # 468 (宁夏 原州区 自然资源局's 项目支出绩效目标申报表) prints its 二级 names with the template's instruction
    # ('数量指标 (必填硬性指标)', '经济效益 指标 (选填)'). On arrival every row was read as printed but no 二级 mapped
    # onto the schema (level2_canonical 0 of 11), suspect
    name = "468_yuanzhou_water_conservation_forest_declaration"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["matched_rows"] == 11 and report["field_exact"] == 1.0
    form = _form(result, name)
    assert {i.level2 for i in form.indicators} == {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标",
                                                   "社会效益指标", "生态效益指标", "可持续影响指标"}
    assert form.verdict == "ok"


def test_a_level2_name_typed_again_in_a_cell_of_its_own_keeps_its_rows_in_the_group(result, evaluation):
    # 469 (云南 临翔区 林业和草原局's 项目支出绩效自评表) prints '数量指标' again in a cell of its own for its second
    # 数量 row, 时效 before 质量, and a budget block with 年初预算数 blank, scored 9 for 97.80 % of 10. On arrival
    # every row and field was read as printed, both findings the figures imply raised, and the verdict doubts
    # only the blank cells of the 满意度 row the stored copy cuts
    name = "469_linxiang_wildlife_shelter"
    report = _read_exactly(evaluation, name, rows=8)
    assert all(e["found"] for e in report["expected_findings"]) and report["unexpected_findings"] == []
    form = _form(result, name)
    assert [i.level2 for i in form.indicators[:2]] == ["数量指标", "数量指标"]
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.score) == (None, 32.4, 31.69, 9)
    assert {r.code for r in form.verdict_reasons if r.kind == "misread"} == {"MISSING_CELL"}


def test_level1_points_under_a_points_banner_over_rows_that_print_a_score_alone(result, evaluation):
    # 470 (a 区商务局's 项目自评表 of 433's template) prints one 年度绩效目标(80分) block over 产出指标(60分) and
    # 效益指标(40分), rows with 年初目标值(A) / 实际完成值(B) / 得分 and no 分值 column, a 20-point budget block and a
    # 总分 of the rows alone (100). On arrival every row and field was read as printed and TOTAL_EXCLUDES_BUDGET
    # raised, but the verdict took the labels' points for a lost 分值 column (MISSING_CELL@weight, suspect)
    name = "470_district_service_trade_fund"
    (report,) = _file_report(evaluation, name)["forms"]
    assert report["truth_rows"] == report["extracted_rows"] == report["matched_rows"] == 8
    assert report["field_exact"] == 1.0 and report["stated_total"]["exact"] and report["unit"]["exact"]
    assert all(e["found"] for e in report["expected_findings"]) and report["unexpected_findings"] == []
    form = _form(result, name)
    assert [i.level1_weight for i in form.indicators] == [60] * 6 + [40] * 2
    assert all(i.weight is None for i in form.indicators) and "weight" not in form.header_roles
    assert (form.budget.annual, form.budget.weight, form.budget.score, form.stated_total) == (285.84, 20, 20, 100)
    assert _rules(result, name) == {"TOTAL_EXCLUDES_BUDGET"}
    assert form.verdict == "ok"


def test_a_declaration_with_a_progress_plan_and_its_money_cell_of_labelled_lines(result, evaluation):
    # 471 (湖南 湘潭市环境卫生管理处's 2024 项目绩效目标表) prints a 项目实施进度计划 sub-table and 长期目标 / 年度目标
    # side by side above its 指标值 / 绩效标准 table, and its money as one cell of labelled lines (资金总额: 250 /
    # 一、预算资金:250 / 二、自有资金:0 / 三、其他:0). On arrival every row and field was read exactly and ok, but the
    # money was read as 0 (the figure after the cell's last colon)
    name = "471_xiangtan_fog_cannon_progress_plan_declaration"
    _read_exactly(evaluation, name, rows=7)
    form = _form(result, name)
    assert form.kind == "target_declaration" and form.title == "2024年项目绩效目标表" and form.year == 2024
    assert (form.budget.initial, form.budget.annual, form.budget.executed, form.budget.rate) == (250, None, None, None)
    assert form.verdict == "ok" and _rules(result, name) == set()


def test_a_budget_one_fifth_spent_its_rate_printed_without_its_sign(result, evaluation):
    # 472 (云南 昌宁县供销合作社联合社's 项目支出绩效自评表 of 433's template) prints 预算数 50 / 执行数 10 / 执行率 '20'
    # (no % sign) / 得分 4 (20分 × 20 %), the options' ticks kept, and eighteen rows scored 1 to 3 with no 分值 column
    # under 产出指标(40分), cut after the nineteenth row's target and actual. On arrival every row and field was read
    # exactly, the block's figures too, no finding raised; suspect for the cut row's blank 得分 alone
    name = "472_changning_pig_farm"
    report = _read_exactly(evaluation, name, rows=19)
    assert report["unexpected_findings"] == []
    form = _form(result, name)
    assert (form.budget.annual, form.budget.executed, form.budget.rate, form.budget.weight, form.budget.score) == (
        50, 10, 20, 20, 4)
    assert [i.level1_weight for i in form.indicators] == [40] * 19 and all(i.weight is None for i in form.indicators)
    assert sum(i.score for i in form.indicators[:18]) == 29 and form.indicators[18].score is None
    assert _rules(result, name) == set()
    assert {(r.code, r.kind) for r in form.verdict_reasons} == {("MISSING_CELL", "misread")}


def test_a_sign_column_headed_as_the_direction_beside_one_headed_as_the_sign(result, evaluation):
    # 473 (内蒙古 乌海市供销合作社联合社's 2021 项目绩效目标表, a budget system's export) prints every row's 一级 and
    # 二级 names in cells of their own, its target split over 指标性质 | 指标方向 | 目标值 | 计量单位 with the first two
    # headings over each other's cells (指标性质 over 正向 / 反向, 指标方向 over '='), and a date serial in both the
    # 目标值 and the 计量单位 cell of two rows ('44,561 | 44,561'). On arrival every row was read, `ok`, but no target
    # kept its sign ('8' for '=8') and the two serials were run together ('44,56144,561')
    name = "473_wuhai_recycling_market_declaration"
    _read_exactly(evaluation, name, rows=11)
    form = _form(result, name)
    assert form.kind == "target_declaration" and form.year == 2021 and form.budget.initial == 3
    assert [i.target.raw for i in form.indicators[:4]] == ["=8", "=24人/次", "=100%", "=44,561"]
    assert [i.level1 for i in form.indicators] == ["产出指标"] * 11 and sum(i.weight for i in form.indicators) == 50
    assert form.verdict == "ok" and _rules(result, name) == set()


def test_a_unit_cell_repeating_the_values_figure_is_not_joined_to_it():
    from jixiao.pipeline.assembly.forms import _target_text

    assert _target_text({"target_op": "=", "target": "44,561", "target_unit": "44,561"}) == "=44,561"
    assert _target_text({"target_op": "≥", "target": "95", "target_unit": "%"}) == "≥95%"
    assert _target_text({"target_op": "=", "target": "24", "target_unit": "人/次"}) == "=24人/次"
    assert _target_text({"target_op": "≥", "target": "95", "target_unit": "96"}) == "≥9596"  # a misread %, as before


def test_a_shanghai_form_in_yuan_with_and_without_a_thousands_separator(result, evaluation):
    # 474 (上海 普陀区体育事业管理中心's 2022 财政项目支出绩效自评表) prints its money in 元, 215,457.6 on the
    # 年度资金总额 line and 215457.6 on its 其中 line, 86.19 % scored 8.62 of 10, targets with ASCII signs ('=100%',
    # '>=90%') and a 总分 of 100 / 98.62. On arrival every row, field and figure was read, no finding, `ok`
    name = "474_putuo_sports_centre_settlement"
    report = _read_exactly(evaluation, name, rows=5)
    assert report["unexpected_findings"] == []
    form = _form(result, name)
    assert (form.budget.annual, form.budget.executed, form.budget.rate, form.budget.weight, form.budget.score) == (
        250000, 215457.6, 86.19, 10, 8.62)
    assert form.stated_total == 98.62 and form.verdict == "ok" and _rules(result, name) == set()

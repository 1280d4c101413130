"""The report's words in Chinese (the default) and English.

Auditors read Chinese forms all day, so the report speaks Chinese unless asked
otherwise (``--lang en``). Rule codes are a public interface and stay as they
are in both languages; only their meanings, the labels and the headings are
translated. One table per language keeps every string in one place, so a
missing translation is a test failure (both tables have the same keys), not a
half-English page.
"""
from __future__ import annotations

from typing import Literal

from jixiao.pipeline.validation.codes import RULES

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

#: Rule meanings in Chinese; the English ones are the validator's own (codes.RULES).
RULE_MEANINGS_ZH = {
    "TOTAL_MISMATCH": "填报的总分与按各项得分重新计算的任何结果都不一致（已考虑四舍五入）。",
    "TOTAL_EXCLUDES_BUDGET": "填报的总分只等于各指标得分之和，漏计了满分 100 分中的预算执行得分。",
    "SCORE_EXCEEDS_WEIGHT": "得分高于该项分值（权重）。",
    "FULL_SCORE_DESPITE_SHORTFALL": "实际完成值未达到年度指标值（正向 ≥、反向 ≤、等于），却给了满分。",
    "DEDUCTION_WITHOUT_SHORTFALL": "已达到年度指标值，却扣了分。",
    "SCORE_FORMULA_MISMATCH": "未达标项的得分与“实际值/指标值 × 分值”（反向指标按其公式）不符，"
                              "或定性指标得分不在 80–100 / 60–80 / 0–60 % 档内；差距小于 0.5 分且小于分值的 10 %，"
                              "或得分只是公式结果按表内精度取整时，仅作提示。",
    "SUBTOTAL_MISMATCH": "填报的一级/二级指标分值或得分与其下各行之和不符（超出取整误差）。",
    "WEIGHTS_NOT_100": "各项分值（连同单列的预算执行分值）之和不是 100；若是印刷取整所致，仅作提示。",
    "EXECUTION_RATE_MISMATCH": "填报的执行率与 全年执行数/全年预算数 相差超过 0.5 个百分点，"
                               "或预算执行得分与 执行率 × 分值（封顶）不符，或合计行为 0 而其明细行有金额。",
    "GRADE_MISMATCH": "填报的等级与填报的总分不对应（优 ≥ 90，良 80–89，中 60–79，差 < 60）。",
    "DUPLICATE_ROW": "指标行逐字重复；仅在去掉它分值才合计为 100 时按一行计算，两行都算才合计 100 时仅作提示。",
    "COUNT_MISMATCH": "文字报告中所说的指标个数与表中的行数不同。",
    "LOW_CONFIDENCE": "该指标行为 OCR 识别且置信度低，其中数字值得核对。",
    "LYING_FONT": "PDF 文字层的字体声称的字符与实际绘出的不同：从 PDF 复制的文字或数字有误。"
                  "此处的数值已按字形重新识别（字体已修复）或经 OCR 读取。",
    "HIDDEN_TEXT_LAYER": "表单所在页的文字层不可见（扫描软件在页面图像下写入的 OCR 文字）：未读取该文字层，"
                         "数值按页面所示经 OCR 读取；在 PDF 中搜索或复制得到的是该文字层的文字。",
}

_TEXT: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "report_title": ("绩效自评审核报告", "jixiao review report"),
    "overview_intro": ("按表单列出，有错误的排在前面；点击表单查看其页面、每条发现所指的单元格和重新计算的得分。",
                       "Forms, errors first. Open a form to see its pages, the cell each finding is about, "
                       "and the scores the rules expect."),
    "all_documents": ("← 全部表单", "← all forms"),
    "documents": ("文件", "documents"), "forms": ("表单", "forms"), "indicators": ("指标行", "indicators"),
    "ok": ("正常", "ok"), "partial": ("部分读取", "partial"), "failed": ("失败", "failed"), "skipped": ("跳过", "skipped"),
    "error": ("错误", "error"), "warning": ("警告", "warning"), "needs_review": ("待核对", "needs review"),
    "info": ("提示", "info"), "none": ("无", "none"),
    "suspect": ("疑似误读", "suspect"), "verdict_ok": ("读取可信", "read ok"),
    "suspect_forms": ("疑似误读的表单", "suspect forms"),
    "files_not_read": ("未完整读取的文件", "Files not fully read"),
    "forms_heading": ("表单", "Forms"),
    "charts_heading": ("图表", "Charts"),
    "rules_heading": ("按规则统计的发现", "Findings by rule"),
    "col_file": ("文件", "file"), "col_unit": ("单位", "unit"), "col_project": ("项目", "project"),
    "col_year": ("年度", "year"), "col_kind": ("类型", "kind"), "col_stated_total": ("填报总分", "stated total"),
    "col_recomputed_total": ("重算总分", "recomputed total"), "col_gap": ("差额", "gap"),
    "col_stated_grade": ("填报等级", "stated grade"), "col_recomputed_grade": ("重算等级", "recomputed grade"),
    "col_worst": ("最严重", "worst"), "col_findings": ("发现", "findings"), "col_verdict": ("读取判断", "reading"),
    "col_sealed": ("盖章", "sealed"), "col_rule": ("规则", "rule"), "col_meaning": ("含义", "meaning"),
    "col_documents": ("文件数", "documents"), "col_status": ("状态", "status"), "col_problem": ("问题", "problem"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    "search": ("搜索单位、项目或文件名", "search unit, project or file"),
    "all_severities": ("全部严重程度", "all severities"), "all_rules": ("全部规则", "all rules"),
    "all_units": ("全部单位", "all units"), "all_years": ("全部年度", "all years"),
    "all_verdicts": ("全部读取判断", "all readings"),
    "export_csv": ("导出筛选结果（CSV）", "export filtered (CSV)"),
    "export_forms_csv": ("导出表单（CSV）", "export forms (CSV)"),
    "shown": ("显示 {shown} / {total}", "{shown} of {total} shown"),
    "prev": ("上一页", "previous"), "next": ("下一页", "next"), "page_of": ("第 {page} / {pages} 页", "page {page} of {pages}"),
    "no_forms": ("没有符合条件的表单", "no form matches"),
    "chart_gap": ("填报总分 − 重算总分 的分布", "Stated − recomputed total"),
    "chart_rules": ("各规则的发现数", "Findings by rule"),
    "chart_units": ("各单位的发现数（前 15）", "Findings by unit (top 15)"),
    "chart_scores": ("各单位 / 年度的重算总分分布", "Recomputed totals per unit / year"),
    "chart_forms": ("表单数", "forms"),
    "no_data": ("无数据", "no data"),
    # document page
    "form": ("表单", "Form"), "pages": ("页", "pages"), "page": ("第 {page} 页", "page {page}"),
    "read_in": ("读取耗时 {seconds} 秒", "read in {seconds} s"),
    "document_findings": ("文件层面的发现", "Document findings"),
    "findings_heading": ("发现（{n}）", "Findings ({n})"), "no_findings": ("无发现", "no findings"),
    "no_picture": ("无页面图片", "no page picture"), "no_rows": ("未读到指标行", "no indicator rows"),
    "row": ("第 {row} 行", "row {row}"), "form_level": ("整表", "form"), "p": ("第 {page} 页", "p. {page}"),
    "expected": ("应为", "expected"), "stated": ("填报", "stated"),
    "read_by": ("读取方式", "read by"), "stated_total": ("填报总分", "stated total"),
    "recomputed_total": ("重算总分", "recomputed total"), "stated_grade": ("填报等级", "stated grade"),
    "recomputed_grade": ("重算等级", "recomputed grade"),
    "budget_annual": ("全年预算数", "budget annual"), "executed": ("全年执行数", "executed"),
    "rate": ("执行率 %", "rate %"), "budget_score": ("预算执行得分", "budget score"),
    "narrative_says": ("文字报告所称指标数", "narrative says"), "unit": ("单位", "unit"), "project": ("项目", "project"),
    "year": ("年度", "year"), "sealed": ("盖章", "sealed"),
    "reading": ("读取判断", "read"),
    "reasons": ("{n} 条理由", "{n} reasons"),
    "suspect_note": ("下列数字可能被误读；以其为依据的发现需要核对", "the figures below may be misread; "
                     "findings resting on them need review"),
    "th_level1": ("一级 原文 → 规范", "一级 raw → canonical"), "th_level2": ("二级", "二级"),
    "th_level3": ("三级 原文 → 规范（编号 · 匹配度）", "三级 raw → canonical (id · score)"),
    "th_weight": ("分值", "weight"), "th_target": ("年度指标值（原文 / 解析）", "target (raw / parsed)"),
    "th_actual": ("实际完成值（原文 / 解析）", "actual (raw / parsed)"), "th_score": ("得分", "score"),
    "th_expected": ("规则应得分", "score the rules expect"), "th_confidence": ("置信度", "confidence"),
    "th_findings": ("发现", "findings"),
    "legend_high": ("置信度 ≥ 0.9", "confidence ≥ 0.9"), "legend_mid": ("0.7–0.9", "0.7–0.9"),
    "legend_low": ("< 0.7", "< 0.7"), "legend_flagged": ("有发现的行", "row with a finding"),
    "legend_cell": ("发现所指的单元格", "cell a finding is about"),
    "stated_total_box": ("填报总分 {value}", "stated total {value}"), "budget_box": ("预算执行区", "预算执行 block"),
    "row_label": ("第 {row} 行：{name} · 指标值 {target} · 实际值 {actual} · 得分 {score} / {weight} · 置信度 {conf} ({method})",
                  "row {row}: {name} · target {target} · actual {actual} · score {score} / {weight} · "
                  "confidence {conf} ({method})"),
    "met_full": ("达标：满分 {weight}", "met: full {weight}"),
    "formula": ("公式 {values}", "formula {values}"),
    "band": ("{low}–{high}（定性档）", "{low}–{high} (qualitative band)"),
    "cannot_say": ("无法判断", "cannot say"),
    "sha": ("SHA-256", "sha256"),
}


def text(lang: Lang, key: str, **values) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled."""
    zh, en = _TEXT[key]
    chosen = zh if lang == "zh" else en
    return chosen.format(**values) if values else chosen


def rule_meaning(lang: Lang, code: str) -> str:
    """A rule's meaning in plain words; unknown codes (a newer validator) get an empty meaning."""
    if lang == "zh" and code in RULE_MEANINGS_ZH:
        return RULE_MEANINGS_ZH[code]
    return RULES[code].meaning if code in RULES else ""


KIND_LABELS = {
    "project_self_eval": ("项目支出绩效自评表", "project self-assessment"),
    "dept_self_eval": ("部门整体支出绩效自评表", "department self-assessment"),
    "target_declaration": ("绩效目标申报表", "target declaration"),
    "narrative_report": ("自评报告（文字）", "narrative report"),
}


def kind_label(lang: Lang, kind: str) -> str:
    zh, en = KIND_LABELS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def strings(lang: Lang, keys: tuple[str, ...]) -> dict[str, str]:
    """Labels the page script needs, keyed as here (the script fills the placeholders)."""
    return {key: text(lang, key) for key in keys}

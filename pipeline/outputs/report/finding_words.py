"""A finding's details in the report's language.

The validator words each finding in English (``message``, and ``expected``/``stated``
as text): that is what the findings table carries, and what the English report
shows. The Chinese report says the same from the finding's structured values
(the indicator, the expected and stated figures, the gap, the row and page), with
one Chinese sentence per rule, written here rather than translated from the
English text. A rule without a Chinese sentence (a newer validator) shows its
English message; a test keeps every rule of :data:`~jixiao.pipeline.validation.codes.RULES`
covered (:data:`DETAILS_ZH`). Nothing here escapes: the page that shows these strings does.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jixiao.models import Finding
from jixiao.pipeline.outputs.report.i18n import Lang
from jixiao.pipeline.validation.findings import num

#: Field names of a row's cells (``field_confidence`` keys) as the form prints them.
FIELD_NAMES_ZH = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "weight": "分值", "target": "年度指标值",
    "target_op": "指标性质", "actual": "实际完成值", "score": "得分", "note": "偏差原因", "row": "整行",
}

#: The expected text of LYING_FONT findings (the validator's own words for it).
_GLYPHS_MATCH = "text layer that matches the glyphs"


def _figure(value: float | None, text: str) -> str:
    """A stated or expected figure: the number when there is one, else its text, else a dash."""
    return num(value) if value is not None else (text or "—")


def _gap(finding: Finding) -> str:
    return num(abs(finding.gap)) if finding.gap is not None else "—"


def _who(finding: Finding) -> str:
    return f"“{finding.indicator}”" if finding.indicator else "该项"


def _low_confidence_cells(stated: str) -> str:
    """``"score 0.62, weight 0.7"`` (field, confidence pairs) with the fields named as the form names them."""
    cells = []
    for part in filter(None, (p.strip() for p in stated.split(","))):
        name, _, confidence = part.rpartition(" ")
        cells.append(f"{FIELD_NAMES_ZH.get(name, name)} {confidence}" if name else part)
    return "，".join(cells) or "—"


def _values_zh(finding: Finding) -> tuple[str, str]:
    """The expected and stated texts as the Chinese report shows them."""
    expected, stated = finding.expected, finding.stated
    if finding.rule == "LYING_FONT" and expected == _GLYPHS_MATCH:
        expected = "与字形一致的文字层"
    elif finding.rule == "LOW_CONFIDENCE":
        stated = _low_confidence_cells(stated) if stated else stated
    elif finding.rule == "WEIGHTS_NOT_100" and stated.startswith("Σ") and finding.stated_value is not None:
        stated = f"Σ {num(finding.stated_value)}（由印刷的分值相加）"
    return expected, stated


@dataclass(frozen=True)
class _Words:
    """A finding's values as its Chinese sentence uses them."""

    finding: Finding
    expected: str  # the expected text (a range, a threshold, a figure)
    stated: str
    e: str  # the expected figure (its number when there is one)
    s: str  # the stated figure
    who: str  # the indicator questioned, quoted
    gap: str  # |stated − expected|

    @classmethod
    def of(cls, finding: Finding) -> _Words:
        expected, stated = _values_zh(finding)
        return cls(finding, expected, stated, _figure(finding.expected_value, expected),
                   _figure(finding.stated_value, stated), _who(finding), _gap(finding))

    def note(self, why: str) -> str:
        """``；why，仅作提示`` for a finding given as information only."""
        return f"；{why}，仅作提示" if self.finding.severity == "info" else ""

    @property
    def row(self) -> str:
        return str(self.finding.row_index + 1) if self.finding.row_index is not None else "—"


def _formula(w: _Words) -> str:
    if "–" in w.expected:  # a qualitative row's band
        said = f"{w.who}为定性指标，得分 {w.s}，应在 {w.expected} 分档内"
    else:
        said = f"{w.who}未达标，得分 {w.s}，按“实际值/指标值 × 分值”（反向指标按其公式）应为 {w.e}，相差 {w.gap}"
    return said + w.note("差距小或只是按表内精度取整") + "。"


#: One sentence per rule, from the finding's values.
DETAILS_ZH: dict[str, Callable[[_Words], str]] = {
    "TOTAL_MISMATCH": lambda w: f"填报总分 {w.s}，按各项得分重新计算为 {w.e}，相差 {w.gap}（已考虑四舍五入）。",
    "TOTAL_EXCLUDES_BUDGET": lambda w: f"填报总分 {w.s} 只等于各指标得分之和；加上预算执行得分，应为 {w.e}（相差 {w.gap}）。",
    "SCORE_EXCEEDS_WEIGHT": lambda w: f"{w.who}得分 {w.s}，超过其分值 {w.e}（超出 {w.gap}）。",
    "FULL_SCORE_DESPITE_SHORTFALL": lambda w: f"{w.who}的实际完成值未达到年度指标值，却得满分 {w.s}；"
                                              f"按完成情况应得 {w.expected or w.e}。",
    "DEDUCTION_WITHOUT_SHORTFALL": lambda w: f"{w.who}已达到年度指标值，却只得 {w.s} 分（分值 {w.e}，扣了 {w.gap}）。",
    "SCORE_FORMULA_MISMATCH": _formula,
    "SUBTOTAL_MISMATCH": lambda w: f"{w.who}填报 {w.s}，其下各行之和为 {w.e}（相差 {w.gap}，超出取整误差）。",
    "WEIGHTS_NOT_100": lambda w: f"各项分值之和为 {w.s}，应为 {w.e}" + w.note("差额可由印刷取整或未读出的分值解释") + "。",
    "EXECUTION_RATE_MISMATCH": lambda w: f"{w.who}填报为 {w.s}，按表内其他数字应为 {w.e}（相差 {w.gap}）。",
    "GRADE_MISMATCH": lambda w: f"填报等级 {w.s} 与填报总分不对应，按总分应为 {w.e}（优 ≥ 90，良 80–89，中 60–79，差 < 60）。",
    "DUPLICATE_ROW": lambda w: f"第 {w.row} 行与前面的{w.who}行逐字重复" + (
        "；分值只有两行都计入才合计 100，故按两个指标计算，仅作提示" if w.finding.severity == "info"
        else "；请核对是否重复填报") + "。",
    "COUNT_MISMATCH": lambda w: f"文字报告称设置了 {w.s} 个指标，表中有 {w.e} 行。",
    "LOW_CONFIDENCE": lambda w: f"以下单元格为 OCR 识别，置信度低于 {num(w.finding.expected_value)}：{w.stated or '—'}；"
                                "请对照页面核对。",
    "LYING_FONT": lambda w: f"第 {w.finding.page or '—'} 页的字体（{w.stated or '—'}）在文字层中声称的字符与页面绘出的不同："
                            "从 PDF 复制的文字和数字有误；此处的数值已按字形重新识别或经 OCR 读取。",
    "HIDDEN_TEXT_LAYER": lambda w: f"第 {w.finding.page or '—'} 页的文字层不可见（扫描软件写在页面图像下的 OCR 文字）："
                                   "未读取该文字层，数值按页面所示经 OCR 读取；在 PDF 中搜索或复制得到的是该文字层的文字，"
                                   "其中的识别错误也在内。",
}


def finding_detail(lang: Lang, finding: Finding) -> str:
    """What the finding says, in ``lang`` (plain text, not escaped)."""
    if lang == "zh" and finding.rule in DETAILS_ZH:
        return DETAILS_ZH[finding.rule](_Words.of(finding))
    return finding.message


def finding_values(lang: Lang, finding: Finding) -> tuple[str, str]:
    """The finding's expected and stated texts, in ``lang`` (plain text, not escaped)."""
    return _values_zh(finding) if lang == "zh" else (finding.expected, finding.stated)

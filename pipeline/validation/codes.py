"""The rule codes the validator emits: part of the public interface.

Codes never change meaning; a severity given here is the default, and a rule
may lower or raise it where its docstring says so.
"""
from __future__ import annotations

from typing import NamedTuple

from jixiao.models.finding import Severity


class Rule(NamedTuple):
    code: str
    severity: Severity
    meaning: str
    #: Whether the rule is arithmetic about the form's cells: only such a check can be closed by
    #: correcting a misread cell (the misreading search ignores the others).
    arithmetic: bool = True


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("TOTAL_MISMATCH", "error",
         "The stated 总分 matches no recomputation of the form's scores within rounding."),
    Rule("TOTAL_EXCLUDES_BUDGET", "warning",
         "The stated 总分 equals the indicator items alone although the form's 100 points "
         "include the 预算执行 score."),
    Rule("SCORE_EXCEEDS_WEIGHT", "error", "A score above its weight (分值/权重)."),
    Rule("FULL_SCORE_DESPITE_SHORTFALL", "warning",
         "The actual misses the target (正向 ≥, 反向 ≤, 等于) yet the full weight is given."),
    Rule("DEDUCTION_WITHOUT_SHORTFALL", "info", "The target is met, yet points are deducted."),
    Rule("SCORE_FORMULA_MISMATCH", "warning",
         "A shortfall scored differently from actual/target × weight (反向 by its formula), or a "
         "qualitative score outside its 80–100 / 60–80 / 0–60 % band; info when the gap is under "
         "0.5 points and under 10 % of the weight, or when the score is the formula rounded (or "
         "rounded down) to the precision the form prints scores in."),
    Rule("SUBTOTAL_MISMATCH", "error",
         "A printed 一级/二级 weight or score differs from the sum of its rows beyond rounding."),
    Rule("WEIGHTS_NOT_100", "warning",
         "The weights (with a separate 预算执行 分值) do not add to 100; info when printed "
         "rounding explains the gap."),
    Rule("EXECUTION_RATE_MISMATCH", "error",
         "The stated 执行率 differs from 全年执行数/全年预算数 by more than 0.5 points, the budget "
         "score from 执行率 × 分值 (capped), or a total row is 0 while its sub-rows hold the money."),
    Rule("GRADE_MISMATCH", "warning",
         "A stated 等级 that the stated score does not give (优 ≥ 90, 良 80–89, 中 60–79, 差 < 60)."),
    Rule("DUPLICATE_ROW", "warning",
         "An indicator row repeated verbatim; counted once when the weights add to 100 only without "
         "it, info when the weights add to 100 only with both rows (two indicators read alike)."),
    Rule("COUNT_MISMATCH", "info",
         "The narrative's count of indicators differs from the table's.", arithmetic=False),
    Rule("LOW_CONFIDENCE", "info",
         "An indicator row read with low confidence (OCR); its figures deserve a look.", arithmetic=False),
    Rule("LYING_FONT", "info",
         "A font of the PDF's text layer claims other characters than it draws on a page of the form: "
         "text or figures copied from the PDF are wrong. The values here were read from the glyphs "
         "(the font repaired) or by OCR.", arithmetic=False),
    Rule("HIDDEN_TEXT_LAYER", "info",
         "A page of the form carries its text drawn invisibly (a scanner's OCR layer under the page image): "
         "it was not read, the values come from the page as it shows; text searched or copied in the PDF is "
         "that layer's.", arithmetic=False),
)}


def rules_markdown() -> str:
    """The rule table as Markdown, for the README."""
    lines = ["| code | severity | meaning |", "|---|---|---|"]
    lines += [f"| `{r.code}` | {r.severity} | {r.meaning} |" for r in RULES.values()]
    return "\n".join(lines)

"""The validator's rules, one module per concept; ``CHECKS`` runs them in report order."""
from jixiao.pipeline.validation.rules.achievement import check_achievement
from jixiao.pipeline.validation.rules.execution import check_budget
from jixiao.pipeline.validation.codes import RULES, Rule
from jixiao.pipeline.validation.rules.confidence import check_confidence
from jixiao.pipeline.validation.context import FormContext, build_context
from jixiao.pipeline.validation.rules.count import check_count
from jixiao.pipeline.validation.rules.stated_grade import check_grade
from jixiao.pipeline.validation.rules.row_checks import check_duplicates, check_score_within_weight
from jixiao.pipeline.validation.rules.subtotals import check_subtotals
from jixiao.pipeline.validation.rules.totals import check_total
from jixiao.pipeline.validation.rules.weights import check_weights_total

CHECKS = (
    check_total,
    check_weights_total,
    check_subtotals,
    check_budget,
    check_score_within_weight,
    check_duplicates,
    check_achievement,
    check_grade,
    check_count,
    check_confidence,
)

__all__ = ["CHECKS", "RULES", "Rule", "FormContext", "build_context"]

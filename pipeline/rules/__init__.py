"""The validator's rules, one module per concept; ``CHECKS`` runs them in report order."""
from pipeline.rules.achievement import check_achievement
from pipeline.rules.budget import check_budget
from pipeline.rules.catalog import RULES, Rule
from pipeline.rules.confidence import check_confidence
from pipeline.rules.context import FormContext, build_context
from pipeline.rules.count import check_count
from pipeline.rules.grade import check_grade
from pipeline.rules.rows import check_duplicates, check_score_within_weight
from pipeline.rules.subtotals import check_subtotals
from pipeline.rules.totals import check_total
from pipeline.rules.weights import check_weights_total

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

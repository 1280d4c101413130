"""The score the rules expect of a row, as the report shows it beside every printed score."""
import pytest

from jixiao.models import Indicator
from jixiao.normalizers.value_parsing import parse_value
from jixiao.pipeline.validation.expectation import expected_score


def _row(target: str, actual: str, weight: float = 10, score: float | None = None) -> Indicator:
    return Indicator(row_index=0, target=parse_value(target), actual=parse_value(actual), weight=weight, score=score)


def test_a_met_quantitative_target_earns_the_full_weight():
    expectation = expected_score(_row("≥95%", "98%", score=10))
    assert (expectation.how, expectation.low, expectation.high) == ("met", 10, 10)
    assert expectation.allows(10) and not expectation.allows(9)


def test_a_shortfall_earns_actual_over_target_times_weight():
    expectation = expected_score(_row("100%", "87%", weight=4, score=3))
    assert expectation.how == "formula" and expectation.scores == pytest.approx((3.48,))
    assert expectation.allows(3.48) and not expectation.allows(3)


def test_a_reverse_target_gets_both_published_formulas():
    expectation = expected_score(_row("≤10天", "12天"))
    assert expectation.how == "formula" and len(expectation.scores) == 2
    assert sorted(expectation.scores) == pytest.approx([8.0, 10 / 12 * 10], rel=1e-3)  # linear, target/actual


def test_a_qualitative_row_belongs_in_its_band():
    met = expected_score(_row("达成预期指标", "达成预期指标", score=9))
    assert (met.how, met.low, met.high) == ("band", 8, 10) and met.allows(9)
    short = expected_score(_row("优", "良", score=9))
    assert (short.how, short.low, short.high) == ("band", 0, 8) and not short.allows(9)


def test_no_expectation_when_the_printed_values_do_not_settle_it():
    assert expected_score(_row("秒批秒办", "100%")) is None
    assert expected_score(_row("≥95%", "98%", weight=None)) is None


def test_a_sign_the_rows_own_score_chose_does_not_shape_the_expectation():
    """A target whose "≤" was not read but chosen by the row's 得分 (SIGN_FROM_OUTCOME) would make a
    misread score of 1 look expected; the report, like the checks, judges the target as printed
    ("3200", met by 3260: the full weight), so it cannot show an expectation the score made."""
    from jixiao.models.form import SIGN_FROM_OUTCOME

    read = _row("≤3200户", "3260户", weight=7, score=1)
    assert read.target.op is not None and expected_score(read).how == "formula"
    chosen = read.model_copy(update={"from_context": {"target": SIGN_FROM_OUTCOME}})
    expectation = expected_score(chosen)
    assert (expectation.how, expectation.low, expectation.high) == ("met", 7, 7)
    assert not expectation.allows(1)

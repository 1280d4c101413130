"""Unsure OCR values read again beside their row partner (a fax's lost "%" and "≥"), and unsure
level names read against the column's vocabulary."""
import pytest

from jixiao.normalizers.column_vocabulary import nearest_column_name
from jixiao.normalizers.row_context import value_in_row_context


@pytest.mark.parametrize("text, partner, is_target, expected", [
    ("29596", "97.6%", True, "≥95%"),      # ≥ read as 2, % as 96
    ("292%", "93.5%", True, "≥92%"),       # ≥ read as 2
    ("73200块", "3150块", True, "≥3200块"),  # ≥ read as 7
    ("92.500", "≥90%", False, "92.5%"),    # % read as 00
    ("1009", "100%", False, "100%"),       # % read as 9
    ("100", "100%", False, "100%"),        # % dropped
    ("29590", "97.6%", True, "≥95%"),      # % read as 90 (any last two glyphs once no look-alike fits)
    ("29049", "94.2%", True, "≥90%"),      # % read as 49
])
def test_a_lost_sign_or_percent_is_read_from_the_row(text, partner, is_target, expected):
    assert value_in_row_context(text, partner, is_target) == expected


@pytest.mark.parametrize("text, partner, is_target", [
    ("≥95%", "97%", True),       # already whole
    ("200", "95", True),         # a target twice the outcome stays as printed
    ("2500人", "2400人", True),   # of the actual's order: the 2 is a digit
    ("271", "≥25个", False),     # no percent, not a target: nothing to say
    ("及时", "及时", True),       # not a number
    ("3400", "≥95%", False),     # no reading of it is of the target's order: kept
])
def test_a_reading_the_row_does_not_contradict_is_kept(text, partner, is_target):
    assert value_in_row_context(text, partner, is_target) == text


def test_a_sign_is_not_read_into_a_target_of_another_kind():
    assert value_in_row_context("203600%", "3520场", True) == "203600%"   # % beside 场: not a lost ≥
    assert value_in_row_context("203600场", "3520场", True) == "203600场"  # "03600" is no number a form prints


@pytest.mark.parametrize("text, level, expected", [
    ("产指木", 1, "产出指标"),            # 出 and the bar of 标 lost on a 98 dpi fax
    ("海度指标", 1, "满意度指标"),
    ("数最指标", 2, "数量指标"),
    ("川持线影响指标", 2, "可持续影响指标"),
])
def test_an_unsure_level_name_is_read_as_the_columns_nearest_name(text, level, expected):
    assert nearest_column_name(text, level) == expected


@pytest.mark.parametrize("text, level", [
    ("产出指标", 1),       # already a name
    ("工作完成指标", 2),    # a name of the form's own, near nothing
    ("安全指标", 2),       # as near to several names: no choice made
])
def test_a_level_name_not_clearly_near_one_name_is_kept(text, level):
    assert nearest_column_name(text, level) is None


@pytest.mark.parametrize("text, partner, is_target, expected", [
    ("91.596", "3 9096", False, "91.5%"),  # both lost their %: the rate's name says percentages
    ("88.3", "20372", False, "88.3%"),     # a bare printed number up to 100 in a rate row
    ("0.596", "0.21%", True, "0.5%"),      # a rate's target and outcome need not be of one order
    ("1009", "", True, "100%"),            # % read as 9, the partner unread
])
def test_a_rate_rows_values_are_percentages(text, partner, is_target, expected):
    assert value_in_row_context(text, partner, is_target, rate=True) == expected


@pytest.mark.parametrize("text, partner, is_target", [
    ("0.596", "0.21%", True),   # not a rate: 0.5 is not of 0.21's order, no % read in
    ("88.3", "20372", False),   # not a rate, the partner no percentage
    ("5 9096", "", True),       # a rate, but no reading of it is a printed number up to 100
])
def test_outside_rate_rows_or_beyond_a_rate_nothing_changes(text, partner, is_target):
    rate = text == "5 9096"
    assert value_in_row_context(text, partner, is_target, rate=rate) == text


def test_a_coarse_pages_open_sign_is_the_inclusive_one_that_lost_its_bar():
    from jixiao.normalizers.row_context import choose_in_row_context

    assert value_in_row_context(">45.5万", "45.8万", True, coarse=True) == "≥45.5万"
    assert value_in_row_context(">45.5万", "45.8万", False, coarse=True) == ">45.5万"  # an actual keeps what it read
    # and a thinned % read as a degree sign
    assert value_in_row_context(">98°", "99.1%", True, coarse=True) == "≥98%"
    assert choose_in_row_context("90%", [(">90%", 0.148)], "94%", True) == ("≥90%", False)
    # a sure reading only gains a sign on its own number and unit
    assert choose_in_row_context("320人", [("≥320人", 0.647)], "326人", True, sure=True) == ("≥320人", False)
    assert choose_in_row_context("95", [("95%", 0.9)], "96%", True, sure=True) is None
    assert choose_in_row_context("1200元", [("≥1200万元", 0.5)], "1230万元", True, sure=True) is None


@pytest.mark.parametrize("text, partner", [
    (">98%", "99.2%"),   # 000_jiangmen prints its targets so: a finer scan read the sign as printed
    ("<5%", "3.1%"),
    ("≥18°", "19°"),     # a heating form's room temperature, not a thinned %
])
def test_a_finer_pages_open_sign_and_degree_sign_are_kept_as_read(text, partner):
    assert value_in_row_context(text, partner, True) == text


def test_a_degree_sign_is_a_thinned_percent_only_where_the_row_says_percentages():
    assert value_in_row_context("≥18°", "19°", True, coarse=True) == "≥18°"    # a room temperature
    assert value_in_row_context("≥18°", "20天", True, coarse=True) == "≥18°"
    assert value_in_row_context("98°", "", False, rate=True, coarse=True) == "98%"  # a rate row
    assert value_in_row_context("98°", "99.1%", False, coarse=True) == "98%"


def test_a_leading_3_is_a_lost_sign_only_on_a_coarse_page():
    # a finer page's "3" is a digit of the target: "35" beside an actual 5 is a target of 35
    assert value_in_row_context("35", "5", True) == "35"
    assert value_in_row_context("3100", "100", True) == "3100"
    assert value_in_row_context("3 9096", "", True, rate=True) == "3 9096"
    # a fax loses the thin strokes of "≥": its "3" may be one
    assert value_in_row_context("35", "5", True, coarse=True) == "≥5"
    assert value_in_row_context("3 9096", "", True, rate=True, coarse=True) == "≥90%"


def test_a_value_read_in_its_rows_context_sends_the_form_for_review():
    from jixiao.models import Cell, PageContent, PageTable
    from jixiao.pipeline.assembly.forms import CONTEXT_CONFIDENCE, assemble_forms
    from jixiao.pipeline.validation.validate import validate_forms
    from jixiao.pipeline.validation.verdict import judge_form

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    rows = [["产出指标", "数量指标", "完成率", "29596", "97.6%", "50", "50"],
            ["产出指标", "质量指标", "合格率", "≥90%", "95%", "50", "50"]]
    cells = [Cell(row=0, col=k, text=t, bbox=(k * 10, 0, k * 10 + 10, 10), method="ocr", confidence=0.99)
             for k, t in enumerate(header)]
    cells += [Cell(row=r, col=k, text=t, bbox=(k * 10, r * 10, k * 10 + 10, r * 10 + 10), method="ocr",
                   confidence=0.85 if t == "29596" else 0.99)   # unsure, yet above the low-confidence line
              for r, row in enumerate(rows, start=1) for k, t in enumerate(row)]
    table = PageTable(page=1, bbox=(0, 0, 70, 30), n_rows=3, n_cols=7, cells=cells, method="ocr",
                      col_edges=[k * 10 for k in range(8)])
    (form,) = assemble_forms([PageContent(page=1, width=100, height=100, method="ocr", tables=[table])])
    first = form.indicators[0]
    assert first.target.raw == "≥95%"
    assert first.cells["target"].confidence <= CONTEXT_CONFIDENCE
    reasons = judge_form(form, validate_forms([form]))
    assert any(r.code == "LOW_CONFIDENCE_CELL" and r.row_index == first.row_index for r in reasons)


def test_a_sign_a_blot_leans_neither_way_is_chosen_by_the_rows_outcome():
    """A blot before a fax target leans neither way (value_decoding offers "≥" and "≤" alike): a row
    scored its full 分值 met its target, so an actual above it says "≥" and one below it "≤"; a row
    marked down missed it (the other way round); without an outcome, or with the actual equal to the
    target, no sign is taken."""
    from jixiao.normalizers.row_context import choose_in_row_context, sign_by_outcome

    either = [("≥2400人次", 0.01), ("≤2400人次", 0.01)]
    assert choose_in_row_context("2400人次", either, "2518人次", True, met=True) == ("≥2400人次", True)
    assert choose_in_row_context("2400人次", either, "2518人次", True, met=False) == ("≤2400人次", True)
    assert choose_in_row_context("2400人次", either, "2318人次", True, met=True) == ("≤2400人次", True)
    assert choose_in_row_context("2400人次", either, "2518人次", True) is None
    assert choose_in_row_context("2400", [("≥2400", 0.01), ("≤2400", 0.01)], "2400", True, met=True) is None
    assert choose_in_row_context("2400人次", either, "2518人次", False, met=True) is None  # an actual
    # a blot that leans one way is taken as before, whatever the outcome says
    assert choose_in_row_context("2400人次", [("≥2400人次", 0.01)], "2318人次", True, met=True) == ("≥2400人次", False)
    assert sign_by_outcome(95.0, 96.4, True) == "≥" and sign_by_outcome(12.0, 11.8, True) == "≤"
    assert sign_by_outcome(800.0, 760.0, False) == "≥" and sign_by_outcome(95.0, 96.4, None) is None


def test_a_blot_leaning_neither_way_takes_no_sign_from_an_actual_that_is_no_figure():
    """The row's outcome chooses a sign only against an actual it really printed, in the target's unit
    and of its order: an unreadable actual, a word, a dash or a share printed another way (0.98 beside
    95) says nothing about which way the target points."""
    from jixiao.normalizers.row_context import choose_in_row_context

    either = [("≥95%", 0.01), ("≤95%", 0.01)]
    assert choose_in_row_context("95%", either, "", True, rate=True, met=True) is None
    assert choose_in_row_context("95%", either, "达成", True, rate=True, met=True) is None
    assert choose_in_row_context("95%", either, "——", True, rate=True, met=False) is None
    assert choose_in_row_context("95", [("≥95", 0.01), ("≤95", 0.01)], "0.98", True, met=True) is None
    # a real partner in the target's unit still chooses
    assert choose_in_row_context("95%", either, "98%", True, rate=True, met=True) == ("≥95%", True)

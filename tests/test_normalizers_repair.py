"""Cell repair for text-layer and OCR text."""
import unicodedata

import pytest
from hypothesis import given, strategies as st

from jixiao.normalizers.ocr_repair import looks_numeric, repair_ocr_text
from jixiao.normalizers.text_repair import RADICAL_MAP, join_lines, repair_text, strip_prefix


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("项⽬名称", "项目名称"),
        ("⼾籍", "户籍"),  # NFKC would give 戶
        ("⻓效管理", "长效管理"),
        ("⻬全", "齐全"),
        ("部⻔", "部门"),
        ("⻢上办", "马上办"),
        ("⻘年文明岗", "青年文明岗"),
        ("⿈⾦", "黄金"),
        ("⻛险", "风险"),
    ],
)
def test_radicals_become_the_simplified_ideographs(raw: str, expected: str) -> None:
    assert repair_text(raw) == expected


def test_every_kangxi_radical_is_mapped_to_an_ideograph() -> None:
    for code in range(0x2F00, 0x2FD6):
        target = RADICAL_MAP[chr(code)]
        assert unicodedata.name(target).startswith("CJK"), hex(code)


def test_cjk_punctuation_survives_while_fullwidth_ascii_is_folded() -> None:
    assert repair_text("（一）产出，数量；时效：１２％") == "（一）产出，数量；时效：12%"
    assert repair_text("≧95%") == "≥95%"
    assert repair_text("≦平均成本") == "≤平均成本"
    assert repair_text("＞98％") == ">98%"
    assert repair_text("﹦72890元") == "=72890元"
    assert repair_text("＝5") == "=5"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1, 079. 846", "1,079.846"),
        ("87. 93%", "87.93%"),
        ("1. 05", "1.05"),
        ("24, 028, 491. 84", "24,028,491.84"),
        ("79. 88 %", "79.88%"),
        ("65,240,247.04", "65,240,247.04"),
        ("1. 通过律师团队", "1. 通过律师团队"),
        ("1. 2023年该项目", "1. 2023年该项目"),
        ("分别为1, 2", "分别为1, 2"),
    ],
)
def test_spaced_numbers_close_only_between_digits(raw: str, expected: str) -> None:
    assert repair_text(raw) == expected


def test_html_remnants_are_removed() -> None:
    assert repair_text("5544.13m <sup>2</sup>") == "5544.13m²"
    assert repair_text("<p>目标1完成</p> <p>目标2&nbsp;完成</p>") == "目标1完成\n目标2 完成"
    assert repair_text("第一行<br>第二行<br/>") == "第一行\n第二行"
    assert repair_text("A&amp;B") == "A&B"
    assert repair_text("<5%") == "<5%"


@given(st.text(alphabet="产出指标0123456789.,%（）：≥≤ ⼾⻓", max_size=30))
def test_repair_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once


def test_join_lines() -> None:
    assert join_lines(["12345政府服务热线数据汇总月报、专", "报完成数"]) == "12345政府服务热线数据汇总月报、专报完成数"
    assert join_lines(["综合服务窗口人员考核工作完成的及时 ", " 性"]) == "综合服务窗口人员考核工作完成的及时性"
    assert join_lines(["hotline", "service"]) == "hotline service"
    assert join_lines(["1,079.", "846"]) == "1,079.846"
    assert join_lines(["", "单行"]) == "单行"
    assert join_lines([]) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("指标1: 保安保洁人员", "保安保洁人员"),
        ("指标12：群众满意度", "群众满意度"),
        ("1.产出指标", "产出指标"),
        ("2、质量指标", "质量指标"),
        ("（一）决策", "决策"),
        ("(3)绩效指标明确性", "绩效指标明确性"),
        ("产出指标(50分)", "产出指标"),
        ("满意度指标（10分）", "满意度指标"),
        ("一、项目决策（20分）", "项目决策"),
        ("1.5万件", "1.5万件"),
        ("12345政府服务热线接通率", "12345政府服务热线接通率"),
        ("一体化平台使用率", "一体化平台使用率"),
        ("实施\"前台综合受理\"提升效率(提速)", "实施\"前台综合受理\"提升效率(提速)"),
    ],
)
def test_strip_prefix(raw: str, expected: str) -> None:
    assert strip_prefix(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1O0%", "100%"),
        ("≥9O%", "≥90%"),
        ("l2个", "12个"),
        ("I00", "100"),
        ("9|.5", "91.5"),
        ("5544.13m2", "5544.13m²"),
        ("30m^2", "30m²"),
        (">=95%", "≥95%"),
        ("≥=95%", "≥95%"),
        ("》=90%", "≥90%"),
        ("<=3次", "≤3次"),
        ("１２％", "12%"),
        ("Office", "Office"),
        ("良好", "良好"),
    ],
)
def test_ocr_confusions(raw: str, expected: str) -> None:
    assert repair_ocr_text(raw) == expected


def test_numeric_flag_overrides_shape() -> None:
    assert repair_ocr_text("lO", numeric=True) == "10"
    assert repair_ocr_text("1O", numeric=False) == "1O"
    assert not looks_numeric("lOl")
    assert looks_numeric("1O个")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("≥95%6", "≥95%"),      # read from a scan of 江门's 政务服务好评度 target
        ("100%5", "100%"),
        ("≥9O%6", "≥90%"),
        ("87.93 %6", "87.93%"),
        ("95%", "95%"),
        ("95%66", "95%66"),      # two digits: not a stray mark, left for a person
        ("≥95%6个", "≥95%6个"),  # more than one number's worth: not touched
        ("第6", "第6"),
        ("80%-100%", "80%-100%"),
    ],
)
def test_stray_digit_after_a_lone_percentage_is_dropped(raw: str, expected: str) -> None:
    assert repair_ocr_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("≤5%o", "≤5‰"), ("≤5%O", "≤5‰"), ("2.1%0", "2.1‰"),
                                             ("≥0.3%o", "≥0.3‰")])
def test_per_mille_read_as_percent_and_o_is_read_as_per_mille(raw: str, expected: str) -> None:
    """"‰" comes back "%0"/"%o" (its second ring a glyph of its own): dropping the tail would make
    the value ten times too large, keeping it leaves no number."""
    assert repair_ocr_text(raw) == expected
    assert repair_ocr_text(raw, numeric=True) == expected
    assert repair_ocr_text(raw, numeric=False) == raw


@pytest.mark.parametrize("raw", ["95%00", "5%0个", "达到100%。", "比率%0"])
def test_only_a_lone_figure_with_one_ring_after_its_percent_is_a_per_mille(raw: str) -> None:
    assert repair_ocr_text(raw) == raw


def test_stray_digit_is_kept_when_the_column_is_not_numeric() -> None:
    assert repair_ocr_text("95%6", numeric=False) == "95%6"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("一5%", "—5%"),
        ("一 0.5", "—0.5"),
        ("一级指标", "一级指标"),
        ("一年", "一年"),
        ("80%一100%", "80%一100%"),  # a range is two numbers: left alone
        ("一", "一"),                # a lone 一 may be the numeral unless the column is numeric
    ],
)
def test_dash_read_as_yi_before_a_number(raw: str, expected: str) -> None:
    assert repair_ocr_text(raw) == expected


def test_lone_yi_is_a_dash_in_a_numeric_column() -> None:
    assert repair_ocr_text("一", numeric=True) == "—"
    assert repair_ocr_text("一一", numeric=True) == "——"
    assert repair_ocr_text("一", numeric=False) == "一"


@given(st.text(alphabet="一—0123456789.%≥O ", max_size=12))
def test_percent_and_dash_repairs_are_idempotent(text: str) -> None:
    for numeric in (None, True):
        once = repair_ocr_text(text, numeric=numeric)
        assert repair_ocr_text(once, numeric=numeric) == once


def test_a_quote_mark_between_a_number_and_its_percent_sign_is_dropped() -> None:
    assert repair_ocr_text("100'%") == "100%"       # a fax speck (or a piece of the ring) read as a quote
    assert repair_ocr_text("≥95’%") == "≥95%"
    assert repair_ocr_text('说明"%"') == '说明"%"'  # a quoted sign after text, not after a number

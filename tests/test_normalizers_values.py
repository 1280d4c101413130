"""Numbers, targets and actuals read from cells."""
import pytest
from hypothesis import given, strategies as st

from jixiao.normalizers.value_parsing import parse_number, parse_value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1, 079. 846", 1079.846),
        ("87.93%", 87.93),
        ("87. 93%", 87.93),
        ("65,240,247.04", 65240247.04),
        ("０.５", 0.5),
        ("-3", -3.0),
        ("100", 100.0),
        ("—", None),
        ("-", None),
        ("", None),
        ("无", None),
        ("约3000", None),
        ("1,2", None),
        ("≥95%", None),
    ],
)
def test_parse_number(raw: str, expected: float | None) -> None:
    assert parse_number(raw) == expected


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2)))
def test_parse_number_reads_back_grouped_numbers(x: float) -> None:
    assert parse_number(f"{x:,.2f}") == pytest.approx(x)
    spaced = f"{x:,.2f}".replace(",", ", ").replace(".", ". ")
    assert parse_number(spaced) == pytest.approx(x)


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)))
def test_parse_number_reads_percentages(x: float) -> None:
    assert parse_number(f"{x}%") == pytest.approx(x)


@pytest.mark.parametrize(
    ("raw", "op", "value", "unit"),
    [
        ("≥95%", ">=", 95, "%"),
        ("≧95%", ">=", 95, "%"),
        ("≤3分钟", "<=", 3, "分钟"),
        (">98%", ">", 98, "%"),
        ("﹦72890元", "=", 72890, "元"),
        ("4", None, 4, None),
        ("≥4份", ">=", 4, "份"),
        ("约3000人/天", None, 3000, "人/天"),
        ("1.5万件", None, 1.5, "万件"),
        ("5544.13m²", None, 5544.13, "m²"),
        ("5544.13m <sup>2</sup>", None, 5544.13, "m²"),
        ("100%", None, 100, "%"),
        ("≥2次/月", ">=", 2, "次/月"),
        ("≤10宗/年", "<=", 10, "宗/年"),
        ("79. 88%", None, 79.88, "%"),
        (">=10", ">=", 10, None),
        ("不低于98%", ">=", 98, "%"),
        ("98%以上", ">=", 98, "%"),
        ("不超过3秒", "<=", 3, "秒"),
        ("3天内", "<=", 3, "天"),
        ("≥10亿", ">=", 10, "亿"),
        ("0起", None, 0, "起"),
        # deadlines as 金寨县's 时效指标 print them: "no later than" the month
        ("9月前", "<=", 9, "月"),
        ("12月底前", "<=", 12, "月"),
        ("7月", None, 7, "月"),
    ],
)
def test_parse_value_quantitative(raw: str, op: str | None, value: float, unit: str | None) -> None:
    parsed = parse_value(raw)
    assert (parsed.op, parsed.value, parsed.unit) == (op, pytest.approx(value), unit)
    assert parsed.raw == raw
    assert parsed.is_quantitative


@pytest.mark.parametrize(
    "raw", ["达成预期指标", "及时", "优", "健全", "规范", "提升", "降低", "下降", "秒批秒办", "有所提升"]
)
def test_parse_value_qualitative(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed.label == raw
    assert parsed.value is None and parsed.op is None


def test_parse_value_comparison_with_label() -> None:
    parsed = parse_value("≦平均成本")
    assert (parsed.op, parsed.value, parsed.label, parsed.text) == ("<=", None, "平均成本", "≤平均成本")


def test_parse_value_mixed_text_keeps_label_only() -> None:
    parsed = parse_value("月报12份、专报4份")
    assert parsed.value is None
    assert parsed.label == "月报12份、专报4份"
    assert parse_value("月报12份、专报4份至20份").value is None


def test_parse_value_subject_before_number() -> None:
    parsed = parse_value("群众满意度≥95%")
    assert (parsed.op, parsed.value, parsed.unit, parsed.label) == (">=", 95, "%", "群众满意度")


def test_parse_value_empty_cells() -> None:
    for raw in ["", "—", "-", "/"]:
        parsed = parse_value(raw)
        assert parsed.value is None and parsed.label is None and parsed.op is None


def test_parse_value_results_are_independent_copies() -> None:
    first = parse_value("≥95%")
    first.value = 1.0
    assert parse_value("≥95%").value == 95


@pytest.mark.parametrize(
    "raw", ["无超过3天未修改错误", "监测发现错误3天内完成修改", "完成5个特色融合主题图景,分析不同场景下海珠区发展动态,提供决策支持"]
)
def test_sentences_with_a_number_are_not_read_as_quantities(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed.value is None and parsed.label == raw


def test_long_subject_is_kept_when_a_comparison_follows() -> None:
    parsed = parse_value("市电子证照库中可下发的企业电子证照同步和事项应用率不低于60%")
    assert (parsed.op, parsed.value, parsed.unit) == (">=", 60, "%")
    assert parsed.label == "市电子证照库中可下发的企业电子证照同步和事项应用率"


def test_closing_full_stop_is_not_part_of_the_reading() -> None:
    parsed = parse_value("提升电子证明在镇街、村居应用推广达80%。")
    assert (parsed.value, parsed.unit, parsed.text) == (80, "%", "提升电子证明在镇街、村居应用推广达80%。")
    assert parse_value("及时。").label == "及时"

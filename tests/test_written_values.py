"""Values as offices write them: Chinese numerals, ranges, bound words, full-width
digits and rates kept as fractions, read into operator, value and unit with the
printed text kept (samples/truth/417_guangxi_values.json prints all of them)."""
from __future__ import annotations

import pytest

from jixiao.normalizers.value_parsing import parse_value
from jixiao.normalizers.written_values import cn_number, fractions_as_percent, rewrite


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十", 10), ("十二", 12), ("九十五", 95), ("一百二十", 120), ("两千", 2000),
    ("一万二千", 12000), ("三千零五", 3005), ("百", 100), ("零", 0),
])
def test_cn_number(text: str, value: float) -> None:
    assert cn_number(text) == value


def test_cn_number_rejects_other_characters() -> None:
    assert cn_number("三场") is None
    assert cn_number("") is None


@pytest.mark.parametrize(("raw", "op", "value", "unit", "upper"), [
    ("不少于三场", ">=", 3, "场", None),
    ("百分之九十五", None, 95, "%", None),
    ("百分之百", None, 100, "%", None),
    ("两千余人", ">=", 2000, "人", None),
    ("2000余人", ">=", 2000, "人", None),
    ("3-5个", ">=", 3, "个", 5),
    ("3～5个", ">=", 3, "个", 5),
    ("15%-20%", ">=", 15, "%", 20),
    ("80%-100%", ">=", 80, "%", 100),
    ("不低于90%", ">=", 90, "%", None),
    ("不高于5%", "<=", 5, "%", None),
    ("10次以上", ">=", 10, "次", None),
    ("7个工作日以内", "<=", 7, "个工作日", None),
    ("100万元左右", "~", 100, "万元", None),
    ("９５％", None, 95, "%", None),
    ("＞=90%", ">=", 90, "%", None),
    ("﹦72890元", "=", 72890, "元", None),
    ("不少于三场回访", ">=", 3, "场回访", None),
])
def test_written_quantities(raw: str, op: str | None, value: float, unit: str, upper: float | None) -> None:
    parsed = parse_value(raw)
    assert (parsed.op, parsed.value, parsed.unit, parsed.upper) == (op, value, unit, upper)
    assert parsed.raw == raw  # the printed text is kept


@pytest.mark.parametrize("raw", ["一网通办", "三公经费", "十四五规划", "达成预期指标", "一级指标", "一村一品"])
def test_names_with_numerals_stay_labels(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed.value is None
    assert parsed.label == raw


def test_rewrite_leaves_plain_values_alone() -> None:
    assert rewrite("≥95%").body == "≥95%"
    assert rewrite("及时").body == "及时"


def test_fractions_under_a_rate_name_are_percentages() -> None:
    target, actual = fractions_as_percent("受援群众满意度", parse_value("0.9"), parse_value("0.96"))
    assert (target.value, target.unit, actual.value, actual.unit) == (90, "%", 96, "%")
    assert (target.raw, actual.raw) == ("0.9", "0.96")
    target, actual = fractions_as_percent("资金到位率", parse_value("1.0"), parse_value("98%"))
    assert (target.value, target.unit) == (100, "%")


def test_fractions_elsewhere_stay_numbers() -> None:
    target, actual = fractions_as_percent("亩均投入", parse_value("0.9"), parse_value("0.96"))
    assert (target.value, target.unit) == (0.9, None)
    target, actual = fractions_as_percent("满意度", parse_value("1"), parse_value("1"))
    assert (target.value, target.unit) == (1, None)  # whole numbers are not fractions

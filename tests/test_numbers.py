"""rag.numbers — value spans and number normalisation (20万 = 200,000 = 200000)."""
from __future__ import annotations

import pytest

from rag.numbers import VALUE, answer_numbers, cn_numeral, fmt_number, numbers_in, parse_number, to_halfwidth, value_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20万", {20.0, 200000.0}),
        ("200,000", {200000.0}),
        ("200000", {200000.0}),
        ("建成5G基站20万个以上", {5.0, 20.0, 200000.0}),
        ("百分之六十五", {65.0}),
        ("2.54万", {2.54, 25400.0}),
        ("6万亿元", {6.0, 6e12}),
        ("13214.4亿元", {13214.4, 1321440000000.0}),
        ("1,234,567.5元", {1234567.5}),
        ("２０万", {20.0, 200000.0}),  # full-width digits
        ("三万亿", {3.0, 3e12}),
        ("两万", {2.0, 20000.0}),
        ("百分之五十", {50.0}),
        ("", set()),
        ("没有数字", set()),
    ],
)
def test_numbers_in(text, expected):
    assert numbers_in(text) == expected


def test_twenty_wan_equals_two_hundred_thousand_in_every_form():
    forms = ["20万", "200,000", "200000", "２０万", "200000.0"]
    for form in forms:
        assert 200000.0 in numbers_in(form), form


def test_percent_forms_compare_equal():
    assert numbers_in("65%") & numbers_in("百分之六十五") == {65.0}
    assert numbers_in("65％") == {65.0}


def test_comma_between_small_numbers_is_not_a_thousands_separator():
    assert numbers_in("3,4") == {3.0, 4.0}
    assert numbers_in("12,34") == {12.0, 34.0}
    assert 1234.0 not in numbers_in("12,34")


def test_float_precision_is_rounded():
    assert 25400.0 in numbers_in("2.54万")  # 2.54 * 10000 = 25400.000000000004 without rounding
    assert 33300.0 in numbers_in("3.33万")


def test_answer_numbers_ignores_citation_markers():
    assert answer_numbers("到2025年建成20万个以上[1][2]。") == {2025.0, 20.0, 200000.0}


@pytest.mark.parametrize(
    "x, text",
    [
        (200000.0, "200,000"),
        (3.4, "3.4"),
        (25400.0, "25,400"),
        (0.5, "0.5"),
        (1e12, "1,000,000,000,000"),
        (1234567.891, "1,234,567.891"),
        (33.3, "33.3"),
        (0.0, "0"),
        (-2.5, "-2.5"),
        (15.000000000001, "15"),
    ],
)
def test_fmt_number(x, text):
    assert fmt_number(x) == text


def test_fmt_number_round_trips_through_numbers_in():
    for x in (200000.0, 25400.0, 3.4, 1321440000000.0, 76.1):
        assert x in numbers_in(fmt_number(x))


@pytest.mark.parametrize(
    "s, value",
    [("一百二十", 120.0), ("两", 2.0), ("三十五", 35.0), ("十", 10.0), ("十二", 12.0), ("一千零五", 1005.0), ("六十五", 65.0)],
)
def test_cn_numeral(s, value):
    assert cn_numeral(s) == value


def test_cn_numeral_rejects_non_numerals():
    assert cn_numeral("") is None and cn_numeral("十四五规划") is None and cn_numeral("abc") is None


def test_parse_number():
    assert parse_number("200,000") == 200000.0
    assert parse_number(" 3.5 ") == 3.5
    assert parse_number("三十") == 30.0
    assert parse_number("x1") is None


@pytest.mark.parametrize(
    "num, mag, value",
    [("20", "万", 200000.0), ("3—5", None, 3.0), ("2.6", "万亿", 2.6e12), ("一", "批", 1.0), ("1.5", "亿", 150000000.0)],
)
def test_value_number(num, mag, value):
    assert value_number(num, mag) == value


@pytest.mark.parametrize(
    "text, span, groups",
    [
        ("建成5G基站20万个以上", "20万个以上", {"num": "20", "mag": "万", "unit": "个", "suffix": "以上"}),
        ("新增企业3—5家", "3—5家", {"num": "3—5", "mag": None, "unit": "家"}),
        ("推广1300多名", "1300多名", {"num": "1300", "about": "多", "unit": "名"}),
        ("比重达33.3%左右", "33.3%左右", {"num": "33.3", "unit": "%", "suffix": "左右"}),
        ("达23.5万元/人", "23.5万元/人", {"num": "23.5", "mag": "万", "unit": "元/人"}),
        ("提高3.6个百分点", "3.6个百分点", {"num": "3.6", "unit": "个百分点"}),
    ],
)
def test_value_regex_spans(text, span, groups):
    m = next((m for m in VALUE.finditer(text) if m.group() == span), None)
    assert m is not None, [m.group() for m in VALUE.finditer(text)]
    for key, expected in groups.items():
        assert m.group(key) == expected, key


def test_to_halfwidth():
    assert to_halfwidth("２０２５年，ＩＰｖ６：６５％") == "2025年,IPv6:65%"


def test_technical_units_and_the_upper_bound_make_a_value():
    from rag.numbers import VALUE

    def values(s):
        return [m.group() for m in VALUE.finditer(s) if m.group()]

    assert values("时延不高于1ms") == ["1ms"]
    assert values("算力规模超过40EFLOPS") == ["40EFLOPS"]
    assert values("建设5G网络") == ["5"]  # 5G names a technology, not 5 of a unit


def test_a_duration_is_its_own_kind_of_unit():
    from rag.numbers import VALUE, answers_unit, unit_kind

    assert VALUE.match("8个工作日").group("unit") == "个工作日"
    assert VALUE.match("3个月").group("unit") == "个月"
    assert unit_kind("个工作日") == unit_kind("天") == unit_kind("年") == "time"
    assert answers_unit("天", "个工作日") and not answers_unit("天", "个")  # 8个工作日, not 6个 审批环节


def test_technical_units_and_inequality_signs_bound_a_figure():
    from rag.targets import extract_targets
    from rag.types import Clause

    text = "（一）能量型电池：电池单体能量密度≥145Wh/kg，循环寿命≥3000次；钠盐浓度控制在0.8—1.2mol/L，水分含量不高于20ppm。"
    found = {t.value_text: t for t in extract_targets(Clause("d:1", "d", ["十二、"], "", text, 0, len(text)), text)}
    assert found["145Wh/kg"].unit == "Wh/kg" and found["145Wh/kg"].qualifier == "≥"
    assert found["0.8—1.2mol/L"].unit == "mol/L" and found["20ppm"].qualifier == "不高于"


def test_a_total_is_not_answered_by_a_rate_per_mu():
    from rag.numbers import answers_unit

    assert not answers_unit("万亿元", "万元/亩") and answers_unit("万亿元", "万亿元")
    assert answers_unit("元", "万元/亩") and answers_unit("亿元", "亿元/年")  # (a yearly amount is still an amount)

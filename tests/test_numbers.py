from decimal import Decimal as D

import pytest

from generator.numbers import Change, completion, money, money_grouped, percent_of, q2


def test_rounding_is_half_up_not_half_even() -> None:
    assert q2(D("2.675")) == D("2.68")
    assert q2(D("2.665")) == D("2.67")  # round() and Babel give 2.66
    assert q2(D("-0.005")) == D("-0.01")


def test_money_formats() -> None:
    assert money(D("3081.49")) == "3081.49"
    assert money(D("210")) == "210.00"
    assert money(D("0")) == "0.00"
    assert money_grouped(D("1234567.125")) == "1,234,567.13"


@pytest.mark.parametrize(
    ("current", "base", "text"),
    [
        ("3081.49", "6773.08", "减少 3691.59 万元，下降 54.50%"),
        ("2871.49", "1115.48", "增加 1756.01 万元，增长 157.42%"),
        ("9.00", "9.50", "减少 0.50 万元，下降 5.26%"),  # seed 003 printed 10.52%
        ("39.24", "201.53", "减少 162.29 万元，下降 80.53%"),
        ("0", "0", "持平"),
        ("5.00", "5.00", "持平"),
        ("0.30", "0", "增加 0.30 万元"),  # no percentage on a zero base
    ],
)
def test_change_wording(current: str, base: str, text: str) -> None:
    assert Change(D(current), D(base)).text == text


def test_shares_and_completion_on_a_zero_base() -> None:
    assert percent_of(D("2871.49"), D("3081.49")) == D("93.19")
    assert percent_of(D("0"), D("0")) is None
    assert completion(D("0"), D("0")) is None
    assert completion(D("9.00"), D("9.00")) == D("100.00")

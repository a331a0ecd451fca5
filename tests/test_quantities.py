"""The one reader of numbers and units: exact values for what people mean, one clear line for the rest."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courseware.core.errors import AnswerFormatError
from courseware.core.quantities import (
    UNITS,
    QuantityError,
    read_answer,
    read_count,
    read_duration,
    read_money,
    read_percent,
)


def _months(text: str) -> Decimal:
    return read_duration(text, "months")


def _percent_answer(text: str) -> Decimal:
    return read_answer(text, "%")


def _plain_answer(text: str) -> Decimal:
    return read_answer(text, None)


READERS: list[Callable[[str], object]] = [read_count, read_money, read_percent, _months, _percent_answer,
                                          _plain_answer]


@pytest.mark.parametrize("text, value", [("0", 0), ("45", 45), ("1,201", 1201), (" 7 ", 7), ("2,000,000", 2000000),
                                         ("5.0", 5)])
def test_counts_are_whole_and_plain(text: str, value: int) -> None:
    assert read_count(text) == value


@pytest.mark.parametrize("text, reason", [
    ("4 5", "space inside"), ("4²", "superscript"), ("1_0", "underscore"), ("--5", "doubled sign"),
    ("100%", "not a count"), ("$5", "not a count"), ("2.5", "not a whole number"), ("-3", "negative"),
    ("1,20", "separators"), ("12,0000", "separators"), ("", "empty"), ("five", "not a number"),
    ("1e3", "not a number"), ("٣", "not 0-9"), ("5 customers", "not a count"), ("nan", "not a number"),
    ("inf", "not a number"),
])
def test_counts_refuse_what_no_reader_would_take(text: str, reason: str) -> None:
    with pytest.raises(QuantityError, match=reason) as caught:
        read_count(text)
    assert f"'{text}'" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text, value", [
    ("$1,200", "1200"), ("1200", "1200"), ("$1.2M", "1200000"), ("85k", "85000"), ("29.70", "29.70"),
    ("USD 500", "500"), ("500 dollars", "500"), ("€4", "4"), ("£3.50", "3.50"), ("-$6", "-6"), ("$-6", "-6"),
    ("−$6", "-6"), ("1,234.56 EUR", "1234.56"), ("$2.5k", "2500"), ("$ 40", "40"),
])
def test_money_takes_one_currency_sign_and_scale(text: str, value: str) -> None:
    assert read_money(text) == Decimal(value)


@pytest.mark.parametrize("text", ["$$5", "$5 USD", "€$5", "5%", "4x", "1,20", "$1 200", "5 months", "5kk", "5 k$$"])
def test_money_refuses_what_is_not_money(text: str) -> None:
    with pytest.raises(QuantityError):
        read_money(text)


def test_money_keeps_cents_exact() -> None:
    assert read_money("9.90") + read_money("19.80") == read_money("29.70")


@pytest.mark.parametrize("text, value", [("4", "4"), ("4%", "4"), ("4 %", "4"), ("0.5%", "0.5"), ("0", "0"),
                                         ("100", "100"), ("12.5 percent", "12.5"), ("-3%", "-3")])
def test_percentages_are_typed_as_percent(text: str, value: str) -> None:
    assert read_percent(text) == Decimal(value)


def test_a_bare_value_below_one_is_refused_with_the_hint() -> None:
    with pytest.raises(QuantityError, match=r"0\.02 would be 0\.02%: write 2 or 2%"):
        read_percent("0.02")
    assert read_percent("0.02", allow_fraction_below_one=True) == Decimal("0.02")


@pytest.mark.parametrize("text", ["50%%", "€4", "4x", "4 months", "$4", "4²"])
def test_percentages_refuse_other_units(text: str) -> None:
    with pytest.raises(QuantityError):
        read_percent(text)


@pytest.mark.parametrize("text, unit, value", [
    ("18 months", "years", "1.5"), ("1.5 years", "months", "18"), ("2 years", "months", "24"), ("3", "months", "3"),
    ("2 weeks", "days", "14"), ("1 year", "years", "1"), ("36 mo", "years", "3"), ("0", "years", "0"),
])
def test_durations_are_converted_into_the_unit(text: str, unit: str, value: str) -> None:
    assert read_duration(text, unit) == Decimal(value)


@pytest.mark.parametrize("text", ["2 dollars", "5%", "-3 months", "3 months years", "$2"])
def test_durations_refuse_what_is_not_time(text: str) -> None:
    with pytest.raises(QuantityError):
        read_duration(text, "years")


def test_a_duration_needs_a_unit_of_time() -> None:
    with pytest.raises(ValueError):
        read_duration("3", "dollars")


@pytest.mark.parametrize("text, unit, value", [
    ("1.5 years", "months", "18"), ("18", "months", "18"), ("80%", "%", "80"), ("80", "%", "80"),
    ("0.99", "%", "0.99"), ("$1.2k", "$", "1200"), ("1200 USD", "$", "1200"), ("3x", "x", "3"),
    ("3 times", "x", "3"), ("3:1", "x", "3"), ("42", None, "42"), ("-12", None, "-12"),
    ("120 customers", "customers", "120"), ("1 customer", "customers", "1"), ("7 seats", "seats", "7"),
])
def test_answers_are_read_in_the_questions_unit(text: str, unit: str | None, value: str) -> None:
    assert read_answer(text, unit) == Decimal(value)


@pytest.mark.parametrize("text, unit", [
    ("2 years", "$"), ("$5", "months"), ("80%", "x"), ("€5", "$"), ("5 months", None), ("5 seats", "customers"),
    ("4²", "%"), ("1_0", None), ("4 5", "x"), ("--5", None), ("80%%", "%"),
])
def test_answers_in_another_dimension_are_refused_naming_the_unit(text: str, unit: str | None) -> None:
    with pytest.raises(QuantityError) as caught:
        read_answer(text, unit)
    if unit and any(ch.isalpha() for ch in text) and "²" not in text:
        assert unit in str(caught.value)


def test_the_error_is_an_answer_format_error_with_exit_code_two() -> None:
    with pytest.raises(AnswerFormatError) as caught:
        read_count("x")
    assert caught.value.exit_code == 2


def test_a_huge_value_is_refused_in_one_short_line() -> None:
    with pytest.raises(QuantityError, match="too large") as caught:
        read_money("9" * 400)
    assert len(str(caught.value)) < 120


def test_every_time_unit_converts_back_and_forth() -> None:
    for name, unit in UNITS.items():
        if unit.dimension == "time":
            assert read_duration(f"1 {name}", "days") == unit.factor


@given(st.integers(min_value=0, max_value=10**14))
def test_counts_read_what_they_print(value: int) -> None:
    assert read_count(str(value)) == value
    assert read_count(f"{value:,}") == value


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_money_reads_what_it_prints(value: Decimal) -> None:
    sign = "-" if value < 0 else ""
    assert read_money(f"{sign}${abs(value):,.2f}") == value
    assert read_money(f"{value:.2f}") == value


@given(st.decimals(min_value=1, max_value=1000, places=3))
def test_percentages_read_with_or_without_the_sign(value: Decimal) -> None:
    assert read_percent(f"{value}") == read_percent(f"{value}%") == value


@given(st.decimals(min_value=0, max_value=10**6, places=2))
def test_months_and_years_agree(months: Decimal) -> None:
    years = read_duration(f"{months} months", "years")
    assert years * 12 == pytest.approx(months, abs=Decimal("1e-20"))


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=9),
       st.sampled_from(["²", "³", "¹", "⁴"]))
def test_a_superscript_anywhere_is_refused(whole: int, digit: int, mark: str) -> None:
    with pytest.raises(QuantityError, match="superscript"):
        read_count(f"{whole}{mark}{digit}")


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_space_inside_a_number_is_refused(left: int, right: int) -> None:
    for reader in READERS:
        with pytest.raises(QuantityError, match="space inside"):
            reader(f"{left} {right}")


@given(st.text(max_size=30))
def test_any_text_gives_a_value_or_one_line_error(text: str) -> None:
    for reader in READERS:
        try:
            reader(text)
        except QuantityError as error:
            assert "\n" not in str(error)

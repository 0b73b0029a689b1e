from decimal import Decimal

import pytest

from money import add_tax, split, to_money, total


def same(actual, expected):
    """Equal as Decimals AND written the same: Decimal("3.3") == Decimal("3.30"), but only one is in cents."""
    assert isinstance(actual, Decimal), f"expected a Decimal, got {type(actual).__name__} {actual!r}"
    assert str(actual) == expected, f"expected Decimal('{expected}'), got Decimal('{actual}')"


@pytest.mark.parametrize("value, expected", [("19.99", "19.99"), (" 5 ", "5.00"), ("0.1", "0.10"), (Decimal("7.5"), "7.50"), ("-3.20", "-3.20")])
def test_to_money(value, expected):
    same(to_money(value), expected)


@pytest.mark.parametrize("value", [0.1, 19.99])
def test_floats_are_refused(value):
    with pytest.raises(TypeError):
        to_money(value)
        pytest.fail(
            f"to_money({value!r}) must raise TypeError: a float is not a str or a Decimal, and it is"
            " not exact (0.1 is stored as 0.1000000000000000055...): money must never pass through a float"
        )


@pytest.mark.parametrize("value", ["abc", "", "1,50", "NaN", "Infinity"])
def test_not_an_amount(value):
    with pytest.raises(ValueError) as excinfo:
        to_money(value)
    assert str(excinfo.value) == f"not an amount: {value!r}"


def test_more_than_two_decimal_places():
    with pytest.raises(ValueError) as excinfo:
        to_money("1.005")
    assert str(excinfo.value) == "more than two decimal places: '1.005'"


def test_total_is_exact():
    same(total(["0.10", "0.20"]), "0.30")
    same(total(["0.10"] * 10), "1.00")
    same(total([]), "0.00")
    same(total(["19.99", Decimal("0.01"), "5"]), "25.00")


@pytest.mark.parametrize(
    "amount, rate, expected",
    [("19.99", "0.2", "23.99"), ("100", "0.2", "120.00"), ("2.50", "0.05", "2.63"), ("0.10", "0.25", "0.13"), ("10.00", "0", "10.00")],
)
def test_add_tax(amount, rate, expected):
    result = add_tax(amount, rate)
    assert str(result) == expected, (
        f"add_tax({amount!r}, {rate!r}) should be {expected}: the exact result is"
        f" {Decimal(amount) * (1 + Decimal(rate))}, and half a cent rounds half up (ROUND_HALF_UP);"
        " Decimal's default, ROUND_HALF_EVEN, sends 2.625 down to 2.62"
    )


@pytest.mark.parametrize(
    "amount, people, expected",
    [
        ("10.00", 3, ["3.34", "3.33", "3.33"]),
        ("10.00", 4, ["2.50", "2.50", "2.50", "2.50"]),
        ("0.05", 3, ["0.02", "0.02", "0.01"]),
        ("100.00", 7, ["14.29", "14.29", "14.29", "14.29", "14.28", "14.28", "14.28"]),
        ("0.00", 2, ["0.00", "0.00"]),
        ("9.99", 1, ["9.99"]),
    ],
)
def test_split_adds_up(amount, people, expected):
    shares = split(amount, people)
    assert [str(share) for share in shares] == expected, (
        f"split({amount!r}, {people}) should be {expected}: the shares must add up to {amount} exactly,"
        " so the leftover cents go one each to the first people (rounding every share the same way"
        " loses or invents cents)"
    )
    assert sum(shares) == Decimal(amount)


@pytest.mark.parametrize("people", [0, -1, 2.0])
def test_split_needs_people(people):
    with pytest.raises(ValueError):
        split("10.00", people)

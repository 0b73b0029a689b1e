import pytest

from defaults import final_price, first_given, greeting, quantity_label


@pytest.mark.parametrize("quantity, expected", [(None, "unknown"), (0, "0"), (3, "3"), (12, "12")])
def test_quantity_label(quantity, expected):
    assert quantity_label(quantity) == expected


@pytest.mark.parametrize("quantity, expected", [(0.0, "0.0"), (False, "False"), ("", ""), (0.5, "0.5")])
def test_quantity_label_other_false_values(quantity, expected):
    assert quantity_label(quantity) == expected, (
        f"quantity_label({quantity!r}) should be {expected!r}: every value except None is given, and is"
        " shown as str(value). Special-casing 0 fixes the symptom, not the cause: `or` also replaces"
        " 0.0, False and \"\" (test `is None` instead)"
    )


@pytest.mark.parametrize(
    "price, discount, expected",
    [(100, None, 90.0), (100, 0, 100.0), (100, 0.0, 100.0), (80, 0.25, 60.0), (50, 1, 0.0)],
)
def test_final_price(price, discount, expected):
    assert final_price(price, discount) == pytest.approx(expected)


def test_final_price_default_discount():
    assert final_price(200) == pytest.approx(180.0)


@pytest.mark.parametrize(
    "name, expected",
    [("Ada", "Hello, Ada!"), (None, "Hello, stranger!"), ("", "Hello, stranger!"), ("   ", "Hello, stranger!"), ("  Bo ", "Hello, Bo!")],
)
def test_greeting(name, expected):
    assert greeting(name) == expected


@pytest.mark.parametrize(
    "values, expected",
    [((None, 0, 5), 0), ((None, "", "x"), ""), ((False, True), False), ((None, 0.0, 1), 0.0), ((None, None), None), ((), None), ((7,), 7)],
)
def test_first_given(values, expected):
    result = first_given(*values)
    assert result == expected, f"first_given{values!r}: only None is skipped; 0, 0.0, False and \"\" are given"
    assert type(result) is type(expected), f"expected the value {expected!r} itself"

import pytest

from defaults import final_price, first_given, greeting, quantity_label


@pytest.mark.parametrize("quantity, expected", [(None, "unknown"), (0, "0"), (3, "3"), (12, "12")])
def test_quantity_label(quantity, expected):
    assert quantity_label(quantity) == expected


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
    [((None, 0, 5), 0), ((None, "", "x"), ""), ((False, True), False), ((None, None), None), ((), None), ((7,), 7)],
)
def test_first_given(values, expected):
    result = first_given(*values)
    assert result == expected
    assert type(result) is type(expected), f"expected the value {expected!r} itself"

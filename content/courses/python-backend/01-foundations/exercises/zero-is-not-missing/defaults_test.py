import pytest

import re

from defaults import CAUSE, final_price, first_given, greeting, quantity_label


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


# Words that name the cause; the explanation must use at least one of them.
CAUSE_TERMS = ["falsy", "false", "truthy", "truthiness", "zero", "0", "empty"]


def test_cause_is_one_explaining_sentence():
    assert len(CAUSE.split()) >= 6, "set CAUSE to a sentence of at least 6 words explaining the bug"


def test_cause_names_the_problem():
    words = re.findall(r"[\w.]+", CAUSE.lower())
    assert any(term in words or any(w.startswith(term) for w in words) for term in CAUSE_TERMS), (
        "CAUSE should say which values `or` mistakes for missing ones, and why"
    )

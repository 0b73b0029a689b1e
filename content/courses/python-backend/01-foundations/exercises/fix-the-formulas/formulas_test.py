import pytest

from formulas import PREDICTIONS, average, fahrenheit, is_teen, negative_square, order_total

# What Python computes for each expression (the comments in the reference show the steps).
EXPECTED = [
    ("1 + 2**3 / 4 * 5", 11.0),
    ("10 - 4 - 3", 3),
    ("2 ** 3 ** 2", 512),
    ("-3 ** 2", -9),
    ("7 // 2 * 2", 6),
    ("1 + 6 / 2", 4.0),
    ("17 % 5 * 2", 4),
    ("3 > 2 > 1", True),
    ("not 1 + 1 == 2", False),
]


@pytest.mark.parametrize("expression, value", EXPECTED, ids=[e for e, _ in EXPECTED])
def test_prediction(expression, value):
    predicted = PREDICTIONS[expression]
    assert predicted is not None, f"write your prediction for {expression} in PREDICTIONS"
    assert predicted == value
    assert type(predicted) is type(value), (
        f"{expression} is {value!r}, a {type(value).__name__}, not the {type(predicted).__name__} {predicted!r}"
    )


@pytest.mark.parametrize("a, b, expected", [(2, 4, 3.0), (0, 10, 5.0), (-3, 3, 0.0), (1, 2, 1.5)])
def test_average(a, b, expected):
    assert average(a, b) == pytest.approx(expected)


@pytest.mark.parametrize("celsius, expected", [(100, 212.0), (0, 32.0), (-40, -40.0), (37, 98.6)])
def test_fahrenheit(celsius, expected):
    assert fahrenheit(celsius) == pytest.approx(expected)


@pytest.mark.parametrize(
    "price, quantity, shipping, expected",
    [(10, 3, 5, 42.0), (2.5, 4, 0, 12.0), (0, 10, 10, 12.0)],
)
def test_order_total_taxes_everything(price, quantity, shipping, expected):
    assert order_total(price, quantity, shipping) == pytest.approx(expected)


@pytest.mark.parametrize("x, expected", [(3, -9), (-3, -9), (0, 0), (1.5, -2.25)])
def test_negative_square(x, expected):
    assert negative_square(x) == expected


@pytest.mark.parametrize("age, expected", [(12, False), (13, True), (16, True), (19, True), (20, False), (45, False)])
def test_is_teen(age, expected):
    assert is_teen(age) is expected

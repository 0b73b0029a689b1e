import hashlib

import pytest

from formulas import PREDICTIONS, average, fahrenheit, is_teen, negative_square, order_total

# What Python gives for each expression, as a fingerprint: sha256 of
# "<expression>|<type name>|<repr of the value>". The answers stay out of sight, so the
# predictions are yours; check yourself in a Python shell, not here.
EXPECTED = {
    '1 + 2**3 / 4 * 5': "765d6fc73cae0b89edc98bff48549ea5ffe923b9725729e47168eed55f1c4bbe",
    '10 - 4 - 3': "dc94a82cc36157daf67b70c394e46564a538c3723df4ca0f99ab7cadbe9e0cdb",
    '2 ** 3 ** 2': "08766dc96f2dcc31a18fd5edd728dab2f0ed65ba78639fefa0cfe313998c0294",
    '-3 ** 2': "12ed197d90efa92f495175ee6c449d5c95b628e6941fe1779d5fbdb712ccb11e",
    '7 // 2 * 2': "283fb4019c12832412ea0910a46fb0edafee3d5728ceb987f65bcebc243f0d08",
    '1 + 6 / 2': "b0e99d2d587f1e344b2d07b673304772f354effcb031687ba6fb4fd98bae371a",
    '17 % 5 * 2': "8d3ea6df1b474939b18da47ef08c041c71ef615c51148793fe0d5490b2833a0a",
    '3 > 2 > 1': "2c1b9b694e4e295544756934a6b689660b5d25c2e3b70996df66f2b100414d1c",
    'not 1 + 1 == 2': "77e3d2ffa47eef204b2d448052ea453567a69cc43188da6fd88482bed22d554f",
}


def fingerprint(expression, value):
    return hashlib.sha256(f"{expression}|{type(value).__name__}|{value!r}".encode()).hexdigest()


@pytest.mark.parametrize("expression", list(EXPECTED))
def test_prediction(expression):
    predicted = PREDICTIONS[expression]
    if predicted is None:
        pytest.fail(f"write your prediction for {expression} in PREDICTIONS")
    if fingerprint(expression, predicted) != EXPECTED[expression]:
        pytest.fail(
            f"PREDICTIONS[{expression!r}] is {predicted!r}, of type {type(predicted).__name__}, which is not "
            f"what Python gives: work through it again by hand (which operator goes first, and is each step an int, a float or a bool?). "
            "The type counts too: 4 and 4.0 are different answers."
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

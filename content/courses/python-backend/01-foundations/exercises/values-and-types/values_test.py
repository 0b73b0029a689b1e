import pytest

from values import average, is_whole, to_clock, type_name


@pytest.mark.parametrize(
    "value, expected",
    [
        (42, "int"),
        (4.2, "float"),
        ("42", "str"),
        (True, "bool"),
        (None, "NoneType"),
        (7 / 7, "float"),
        (7 // 7, "int"),
        ([4, 2], "list"),
    ],
    ids=["42", "4.2", "'42'", "True", "None", "7 / 7", "7 // 7", "[4, 2]"],
)
def test_type_name(value, expected):
    assert type_name(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(3, True), (-2, True), (0, True), (3.0, True), (-7.0, True), (3.5, False), (0.1, False)],
    ids=["3", "-2", "0", "3.0", "-7.0", "3.5", "0.1"],
)
def test_is_whole_for_numbers(value, expected):
    assert is_whole(value) is expected


@pytest.mark.parametrize(
    "value", [True, False, "3", "3.0", None, [3]], ids=["True", "False", "'3'", "'3.0'", "None", "[3]"]
)
def test_is_whole_is_false_for_everything_else(value):
    assert is_whole(value) is False


@pytest.mark.parametrize(
    "minutes, expected",
    [(125, "2:05"), (59, "0:59"), (60, "1:00"), (0, "0:00"), (600, "10:00"), (1439, "23:59"), (1500, "25:00")],
)
def test_to_clock(minutes, expected):
    assert to_clock(minutes) == expected


@pytest.mark.parametrize(
    "values, expected",
    [([2, 4], 3.0), ([1, 2], 1.5), ([5], 5.0), ([0.5, 0.25, 0.75], 0.5), ([-3, 3], 0.0)],
)
def test_average(values, expected):
    result = average(values)
    assert result == expected
    assert type(result) is float, f"average({values}) should be the float {expected!r}, not {result!r}"


def test_average_of_nothing_is_none():
    assert average([]) is None

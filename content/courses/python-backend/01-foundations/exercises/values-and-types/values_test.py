import pytest

from values import average, split_bill, to_clock, type_name


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
    "total_cents, people, expected",
    [(1000, 3, (333, 1)), (2000, 3, (666, 2)), (1000, 4, (250, 0)), (5, 10, (0, 5)), (999, 1, (999, 0)), (0, 3, (0, 0))],
)
def test_split_bill(total_cents, people, expected):
    assert split_bill(total_cents, people) == expected


def test_split_bill_gives_whole_cents():
    share, left_over = split_bill(1000, 4)
    assert type(share) is int, f"split_bill(1000, 4): the share should be the int 250, not {share!r}"
    assert type(left_over) is int, f"split_bill(1000, 4): left_over should be the int 0, not {left_over!r}"


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

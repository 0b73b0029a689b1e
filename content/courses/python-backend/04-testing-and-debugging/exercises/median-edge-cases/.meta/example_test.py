import pytest

from stats import median


def test_a_single_value():
    assert median([7]) == 7


def test_odd_count_sorted():
    assert median([1, 2, 3]) == 2


@pytest.mark.parametrize(
    "values, expected",
    [
        ([3, 1, 2], 2),
        ([9, 1, 5, 3, 7], 5),
        ([10, -4, 0], 0),
        ([10, 9, 2], 9),
    ],
)
def test_unsorted_input(values, expected):
    assert median(values) == expected


def test_even_count_is_the_mean_of_the_two_middle_values():
    assert median([1, 2, 3, 4]) == 2.5


def test_even_count_unsorted():
    assert median([40, 10, 30, 20]) == 25


def test_two_values_with_an_odd_sum():
    assert median([2, 5]) == 3.5


def test_duplicates_count_as_separate_values():
    assert median([1, 1, 1, 5]) == 1
    assert median([2, 2, 9]) == 2


def test_floats():
    assert median([0.1, 0.2]) == pytest.approx(0.15)


def test_empty_list_raises_value_error():
    with pytest.raises(ValueError):
        median([])


def test_even_count_is_not_the_mean_of_all_values():
    assert median([1, 2, 3, 10]) == 2.5

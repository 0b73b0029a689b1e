import pytest

from stats import median


def test_a_single_value():
    assert median([7]) == 7


def test_odd_count_sorted():
    assert median([1, 2, 3]) == 2

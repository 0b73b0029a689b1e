import pytest

from stats import median


def test_a_single_value():
    assert median([7]) == 7

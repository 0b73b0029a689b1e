from stats import median


def test_median_of_three_sorted_numbers():
    # A fine test, but it is the easiest possible case: every broken copy gets it right too.
    # Add tests for the cases where a median is easy to get wrong.
    assert median([1, 2, 3]) == 2

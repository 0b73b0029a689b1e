import random

import pytest

from insertion import insertion_sort


def expected_comparisons(items):
    """What insertion sort must count, worked out without sorting: every pair that is out of
    order costs one comparison (the neighbour that moves), and every item after the first costs
    one more (the neighbour that stops it), unless it walks all the way to the front."""
    inversions = sum(1 for i in range(len(items)) for j in range(i + 1, len(items)) if items[i] > items[j])
    reach_front = sum(1 for i in range(1, len(items)) if all(earlier > items[i] for earlier in items[:i]))
    return inversions + max(len(items) - 1, 0) - reach_front


@pytest.mark.parametrize(
    "items, expected",
    [
        ([3, 1, 2], ([1, 2, 3], 3)),
        ([], ([], 0)),
        ([42], ([42], 0)),
        ([1, 2], ([1, 2], 1)),
        ([2, 1], ([1, 2], 1)),
        ([5, 2, 4, 6, 1, 3], ([1, 2, 3, 4, 5, 6], 12)),
        ([2, 2, 2, 2], ([2, 2, 2, 2], 3)),
        ([3, 1, 3, 1], ([1, 1, 3, 3], 5)),
        (["pear", "fig", "apple", "kiwi"], (["apple", "fig", "kiwi", "pear"], 5)),
    ],
    ids=[
        "the example",
        "empty list",
        "one item",
        "two in order",
        "two out of order",
        "six numbers",
        "all equal: each stops at once",
        "duplicates",
        "strings",
    ],
)
def test_sorts_and_counts(items, expected):
    actual = insertion_sort(items)
    assert actual[0] == expected[0], "the list is not sorted"
    assert actual == expected, (
        f"sorted, but {actual[1]} comparisons counted instead of {expected[1]}: count every time two "
        f"keys are compared, also the comparison that stops an item (its neighbour is not bigger)"
    )


def test_returns_a_list_and_an_int():
    result = insertion_sort([2, 1])
    assert type(result) is tuple and len(result) == 2, "return a tuple (sorted_list, comparisons)"
    assert (type(result[0]), type(result[1])) == (list, int)


@pytest.mark.parametrize("n", [2, 5, 100, 2_000])
def test_sorted_input_costs_n_minus_1(n):
    assert insertion_sort(list(range(n))) == (list(range(n)), n - 1)


@pytest.mark.parametrize("n", [5, 10, 200])
def test_reversed_input_costs_n_times_n_minus_1_over_2(n):
    assert insertion_sort(list(range(n, 0, -1))) == (list(range(1, n + 1)), n * (n - 1) // 2)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_shuffled_lists(seed):
    rng = random.Random(seed)
    items = [rng.randint(0, 50) for _ in range(rng.randint(20, 60))]
    expected = (sorted(items), expected_comparisons(items))
    assert insertion_sort(items) == expected


def test_key_function():
    assert insertion_sort(["pear", "Fig", "apple"], key=str.lower) == (["apple", "Fig", "pear"], 3)


def test_key_sort_is_stable():
    orders = [("a", 2), ("b", 1), ("c", 2), ("d", 1)]
    result = insertion_sort(orders, key=lambda order: order[1])
    assert result[0] == [("b", 1), ("d", 1), ("a", 2), ("c", 2)], (
        "equal keys must keep their order (a stable sort): move an item only past a neighbour that is bigger"
    )
    assert result == ([("b", 1), ("d", 1), ("a", 2), ("c", 2)], 5)


def test_key_counts_like_the_items_would():
    words = ["ccc", "a", "bb", "dddd", "", "ee"]
    expected_words = sorted(words, key=len)
    expected_count = expected_comparisons([len(word) for word in words])
    sorted_words, comparisons = insertion_sort(words, key=len)
    assert sorted_words == expected_words
    assert comparisons == expected_count

import math
import random

import pytest

from merging import builtin_comparisons, merge_sort


def expected_merge_sort(items, key=lambda item: item):
    """The rules of the instructions, written independently: (sorted list, comparisons)."""
    if len(items) <= 1:
        return list(items), 0
    mid = len(items) // 2
    left, count_left = expected_merge_sort(items[:mid], key)
    right, count_right = expected_merge_sort(items[mid:], key)
    merged, count = [], count_left + count_right
    while left and right:
        count += 1
        merged.append(right.pop(0) if key(right[0]) < key(left[0]) else left.pop(0))
    return merged + left + right, count


class Counted:
    """What sorted() compares in the tests' own count."""

    count = 0

    def __init__(self, item):
        self.item = item

    def __lt__(self, other):
        Counted.count += 1
        return self.item < other.item


def expected_builtin(items):
    Counted.count = 0
    sorted(Counted(item) for item in items)
    return Counted.count


def shuffled(n, seed):
    items = list(range(n))
    random.Random(seed).shuffle(items)
    return items


# ---- merge_sort: the rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    "items, expected",
    [
        ([3, 1, 2], ([1, 2, 3], 3)),
        ([], ([], 0)),
        ([42], ([42], 0)),
        ([1, 2], ([1, 2], 1)),
        ([2, 1], ([1, 2], 1)),
        ([1, 2, 3, 4], ([1, 2, 3, 4], 4)),
        ([4, 3, 2, 1], ([1, 2, 3, 4], 4)),
        ([1, 3, 2, 4], ([1, 2, 3, 4], 5)),
        ([5, 2, 4, 6, 1, 3], ([1, 2, 3, 4, 5, 6], 11)),
        ([2, 2, 2, 2], ([2, 2, 2, 2], 4)),
        ([3, 1, 3, 1], ([1, 1, 3, 3], 5)),
        (["pear", "fig", "apple", "kiwi", "date"], (["apple", "date", "fig", "kiwi", "pear"], 7)),
    ],
    ids=[
        "the example",
        "empty list",
        "one item",
        "two in order",
        "two out of order",
        "four in order: each merge stops when the left half is used up",
        "four reversed: each merge stops when the right half is used up",
        "four interleaved: the last merge compares to the end",
        "six numbers",
        "all equal",
        "duplicates",
        "five strings: the halves are 2 and 3",
    ],
)
def test_sorts_and_counts(items, expected):
    assert merge_sort(items) == expected


def test_returns_a_list_and_an_int():
    result = merge_sort([2, 1])
    assert type(result) is tuple and len(result) == 2, "return a tuple (sorted_list, comparisons)"
    assert (type(result[0]), type(result[1])) == (list, int)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("n", [7, 33, 100])
def test_shuffled_lists(n, seed):
    items = shuffled(n, seed)
    expected_list, expected_count = expected_merge_sort(items)
    result, comparisons = merge_sort(items)
    assert comparisons == expected_count, f"comparisons for {n} shuffled items"
    assert result == expected_list


def test_odd_sizes_split_with_the_smaller_half_on_the_left():
    items = [9, 8, 7, 6, 5, 4, 3]  # halves of 3 and 4
    assert merge_sort(items) == ([3, 4, 5, 6, 7, 8, 9], 11)


def test_key_function():
    assert merge_sort(["pear", "Fig", "apple"], key=str.lower) == (["apple", "Fig", "pear"], 3)


def test_key_sort_is_stable():
    orders = [("a", 2), ("b", 1), ("c", 2), ("d", 1), ("e", 2)]
    result = merge_sort(orders, key=lambda order: order[1])
    assert result[0] == [("b", 1), ("d", 1), ("a", 2), ("c", 2), ("e", 2)], (
        "equal keys must keep their order (a stable sort): on a tie, take the item of the left half first"
    )
    assert result == ([("b", 1), ("d", 1), ("a", 2), ("c", 2), ("e", 2)], 7)


def test_key_counts_like_the_items_would():
    words = ["ccc", "a", "bb", "dddd", "", "ee", "f", "ggg"]
    assert merge_sort(words, key=len) == expected_merge_sort(words, key=len)


# ---- merge_sort: growth ------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 8, 64, 1024, 2048])
def test_sorted_input_of_a_power_of_two_costs_n_log2_n_over_2(n):
    result, comparisons = merge_sort(list(range(n)))
    assert comparisons == n * int(math.log2(n)) // 2, f"comparisons for list(range({n}))"
    assert result == list(range(n))


@pytest.mark.parametrize("n", [100, 1000, 2000])
def test_never_more_than_n_log2_n(n):
    items = shuffled(n, n)
    comparisons = merge_sort(items)[1]
    limit = n * math.ceil(math.log2(n))
    assert comparisons <= limit, f"merge_sort of {n} shuffled items made {comparisons} comparisons, more than n * log2(n) = {limit}"


def test_doubling_n_about_doubles_the_count():
    counts = {n: merge_sort(list(range(n, 0, -1)))[1] for n in (250, 500, 1000, 2000)}
    ratios = [counts[2 * n] / counts[n] for n in (250, 500, 1000)]
    assert all(2 <= ratio < 2.5 for ratio in ratios), f"counts for reversed lists of 250..2000 items: {counts}"


def test_far_fewer_comparisons_than_insertion_sort():
    n = 2000
    comparisons = merge_sort(list(range(n, 0, -1)))[1]
    insertion = n * (n - 1) // 2
    assert comparisons < insertion // 100, f"{comparisons} comparisons for {n} reversed items; insertion sort makes {insertion}"


# ---- builtin_comparisons -----------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 10, 1024])
def test_builtin_on_sorted_input_compares_each_neighbour_once(n):
    assert builtin_comparisons(list(range(n))) == max(n - 1, 0)


@pytest.mark.parametrize("n", [10, 1000])
def test_builtin_on_reversed_input_too(n):
    assert builtin_comparisons(list(range(n, 0, -1))) == n - 1


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("n", [20, 500])
def test_builtin_on_shuffled_input(n, seed):
    items = shuffled(n, seed)
    assert builtin_comparisons(items) == expected_builtin(items)


def test_builtin_with_repeated_items():
    items = [3, 1, 3, 1, 2, 2, 5, 0, 3] * 5
    assert builtin_comparisons(items) == expected_builtin(items)


def test_builtin_with_strings():
    items = ["kiwi", "apple", "fig", "date", "pear", "banana"]
    assert builtin_comparisons(items) == expected_builtin(items)


def test_builtin_beats_merge_sort_on_nearly_sorted_input():
    items = list(range(1000))
    items[500], items[501] = items[501], items[500]
    builtin = builtin_comparisons(items)
    mine = merge_sort(items)[1]
    assert builtin == expected_builtin(items)
    assert builtin < mine // 2, f"sorted() made {builtin} comparisons, merge_sort {mine}"

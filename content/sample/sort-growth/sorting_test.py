import pytest

from pydojo_harness import perf
from sorting import merge_sort

SIZES = [16, 32, 64, 128, 256]
# The reference's comparisons on the same inputs (measured by `pydojo check`, stored here).
REFERENCE = {"class": "n log n", "series": {16: 46, 32: 122, 64: 317, 128: 748, 256: 1702}}


def scrambled(n):
    return [(i * 37 + 11) % n for i in range(n)]


@pytest.mark.parametrize(
    "items, expected",
    [
        ([5, 2, 9, 1], [1, 2, 5, 9]),
        ([], []),
        ([7], [7]),
        ([3, 1, 3, 1], [1, 1, 3, 3]),
        (["pear", "apple", "fig"], ["apple", "fig", "pear"]),
        (list(range(10, 0, -1)), list(range(1, 11))),
    ],
    ids=["the example", "empty", "one item", "repeats", "strings", "reversed"],
)
def test_sorts(items, expected):
    assert merge_sort(items) == expected


def test_returns_a_new_list():
    items = [3, 1, 2]
    assert merge_sort(items) == [1, 2, 3]
    assert items == [3, 1, 2], "sort a copy: the caller's list must not change"


def test_stable():
    counter = perf.Counter()
    items = perf.values([2, 1, 2, 1, 2], counter, notes=True)
    assert [item.note for item in merge_sort(items)] == [1, 3, 0, 2, 4], "equal items must keep their order"


def test_comparisons_grow_like_n_log_n():
    counter = perf.Counter("comparisons")
    result = perf.growth(
        merge_sort,
        lambda n: perf.values(scrambled(n), counter),
        SIZES,
        cost=(counter, lambda c: c.comparisons),
        reference=REFERENCE,
        check=lambda items, out: perf.unwrap(out, strict=True) == sorted(perf.unwrap(items)),
    )
    perf.assert_growth_at_most(
        result,
        "n log n",
        within=2,
        hint="Does each item get compared with every other one? Split in halves and merge.",
    )

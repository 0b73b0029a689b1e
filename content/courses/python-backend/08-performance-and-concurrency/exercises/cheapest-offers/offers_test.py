import pytest

from pydojo_harness import perf
from offers import cheapest

SIZES = [64, 128, 256, 512]
# The reference's comparisons on the same inputs (graded on CPython 3.11, stored here).
REFERENCE = {"class": "linear", "series": {64: 105, 128: 177, 256: 321, 512: 581}}


def scrambled(n):
    return [(i * 7919) % 1009 + (i % 7) / 10 for i in range(n)]


@pytest.mark.parametrize(
    "prices, k, expected",
    [
        ([12.5, 3.0, 9.99, 3.5, 40.0], 3, [3.0, 3.5, 9.99]),
        ([5, 1, 4, 2, 3, 0, 6], 4, [0, 1, 2, 3]),
        ([8, 8, 1, 8], 3, [1, 8, 8]),
        ([7, 2], 5, [2, 7]),
        ([], 3, []),
        ([4, 1], 0, []),
    ],
    ids=["the example", "heap order is not sorted order", "repeated prices", "fewer than k", "no offers", "k is zero"],
)
def test_cheapest(prices, k, expected):
    assert cheapest(prices, k) == expected, f"the {k} lowest of {prices}, lowest first"


def test_works_on_any_iterable():
    assert cheapest((p for p in [9, 3, 7, 1]), 2) == [1, 3], "prices may come from a generator (a stream of offers)"


def test_comparisons_grow_linearly_for_a_small_k():
    counter = perf.Counter("comparisons")
    result = perf.growth(
        lambda prices: cheapest(prices, 3),
        lambda n: perf.values(scrambled(n), counter),
        SIZES,
        cost=(counter, lambda c: c.comparisons),
        label="cheapest(prices, 3)",
        reference=REFERENCE,
        check=lambda prices, out: perf.unwrap(out, strict=True) == sorted(perf.unwrap(prices))[:3],
    )
    perf.assert_growth_at_most(
        result,
        "linear",
        within=2,
        hint="Sorting every offer to keep 3 of them orders thousands you then throw away: keep only "
        "the k best so far (heapq.nsmallest).",
    )

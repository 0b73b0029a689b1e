from bisect import bisect_left

import pytest

from pydojo_harness import perf
from bands import shipping_band

LIMITS = [500, 1000, 2000, 5000]
SIZES = [64, 128, 256, 512]
# The reference's comparisons on the same inputs (graded on CPython 3.11, stored here).
REFERENCE = {"class": "logarithmic", "series": {64: 49, 128: 57, 256: 65, 512: 73}}


@pytest.mark.parametrize(
    "weight, expected",
    [(120, 0), (750, 1), (4999, 3), (1, 0), (6000, 4)],
    ids=["light", "between limits", "just under the last limit", "tiny", "oversize"],
)
def test_bands(weight, expected):
    assert shipping_band(LIMITS, weight) == expected, f"limits {LIMITS}: {weight} g goes in band {expected}"


@pytest.mark.parametrize("weight, expected", [(500, 0), (1000, 1), (5000, 3)], ids=["500 g", "1000 g", "5000 g"])
def test_a_weight_exactly_on_a_limit_belongs_to_that_band(weight, expected):
    assert shipping_band(LIMITS, weight) == expected, (
        f"a parcel of exactly {weight} g is within the {weight} g limit, so it is in band {expected}, "
        "not the next one (the first limit that is >= the weight)"
    )


def test_an_empty_table_makes_everything_oversize():
    assert shipping_band([], 10) == 0


def _lookups(n, counter):
    limits = perf.values([10 * (i + 1) for i in range(n)], counter)
    weights = [10 * n * q // 8 + 5 for q in range(8)]
    return [limits, weights]


def test_lookups_grow_logarithmically():
    counter = perf.Counter("comparisons")
    result = perf.growth(
        lambda limits, weights: [shipping_band(limits, w) for w in weights],
        lambda n: _lookups(n, counter),
        SIZES,
        cost=(counter, lambda c: c.comparisons),
        spread=True,
        label="8 lookups in a table of n limits",
        reference=REFERENCE,
        check=lambda args, out: perf.unwrap(out, strict=True) == [bisect_left(perf.unwrap(args[0]), w) for w in args[1]],
    )
    perf.assert_growth_at_most(
        result,
        "logarithmic",
        hint="Walking the table from the start compares the weight with every smaller limit. The "
        "table is sorted: halve it at each step (bisect.bisect_left).",
    )

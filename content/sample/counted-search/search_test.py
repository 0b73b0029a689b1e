# The judge's clock, bound before your module is imported: the timing test at the end reads it
# in the tests' process, which your code cannot reach.
from time import perf_counter
import random

import pytest

from pydojo_harness import perf
from search import missing

# The reference solution's counts (== and hash() on the products), measured with
# `pydojo check` and stored here so the feedback can compare: see docs/exercise-format.md.
REFERENCE = {"class": "linear", "series": {20: 57, 40: 115, 80: 230, 160: 460}}


@pytest.mark.parametrize(
    "wanted, stock, expected",
    [
        (["pen", "ink", "pad", "ink"], ["pad", "pen"], ["ink"]),
        ([], ["pen"], []),
        (["pen"], [], ["pen"]),
        (["a", "b", "c"], ["c", "b", "a"], []),
        (["b", "a", "b", "c", "a"], ["x"], ["b", "a", "c"]),
    ],
    ids=["the example", "nothing wanted", "empty stock", "all in stock", "order of wanted, each once"],
)
def test_missing(wanted, stock, expected):
    assert missing(wanted, stock) == expected


def _products(n, counter):
    # wanted: n products, a quarter of them twice; stock: half of the distinct ones.
    wanted = perf.values([f"p{i % (3 * n // 4)}" for i in range(n)], counter)
    stock = perf.values([f"p{i}" for i in range(0, 3 * n // 4, 2)], counter)
    return wanted, stock


def _missing(wanted, stock):
    # The test's own answer (on plain values, nothing counted), to check the answers measured.
    out = []
    for product in wanted:
        if product not in stock and product not in out:
            out.append(product)
    return out


def test_work_grows_linearly():
    counter = perf.Counter("== and hash() calls")
    result = perf.growth(
        missing,
        lambda n: _products(n, counter),
        [20, 40, 80, 160],
        cost=counter,
        spread=True,
        reference=REFERENCE,
        check=lambda args, out: perf.unwrap(out, strict=True) == _missing(*(perf.unwrap(a) for a in args)),
    )
    perf.assert_growth_at_most(
        result,
        "linear",
        hint="Is there an `in` on a list inside your loop? Make a set of the stock once, before the loop.",
    )


def test_still_correct_on_counted_products():
    counter = perf.Counter()
    wanted, stock = _products(40, counter)
    assert perf.unwrap(missing(wanted, stock)) == [f"p{i}" for i in range(1, 30, 2)]


# The counts above see == and hash() on the tests' own products. A hash() is only a number,
# though: code that hashes each product once and then scans a list of those numbers looks linear
# to them and is still len(wanted) * len(stock) steps. This test times the whole call on plain
# products, with the tests' own clock, on orders that double in size; a quadratic solution stops
# at the first size that takes too long.

BIG_SIZES = [20_000, 40_000, 80_000]
BIG_LIMIT = 2.0  # seconds for each size; with sets it takes a few hundredths of a second


def _big_order(n):
    """n wanted products (a quarter of them asked twice), and half of the distinct ones in stock."""
    rng = random.Random(n)
    wanted = [f"p{rng.randrange(3 * n // 4)}" for _ in range(n)]
    stock = [f"p{i}" for i in range(0, 3 * n // 4, 2)]
    rng.shuffle(stock)
    return wanted, stock


def _own_missing(wanted, stock):
    in_stock = set(stock)
    return [product for product in dict.fromkeys(wanted) if product not in in_stock]


def test_big_orders_in_time():
    steps = []
    for n in BIG_SIZES:
        wanted, stock = _big_order(n)
        start = perf_counter()
        expected = _own_missing(wanted, stock)
        own_seconds = perf_counter() - start
        start = perf_counter()  # the call, and reading its answer as plain values: work left for later is timed too
        right = perf.unwrap(missing(wanted, stock), strict=True) == expected
        seconds = perf_counter() - start
        steps.append(f"{n:,} products: {seconds:.2f} s")
        assert right, f"missing() on {n:,} wanted products gave a wrong answer: the small cases above show which"
        assert seconds <= BIG_LIMIT, (
            f"missing() on {n:,} wanted products and {len(stock):,} in stock took {seconds:.1f} s, more than "
            f"the {BIG_LIMIT} s allowed ({'; '.join(steps)}); the tests' own version with sets takes "
            f"{own_seconds:.3f} s here. When twice the products take about four times as long, the work "
            f"grows like n²: a list scanned for every product (`in`, `.count()`, `.index()`, even on a list "
            f"of numbers such as the products' hashes) is len(wanted) * len(stock) steps, however few == "
            f"and hash() calls it makes. Make sets once, before the loop."
        )
    perf.note(f"missing() on big orders: {'; '.join(steps)} (limit {BIG_LIMIT} s each)")

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

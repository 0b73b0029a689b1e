# The judge's clock, bound before your module is imported: the timing test below reads it in
# the tests' process, which your code cannot reach.
from time import perf_counter
from collections import Counter
import random

import pytest

from pydojo_harness import perf
from endpoints import paths_by_status, top_endpoints

SIZES = [40, 80, 160, 320]
# The reference's == and hash() calls on the same inputs (graded on CPython 3.11, stored here).
REFERENCE = {"class": "linear", "series": {40: 100, 80: 200, 160: 400, 320: 800}}


def test_the_example():
    paths = ["/login", "/items", "/login", "/cart", "/items", "/login"]
    assert top_endpoints(paths, 2) == [("/login", 3), ("/items", 2)]


def test_equal_counts_keep_the_order_of_first_request():
    paths = ["/zebra", "/apple", "/mango", "/apple", "/zebra", "/mango"]
    assert top_endpoints(paths, 3) == [("/zebra", 2), ("/apple", 2), ("/mango", 2)], (
        "all three have 2 requests: equal counts come in the order each path was first requested "
        "(/zebra, /apple, /mango), not in alphabetical order"
    )


def test_asking_for_more_than_there_are():
    assert top_endpoints(["/a", "/b", "/a"], 10) == [("/a", 2), ("/b", 1)]


def test_no_requests():
    assert top_endpoints([], 3) == []


def test_paths_by_status():
    requests = [("/a", 200), ("/b", 404), ("/c", 200), ("/a", 500), ("/b", 200)]
    assert paths_by_status(requests) == {200: ["/a", "/c", "/b"], 404: ["/b"], 500: ["/a"]}


def test_paths_by_status_is_a_plain_dict():
    groups = paths_by_status([("/a", 200)])
    assert type(groups) is dict, (
        "return a plain dict (dict(groups)): a defaultdict handed to callers grows a new empty "
        "entry whenever they look up a status that isn't there"
    )
    assert groups.get(404) is None


def _paths(n, counter):
    """n requests over n // 4 distinct paths, as counted values."""
    return perf.values([f"/page/{(i * 11) % (n // 4)}" for i in range(n)], counter)


def test_counting_grows_linearly():
    counter = perf.Counter("== and hash() calls")
    result = perf.growth(
        lambda paths: top_endpoints(paths, 5),
        lambda n: _paths(n, counter),
        SIZES,
        cost=counter,
        label="top_endpoints()",
        reference=REFERENCE,
        check=lambda paths, out: perf.unwrap(out, strict=True) == Counter(perf.unwrap(paths)).most_common(5),
    )
    perf.assert_growth_at_most(
        result,
        "linear",
        hint="Does each distinct path get counted by walking the whole list again (list.count)? "
        "A Counter counts everything in one pass.",
    )


@pytest.mark.parametrize("n", [1, 3])
def test_still_correct_on_counted_values(n):
    counter = perf.Counter()
    paths = perf.values(["/b", "/a", "/b", "/c", "/a", "/b"], counter)
    assert [(perf.unwrap(p), c) for p, c in top_endpoints(paths, n)] == [("/b", 3), ("/a", 2), ("/c", 1)][:n]


# -- an hour of logs, timed ---------------------------------------------------------------------
# The counts above see == and hash() on the tests' own values. A hash() is only a number, though:
# code that hashes each path once and then counts in a list of those numbers (list.count once
# per path) looks linear to them and is still paths x requests steps. This test times the whole
# call on plain paths, with the tests' own clock, on logs that double in size; a quadratic
# solution stops at the first size that takes too long.

LOG_SIZES = [20_000, 40_000, 80_000]
LOG_LIMIT = 2.5  # seconds for each size; Counter takes a few hundredths of a second


def _log(n):
    """n requests over n // 4 paths, in a fixed random order."""
    rng = random.Random(n)
    return [f"/api/items/{rng.randrange(n // 4)}" for _ in range(n)]


def test_an_hour_of_logs_in_time():
    steps = []
    for n in LOG_SIZES:
        paths = _log(n)
        start = perf_counter()
        expected = Counter(paths).most_common(5)
        own_seconds = perf_counter() - start
        start = perf_counter()  # the call, and reading its answer as plain values: work left for later is timed too
        right = perf.unwrap(top_endpoints(paths, 5), strict=True) == expected
        seconds = perf_counter() - start
        steps.append(f"{n:,} requests: {seconds:.2f} s")
        assert right, f"top_endpoints(paths, 5) on {n:,} requests gave a wrong answer: the small cases above show which"
        assert seconds <= LOG_LIMIT, (
            f"top_endpoints() on {n:,} requests took {seconds:.1f} s, more than the {LOG_LIMIT} s allowed "
            f"({'; '.join(steps)}); the tests' own Counter takes {own_seconds:.3f} s here. When twice the "
            f"requests take about four times as long, the work grows like n²: one pass over the requests "
            f"(or over a list made from them, even a list of their hashes) per distinct path is "
            f"paths x requests steps, however few == and hash() calls it makes. Count everything in one pass."
        )
    perf.note(f"top_endpoints() on big logs: {'; '.join(steps)} (limit {LOG_LIMIT} s each)")

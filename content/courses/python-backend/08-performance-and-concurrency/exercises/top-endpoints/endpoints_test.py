from collections import Counter

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

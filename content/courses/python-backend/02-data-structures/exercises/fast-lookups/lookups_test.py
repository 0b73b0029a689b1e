# The judge's clock, bound before your module is imported: the timing tests below read it in
# the tests' process, which your code cannot reach.
from time import perf_counter
import random

import pytest

from pydojo_harness import perf
from lookups import common_items, count_pairs, dedupe


COUNTER = perf.Counter("== and hash() calls")


class Counts:
    """How many times Python compared (==) or hashed a Tracked value since the last reset."""

    reset = staticmethod(COUNTER.reset)

    @staticmethod
    def work():
        return COUNTER.eq + COUNTER.hash


def Tracked(value, note=""):
    """A hashable test value that counts every == and hash() Python does with it (the judge
    counts them: your code cannot see the value, only compare and hash it).

    Two Tracked values are equal when their values are; `note` is not part of equality, so
    the tests can tell apart two equal values and see which one your code kept.
    """
    return perf.Counted(value, COUNTER, note=note)


def too_much_work(function, n, budget, what="items"):
    return (
        f"{function}() on {n} {what} made {COUNTER.eq} == comparisons and {COUNTER.hash} hash() calls. "
        f"A set or a dict needs a few per item (at most {budget} in all here); scanning a list for "
        f"every item needs about n * n / 2. Is there an `in` on a list (or .count(), .index()) "
        f"inside a loop, or a set built again for every item?"
    )


@pytest.mark.parametrize(
    "items, expected",
    [
        (["b@x.io", "a@x.io", "b@x.io", "c@x.io", "a@x.io"], ["b@x.io", "a@x.io", "c@x.io"]),
        ([], []),
        ([3, 1, 2], [3, 1, 2]),
        (["same", "same", "same"], ["same"]),
        ([2, 1, 2, 3, 1, 4], [2, 1, 3, 4]),
        ([1, "1", 1, "1"], [1, "1"]),
        ([("ada", 1), ("bo", 2), ("ada", 1)], [("ada", 1), ("bo", 2)]),
    ],
    ids=[
        "the example",
        "empty list",
        "no duplicates keep their order",
        "all the same",
        "keeps the first occurrence",
        "1 and '1' are different items",
        "tuples as items",
    ],
)
def test_dedupe(items, expected):
    assert dedupe(items) == expected


def test_dedupe_returns_a_list():
    assert type(dedupe(["a", "b", "a"])) is list


@pytest.mark.parametrize("n", [10, 100, 300])
def test_dedupe_does_a_few_steps_per_item(n):
    distinct = n * 2 // 3
    items = [Tracked(i * 7 % distinct, note=f"#{i}") for i in range(n)]  # a third are repeats
    expected_notes = [f"#{i}" for i in range(distinct)]  # the first occurrence of each value
    Counts.reset()
    result = dedupe(items)
    assert Counts.work() <= 5 * n, too_much_work("dedupe", n, 5 * n)
    assert [item.note for item in result] == expected_notes, "keep the first occurrence of each value, in order"


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ([5, 3, 9, 3, 1], [1, 2, 3], [3, 1]),
        ([], [1, 2], []),
        ([1, 2], [], []),
        ([1, 2, 3], [4, 5, 6], []),
        (["x", "y", "x", "y"], ["y", "x"], ["x", "y"]),
        ([4, 4, 4], [4, 4], [4]),
        (["c", "a", "b"], ["a", "b", "c"], ["c", "a", "b"]),
        ([1, "1"], ["1"], ["1"]),
    ],
    ids=[
        "the example",
        "a is empty",
        "b is empty",
        "nothing in common",
        "repeats in a are kept once",
        "repeats in both",
        "the order follows a, not b",
        "1 and '1' are different items",
    ],
)
def test_common_items(a, b, expected):
    assert common_items(a, b) == expected


@pytest.mark.parametrize("n", [10, 100, 200])
def test_common_items_does_a_few_steps_per_item(n):
    a = [Tracked(i % (n // 2), note=f"a{i}") for i in range(n)]  # every value twice
    b = [Tracked(i, note=f"b{i}") for i in range(n // 4, n // 4 + n)]
    expected_notes = [f"a{i}" for i in range(n // 4, n // 2)]  # values in both, as first seen in a
    Counts.reset()
    result = common_items(a, b)
    budget = 5 * (len(a) + len(b))
    assert Counts.work() <= budget, too_much_work("common_items", len(a) + len(b), budget)
    assert [item.note for item in result] == expected_notes


@pytest.mark.parametrize(
    "events, expected",
    [
        (
            [("ada", "/home"), ("bo", "/cart"), ("ada", "/home")],
            {("ada", "/home"): 2, ("bo", "/cart"): 1},
        ),
        ([], {}),
        (
            [("ada", "/home"), ("ada", "/cart"), ("bo", "/home")],
            {("ada", "/home"): 1, ("ada", "/cart"): 1, ("bo", "/home"): 1},
        ),
        ([("bo", "/x")] * 4, {("bo", "/x"): 4}),
    ],
    ids=["the example", "no events", "same user, different pages", "one pair four times"],
)
def test_count_pairs(events, expected):
    assert count_pairs(events) == expected


@pytest.mark.parametrize("n", [10, 100, 200])
def test_count_pairs_does_a_few_steps_per_event(n):
    users = [Tracked(f"u{i}") for i in range(5)]
    pages = [Tracked(f"/p{i}") for i in range(n // 20 + 1)]
    events = [(Tracked(perf.unwrap(users[i % 5])), Tracked(perf.unwrap(pages[i % len(pages)]))) for i in range(n)]
    expected = {}
    for user, page in events:
        pair = (perf.unwrap(user), perf.unwrap(page))
        expected[pair] = expected.get(pair, 0) + 1
    Counts.reset()
    counts = count_pairs(events)
    budget = 10 * n + 4 * len(expected)  # each event holds two values; the returned dict's keys are hashed again
    assert Counts.work() <= budget, too_much_work("count_pairs", n, budget, "events")
    assert {perf.unwrap(pair): number for pair, number in counts.items()} == expected


# -- the same functions on big batches, timed ----------------------------------------------------
# The tests above count == and hash() on their own values. A hash() is only a number, though:
# code that takes one hash per item and then scans lists of those numbers looks linear to them
# and is still n * n / 2 steps. These tests time each function on a big batch of plain values,
# with the tests' own clock, in steps that double (a quadratic function stops at the first step
# that takes too long). A set or a dict does the biggest batch in a few hundredths of a second.


def _emails(n, seed):
    rng = random.Random(seed)
    return [f"user{rng.randrange(n * 2 // 3)}@shop.example" for _ in range(n)]  # a third are repeats


def _skus(n, seed):
    rng = random.Random(seed)
    return [f"sku-{rng.randrange(n)}" for _ in range(n)]


def _events(n, seed):
    rng = random.Random(seed)
    users = [f"user{i}" for i in range(200)]
    pages = [f"/page/{i}" for i in range(100)]
    return [(rng.choice(users), rng.choice(pages)) for _ in range(n)]


def _own_dedupe(items):
    return list(dict.fromkeys(items))


def _own_common_items(a, b):
    in_b = set(b)
    return [item for item in dict.fromkeys(a) if item in in_b]


def _own_count_pairs(events):
    counts = {}
    for pair in events:
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def _plain_list(answer):
    return perf.unwrap(answer, strict=True)  # a list of plain values, or the test fails


def _plain_counts(answer):
    if type(answer) is not dict:
        return answer  # a Counter (or any dict of your own) stays in your process: see _spot_check
    return {perf.unwrap(pair, strict=True): perf.unwrap(count, strict=True) for pair, count in answer.items()}


def _spot_check(answer, expected):
    """A dict of your own (a Counter) is compared in your process, which could answer == as it
    likes: its size and 50 of its counts, read as plain numbers, are checked here too."""
    if type(answer) is dict:
        return
    assert len(answer) == len(expected), f"count_pairs() gave {len(answer):,} pairs, expected {len(expected):,}"
    for pair in random.Random(len(expected)).sample(sorted(expected), 50):
        got = perf.unwrap(answer[pair], strict=True)
        assert got == expected[pair], f"count_pairs() counted {pair!r} {got} times, expected {expected[pair]}"


def assert_fast_on_big_batches(name, function, make_args, read, own, sizes, limit, what, fix, check=None):
    """Times `read(function(*make_args(n)))` for each size (the call, and reading its answer as
    plain values, so that work left for later is timed too) and fails at the first size over
    `limit` seconds."""
    steps = []
    for n in sizes:
        args = make_args(n)
        start = perf_counter()
        expected = own(*args)
        own_seconds = perf_counter() - start
        start = perf_counter()
        answer = read(function(*args))
        right = answer == expected
        seconds = perf_counter() - start
        steps.append(f"{n:,} {what}: {seconds:.2f} s")
        assert right, f"{name}() on {n:,} {what} gave a wrong answer: the small cases above show which"
        if check is not None:
            check(answer, expected)
        assert seconds <= limit, (
            f"{name}() on {n:,} {what} took {seconds:.1f} s, more than the {limit} s allowed "
            f"({'; '.join(steps)}); the tests' own version with {fix} takes {own_seconds:.3f} s here. "
            f"When twice the items take about four times as long, the work grows like n²: a list "
            f"scanned for every item (`in`, `.count()`, `.index()` or a slice of a list, even a list of "
            f"numbers such as hashes) is n * n / 2 steps, however few == and hash() calls it makes."
        )
    perf.note(f"{name}() on big batches: {'; '.join(steps)} (limit {limit} s each)")


def test_dedupe_on_big_batches():
    assert_fast_on_big_batches(
        "dedupe", dedupe, lambda n: (_emails(n, n),), _plain_list, _own_dedupe, [15_000, 30_000, 60_000], 2.0, "emails",
        "a set of the emails seen so far",
    )


def test_common_items_on_big_batches():
    assert_fast_on_big_batches(
        "common_items", common_items, lambda n: (_skus(n, n), _skus(n, n + 1)), _plain_list, _own_common_items, [10_000, 20_000, 40_000], 2.0,
        "items in each list", "a set made from b once",
    )


def test_count_pairs_on_big_batches():
    assert_fast_on_big_batches(
        "count_pairs", count_pairs, lambda n: (_events(n, n),), _plain_counts, _own_count_pairs, [7_500, 15_000, 30_000], 4.0, "events",
        "a dict of counts", check=_spot_check,
    )

import pytest

from lookups import common_items, count_pairs, dedupe

BIG = 200_000


def assert_same_list(actual, expected):
    """Compare two long lists with short messages: length, then the first 5 items, then all."""
    assert type(actual) is list, f"expected a list, got {type(actual).__name__}"
    assert len(actual) == len(expected)
    assert actual[:5] == expected[:5], "the first 5 items are not in the expected order"
    assert actual == expected


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


def test_dedupe_handles_200_000_items():
    items = [f"user-{i * 7919 % 150_000}" for i in range(BIG)]  # 150,000 distinct ids, mixed up
    expected = list(dict.fromkeys(items))
    assert_same_list(dedupe(items), expected)


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


def test_common_items_handles_200_000_items_each():
    a = [f"id-{i * 7919 % 120_000}" for i in range(BIG)]  # 120,000 distinct ids, with repeats
    b = [f"id-{i}" for i in range(60_000, 60_000 + BIG)]
    in_b = set(b)
    expected = [x for x in dict.fromkeys(a) if x in in_b]  # 60,000 ids
    assert_same_list(common_items(a, b), expected)


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


def test_count_pairs_handles_200_000_events():
    events = [(f"u{i % 625}", f"/page/{i % 8}") for i in range(BIG)]  # 5,000 distinct pairs
    counts = count_pairs(events)
    assert len(counts) == 5_000
    assert counts[("u0", "/page/0")] == 40  # every 5,000th event
    assert counts[("u624", "/page/7")] == 40
    assert sum(counts.values()) == BIG

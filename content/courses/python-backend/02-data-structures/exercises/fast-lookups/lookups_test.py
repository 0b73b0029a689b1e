import pytest

from lookups import common_items, count_pairs, dedupe

BIG = 200_000


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
)
def test_dedupe(items, expected):
    assert dedupe(items) == expected


def test_dedupe_returns_a_list():
    assert type(dedupe(["a", "b", "a"])) is list


def test_dedupe_handles_200_000_items():
    items = [f"user-{i * 7919 % 150_000}" for i in range(BIG)]  # 150,000 distinct ids, shuffled
    expected = list(dict.fromkeys(items))
    assert dedupe(items) == expected


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
)
def test_common_items(a, b, expected):
    assert common_items(a, b) == expected


def test_common_items_handles_200_000_items_each():
    a = [f"id-{i * 7919 % 120_000}" for i in range(BIG)]  # 120,000 distinct ids, with repeats
    b = [f"id-{i}" for i in range(60_000, 60_000 + BIG)]
    in_b = set(b)
    expected = [x for x in dict.fromkeys(a) if x in in_b]
    result = common_items(a, b)
    assert len(result) == 60_000
    assert result == expected


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

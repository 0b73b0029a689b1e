import pytest

from loops import backoff, first_error, pages, years_to_reach


@pytest.mark.parametrize(
    "total, page_size, expected",
    [
        (25, 10, [(0, 10), (10, 20), (20, 25)]),
        (20, 10, [(0, 10), (10, 20)]),
        (3, 10, [(0, 3)]),
        (5, 1, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]),
        (0, 10, []),
        (10, 10, [(0, 10)]),
        (11, 10, [(0, 10), (10, 11)]),
    ],
)
def test_pages(total, page_size, expected):
    assert pages(total, page_size) == expected


def test_pages_cover_every_item_once():
    items = list(range(1234))
    seen = []
    for start, stop in pages(1234, 100):
        seen.extend(items[start:stop])
    assert seen == items


@pytest.mark.parametrize(
    "first, factor, cap, retries, expected",
    [
        (1, 2, 10, 6, [1, 2, 4, 8, 10, 10]),
        (1, 2, 100, 4, [1, 2, 4, 8]),
        (0.5, 3, 60, 5, [0.5, 1.5, 4.5, 13.5, 40.5]),
        (5, 2, 5, 3, [5, 5, 5]),
        (20, 2, 10, 3, [10, 10, 10]),
        (1, 2, 10, 1, [1]),
        (1, 2, 10, 0, []),
    ],
)
def test_backoff(first, factor, cap, retries, expected):
    assert backoff(first, factor, cap, retries) == expected


def test_first_error():
    lines = ["INFO start", "WARN slow", "ERROR disk full", "ERROR again"]
    assert first_error(lines) == (3, "disk full")


def test_first_error_on_the_first_line():
    assert first_error(["ERROR no config", "INFO start"]) == (1, "no config")


def test_first_error_on_the_last_line():
    assert first_error(["INFO a", "INFO b", "ERROR out of memory"]) == (3, "out of memory")


def test_no_error():
    assert first_error(["INFO start", "WARN ERROR rate is high", "INFO stop"]) is None
    assert first_error([]) is None


def test_first_error_needs_the_word_error_at_the_start():
    assert first_error(["ERRORS none", "INFO ERROR x", "ERROR real"]) == (3, "real")


@pytest.mark.parametrize(
    "balance, rate, target, expected",
    [
        (1000, 0.05, 1100, 2),
        (1000, 0.05, 1049, 1),
        (1000, 0.05, 2000, 15),
        (1000, 0.5, 1000, 0),
        (1000, 0.5, 999, 0),
        (100, 1, 1600, 4),
    ],
)
def test_years_to_reach(balance, rate, target, expected):
    assert years_to_reach(balance, rate, target) == expected

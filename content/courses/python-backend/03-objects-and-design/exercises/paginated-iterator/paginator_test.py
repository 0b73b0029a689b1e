from itertools import islice

import pytest

from paginator import Paginator, batched, sync


class FakeApi:
    """fetch_page for the tests: page n is pages[n - first]; after the last page, []. Records
    every page number it was asked for in `calls` (and in a shared `log`, if given)."""

    def __init__(self, pages, first=1, log=None):
        self.pages = pages
        self.first = first
        self.calls = []
        self.log = log

    def __call__(self, number):
        self.calls.append(number)
        if self.log is not None:
            self.log.append(("fetch", number))
        index = number - self.first
        return list(self.pages[index]) if 0 <= index < len(self.pages) else []


def pages_of(count, size):
    """`count` pages of `size` items: [[1, 2, ...], [size + 1, ...], ...]."""
    return [list(range(n * size + 1, (n + 1) * size + 1)) for n in range(count)]


# --- Paginator ------------------------------------------------------------------------------

def test_all_items_of_all_pages_in_order():
    api = FakeApi([["a", "b"], ["c"], ["d", "e"]])
    assert list(Paginator(api)) == ["a", "b", "c", "d", "e"]
    assert api.calls == [1, 2, 3, 4], "pages 1, 2 and 3, then page 4, which is empty: the end"


def test_an_empty_first_page_means_no_items():
    api = FakeApi([])
    assert list(Paginator(api)) == []
    assert api.calls == [1]


def test_a_short_page_is_not_the_end():
    api = FakeApi([[1, 2, 3], [4], [5, 6]])
    assert list(Paginator(api)) == [1, 2, 3, 4, 5, 6], "only an empty page ends the pages, not a short one"


def test_nothing_is_fetched_before_the_first_item_is_asked_for():
    api = FakeApi(pages_of(3, 5))
    paginator = Paginator(api)
    iterator = iter(paginator)
    assert api.calls == [], "Paginator(...) and iter(...) must not fetch anything yet"
    assert next(iterator) == 1
    assert api.calls == [1]


@pytest.mark.parametrize("take, fetched", [(1, [1]), (3, [1]), (5, [1]), (6, [1, 2]), (11, [1, 2, 3])])
def test_pages_are_fetched_only_when_needed(take, fetched):
    api = FakeApi(pages_of(10, 5))
    items = list(islice(Paginator(api), take))
    assert items == list(range(1, take + 1))
    assert api.calls == fetched, (
        f"with pages of 5 items, taking the first {take} must fetch pages {fetched} and no more"
    )


def test_no_fetch_after_the_empty_page():
    api = FakeApi([[1]])
    iterator = iter(Paginator(api))
    assert list(iterator) == [1]
    with pytest.raises(StopIteration):
        next(iterator)
    assert api.calls == [1, 2], "once a page was empty, the iterator is finished and fetches nothing more"


def test_first_page_can_be_zero():
    api = FakeApi([["a"], ["b"]], first=0)
    assert list(Paginator(api, first_page=0)) == ["a", "b"]
    assert api.calls == [0, 1, 2]


def test_every_pass_starts_again_at_the_first_page():
    api = FakeApi([[1, 2], [3]])
    paginator = Paginator(api)
    assert list(paginator) == [1, 2, 3]
    assert list(paginator) == [1, 2, 3], "a Paginator is iterable more than once: each pass fetches the pages again"
    assert api.calls == [1, 2, 3, 1, 2, 3]


def test_two_passes_at_the_same_time_are_independent():
    api = FakeApi([[1, 2], [3]])
    paginator = Paginator(api)
    first, second = iter(paginator), iter(paginator)
    assert [next(first), next(first), next(second), next(first)] == [1, 2, 1, 3]


def test_an_error_while_fetching_reaches_the_caller():
    def fetch(number):
        if number == 2:
            raise ConnectionError("page 2: timeout")
        return ["a", "b"]

    iterator = iter(Paginator(fetch))
    assert [next(iterator), next(iterator)] == ["a", "b"], "the items of page 1 arrive before page 2 is fetched"
    with pytest.raises(ConnectionError):
        next(iterator)


def test_pages_gives_the_non_empty_pages_lazily():
    api = FakeApi([[1, 2], [3]])
    pages = Paginator(api).pages()
    assert api.calls == []
    assert next(pages) == [1, 2]
    assert api.calls == [1]
    assert list(pages) == [[3]]
    assert api.calls == [1, 2, 3]


# --- batched --------------------------------------------------------------------------------

def test_batched_cuts_into_lists_the_last_one_shorter():
    assert list(batched([1, 2, 3, 4, 5, 6, 7], 3)) == [[1, 2, 3], [4, 5, 6], [7]]


def test_batched_makes_no_empty_batch_at_the_end():
    assert list(batched([1, 2, 3, 4], 2)) == [[1, 2], [3, 4]]
    assert list(batched([], 3)) == []


def test_batched_of_size_one():
    assert list(batched(["a", "b"], 1)) == [["a"], ["b"]]


def test_batched_works_on_any_iterable_not_only_lists():
    assert list(batched(iter(["a", "b", "c"]), 2)) == [["a", "b"], ["c"]], (
        "an iterator has no len() and no slices: go through it item by item"
    )
    assert list(batched("abcde", 2)) == [["a", "b"], ["c", "d"], ["e"]]


@pytest.mark.parametrize("size", [0, -1, 2.5, "3"])
def test_batched_checks_size_when_it_is_called(size):
    with pytest.raises(ValueError):
        batched([1, 2, 3], size)
        pytest.fail(
            f"batched(..., {size!r}) must raise ValueError right away, before anyone iterates: "
            "the body of a generator function only runs at the first next()"
        )


def test_batched_pulls_only_what_the_next_batch_needs():
    api = FakeApi(pages_of(4, 5))
    batches = batched(Paginator(api), 4)
    assert api.calls == []
    assert next(batches) == [1, 2, 3, 4]
    assert api.calls == [1], "the first batch of 4 needs only page 1"
    assert next(batches) == [5, 6, 7, 8]
    assert api.calls == [1, 2]


# --- sync -----------------------------------------------------------------------------------

def test_sync_sends_every_record_in_batches_and_returns_the_count():
    api = FakeApi([["a", "b", "c"], ["d", "e"]])
    sent = []
    assert sync(api, sent.append, 2) == 5
    assert sent == [["a", "b"], ["c", "d"], ["e"]]


def test_sync_fetches_a_page_only_when_a_batch_needs_it():
    log = []
    api = FakeApi([["a", "b", "c"], ["d", "e", "f"]], log=log)
    sync(api, lambda batch: log.append(("send", batch)), 2)
    assert log == [
        ("fetch", 1),
        ("send", ["a", "b"]),
        ("fetch", 2),
        ("send", ["c", "d"]),
        ("send", ["e", "f"]),
        ("fetch", 3),
    ], "each batch is sent as soon as it is full, before the next page is fetched"


def test_sync_with_no_records_sends_nothing():
    api = FakeApi([])
    sent = []
    assert sync(api, sent.append, 10) == 0
    assert sent == []


def test_sync_refuses_a_bad_batch_size_before_fetching():
    api = FakeApi([["a"]])
    with pytest.raises(ValueError):
        sync(api, lambda batch: None, 0)
    assert api.calls == []

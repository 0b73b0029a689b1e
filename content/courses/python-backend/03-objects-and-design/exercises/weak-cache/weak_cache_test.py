"""Two kinds of tests.

The Cache tests use plain values (text, numbers, dicts). Those can't be weakly referenced, so
they only show the `keep` most-recent part of the cache.

The lifetime tests call demo_cache_lifetimes(steps, keep), which creates and drops Documents
inside your program and reports what the cache saw. (An object handed to the tests would be
kept alive by the tests themselves, so lifetimes have to be watched from inside.)
"""
import pytest

from weak_cache import Cache, Document, demo_cache_lifetimes


# --- plain values: the strong, most-recently-used part --------------------------------------

def test_put_and_get():
    cache = Cache(keep=2)
    cache.put("a", "alpha")
    assert cache.get("a") == "alpha"
    assert ("a" in cache, "b" in cache) == (True, False)
    assert len(cache) == 1


def test_get_a_missing_key_returns_the_default():
    cache = Cache(keep=2)
    assert cache.get("nope") is None
    assert cache.get("nope", "fallback") == "fallback"


def test_keeps_only_the_most_recent_plain_values():
    cache = Cache(keep=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, 2, 3)
    assert len(cache) == 2


def test_get_counts_as_a_use():
    cache = Cache(keep=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)


def test_in_does_not_count_as_a_use():
    cache = Cache(keep=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert "a" in cache
    cache.put("c", 3)
    assert ("a" in cache, "b" in cache, "c" in cache) == (False, True, True)


def test_put_again_replaces_the_value_and_evicts_nothing():
    cache = Cache(keep=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    assert (cache.get("a"), cache.get("b"), len(cache)) == (10, 2, 2)


def test_dicts_and_lists_are_plain_values_too():
    cache = Cache(keep=1)
    cache.put("user:1", {"name": "Ada"})
    assert cache.get("user:1") == {"name": "Ada"}
    cache.put("tags", ["a", "b"])
    assert ("user:1" in cache, cache.get("tags")) == (False, ["a", "b"])


def test_keep_zero_holds_no_plain_values():
    cache = Cache()
    cache.put("a", "alpha")
    assert ("a" in cache, cache.get("a"), len(cache)) == (False, None, 0)


@pytest.mark.parametrize("keep", [-1, 1.5, "3"])
def test_keep_must_be_a_whole_number_of_at_least_zero(keep):
    with pytest.raises(ValueError):
        Cache(keep=keep)


def test_document_keeps_its_key():
    assert Document("report-7").key == "report-7"


def test_a_document_the_tests_hold_is_found_even_with_keep_zero():
    cache = Cache(keep=0)
    document = Document("a")
    cache.put("a", document)
    assert cache.get("a") is document
    assert ("a" in cache, len(cache)) == (True, 1)


def test_a_replaced_value_is_gone_even_while_it_is_still_alive():
    cache = Cache(keep=0)
    document = Document("a")
    cache.put("a", document)
    cache.put("a", "text")
    assert ("a" in cache, cache.get("a"), len(cache)) == (False, None, 0), (
        "'a' now means 'text', which keep=0 does not hold: the old Document must not come back"
    )


# --- lifetimes: Documents created and dropped inside your program ---------------------------

def test_a_document_in_use_stays_in_the_cache():
    steps = [("new", "a"), ("get", "a"), ("len",)]
    assert demo_cache_lifetimes(steps, keep=0) == [True, 1], (
        "with keep=0, a Document the program still holds must be found: "
        "does the cache hold it weakly (and can a Document be weakly referenced at all)?"
    )


def test_a_dropped_document_leaves_the_cache():
    steps = [("new", "a"), ("get", "a"), ("drop", "a"), ("get", "a"), ("len",)]
    assert demo_cache_lifetimes(steps, keep=0) == [True, False, 0], (
        "with keep=0, the cache must not keep a Document alive once the program dropped it"
    )


def test_only_the_dropped_document_leaves():
    steps = [("new", "a"), ("new", "b"), ("drop", "a"), ("len",), ("get", "a"), ("get", "b")]
    assert demo_cache_lifetimes(steps, keep=0) == [1, False, True]


def test_the_most_recent_documents_survive_being_dropped():
    steps = [("new", "a"), ("new", "b"), ("drop", "a"), ("drop", "b"), ("get", "a"), ("get", "b"), ("len",)]
    assert demo_cache_lifetimes(steps, keep=1) == [False, True, 1], (
        "with keep=1, the cache holds 'b' (the most recent) itself, while 'a' dies when dropped"
    )


def test_a_get_makes_a_document_the_most_recent():
    steps = [("new", "a"), ("new", "b"), ("get", "a"), ("drop", "a"), ("drop", "b"), ("get", "b"), ("get", "a")]
    assert demo_cache_lifetimes(steps, keep=1) == [True, False, True]


def test_replacing_a_document_keeps_the_new_one():
    steps = [("new", "a"), ("new", "a"), ("get", "a"), ("len",)]
    assert demo_cache_lifetimes(steps, keep=0) == [True, 1], (
        "the old Document under 'a' died when it was replaced: that must not remove the new one"
    )


def test_many_documents_no_leak():
    keys = [f"doc-{n}" for n in range(200)]
    steps = [("new", key) for key in keys] + [("drop", key) for key in keys] + [("len",)]
    steps += [("get", "doc-0"), ("get", "doc-197"), ("get", "doc-199")]
    assert demo_cache_lifetimes(steps, keep=3) == [3, False, True, True]

import pytest

from cache import LRUCache


@pytest.fixture
def full_cache():
    """A cache of capacity 3 holding a, b, c; a is the least recently used."""
    cache = LRUCache(3)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    return cache


def test_get_returns_what_was_put(full_cache):
    assert full_cache.get("b") == 2


def test_get_of_a_missing_key_returns_the_default():
    cache = LRUCache(2)
    assert cache.get("nope") is None
    assert cache.get("nope", "fallback") == "fallback"


def test_a_cache_holds_at_most_capacity_entries(full_cache):
    full_cache.put("d", 4)
    assert len(full_cache) == 3


def test_a_new_key_evicts_the_least_recently_used(full_cache):
    full_cache.put("d", 4)
    assert "a" not in full_cache
    assert "b" in full_cache and "c" in full_cache and "d" in full_cache


def test_get_counts_as_a_use(full_cache):
    full_cache.get("a")
    full_cache.put("d", 4)
    assert "a" in full_cache
    assert "b" not in full_cache


def test_put_of_an_existing_key_updates_it_and_counts_as_a_use(full_cache):
    full_cache.put("a", 10)
    full_cache.put("d", 4)
    assert full_cache.get("a") == 10
    assert "b" not in full_cache


def test_updating_a_key_in_a_full_cache_evicts_nothing(full_cache):
    full_cache.put("b", 20)
    assert len(full_cache) == 3
    assert all(key in full_cache for key in ["a", "b", "c"])


def test_put_of_an_existing_key_replaces_the_value(full_cache):
    full_cache.put("b", 20)
    assert full_cache.get("b") == 20


def test_membership_and_len_are_not_uses(full_cache):
    assert "a" in full_cache
    assert len(full_cache) == 3
    full_cache.put("d", 4)
    assert "a" not in full_cache


def test_evictions_in_a_row():
    cache = LRUCache(2)
    for number, key in enumerate("abcde"):
        cache.put(key, number)
    assert len(cache) == 2
    assert [key for key in "abcde" if key in cache] == ["d", "e"]


def test_capacity_one():
    cache = LRUCache(1)
    cache.put("a", 1)
    cache.put("b", 2)
    assert "a" not in cache
    assert cache.get("b") == 2


@pytest.mark.parametrize("capacity", [0, -1])
def test_capacity_must_be_at_least_one(capacity):
    with pytest.raises(ValueError):
        LRUCache(capacity)

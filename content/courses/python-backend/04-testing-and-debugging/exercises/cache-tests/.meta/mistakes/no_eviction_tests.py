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


def test_put_of_an_existing_key_replaces_the_value(full_cache):
    full_cache.put("b", 20)
    assert full_cache.get("b") == 20


@pytest.mark.parametrize("capacity", [0, -1])
def test_capacity_must_be_at_least_one(capacity):
    with pytest.raises(ValueError):
        LRUCache(capacity)

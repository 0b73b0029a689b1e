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

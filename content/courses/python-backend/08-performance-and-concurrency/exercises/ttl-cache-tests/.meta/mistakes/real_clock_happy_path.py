import time

from ttl_cache import TTLCache


def test_stores_and_returns():
    cache = TTLCache(60, time.monotonic)
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert len(cache) == 1


def test_get_or_load_returns_the_loaded_value():
    cache = TTLCache(60, time.monotonic)
    assert cache.get_or_load("a", lambda key: key * 2) == "aa"

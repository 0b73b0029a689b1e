from ttl_cache import TTLCache


def test_expires():
    # Which time does this cache see? The test can't say "later": it has no clock of its own.
    now = 1000.0
    cache = TTLCache(10, lambda: now)
    cache.set("a", 1)
    assert cache.get("a") == 1

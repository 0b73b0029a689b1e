import pytest

from ttl_cache import TTLCache


class Clock:
    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now


def test_expiry_well_after_the_ttl():
    clock = Clock()
    cache = TTLCache(10, clock)
    cache.set("a", 1)
    clock.now = 5
    assert cache.get("a") == 1
    clock.now = 60
    assert cache.get("a") is None
    assert cache.get("a", "x") == "x"


def test_loads_once():
    calls = []
    cache = TTLCache(10, Clock())
    cache.get_or_load("k", lambda key: calls.append(key) or 1)
    cache.get_or_load("k", lambda key: calls.append(key) or 1)
    assert calls == ["k"]


def test_bad_ttl():
    with pytest.raises(ValueError):
        TTLCache(0, Clock())

import pytest

from ttl_cache import TTLCache


class FakeClock:
    """A clock the test moves by hand: time passes only when the test says so."""

    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def cache(clock):
    return TTLCache(10, clock)


def test_a_stored_value_is_returned(cache):
    cache.set("a", 1)
    assert cache.get("a") == 1


def test_still_live_just_before_the_ttl(cache, clock):
    cache.set("a", 1)
    clock.advance(9.5)
    assert cache.get("a") == 1
    assert len(cache) == 1


def test_expired_at_exactly_the_ttl(cache, clock):
    cache.set("a", 1)
    clock.advance(10)
    assert cache.get("a") is None


def test_len_at_exactly_the_ttl(cache, clock):
    cache.set("a", 1)
    cache.set("b", 2)
    clock.advance(10)
    assert len(cache) == 0


def test_len_counts_live_entries_only(cache, clock):
    cache.set("old", 1)
    clock.advance(6)
    cache.set("new", 2)
    clock.advance(6)
    assert len(cache) == 1


def test_missing_or_expired_gives_the_default(cache, clock):
    assert cache.get("nope", "default") == "default"
    cache.set("a", 1)
    clock.advance(10)
    assert cache.get("a", "default") == "default"


def test_storing_again_restarts_the_time_to_live(cache, clock):
    cache.set("a", 1)
    clock.advance(8)
    cache.set("a", 2)
    clock.advance(8)
    assert cache.get("a") == 2


def test_reading_does_not_extend_the_time_to_live(cache, clock):
    cache.set("a", 1)
    clock.advance(8)
    assert cache.get("a") == 1
    clock.advance(2)
    assert cache.get("a") is None


@pytest.mark.parametrize("ttl", [0, -5])
def test_ttl_must_be_positive(ttl, clock):
    with pytest.raises(ValueError):
        TTLCache(ttl, clock)


def test_delete(cache):
    cache.set("a", 1)
    assert cache.delete("a") is True
    assert cache.get("a") is None
    assert cache.delete("a") is False


def test_delete_of_an_expired_entry(cache, clock):
    cache.set("a", 1)
    clock.advance(10)
    assert cache.delete("a") is False


def test_get_or_load_loads_once(cache):
    loaded = []

    def load(key):
        loaded.append(key)
        return key.upper()

    assert cache.get_or_load("a", load) == "A"
    assert cache.get_or_load("a", load) == "A"
    assert loaded == ["a"]
    assert cache.get("a") == "A"


def test_get_or_load_reloads_after_expiry(cache, clock):
    loaded = []

    def load(key):
        loaded.append(key)
        return len(loaded)

    assert cache.get_or_load("a", load) == 1
    clock.advance(10)
    assert cache.get_or_load("a", load) == 2
    assert loaded == ["a", "a"]

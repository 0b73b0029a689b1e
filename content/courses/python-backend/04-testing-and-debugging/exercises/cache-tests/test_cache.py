from cache import LRUCache


def test_evicts_the_least_recently_used_entry():
    # The name promises a lot. Read the body: does anything get evicted here?
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    assert cache.get("b") == 2

"""A small least-recently-used cache that counts its hits and misses."""
from collections import OrderedDict


class LRUCache:
    """Keeps at most `maxsize` entries; when full, the entry unused for longest goes first."""

    def __init__(self, maxsize):
        if maxsize < 1:
            raise ValueError("a cache needs room for at least one entry")
        self.maxsize = maxsize
        self.entries = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        """The cached value, or None (a miss)."""
        if key in self.entries:
            self.entries.move_to_end(key)  # now the most recently used
            self.hits += 1
            return self.entries[key]
        self.misses += 1
        return None

    def put(self, key, value):
        self.entries[key] = value
        self.entries.move_to_end(key)
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)  # the least recently used

    def discard(self, key):
        self.entries.pop(key, None)

    def stats(self):
        return {"hits": self.hits, "misses": self.misses, "size": len(self.entries)}

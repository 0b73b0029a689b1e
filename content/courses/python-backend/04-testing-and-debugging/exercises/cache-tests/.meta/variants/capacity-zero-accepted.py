"""An in-memory cache for the product service: keeps the most recently used entries."""


class LRUCache:
    """Holds at most `capacity` entries (capacity >= 1, else ValueError).

    Putting a new key into a full cache first evicts the least recently used entry. A use is a
    get() of a key that is in the cache, or a put() of any key. `key in cache` and len(cache)
    are not uses.
    """

    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._entries = {}  # a dict keeps insertion order: least recently used first

    def get(self, key, default=None):
        """Return the value for `key` (and count it as a use), or `default` if it isn't cached."""
        if key not in self._entries:
            return default
        value = self._entries.pop(key)
        self._entries[key] = value
        return value

    def put(self, key, value):
        """Store `value` under `key` as the most recently used entry, evicting if needed."""
        if key in self._entries:
            del self._entries[key]
        elif len(self._entries) == self.capacity:
            least_recent = next(iter(self._entries))
            del self._entries[least_recent]
        self._entries[key] = value

    def __contains__(self, key):
        return key in self._entries

    def __len__(self):
        return len(self._entries)

class LRUCache:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._values = {}
        self._recency = []

    def _touch(self, key):
        if key in self._values:
            self._recency.remove(key)
        self._recency.append(key)

    def get(self, key, default=None):
        if key in self._values:
            self._touch(key)
            return self._values[key]
        return default

    def put(self, key, value):
        if key not in self._values and len(self._recency) == self.capacity:
            oldest = self._recency.pop(0)
            del self._values[oldest]
        self._touch(key)
        self._values[key] = value

    def __contains__(self, key):
        return key in self._values

    def __len__(self):
        return len(self._values)

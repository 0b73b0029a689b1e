from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._store = OrderedDict()

    def get(self, key, default=None):
        try:
            self._store.move_to_end(key)
        except KeyError:
            return default
        return self._store[key]

    def put(self, key, value):
        if key not in self._store and len(self._store) >= self.capacity:
            self._store.popitem(last=False)
        self._store[key] = value
        self._store.move_to_end(key)

    def __contains__(self, key):
        return key in self._store

    def __len__(self):
        return len(self._store)

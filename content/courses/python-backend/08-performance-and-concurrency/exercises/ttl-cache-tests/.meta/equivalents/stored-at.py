_MISSING = object()


class TTLCache:
    def __init__(self, ttl, clock):
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        self.ttl, self.clock = ttl, clock
        self._store = {}  # key -> [stored_at, value]

    def _lookup(self, key):
        item = self._store.get(key)
        if item is None:
            return _MISSING
        if self.clock() < item[0] + self.ttl:
            return item[1]
        self._store.pop(key)
        return _MISSING

    def set(self, key, value):
        self._store[key] = [self.clock(), value]

    def get(self, key, default=None):
        found = self._lookup(key)
        if found is _MISSING:
            return default
        return found

    def delete(self, key):
        found = self._lookup(key)
        if found is _MISSING:
            return False
        self._store.pop(key)
        return True

    def get_or_load(self, key, load):
        found = self._lookup(key)
        if found is _MISSING:
            found = load(key)
            self.set(key, found)
        return found

    def __len__(self):
        now = self.clock()
        live = [k for k, (stored_at, _) in self._store.items() if now < stored_at + self.ttl]
        return len(live)

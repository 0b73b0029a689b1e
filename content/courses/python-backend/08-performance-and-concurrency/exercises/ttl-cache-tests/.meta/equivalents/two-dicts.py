class TTLCache:
    def __init__(self, ttl, clock):
        if not ttl > 0:
            raise ValueError("ttl must be positive, got " + str(ttl))
        self.ttl = ttl
        self.clock = clock
        self._values = {}
        self._deadlines = {}

    def _expire(self, key, now=None):
        if key not in self._deadlines:
            return
        if now is None:
            now = self.clock()
        if now >= self._deadlines[key]:
            del self._deadlines[key]
            del self._values[key]

    def set(self, key, value):
        self._values[key] = value
        self._deadlines[key] = self.clock() + self.ttl

    def get(self, key, default=None):
        self._expire(key)
        return self._values.get(key, default) if key in self._values else default

    def delete(self, key):
        self._expire(key)
        if key not in self._values:
            return False
        self._values.pop(key)
        self._deadlines.pop(key)
        return True

    def get_or_load(self, key, load):
        self._expire(key)
        if key in self._values:
            return self._values[key]
        loaded = load(key)
        self.set(key, loaded)
        return loaded

    def __len__(self):
        now = self.clock()
        for key in [k for k, deadline in self._deadlines.items() if now >= deadline]:
            self._expire(key, now)
        return len(self._values)

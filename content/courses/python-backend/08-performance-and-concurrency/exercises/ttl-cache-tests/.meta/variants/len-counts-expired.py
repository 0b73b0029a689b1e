"""A cache whose entries expire `ttl` seconds after they were stored."""


class TTLCache:
    """Entries live for `ttl` seconds (ttl > 0, else ValueError), measured with `clock`, a
    function that returns the current time in seconds.

    An entry stored at time t is live while clock() < t + ttl: at exactly t + ttl it has expired.
    Storing a key again replaces its value and restarts its time to live.
    """

    def __init__(self, ttl, clock):
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        self.ttl = ttl
        self.clock = clock
        self._entries = {}  # key -> (expires_at, value)

    def _live(self, key):
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self.clock() >= entry[0]:
            del self._entries[key]
            return None
        return entry

    def set(self, key, value):
        """Store `value` under `key` for the next `ttl` seconds."""
        self._entries[key] = (self.clock() + self.ttl, value)

    def get(self, key, default=None):
        """The live value of `key`, or `default` if it is missing or expired."""
        entry = self._live(key)
        return default if entry is None else entry[1]

    def delete(self, key):
        """Remove `key`; True if a live entry was removed, False otherwise (never raises)."""
        entry = self._live(key)
        if entry is None:
            return False
        del self._entries[key]
        return True

    def get_or_load(self, key, load):
        """The live value of `key`; on a miss, `load(key)` is called once, stored and returned."""
        entry = self._live(key)
        if entry is not None:
            return entry[1]
        value = load(key)
        self.set(key, value)
        return value

    def __len__(self):
        """The number of live entries."""
        now = self.clock()
        return len(self._entries)

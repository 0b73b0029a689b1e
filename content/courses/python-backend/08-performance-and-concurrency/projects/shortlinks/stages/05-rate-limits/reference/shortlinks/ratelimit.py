"""Rate limiting: a token bucket per API key, on the app's clock."""
import math


class TokenBucket:
    """Holds up to `capacity` tokens and gains `capacity / window` tokens per second.

    Each request takes one token. A client may burst up to `capacity` requests, then gets one
    more every `window / capacity` seconds: `capacity` per `window` in the long run.
    """

    def __init__(self, capacity, window, now):
        self.capacity = capacity
        self.rate = capacity / window
        self.tokens = float(capacity)
        self.updated = now

    def take(self, now):
        """0 when a token was taken; otherwise the whole seconds to wait for the next one
        (nothing is taken: a refused request costs nothing)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0
        return max(1, math.ceil((1 - self.tokens) / self.rate))


class RateLimiter:
    """One bucket per key (by the key's hash: the limiter never holds a key itself)."""

    def __init__(self, limit, window, clock):
        if limit < 1 or window <= 0:
            raise ValueError("the limit must be at least 1 request per a positive number of seconds")
        self.limit = limit
        self.window = window
        self.clock = clock
        self.buckets = {}

    def wait_time(self, key_hash):
        """0 if the request may go ahead (and it is counted), else the seconds for Retry-After."""
        now = self.clock()
        bucket = self.buckets.get(key_hash)
        if bucket is None:
            bucket = self.buckets[key_hash] = TokenBucket(self.limit, self.window, now)
        return bucket.take(now)

"""Rate limiting: a fixed window per API key, on the app's clock.

Time is cut into windows of `window` seconds (aligned on multiples of it); a key may make
`limit` requests in each. Simpler than a token bucket, at the price of allowing up to twice the
limit across the edge of two windows.
"""
import math


class RateLimiter:
    def __init__(self, limit, window, clock):
        if limit < 1 or window <= 0:
            raise ValueError("the limit must be at least 1 request per a positive number of seconds")
        self.limit = limit
        self.window = window
        self.clock = clock
        self.counts = {}  # key hash -> (window number, requests counted in it)

    def wait_time(self, key_hash):
        now = self.clock()
        current = math.floor(now / self.window)
        number, used = self.counts.get(key_hash, (current, 0))
        if number != current:
            used = 0
        if used < self.limit:
            self.counts[key_hash] = (current, used + 1)
            return 0
        self.counts[key_hash] = (current, used)  # a refusal is not counted
        return max(1, math.ceil((current + 1) * self.window - now))

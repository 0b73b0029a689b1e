"""The same limits, kept as one number per bucket: the time at which it will be full again
(the "generic cell rate algorithm")."""


class TokenBucket:
    def __init__(self, capacity, refill_rate, clock):
        if capacity <= 0 or refill_rate <= 0:
            raise ValueError("capacity and refill_rate must be positive")
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.full_at = clock()
        self.last = self.full_at

    def _now(self):
        self.last = max(self.last, self.clock())
        return self.last

    def _tokens(self, now):
        return max(0.0, self.capacity - max(0.0, self.full_at - now) * self.rate)

    def _validate(self, cost):
        if not 0 < cost <= self.capacity:
            raise ValueError("bad cost")

    def allow(self, cost=1):
        self._validate(cost)
        now = self._now()
        if self._tokens(now) < cost:
            return False
        self.full_at = max(self.full_at, now) + cost / self.rate
        return True

    def retry_after(self, cost=1):
        self._validate(cost)
        now = self._now()
        return max(0.0, (cost - self._tokens(now)) / self.rate)


class RateLimiter:
    def __init__(self, capacity, refill_rate, clock):
        self._make = lambda: TokenBucket(capacity, refill_rate, clock)
        self._buckets = {}

    def allow(self, key, cost=1):
        if key not in self._buckets:
            self._buckets[key] = self._make()
        return self._buckets[key].allow(cost)

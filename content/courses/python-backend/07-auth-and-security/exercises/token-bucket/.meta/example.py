class TokenBucket:
    def __init__(self, capacity, refill_rate, clock):
        if capacity <= 0 or refill_rate <= 0:
            raise ValueError("capacity and refill_rate must be positive")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = float(capacity)
        self.updated = clock()

    def _refill(self):
        now = self.clock()
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_rate)
        self.updated = max(self.updated, now)

    def _check(self, cost):
        if cost <= 0 or cost > self.capacity:
            raise ValueError(f"cost must be between 0 (excluded) and the capacity {self.capacity}")

    def allow(self, cost=1):
        self._check(cost)
        self._refill()
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False

    def retry_after(self, cost=1):
        self._check(cost)
        self._refill()
        return max(0.0, (cost - self.tokens) / self.refill_rate)


class RateLimiter:
    def __init__(self, capacity, refill_rate, clock):
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.buckets = {}

    def allow(self, key, cost=1):
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = TokenBucket(self.capacity, self.refill_rate, self.clock)
        return bucket.allow(cost)

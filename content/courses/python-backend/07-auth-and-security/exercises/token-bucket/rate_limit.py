class TokenBucket:
    """Holds up to `capacity` tokens, starts full, refills `refill_rate` tokens per second of
    `clock()` time. A request that costs `cost` tokens is allowed when that many are there."""

    def __init__(self, capacity, refill_rate, clock):
        raise NotImplementedError

    def allow(self, cost=1):
        """Take `cost` tokens and return True, or return False and take none."""
        raise NotImplementedError

    def retry_after(self, cost=1):
        """Seconds until allow(cost) would succeed (0.0 if it would now). Takes no tokens."""
        raise NotImplementedError


class RateLimiter:
    """One TokenBucket per key (a user, an IP address), made on first use."""

    def __init__(self, capacity, refill_rate, clock):
        raise NotImplementedError

    def allow(self, key, cost=1):
        raise NotImplementedError

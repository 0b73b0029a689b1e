import pytest

from rate_limit import RateLimiter, TokenBucket


class FakeClock:
    """Time that moves only when the test says so: no sleeping, no flaky timings."""

    def __init__(self, start=1000.0):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def answers(bucket, n, cost=1):
    return [bucket.allow(cost) for _ in range(n)]


def test_a_bucket_starts_full_and_allows_a_burst_of_capacity():
    clock = FakeClock()
    bucket = TokenBucket(capacity=5, refill_rate=1, clock=clock)
    assert answers(bucket, 7) == [True] * 5 + [False] * 2


def test_tokens_come_back_with_time():
    clock = FakeClock()
    bucket = TokenBucket(capacity=3, refill_rate=0.5, clock=clock)   # one token every 2 s
    answers(bucket, 3)
    clock.advance(1.0)
    assert bucket.allow() is False, "after 1 s at 0.5 token/s the bucket holds half a token: not enough"
    clock.advance(1.0)
    assert bucket.allow() is True, "after 2 s at 0.5 token/s there is one token again"
    assert bucket.allow() is False


def test_fractions_of_a_token_add_up():
    clock = FakeClock()
    bucket = TokenBucket(capacity=2, refill_rate=1, clock=clock)
    answers(bucket, 2)
    results = []
    for _ in range(8):
        clock.advance(0.25)
        results.append(bucket.allow())
    assert results == [False, False, False, True] * 2, (
        "checked every 0.25 s at 1 token/s, a request must succeed every fourth time: keep the fractions of a "
        "token (a float), don't round them away at each call"
    )


def test_a_bucket_never_holds_more_than_its_capacity():
    clock = FakeClock()
    bucket = TokenBucket(capacity=3, refill_rate=2, clock=clock)
    clock.advance(3600)   # an hour idle
    assert answers(bucket, 5) == [True] * 3 + [False] * 2, (
        "after an hour idle the bucket must allow a burst of 3 (its capacity), not 7,200: it never holds more "
        "than capacity tokens"
    )


def test_a_refused_request_uses_no_tokens():
    clock = FakeClock()
    bucket = TokenBucket(capacity=2, refill_rate=1, clock=clock)
    answers(bucket, 2)
    answers(bucket, 10)          # a client hammering while empty
    clock.advance(1.0)
    assert bucket.allow() is True, (
        "a refused request must not use tokens: after 1 s at 1 token/s there is one token, however many "
        "requests were refused before"
    )


def test_costs():
    clock = FakeClock()
    bucket = TokenBucket(capacity=4, refill_rate=1, clock=clock)
    assert bucket.allow(3) is True
    assert bucket.allow(2) is False, "1 token left, 2 asked"
    assert bucket.allow(1) is True
    for bad in [0, -1, 5]:
        with pytest.raises(ValueError):
            bucket.allow(bad)
            pytest.fail(f"allow({bad}) must raise ValueError: a cost is above 0 and at most the capacity (4)")


def test_retry_after():
    clock = FakeClock()
    bucket = TokenBucket(capacity=2, refill_rate=0.5, clock=clock)
    assert bucket.retry_after() == 0.0
    answers(bucket, 2)
    assert bucket.retry_after() == 2.0, "empty, at 0.5 token/s: one token in 2 s"
    assert bucket.retry_after(2) == 4.0
    clock.advance(0.5)
    assert bucket.retry_after() == 1.5
    assert bucket.allow() is False, "retry_after takes no tokens and allows nothing"
    clock.advance(1.5)
    assert bucket.allow() is True


def test_a_clock_that_goes_back_does_not_refill_twice():
    clock = FakeClock()
    bucket = TokenBucket(capacity=1, refill_rate=1, clock=clock)
    assert bucket.allow() is True
    clock.advance(-5.0)   # the system clock was corrected
    assert bucket.allow() is False
    clock.advance(5.5)
    assert bucket.allow() is False, "time that went back and forward again must not count twice"
    clock.advance(0.5)
    assert bucket.allow() is True


def test_every_key_has_its_own_bucket():
    clock = FakeClock()
    limiter = RateLimiter(capacity=2, refill_rate=1, clock=clock)
    assert [limiter.allow("10.0.0.1") for _ in range(3)] == [True, True, False]
    assert [limiter.allow("10.0.0.2") for _ in range(2)] == [True, True], (
        "each key (client) has its own bucket: one client using up its tokens must not block another"
    )
    clock.advance(1.0)
    assert limiter.allow("10.0.0.1") is True
    assert limiter.allow("10.0.0.1") is False
    assert limiter.allow("10.0.0.3", cost=2) is True

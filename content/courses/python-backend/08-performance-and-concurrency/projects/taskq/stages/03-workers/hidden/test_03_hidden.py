import operator
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


def test_two_workers_overlap(concurrency, tmp_path):
    keys = [f"k{n}" for n in random.sample(range(50), 6)]
    service = concurrency.slow_service(delay=2.0, release_at=2, expected=len(keys), grace=0.5)
    queue = open_queue(str(tmp_path / "h.db"), clock=FakeClock(5))
    queue.register("fetch", concurrency.run(operator.attrgetter("fetch_sync"), service))
    for key in keys:
        queue.enqueue("fetch", key)
    assert queue.run_workers(2) == 6
    service.assert_overlap(2)
    service.assert_at_most_in_flight(2)
    assert sorted(service.calls) == sorted(keys), "each job ran once"


def test_many_quick_jobs_with_many_workers(tmp_path):
    queue = open_queue(str(tmp_path / "h.db"), clock=FakeClock(5))
    seen = []
    queue.register("add", lambda a, b: seen.append(a) or a + b)
    ids = [queue.enqueue("add", n, 1) for n in range(30)]
    assert queue.run_workers(random.choice([5, 8])) == 30
    assert sorted(seen) == list(range(30))
    assert [queue.get(i)["result"] for i in ids] == [n + 1 for n in range(30)]

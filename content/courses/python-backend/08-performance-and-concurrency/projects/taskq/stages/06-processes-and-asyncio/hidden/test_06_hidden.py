import math
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


def test_one_worker_process(tmp_path):
    queue = open_queue(str(tmp_path / "p.db"), clock=FakeClock(1), processes=1)
    queue.register("where", "os:getpid")
    queue.register("where_cpu", "os:getpid", cpu=True)
    here = queue.enqueue("where")
    ids = [queue.enqueue("where_cpu") for _ in range(4)]
    queue.run_workers(4)
    pids = {queue.get(i)["result"] for i in ids}
    assert len(pids) == 1 and queue.get(here)["result"] not in pids


def test_cpu_jobs_in_run_async(concurrency, tmp_path):
    queue = open_queue(str(tmp_path / "p.db"), clock=FakeClock(1))
    queue.register("comb", "math:comb", cpu=True)
    n = random.randint(30, 80)
    job_id = queue.enqueue("comb", n, 7)
    assert concurrency.run(queue.run_async, 4) == 1
    assert queue.get(job_id)["result"] == math.comb(n, 7)


def test_async_overlap_with_another_size(concurrency, tmp_path):
    count = random.randint(4, 6)
    service = concurrency.slow_service(delay=0.5, release_at=count)
    queue = open_queue(str(tmp_path / "p.db"), clock=FakeClock(1))
    queue.register("fetch", concurrency.run(operator.attrgetter("fetch"), service))
    for n in range(count):
        queue.enqueue("fetch", n)
    assert concurrency.run(queue.run_async, 10) == count
    service.assert_overlap(count)

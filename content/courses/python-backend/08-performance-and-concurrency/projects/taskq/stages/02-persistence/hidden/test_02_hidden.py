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

    def advance(self, seconds):
        self.now += seconds


def test_retries_continue_after_a_restart(tmp_path):
    path, clock = str(tmp_path / "q.db"), FakeClock(random.randint(100, 900))
    attempts = []

    def flaky(word):
        attempts.append(word)
        if len(attempts) < 3:
            raise TimeoutError("slow")
        return word[::-1]

    first = open_queue(path, clock=clock, max_attempts=3, base_delay=2.0)
    first.register("flip", flaky)
    word = random.choice(["stressed", "drawer", "parts"])
    job_id = first.enqueue("flip", word)
    first.run_pending()
    first.close()
    second = open_queue(path, clock=clock, max_attempts=3, base_delay=2.0)
    second.register("flip", flaky)
    assert second.get(job_id)["attempts"] == 1
    clock.advance(2.0)
    second.run_pending()
    clock.advance(4.0)
    second.run_pending()
    assert second.get(job_id)["result"] == word[::-1]
    assert second.get(job_id)["attempts"] == 3


def test_a_lease_of_another_length(tmp_path):
    path, clock = str(tmp_path / "q.db"), FakeClock(7)
    lease = random.choice([3.0, 45.0])
    a = open_queue(path, clock=clock, lease_seconds=lease)
    a.register("noop", lambda: "ok")
    job_id = a.enqueue("noop")
    a.enqueue("noop")
    a.claim()
    b = open_queue(path, clock=clock, lease_seconds=lease)
    b.register("noop", lambda: "ok")
    assert b.run_pending() == 1, "only the job that nobody holds runs"
    clock.advance(lease)
    assert b.run_pending() == 1
    assert b.get(job_id)["status"] == "done"

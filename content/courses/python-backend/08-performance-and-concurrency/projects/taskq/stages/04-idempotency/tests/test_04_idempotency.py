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


def order_key():
    return f"order-{random.randint(1_000, 9_999)}"


def test_the_same_key_twice_gives_one_job(tmp_path):
    queue = open_queue(str(tmp_path / "jobs.db"), clock=FakeClock(100))
    charges = []
    queue.register("charge", lambda order, cents: charges.append((order, cents)) or "charged")
    key = order_key()
    cents = random.randint(100, 5_000)
    first = queue.enqueue("charge", key, cents, key=key)
    again = queue.enqueue("charge", key, cents, key=key)
    assert again == first, (
        "enqueue() with a key that a job already has returns that job's id and adds no job: the "
        "producer retried its request, the customer must be charged once"
    )
    assert queue.get(first)["key"] == key, "get() shows the job's key"
    assert queue.run_pending() == 1
    assert charges == [(key, cents)]


def test_a_key_stays_taken_after_its_job_finished(tmp_path):
    queue = open_queue(str(tmp_path / "jobs.db"), clock=FakeClock(100))
    charges = []
    queue.register("charge", charges.append)
    key = order_key()
    first = queue.enqueue("charge", key, key=key)
    queue.run_pending()
    assert queue.get(first)["status"] == "done"
    again = queue.enqueue("charge", key, key=key)
    assert again == first, (
        "enqueue() with the key of a job that already finished must give that job's id: a key "
        "means 'this work, once', not 'once at a time'"
    )
    assert queue.run_pending() == 0
    assert charges == [key]


def test_different_keys_and_no_key_give_new_jobs(tmp_path):
    queue = open_queue(str(tmp_path / "jobs.db"), clock=FakeClock(100))
    queue.register("noop", lambda: None)
    keys = random.sample(["a", "b", "c", "d", "e", "f"], 3)
    keyed = {queue.enqueue("noop", key=k) for k in keys}
    plain = {queue.enqueue("noop") for _ in range(3)}
    assert len(keyed) == 3 and len(plain) == 3, "only the same key gives the same job; no key, a new job every time"
    assert keyed.isdisjoint(plain)
    assert queue.get(min(plain))["key"] is None


def test_each_claim_gets_a_new_attempt_id(tmp_path):
    path, clock = str(tmp_path / "jobs.db"), FakeClock(100)
    queue = open_queue(path, clock=clock, lease_seconds=10)
    queue.register("noop", lambda: None)
    queue.enqueue("noop")
    first = queue.claim()
    clock.advance(10)
    second = queue.claim()
    assert first["id"] == second["id"]
    assert isinstance(first["attempt_id"], str) and first["attempt_id"], "a claimed job has an attempt_id (a str)"
    assert first["attempt_id"] != second["attempt_id"], "every claim of a job gets a new attempt_id"


def test_a_stale_attempt_cannot_finish_the_job(tmp_path):
    path, clock = str(tmp_path / "jobs.db"), FakeClock(random.randint(100, 900))
    slow_worker = open_queue(path, clock=clock, lease_seconds=30)
    slow_worker.register("render", lambda page: page)
    job_id = slow_worker.enqueue("render", "home")
    stale = slow_worker.claim()
    clock.advance(30)  # the slow worker's lease runs out: it is presumed dead

    other_worker = open_queue(path, clock=clock, lease_seconds=30)
    other_worker.register("render", lambda page: page)
    current = other_worker.claim()
    assert current["id"] == job_id

    assert slow_worker.complete(stale, "old render") is False, (
        "complete() from a stale attempt (its lease expired and another worker claimed the job) "
        "must return False and store nothing"
    )
    assert other_worker.get(job_id)["status"] == "running"
    assert other_worker.complete(current, "new render") is True
    assert slow_worker.complete(stale, "old render") is False
    assert slow_worker.fail(stale, "RuntimeError: late") is False, "a stale attempt cannot fail the job either"
    job = other_worker.get(job_id)
    assert job["status"] == "done"
    assert job["result"] == "new render", "the result is stored once, by the attempt that held the job"


def test_a_finished_job_is_not_finished_twice(tmp_path):
    queue = open_queue(str(tmp_path / "jobs.db"), clock=FakeClock(100))
    queue.register("noop", lambda: None)
    job_id = queue.enqueue("noop")
    job = queue.claim()
    first, second = random.sample(range(100), 2)
    assert queue.complete(job, first) is True
    assert queue.complete(job, second) is False, "a job that is done cannot be completed again"
    assert queue.get(job_id)["result"] == first


def test_a_handler_that_runs_twice_makes_one_follow_up(tmp_path):
    path, clock = str(tmp_path / "jobs.db"), FakeClock(100)
    receipts = []

    def setup(queue):
        def charge(order):
            # Charge the card (not shown), then ask for a receipt: keyed, so a second run of
            # this handler (after a crash) asks for the same receipt job.
            queue.enqueue("receipt", order, key=f"receipt-{order}")
            return "charged"

        queue.register("charge", charge)
        queue.register("receipt", receipts.append)
        return queue

    crashed = setup(open_queue(path, clock=clock, lease_seconds=60))
    order = order_key()
    crashed.enqueue("charge", order, key=order)
    job = crashed.claim()
    crashed.enqueue("receipt", job["args"][0], key=f"receipt-{order}")  # the handler ran...
    # ...and the process died before complete().

    clock.advance(60)
    survivor = setup(open_queue(path, clock=clock, lease_seconds=60))
    survivor.run_pending()
    assert receipts == [order], f"one receipt for {order}, although the charge job ran twice"

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


def db_file(tmp_path):
    return str(tmp_path / f"jobs-{random.randint(1, 9999)}.db")


def test_pending_jobs_survive_a_restart(tmp_path):
    path, clock = db_file(tmp_path), FakeClock(random.randint(1_000, 9_000))
    first = open_queue(path, clock=clock)
    first.register("square", lambda n: n * n)
    numbers = random.sample(range(2, 60), 3)
    ids = [first.enqueue("square", n) for n in numbers]
    first.close()

    restarted = open_queue(path, clock=clock)
    restarted.register("square", lambda n: n * n)
    for job_id, n in zip(ids, numbers):
        job = restarted.get(job_id)
        assert job is not None, (
            f"job {job_id} was enqueued before the restart but a new Queue on the same file does not "
            "know it: store jobs in the SQLite file, and commit each change"
        )
        assert job["status"] == "pending" and job["args"] == [n]
    assert restarted.run_pending() == 3
    assert [restarted.get(i)["result"] for i in ids] == [n * n for n in numbers]


def test_results_and_dead_letters_survive_a_restart(tmp_path):
    path, clock = db_file(tmp_path), FakeClock(500)
    first = open_queue(path, clock=clock, max_attempts=1)
    first.register("echo", lambda value: value)
    first.register("crash", lambda: {}["missing"])
    payload = {"order": random.randint(1, 999), "lines": [["tea", 2], ["cake", 1]], "note": "déjà vu"}
    done_id = first.enqueue("echo", payload)
    dead_id = first.enqueue("crash")
    first.run_pending()
    first.close()

    restarted = open_queue(path, clock=clock)
    assert restarted.get(done_id)["status"] == "done"
    assert restarted.get(done_id)["result"] == payload, "results are stored as JSON and read back equal"
    assert [job["id"] for job in restarted.dead_letters()] == [dead_id], "dead letters are kept in the file too"
    assert restarted.get(dead_id)["last_error"] == "KeyError: 'missing'"


def test_ids_are_never_reused(tmp_path):
    path, clock = db_file(tmp_path), FakeClock(10)
    first = open_queue(path, clock=clock)
    first.register("noop", lambda: None)
    old = {first.enqueue("noop") for _ in range(random.randint(2, 5))}
    first.close()
    restarted = open_queue(path, clock=clock)
    restarted.register("noop", lambda: None)
    new = restarted.enqueue("noop")
    assert new not in old, f"job id {new} was given out before the restart too: ids must stay unique"


def test_each_file_is_its_own_queue(tmp_path):
    clock = FakeClock(10)
    one = open_queue(str(tmp_path / "one.db"), clock=clock)
    one.register("noop", lambda: None)
    one.enqueue("noop")
    other = open_queue(str(tmp_path / "other.db"), clock=clock)
    other.register("noop", lambda: None)
    assert other.run_pending() == 0, "a queue on another file must not see these jobs"


def test_claim_complete_and_fail(tmp_path):
    base_delay = random.choice([2.0, 4.0])
    queue = open_queue(db_file(tmp_path), clock=(clock := FakeClock(100)), base_delay=base_delay, max_attempts=2)
    queue.register("noop", lambda: None)
    first, second = queue.enqueue("noop"), queue.enqueue("noop")

    job = queue.claim()
    assert job["id"] == first, "claim() takes the job that has been due longest"
    assert job["status"] == "running" and job["attempts"] == 1, (
        "claim() answers the job as it is now: 'running', with attempts counting this run"
    )
    assert queue.get(first)["status"] == "running", "a claimed job is 'running' in the database too"
    assert queue.complete(job, [1, 2]) is True, "complete() returns True when it recorded the result of a running job"
    assert queue.get(first)["result"] == [1, 2] and queue.get(first)["status"] == "done"

    job = queue.claim()
    assert job["id"] == second
    assert queue.claim() is None, "claim() returns None when no job is due"
    assert queue.fail(job, "Timeout: too slow") is True, "fail() returns True when it recorded the failure of a running job"
    job = queue.get(second)
    assert job["status"] == "pending" and job["last_error"] == "Timeout: too slow", (
        "fail() with attempts left puts the job back to 'pending' and keeps the error string as last_error"
    )
    assert job["run_at"] == pytest.approx(clock.now + base_delay), (
        f"after its first failed attempt the job is due base_delay = {base_delay} s after clock()"
    )
    clock.advance(base_delay)
    queue.fail(queue.claim(), "Timeout: too slow")
    assert queue.get(second)["status"] == "dead", "fail() on the last attempt buries the job"


def test_a_claimed_job_comes_back_when_its_lease_expires(tmp_path):
    lease = random.choice([10.0, 30.0, 120.0])
    path, clock = db_file(tmp_path), FakeClock(random.randint(1_000, 9_000))
    calls = []
    crashed = open_queue(path, clock=clock, lease_seconds=lease)
    crashed.register("report", calls.append)
    job_id = crashed.enqueue("report", "march")
    assert crashed.claim()["id"] == job_id
    # The process dies here: the job was claimed and never finished. (No close(): it crashed.)

    survivor = open_queue(path, clock=clock, lease_seconds=lease)
    survivor.register("report", calls.append)
    assert survivor.run_pending() == 0, (
        "a job claimed by another worker must not run again while its lease lasts: that worker may "
        "still be running it"
    )
    clock.advance(lease - 1)
    assert survivor.run_pending() == 0, f"the lease lasts lease_seconds = {lease} s; only {lease - 1} s have passed"
    clock.advance(1)
    assert survivor.run_pending() == 1, (
        "once the lease has expired the job is due again: its worker died, and a job must never be lost"
    )
    job = survivor.get(job_id)
    assert job["status"] == "done"
    assert job["attempts"] == 2, "the lost run counts as an attempt"
    assert calls == ["march"]


def test_an_expired_lease_on_the_last_attempt_buries_the_job(tmp_path):
    path, clock = db_file(tmp_path), FakeClock(50)
    crashed = open_queue(path, clock=clock, lease_seconds=5, max_attempts=1)
    crashed.register("noop", lambda: None)
    job_id = crashed.enqueue("noop")
    crashed.claim()
    survivor = open_queue(path, clock=clock, lease_seconds=5, max_attempts=1)
    survivor.register("noop", lambda: None)
    clock.advance(5)
    assert survivor.run_pending() == 0, (
        "the job already had its max_attempts: it must not run again. claim() buries it (that is not "
        "an attempt, so run_pending() does not count it) and answers the next due job, here None"
    )
    job = survivor.get(job_id)
    assert job["status"] == "dead"
    assert job["last_error"].startswith("LeaseExpired"), "last_error says 'LeaseExpired: ...'"

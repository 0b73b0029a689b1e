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

    def advance(self, seconds):
        self.now += seconds


def blocking_fetch(concurrency, service):
    """The slow service's blocking call `service.fetch_sync(key)`, as a handler that runs in
    your process. (A handler written in this file would run in the grader's process, where the
    calls of your threads take turns: it could never show them overlapping.)"""
    return concurrency.run(operator.attrgetter("fetch_sync"), service)


def new_queue(tmp_path, **options):
    return open_queue(str(tmp_path / "jobs.db"), clock=FakeClock(random.randint(100, 9_000)), **options)


def test_workers_run_jobs_at_the_same_time(concurrency, tmp_path):
    pages = [f"page-{n}" for n in random.sample(range(100), 8)]
    # Each fetch is held until 4 of them are in flight together (a short grace otherwise).
    service = concurrency.slow_service(delay=1.0, release_at=4, expected=len(pages), grace=0.5)
    queue = new_queue(tmp_path)
    queue.register("fetch", blocking_fetch(concurrency, service))
    ids = [queue.enqueue("fetch", page) for page in pages]

    assert queue.run_workers(4) == 8, "run_workers() returns the number of attempts it made"
    service.assert_overlap(4, "run_workers(4) should run 4 jobs at the same time, one per worker thread")
    for job_id, page in zip(ids, pages):
        assert queue.get(job_id)["status"] == "done"
        assert queue.get(job_id)["result"] == service.result(page)


def test_never_more_jobs_at_once_than_workers(concurrency, tmp_path):
    workers = random.choice([2, 3])
    keys = [f"report-{n}" for n in range(9)]
    # Calls are held until all 9 wait together, which must never happen with 2 or 3 workers.
    service = concurrency.slow_service(delay=1.0, release_at=len(keys), grace=0.2)
    queue = new_queue(tmp_path)
    queue.register("fetch", blocking_fetch(concurrency, service))
    for key in keys:
        queue.enqueue("fetch", key)
    assert queue.run_workers(workers) == 9
    service.assert_at_most_in_flight(
        workers,
        f"run_workers({workers}) must run at most {workers} jobs at a time: start {workers} worker "
        "threads that each claim one job after another, not a thread per job",
    )


def test_each_job_runs_once(tmp_path):
    queue = new_queue(tmp_path)
    seen = []
    queue.register("record", seen.append)
    numbers = random.sample(range(1_000), 20)
    for n in numbers:
        queue.enqueue("record", n)
    ran = queue.run_workers(4)
    twice = sorted({n for n in seen if seen.count(n) > 1})
    assert twice == [], (
        f"jobs {twice} ran more than once: each worker must claim its next job (claim() is atomic), "
        "never work through a list of jobs that other workers also see"
    )
    assert sorted(seen) == sorted(numbers), "every job runs"
    assert ran == 20, "run_workers() returns the number of attempts it made"


def test_no_due_jobs_means_nothing_to_do(tmp_path):
    queue = new_queue(tmp_path)
    queue.register("noop", lambda: None)
    assert queue.run_workers(3) == 0


def test_stop_lets_running_jobs_finish_and_claims_no_more(concurrency, tmp_path):
    early_service = concurrency.slow_service(delay=1.0, release_at=3, grace=0.5)
    # A late fetch is held until 4 wait together: while stop() is being called, at most three
    # workers are free, so a late job claimed just before stop() takes a second to finish and
    # the stop job's worker has time to call stop().
    late_service = concurrency.slow_service(delay=1.0, release_at=4, grace=1.0)
    queue = new_queue(tmp_path)
    queue.register("fetch", blocking_fetch(concurrency, early_service))
    queue.register("late", blocking_fetch(concurrency, late_service))
    queue.register("stop", queue.stop)
    first = [queue.enqueue("fetch", f"early-{n}") for n in range(3)]
    stop_id = queue.enqueue("stop")
    later = [queue.enqueue("late", f"late-{n}") for n in range(random.randint(8, 12))]

    # 4 workers claim the three early fetches and the stop job; stop() is called while the
    # fetches are still running. A worker whose fetch ended just before stop() may have claimed
    # one late job (threads race); after stop() none claims another.
    ran = queue.run_workers(4)
    assert 4 <= ran <= 7, (
        f"run_workers(4) made {ran} attempts with {len(later)} more jobs waiting; 4 expected (the 3 "
        "early fetches and the stop job), at most one more per worker that was already free. After "
        "stop() a worker finishes its job and claims no other (check the stop flag before every "
        "claim()). If the output shows a worker thread's traceback, fix that first"
    )
    assert queue.get(stop_id)["status"] == "done"
    for job_id in first:
        job = queue.get(job_id)
        assert job["status"] == "done", (
            f"job {job_id} is {job['status']!r} after run_workers() returned: a clean shutdown waits "
            "for the jobs that are running (join the threads)"
        )
    states = [queue.get(job_id) for job_id in later]
    started = [job for job in states if job["attempts"] > 0]
    assert all(job["status"] == "done" for job in started), (
        "a job a worker had claimed before stop() must be finished when run_workers() returns "
        "(join the threads)"
    )
    assert len(started) == ran - 4, "every attempt run_workers() counted is one job it ran"
    waiting = [job for job in states if job["attempts"] == 0]
    assert all(job["status"] == "pending" for job in waiting), "after stop() the workers claim no new job"

    assert queue.run_workers(4) == len(waiting), "stop() ends one run: the next run_workers() works again"
    assert all(queue.get(job_id)["status"] == "done" for job_id in later)


def test_failed_jobs_wait_for_their_retry(tmp_path):
    clock = FakeClock(random.randint(100, 9_000))
    queue = open_queue(str(tmp_path / "jobs.db"), clock=clock, base_delay=5.0)
    calls = []

    def flaky(n):
        calls.append(n)
        if calls.count(n) == 1:
            raise OSError(f"disk busy {n}")
        return n

    queue.register("flaky", flaky)
    ids = [queue.enqueue("flaky", n) for n in range(random.randint(3, 6))]
    assert queue.run_workers(3) == len(ids), "each job failed once and waits 5 s: one attempt each"
    assert all(queue.get(i)["status"] == "pending" for i in ids), (
        "a job that failed with attempts left is 'pending' again, waiting for its retry"
    )
    clock.advance(5.0)
    assert queue.run_workers(3) == len(ids), "5 s later every retry is due: one more attempt each"
    assert all(queue.get(i)["status"] == "done" for i in ids), "each job succeeds on its second attempt"

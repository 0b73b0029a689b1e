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


def new_queue(tmp_path, **options):
    return open_queue(str(tmp_path / "jobs.db"), clock=FakeClock(random.randint(100, 9_000)), **options)


def in_your_process(concurrency, service, method):
    """`service.fetch` (async) or `service.fetch_sync` (blocking) of the slow service, as a
    handler that runs in your process (a function of this file would run in the grader's)."""
    return concurrency.run(operator.attrgetter(method), service)


# -- CPU-heavy jobs: worker processes ----------------------------------------------------------
# "os:getpid" answers the id of the process that ran it: that is how these tests see where a
# job ran.


def test_cpu_jobs_run_in_worker_processes(tmp_path):
    queue = new_queue(tmp_path, processes=2)
    queue.register("where", "os:getpid")
    queue.register("where_cpu", "os:getpid", cpu=True)
    here = queue.enqueue("where")
    cpu_jobs = [queue.enqueue("where_cpu") for _ in range(6)]
    assert queue.run_workers(3) == 7
    queue_pid = queue.get(here)["result"]
    pids = {queue.get(job_id)["result"] for job_id in cpu_jobs}
    assert queue_pid not in pids, (
        "a cpu=True job ran in your queue's own process: threads share one process and, for pure "
        "Python work, one GIL. Send cpu jobs to a concurrent.futures.ProcessPoolExecutor"
    )
    assert len(pids) <= 2, (
        f"6 cpu jobs ran in {len(pids)} different processes with processes=2: keep one pool of at "
        "most 2 worker processes for the whole run, not a new process (or pool) per job"
    )


def test_cpu_jobs_from_run_pending_too(tmp_path):
    queue = new_queue(tmp_path, processes=1)
    queue.register("where", "os:getpid")
    queue.register("where_cpu", "os:getpid", cpu=True)
    here, there = queue.enqueue("where"), queue.enqueue("where_cpu")
    assert queue.run_pending() == 2
    assert queue.get(here)["result"] != queue.get(there)["result"], "cpu jobs never run in the queue's process"


def test_cpu_results_and_errors_come_back(tmp_path):
    queue = new_queue(tmp_path, max_attempts=1)
    queue.register("factorial", "math:factorial", cpu=True)
    queue.register("sqrt", "math:sqrt", cpu=True)
    n = random.randint(20, 60)
    done = queue.enqueue("factorial", n)
    broken = queue.enqueue("sqrt", -random.randint(1, 9))
    assert queue.run_workers(2) == 2
    assert queue.get(done)["result"] == math.factorial(n)
    job = queue.get(broken)
    assert job["status"] == "dead"
    assert job["last_error"].startswith("ValueError: "), "an exception in the worker process fails the job as any other"


def test_handlers_given_by_import_path(tmp_path):
    queue = new_queue(tmp_path)
    queue.register("gcd", "math:gcd")
    a, b = random.randint(2, 50) * 6, random.randint(2, 50) * 6
    job_id = queue.enqueue("gcd", a, b)
    queue.run_pending()
    assert queue.get(job_id)["result"] == math.gcd(a, b)
    with pytest.raises(ValueError):
        queue.register("nothing", "math:no_such_function")
    with pytest.raises(ValueError):
        queue.register("nothing", "no_such_module_for_taskq:run")


def test_a_cpu_handler_must_be_an_import_path(tmp_path):
    queue = new_queue(tmp_path)
    with pytest.raises(TypeError):
        queue.register("square", lambda n: n * n, cpu=True)


# -- I/O-heavy jobs: an event loop ------------------------------------------------------------


def test_async_jobs_wait_together(concurrency, tmp_path):
    keys = [f"feed-{n}" for n in random.sample(range(100), 8)]
    service = concurrency.slow_service(delay=1.0, release_at=len(keys))
    queue = new_queue(tmp_path)
    queue.register("fetch", in_your_process(concurrency, service, "fetch"))
    ids = [queue.enqueue("fetch", key) for key in keys]
    assert concurrency.run(queue.run_async, 8) == 8, "run_async() returns the number of attempts"
    service.assert_overlap(8, "run_async(8) should await 8 async jobs at once, not one after another")
    assert [queue.get(i)["result"] for i in ids] == [service.result(k) for k in keys]


def test_run_async_keeps_to_its_limit(concurrency, tmp_path):
    limit = random.choice([2, 3])
    keys = [f"feed-{n}" for n in range(9)]
    service = concurrency.slow_service(delay=1.0, release_at=len(keys))
    queue = new_queue(tmp_path)
    queue.register("fetch", in_your_process(concurrency, service, "fetch"))
    for key in keys:
        queue.enqueue("fetch", key)
    assert concurrency.run(queue.run_async, limit) == 9
    service.assert_at_most_in_flight(
        limit, f"run_async({limit}) runs at most {limit} jobs at a time (a Semaphore, or {limit} worker tasks)"
    )


def test_plain_handlers_do_not_block_the_loop(concurrency, tmp_path):
    keys = ["a", "b", "c"]
    service = concurrency.slow_service(delay=1.0, release_at=3, expected=3, grace=0.5)
    queue = new_queue(tmp_path)
    queue.register("fetch", in_your_process(concurrency, service, "fetch_sync"))
    for key in keys:
        queue.enqueue("fetch", key)
    # A plain (blocking) handler called on the loop would freeze it: run it in a thread.
    assert concurrency.run(queue.run_async, 3) == 3
    service.assert_overlap(3)


def test_run_pending_and_run_workers_run_async_handlers_too(concurrency, tmp_path):
    service = concurrency.slow_service(delay=1.0)
    queue = new_queue(tmp_path)
    queue.register("fetch", in_your_process(concurrency, service, "fetch"))
    first, second = queue.enqueue("fetch", "x"), queue.enqueue("fetch", "y")
    assert queue.run_pending() == 2
    assert queue.get(first)["result"] == service.result("x")
    third = queue.enqueue("fetch", "z")
    assert queue.run_workers(2) == 1
    assert queue.get(third)["result"] == service.result("z")
    assert queue.get(second)["status"] == "done"

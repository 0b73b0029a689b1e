import random

import pytest

from taskq import Queue


class FakeClock:
    """A clock the test moves by hand: the queue calls it to know what time it is."""

    def __init__(self, now):
        self.now = float(now)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


class Flaky:
    """A handler that raises for its first `failures` calls, then returns 'sent to <address>'."""

    def __init__(self, failures, message="mail server down"):
        self.failures = failures
        self.message = message
        self.calls = []

    def __call__(self, address):
        self.calls.append(address)
        if len(self.calls) <= self.failures:
            raise ConnectionError(self.message)
        return f"sent to {address}"


def new_queue(**options):
    clock = FakeClock(random.randint(1_000, 90_000))
    return Queue(clock=clock, **options), clock


def test_a_job_runs_with_its_arguments():
    queue, _ = new_queue()
    seen = []
    queue.register("add", lambda a, b: seen.append((a, b)) or a + b)
    a, b = random.randint(1, 500), random.randint(1, 500)
    job_id = queue.enqueue("add", a, b)
    job = queue.get(job_id)
    assert job["status"] == "pending", "a job that was just enqueued is 'pending' until it runs"
    assert job["attempts"] == 0
    assert seen == [], "enqueue only records the job: nothing runs before run_pending()"

    assert queue.run_pending() == 1, "run_pending() returns the number of attempts it made"
    assert seen == [(a, b)], f"the handler should have been called once as add({a}, {b})"
    job = queue.get(job_id)
    assert job["status"] == "done"
    assert job["result"] == a + b, "the handler's return value is kept as the job's result"
    assert job["attempts"] == 1
    assert job["name"] == "add" and job["args"] == [a, b], "get() shows the name and args (a list)"
    assert queue.run_pending() == 0, "a job that is done never runs again"


def test_jobs_run_oldest_first():
    queue, _ = new_queue()
    order = []
    queue.register("log", order.append)
    words = random.sample(["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen"], 6)
    while words == sorted(words):  # in alphabetical order, a queue that sorts by arguments would pass
        random.shuffle(words)
    ids = [queue.enqueue("log", word) for word in words]
    assert len(set(ids)) == 6, "every job gets its own id"
    assert queue.run_pending() == 6
    assert order == words, "jobs that are due at the same time run in the order they were enqueued"


def test_an_unknown_job_name_is_refused():
    queue, _ = new_queue()
    queue.register("known", lambda: None)
    with pytest.raises(ValueError):
        queue.enqueue("unknown-" + str(random.randint(1, 99)))
    assert queue.get(12345) is None, "get() of an id that does not exist returns None"


def test_the_retry_is_due_base_delay_later_on_the_given_clock():
    base_delay = random.choice([0.5, 2.0, 5.0, 30.0])
    queue, clock = new_queue(max_attempts=3, base_delay=base_delay)
    handler = Flaky(failures=1)
    queue.register("email", handler)
    job_id = queue.enqueue("email", "ada@example.org")
    started = clock.now

    assert queue.run_pending() == 1
    job = queue.get(job_id)
    assert job["status"] == "pending", "a job that failed with attempts left goes back to 'pending'"
    assert job["last_error"] == "ConnectionError: mail server down", (
        "last_error keeps the exception as '<ExceptionName>: <message>'"
    )
    assert job["run_at"] == pytest.approx(started + base_delay), (
        f"after the first failure the job is due base_delay = {base_delay} s later, measured on the "
        "clock the Queue was given (Queue(clock=...)), not on time.time(): tests and schedulers "
        "decide what time it is"
    )
    clock.advance(base_delay * 0.9)
    assert queue.run_pending() == 0, "nothing may run before it is due: the retry ran early"
    clock.advance(base_delay * 0.1)
    assert queue.run_pending() == 1, "at exactly run_at the job is due and must run"
    assert queue.get(job_id)["status"] == "done"
    assert queue.get(job_id)["result"] == "sent to ada@example.org"
    assert handler.calls == ["ada@example.org"] * 2


def test_the_wait_doubles_after_each_failure():
    base_delay = random.choice([1.0, 3.0, 10.0])
    max_attempts = random.randint(4, 6)
    queue, clock = new_queue(max_attempts=max_attempts, base_delay=base_delay)
    queue.register("email", Flaky(failures=100))
    job_id = queue.enqueue("email", "bob@example.org")
    for attempt in range(1, max_attempts):
        assert queue.run_pending() == 1
        wait = queue.get(job_id)["run_at"] - clock.now
        expected = base_delay * 2 ** (attempt - 1)
        assert wait == pytest.approx(expected), (
            f"after failed attempt {attempt} the job must wait base_delay * 2 ** {attempt - 1} = "
            f"{expected} s, not {wait} s: exponential backoff, the wait doubles after each failure"
        )
        clock.advance(wait)


def test_after_max_attempts_the_job_is_a_dead_letter():
    max_attempts = random.randint(2, 5)
    queue, clock = new_queue(max_attempts=max_attempts, base_delay=1.0)
    handler = Flaky(failures=100, message="no such mailbox")
    queue.register("email", handler)
    queue.register("noop", lambda: "ok")
    job_id = queue.enqueue("email", "cy@example.org")
    fine_id = queue.enqueue("noop")
    for _ in range(10):
        queue.run_pending()
        clock.advance(1_000)
    job = queue.get(job_id)
    assert len(handler.calls) == max_attempts, (
        f"the handler ran {len(handler.calls)} times with max_attempts={max_attempts}: a job runs at "
        "most max_attempts times in all (the first attempt counts)"
    )
    assert job["status"] == "dead", "a job that failed max_attempts times is 'dead'"
    assert job["attempts"] == max_attempts
    assert job["last_error"] == "ConnectionError: no such mailbox"
    dead = queue.dead_letters()
    assert [j["id"] for j in dead] == [job_id], "dead_letters() lists the dead jobs, and only them"
    assert queue.get(fine_id)["status"] == "done", "one failing job must not stop the others"


def test_a_failing_job_does_not_block_the_others():
    queue, _ = new_queue(max_attempts=2, base_delay=60.0)
    done = []
    queue.register("broken", Flaky(failures=100))
    queue.register("work", done.append)
    numbers = random.sample(range(100), 4)
    queue.enqueue("broken", "x@example.org")
    for n in numbers:
        queue.enqueue("work", n)
    assert queue.run_pending() == 5, "each due job is attempted once; the failed one waits for its retry"
    assert done == numbers

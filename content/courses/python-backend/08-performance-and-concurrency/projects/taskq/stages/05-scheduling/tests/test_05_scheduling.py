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


def new_queue(tmp_path, calls):
    clock = FakeClock(random.randint(1_000, 90_000))
    queue = open_queue(str(tmp_path / "jobs.db"), clock=clock)
    queue.register("remind", calls.append)
    return queue, clock


def test_a_delayed_job_runs_once_its_delay_has_passed(tmp_path):
    calls = []
    queue, clock = new_queue(tmp_path, calls)
    delay = random.choice([15, 60, 3_600])
    job_id = queue.enqueue("remind", "pay rent", delay=delay)
    assert queue.run_pending() == 0, (
        f"a job enqueued with delay={delay} ran at once: it must not run early (delay is a number "
        "of seconds from now, not a time)"
    )
    assert queue.get(job_id)["run_at"] == pytest.approx(clock.now + delay), "run_at = now + delay"
    clock.advance(delay - 1)
    assert queue.run_pending() == 0, f"{delay - 1} s after enqueue is still too early"
    clock.advance(1)
    assert queue.run_pending() == 1, "at exactly now + delay the job is due"
    assert calls == ["pay rent"]


def test_a_job_at_a_given_time(tmp_path):
    calls = []
    queue, clock = new_queue(tmp_path, calls)
    at = clock.now + random.randint(100, 900)
    queue.enqueue("remind", "standup", run_at=at)
    queue.enqueue("remind", "now")
    assert queue.run_pending() == 1 and calls == ["now"]
    clock.now = at - 0.5
    assert queue.run_pending() == 0, "a job never runs before its run_at"
    clock.now = at
    assert queue.run_pending() == 1
    assert calls == ["now", "standup"]
    with pytest.raises(ValueError):
        queue.enqueue("remind", "both", run_at=at, delay=5)


def test_a_recurring_job_runs_every_period(tmp_path):
    calls = []
    queue, clock = new_queue(tmp_path, calls)
    period = random.choice([30, 60, 300])
    start = clock.now
    queue.every(period, "remind", "drink water")
    assert queue.run_pending() == 0, "a schedule's first run is one period after every() (unless first_run_at says otherwise)"
    assert queue.next_due() == pytest.approx(start + period), "next_due() tells when the next job is due"
    for n in range(1, 4):
        clock.now = start + n * period - 1
        assert queue.run_pending() == 0, f"run {n} of the schedule must wait until start + {n} * every"
        clock.now = start + n * period
        assert queue.run_pending() == 1, f"at start + {n} * every the schedule runs (once)"
    assert calls == ["drink water"] * 3


def test_missed_runs_are_coalesced_into_one(tmp_path):
    calls = []
    queue, clock = new_queue(tmp_path, calls)
    period = random.choice([10, 60])
    start = clock.now
    queue.every(period, "remind", "backup")
    clock.now = start + 4.5 * period  # nobody ran the queue for a while: 4 runs were missed
    assert queue.run_pending() == 1, (
        "after a long pause a schedule runs once, not once per missed period: the missed runs "
        "are coalesced"
    )
    assert queue.next_due() == pytest.approx(start + 5 * period), (
        "the next run stays on the schedule's grid (start + k * every), the first such time after now"
    )


def test_a_late_run_does_not_shift_the_schedule(tmp_path):
    calls = []
    queue, clock = new_queue(tmp_path, calls)
    period = 60
    start = clock.now
    queue.every(period, "remind", "sync")
    clock.now = start + 90  # the worker was 30 s late for the first run
    assert queue.run_pending() == 1
    clock.now = start + 120
    assert queue.run_pending() == 1, (
        "the second run is due at start + 2 * every = start + 120 even though the first ran late: "
        "a schedule keeps to its slots (start + k * every); now + every makes it drift"
    )


def test_first_run_at_and_cancel(tmp_path):
    calls = []
    queue, clock = new_queue(tmp_path, calls)
    first = clock.now + random.randint(5, 50)
    schedule_id = queue.every(100, "remind", "report", first_run_at=first)
    clock.now = first
    assert queue.run_pending() == 1
    assert queue.cancel_schedule(schedule_id) is True
    clock.now = first + 1_000
    assert queue.run_pending() == 0, "a cancelled schedule makes no more jobs"
    assert queue.next_due() is None, "next_due() is None when nothing is waiting"


def test_schedules_survive_a_restart(tmp_path):
    path, clock = str(tmp_path / "jobs.db"), FakeClock(1_000)
    calls = []
    first = open_queue(path, clock=clock)
    first.register("remind", calls.append)
    first.every(20, "remind", "tick")
    first.close()
    restarted = open_queue(path, clock=clock)
    restarted.register("remind", calls.append)
    clock.advance(20)
    assert restarted.run_pending() == 1, "schedules are stored in the database like jobs"
    assert calls == ["tick"]


def test_a_failing_occurrence_is_retried_and_the_schedule_goes_on(tmp_path):
    clock = FakeClock(500)
    queue = open_queue(str(tmp_path / "jobs.db"), clock=clock, base_delay=5.0, max_attempts=2)
    calls = []

    def flaky(text):
        calls.append(clock.now)
        if len(calls) == 1:
            raise OSError("printer jammed")

    queue.register("print", flaky)
    queue.every(60, "print", "daily")
    clock.now = 560
    assert queue.run_pending() == 1
    clock.now = 565
    assert queue.run_pending() == 1, "the failed occurrence is retried base_delay later, as any job"
    clock.now = 620
    assert queue.run_pending() == 1, "and the schedule's next run comes on time"
    assert calls == [560, 565, 620]

import random

import pytest

from taskq import Queue


class FakeClock:
    def __init__(self, now):
        self.now = float(now)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def test_results_of_several_handlers():
    queue = Queue(clock=FakeClock(random.randint(10, 500)))
    queue.register("upper", str.upper)
    queue.register("join", lambda *parts: "-".join(parts))
    word = random.choice(["kettle", "lamp", "mirror"])
    first = queue.enqueue("upper", word)
    second = queue.enqueue("join", word, "x", "y")
    assert queue.run_pending() == 2
    assert queue.get(first)["result"] == word.upper()
    assert queue.get(second)["result"] == f"{word}-x-y"
    assert queue.dead_letters() == []


def test_backoff_with_another_base_delay():
    base_delay = random.choice([0.25, 7.0])
    queue = Queue(clock=(clock := FakeClock(random.randint(10, 500))), max_attempts=4, base_delay=base_delay)
    calls = []

    def always_fails(n):
        calls.append(n)
        raise ValueError(f"bad {n}")

    queue.register("fail", always_fails)
    job_id = queue.enqueue("fail", 7)
    waits = []
    for _ in range(3):
        queue.run_pending()
        waits.append(queue.get(job_id)["run_at"] - clock.now)
        clock.advance(waits[-1] / 2)
        assert queue.run_pending() == 0, "a retry ran before its run_at"
        clock.advance(waits[-1] / 2)
    assert waits == pytest.approx([base_delay, 2 * base_delay, 4 * base_delay]), "the wait doubles after each failure"
    queue.run_pending()
    assert len(calls) == 4, "max_attempts=4 means four runs in all"
    assert queue.get(job_id)["status"] == "dead"
    assert queue.get(job_id)["last_error"] == "ValueError: bad 7"


def test_one_attempt_only():
    queue = Queue(clock=FakeClock(100), max_attempts=1)
    queue.register("fail", lambda: 1 / 0)
    job_id = queue.enqueue("fail")
    assert queue.run_pending() == 1
    assert queue.get(job_id)["status"] == "dead", "with max_attempts=1 the first failure is final"
    assert [j["id"] for j in queue.dead_letters()] == [job_id]

"""An in-process job queue: named handlers, retries with exponential backoff, dead letters."""
import time

PENDING, DONE, DEAD = "pending", "done", "dead"


def backoff_delay(base_delay, attempt):
    """Seconds to wait after failed attempt number `attempt` (1, 2, 3...): it doubles each time."""
    return base_delay * 2 ** (attempt - 1)


def describe_error(exc):
    """'ValueError: bad input': what the job's last_error keeps of an exception."""
    return f"{type(exc).__name__}: {exc}"


class Queue:
    """Jobs are a handler's name plus plain arguments. Nothing runs by itself: whoever owns the
    queue calls run_pending(), and a failed job waits longer after each failure (the clock is
    injected, so tests and schedulers decide what time it is)."""

    def __init__(self, *, clock=time.time, max_attempts=3, base_delay=1.0):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if base_delay < 0:
            raise ValueError("base_delay cannot be negative")
        self.clock = clock
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self._handlers = {}
        self._jobs = {}  # id -> job dict, in the order they were enqueued
        self._next_id = 1

    def register(self, name, handler):
        """Makes `handler` the function that runs jobs called `name`."""
        if not callable(handler):
            raise TypeError(f"the handler for {name!r} must be callable")
        self._handlers[name] = handler

    def enqueue(self, name, *args):
        """Adds a job that is due now; returns its id."""
        if name not in self._handlers:
            raise ValueError(f"no handler registered for job {name!r}: call register() first")
        job_id = self._next_id
        self._next_id += 1
        self._jobs[job_id] = {
            "id": job_id,
            "name": name,
            "args": list(args),
            "status": PENDING,
            "attempts": 0,
            "run_at": self.clock(),
            "result": None,
            "last_error": None,
        }
        return job_id

    def run_pending(self):
        """Runs due jobs, oldest due first, until none is due; returns the number of attempts."""
        ran = 0
        while (job := self._next_due()) is not None:
            self._attempt(job)
            ran += 1
        return ran

    def get(self, job_id):
        job = self._jobs.get(job_id)
        return _copy(job) if job is not None else None

    def dead_letters(self):
        return [_copy(job) for job in self._jobs.values() if job["status"] == DEAD]

    # -- internals ----------------------------------------------------------------------

    def _next_due(self):
        now = self.clock()
        due = [job for job in self._jobs.values() if job["status"] == PENDING and job["run_at"] <= now]
        return min(due, key=lambda job: (job["run_at"], job["id"]), default=None)

    def _attempt(self, job):
        job["attempts"] += 1
        try:
            result = self._handlers[job["name"]](*job["args"])
        except Exception as exc:  # a job's failure must never stop the queue
            job["last_error"] = describe_error(exc)
            if job["attempts"] > self.max_attempts:
                job["status"] = DEAD
            else:
                job["run_at"] = self.clock() + backoff_delay(self.base_delay, job["attempts"])
        else:
            job["status"] = DONE
            job["result"] = result


def _copy(job):
    return {**job, "args": list(job["args"])}

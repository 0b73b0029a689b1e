"""The job queue: named handlers, retries with exponential backoff, dead letters, and jobs kept
in SQLite so that a restart loses none of them."""
import json
import threading
import time

from .store import Store


def backoff_delay(base_delay, attempt):
    """Seconds to wait after failed attempt number `attempt` (1, 2, 3...): it doubles each time."""
    return base_delay * 2 ** (attempt - 1)


def describe_error(exc):
    """'ValueError: bad input': what the job's last_error keeps of an exception."""
    return f"{type(exc).__name__}: {exc}"


class Queue:
    """Jobs are a handler's name plus JSON arguments, stored in the SQLite file `path`.

    A worker claims a job (it becomes 'running' with a lease of `lease_seconds`), runs it and
    reports complete() or fail(). If the worker dies in between, the lease runs out and the
    job is claimed again: no job is lost, but a job may start twice."""

    def __init__(self, path=":memory:", *, clock=time.time, max_attempts=3, base_delay=1.0, lease_seconds=30.0):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if base_delay < 0 or lease_seconds <= 0:
            raise ValueError("base_delay cannot be negative and lease_seconds must be positive")
        self.clock = clock
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.lease_seconds = lease_seconds
        self._handlers = {}
        self._store = Store(path)
        self._stopping = threading.Event()

    def close(self):
        self._store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- the producer's side -------------------------------------------------------------

    def register(self, name, handler):
        """Makes `handler` the function that runs jobs called `name`."""
        if not callable(handler):
            raise TypeError(f"the handler for {name!r} must be callable")
        self._handlers[name] = handler

    def enqueue(self, name, *args):
        """Adds a job that is due now; returns its id. The arguments must be JSON values."""
        if name not in self._handlers:
            raise ValueError(f"no handler registered for job {name!r}: call register() first")
        return self._store.add(name, args, self.clock())

    def get(self, job_id):
        return self._store.get(job_id)

    def dead_letters(self):
        return self._store.dead()

    # -- the worker's side ---------------------------------------------------------------

    def claim(self):
        """The next due job, now 'running' and leased to the caller; None if nothing is due."""
        return self._store.claim(self.clock(), self.lease_seconds, self.max_attempts)

    def complete(self, job, result):
        """Records the result of a claimed job. False if the job was not running any more."""
        return self._store.finish(job["id"], result)

    def fail(self, job, error):
        """Records a failed attempt: the job is retried after a backoff, or buried once it has
        had max_attempts. False if the job was not running any more."""
        if job["attempts"] >= self.max_attempts:
            return self._store.bury(job["id"], error)
        run_at = self.clock() + backoff_delay(self.base_delay, job["attempts"])
        return self._store.retry(job["id"], error, run_at)

    def run_pending(self):
        """Claims and runs due jobs until none is due; returns the number of attempts."""
        ran = 0
        while (job := self.claim()) is not None:
            self._run(job)
            ran += 1
        return ran

    def run_workers(self, workers):
        """Runs due jobs on threads until none is due."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._stopping.clear()
        ran = 0
        while not self._stopping.is_set():
            threads = []
            while (job := self.claim()) is not None:  # a thread for each due job
                thread = threading.Thread(target=self._run, args=(job,))
                thread.start()
                threads.append(thread)
            for thread in threads:
                thread.join()
            ran += len(threads)
            if not threads:
                break
        return ran

    def stop(self):
        """Asks the workers of run_workers() to finish the job they are running and claim no
        more. Callable from any thread, a handler included."""
        self._stopping.set()

    def _run(self, job):
        try:
            handler = self._handlers.get(job["name"])
            if handler is None:
                raise LookupError(f"no handler registered for job {job['name']!r}")
            result = handler(*job["args"])
            json.dumps(result)  # a result that cannot be stored is a failure of the job
        except Exception as exc:  # a job's failure must never stop the queue
            self.fail(job, describe_error(exc))
        else:
            self.complete(job, result)

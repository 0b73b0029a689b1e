"""The job queue: named handlers, retries with exponential backoff, dead letters, and jobs kept
in SQLite so that a restart loses none of them. Jobs run one by one (run_pending), on worker
threads (run_workers) or on an event loop (run_async); CPU-heavy jobs run in worker processes
wherever they are started from."""
import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .handlers import call_by_path, make_handler
from .store import Store


def backoff_delay(base_delay, attempt):
    """Seconds to wait after failed attempt number `attempt` (1, 2, 3...): it doubles each time."""
    return base_delay * 2 ** (attempt - 1)


def describe_error(exc):
    """'ValueError: bad input': what the job's last_error keeps of an exception."""
    return f"{type(exc).__name__}: {exc}"


class Queue:
    """Jobs are a handler's name plus JSON arguments, stored in the SQLite file `path`.

    A worker claims a job (it becomes 'running' with a lease of `lease_seconds` and a new
    attempt_id), runs it and reports complete() or fail(). If the worker dies in between, the
    lease runs out and the job is claimed again: no job is lost, but a job may start twice
    (at-least-once delivery). Only the attempt that holds the job can finish it, so its result
    is stored once; and a job enqueued with a key exists once, however often it is enqueued."""

    def __init__(
        self, path=":memory:", *, clock=time.time, max_attempts=3, base_delay=1.0, lease_seconds=30.0, processes=2
    ):
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if base_delay < 0 or lease_seconds <= 0:
            raise ValueError("base_delay cannot be negative and lease_seconds must be positive")
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.clock = clock
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.lease_seconds = lease_seconds
        self.processes = processes
        self._handlers = {}
        self._store = Store(path)
        self._stopping = threading.Event()
        self._pool = None  # the worker processes of cpu jobs, while a run needs them
        self._pool_lock = threading.Lock()

    def close(self):
        self._store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- the producer's side -------------------------------------------------------------

    def register(self, name, handler, *, cpu=False):
        """Makes `handler` (a callable, an `async def` function or an import path
        "module:function") run the jobs called `name`. cpu=True: the jobs compute rather than
        wait, so they run in worker processes; their handler must be an import path."""
        self._handlers[name] = make_handler(name, handler, cpu)

    def enqueue(self, name, *args, key=None, run_at=None, delay=None):
        """Adds a job; returns its id. The arguments must be JSON values.

        The job is due now, at `run_at` (a time on the queue's clock) or `delay` seconds from
        now; never both. With a `key` that an earlier job already has (in any state), returns
        that job's id and adds nothing: a producer that retries its request creates one job."""
        self._check_name(name)
        if key is not None and not isinstance(key, str):
            raise TypeError("an idempotency key is a string")
        if run_at is not None and delay is not None:
            raise ValueError("give run_at or delay, not both")
        if delay is not None and delay < 0:
            raise ValueError("delay cannot be negative")
        now = self.clock()
        due = run_at if run_at is not None else now + (delay or 0)
        return self._store.add(name, args, due, key)

    def every(self, seconds, name, *args, first_run_at=None):
        """Runs `name(*args)` every `seconds` seconds, first at `first_run_at` (default: one
        period from now). Each occurrence is a job of its own, with its own retries. Returns the
        schedule's id."""
        self._check_name(name)
        if seconds <= 0:
            raise ValueError("a schedule needs a period of more than 0 seconds")
        first = first_run_at if first_run_at is not None else self.clock() + seconds
        return self._store.add_schedule(name, args, seconds, first)

    def cancel_schedule(self, schedule_id):
        """Stops a schedule (jobs it already made still run); False if there is no such schedule."""
        return self._store.remove_schedule(schedule_id)

    def next_due(self):
        """When the next job (or schedule occurrence, or expiring lease) is due; None if never.
        A worker loop sleeps until then instead of polling."""
        return self._store.next_due()

    def _check_name(self, name):
        if name not in self._handlers:
            raise ValueError(f"no handler registered for job {name!r}: call register() first")

    def get(self, job_id):
        return self._store.get(job_id)

    def dead_letters(self):
        return self._store.dead()

    # -- the worker's side ---------------------------------------------------------------

    def claim(self):
        """The next due job, now 'running' and leased to the caller; None if nothing is due."""
        return self._store.claim(self.clock(), self.lease_seconds, self.max_attempts)

    def complete(self, job, result):
        """Records the result of a claimed job. False (and nothing stored) if this attempt no
        longer holds the job: its lease ran out and another worker took it, or it is finished."""
        return self._store.finish(job["id"], job["attempt_id"], result)

    def fail(self, job, error):
        """Records a failed attempt: the job is retried after a backoff, or buried once it has
        had max_attempts. False (and nothing changed) if this attempt no longer holds the job."""
        if job["attempts"] >= self.max_attempts:
            return self._store.bury(job["id"], job["attempt_id"], error)
        run_at = self.clock() + backoff_delay(self.base_delay, job["attempts"])
        return self._store.retry(job["id"], job["attempt_id"], error, run_at)

    def run_pending(self):
        """Claims and runs due jobs until none is due; returns the number of attempts."""
        ran = 0
        try:
            while (job := self.claim()) is not None:
                self._run(job)
                ran += 1
        finally:
            self._close_pool()
        return ran

    def run_workers(self, workers):
        """Runs due jobs on `workers` threads until none is due (or stop() is called), then
        returns the number of attempts, after every job that started has finished."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._stopping.clear()
        ran = [0] * workers  # one counter per thread: no two threads write the same slot
        errors = []

        def work(slot):
            try:
                while not self._stopping.is_set():
                    job = self.claim()  # atomic: two threads never get the same job
                    if job is None:
                        return
                    self._run(job)
                    ran[slot] += 1
            except BaseException as exc:  # a bug of the queue itself: report it after the join
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(slot,), name=f"taskq-worker-{slot}") for slot in range(workers)]
        try:
            for thread in threads:
                thread.start()
        finally:
            for thread in threads:  # the clean shutdown: wait for every running job
                if thread.is_alive():
                    thread.join()
            self._close_pool()
        if errors:
            raise errors[0]
        return sum(ran)

    def stop(self):
        """Asks the workers of run_workers() to finish the job they are running and claim no
        more. Callable from any thread, a handler included."""
        self._stopping.set()

    async def run_async(self, limit=10):
        """Runs due jobs on the running event loop, at most `limit` at a time, until none is
        due (or stop() is called); returns the number of attempts. Async handlers are awaited
        on the loop; plain ones run in a thread and cpu jobs in a worker process, so that
        neither blocks the loop."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._stopping.clear()
        ran = 0

        async def worker():
            nonlocal ran
            while not self._stopping.is_set():
                job = self.claim()  # a quick local query: fine on the loop
                if job is None:
                    return
                await self._run_on_loop(job)
                ran += 1

        try:
            await asyncio.gather(*(worker() for _ in range(limit)))
        finally:
            await asyncio.to_thread(self._close_pool)
        return ran

    # -- running one job -------------------------------------------------------------------

    def _handler(self, job):
        handler = self._handlers.get(job["name"])
        if handler is None:
            raise LookupError(f"no handler registered for job {job['name']!r}")
        return handler

    def _run(self, job):
        """Runs a claimed job in this thread and records what happened."""
        try:
            handler = self._handler(job)
            if handler.cpu:
                result = self._process_pool().submit(call_by_path, handler.path, job["args"]).result()
            elif handler.is_async:
                result = asyncio.run(handler.function(*job["args"]))
            else:
                result = handler.function(*job["args"])
            json.dumps(result)  # a result that cannot be stored is a failure of the job
        except Exception as exc:  # a job's failure must never stop the queue
            self.fail(job, describe_error(exc))
        else:
            self.complete(job, result)

    async def _run_on_loop(self, job):
        """Runs a claimed job without blocking the event loop and records what happened."""
        try:
            handler = self._handler(job)
            if handler.is_async:
                result = await handler.function(*job["args"])
            elif handler.cpu:
                loop = asyncio.get_running_loop()
                result = await loop.run_in_executor(self._process_pool(), call_by_path, handler.path, job["args"])
            else:
                result = await asyncio.to_thread(handler.function, *job["args"])
            json.dumps(result)
        except Exception as exc:
            self.fail(job, describe_error(exc))
        else:
            self.complete(job, result)

    def _process_pool(self):
        # Started on the first cpu job of a run, shut down when the run ends: no process
        # outlives run_pending(), run_workers() or run_async().
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.processes)  # lighter than processes
            return self._pool

    def _close_pool(self):
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

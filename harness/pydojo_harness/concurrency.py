"""Concurrency helpers for tests that never depend on wall-clock luck.

Two halves:

* The **recorder** lives in the judge (the process that runs the tests). It counts calls in
  flight, keeps the maximum, runs a virtual clock and collects blocking calls. The learner's
  process can only add events to it by calling the fake service (or the recorder) the way the
  service does; it cannot change what was recorded. But it *can* call the recorder the way
  the service does: the service lives in the learner's process, so the recorder it holds is
  reachable there, and the recorder cannot tell the service's calls from the learner's. So
  overlap, the in-flight limit, the virtual clock and the blocking calls caught are host-side
  measurements: exact for code that uses the service, forgeable by code that attacks the
  harness (docs/security.md, "Backend and performance helpers").
* The **fake slow service** and the **runner** live where the learner's code runs (the host
  process, or the same interpreter on Pyodide). The test never waits on a real clock: an async
  call is held for a number of event-loop turns (or until `release_at` calls are in flight), a
  thread's call until `release_at` calls are in flight (with a short grace period only for
  solutions that never get there). Its "duration" is virtual: `delay` seconds on the recorder's
  clock, so ten overlapping one-second calls take 1.0 virtual seconds and ten sequential ones 10.

Test-facing API (fixture ``concurrency``)::

    def test_fan_out(concurrency):
        service = concurrency.slow_service(delay=1.0)
        pages = concurrency.run(fetcher.fetch_all, service, ["a", "b", "c"])
        assert pages == [service.result("a"), service.result("b"), service.result("c")]
        service.assert_overlap(3)          # all three were in flight at once
        assert service.elapsed == 1.0      # virtual seconds

``concurrency.run`` runs an ``async def`` with an event loop in the learner's process, and fails
the test when the coroutine blocked the loop (``time.sleep``, a synchronous call of the service,
or a step that ran for more than half a second without awaiting), naming the call.
"""
import asyncio
import inspect
import sys
import threading
import time

__all__ = ["Recorder", "SlowService", "ServiceHandle", "Concurrency", "BlockingCallError", "host_run"]

HOST_MODULE = __name__
_real_sleep = time.sleep
SLOW_STEP_SECONDS = 0.5
MAX_CALLS = 10_000  # calls of one service the judge records  # a single step of a coroutine longer than this blocked the loop


class BlockingCallError(RuntimeError):
    """A blocking call inside a coroutine: it froze the event loop."""


# ---------------------------------------------------------------------------------------
# Judge side: the recorder


class Recorder:
    """Judge-side record of one service's calls. Its public methods are what the service calls."""

    def __init__(self, delay=1.0, results=None):
        self.delay = float(delay)
        self._results = results
        self._open = {}
        self._next = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.calls = []
        self.clock = 0.0
        self.blocking = []
        self.cancelled = []

    def start(self, key):
        if len(self.calls) >= MAX_CALLS:
            raise RuntimeError(f"more than {MAX_CALLS} calls to the slow service in one test")
        self._next += 1
        token = self._next
        self._open[token] = (key, self.clock)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.calls.append(_plain_key(key))
        return token

    def finish(self, token):
        entry = self._open.pop(token, None)
        if entry is None:
            raise ValueError("this call of the service already finished")
        key, started = entry
        self.in_flight -= 1
        self.clock = max(self.clock, started + self.delay)
        return self.result(key)

    def cancel(self, token):
        """A call that was cancelled before it answered: no longer in flight, no clock move."""
        entry = self._open.pop(token, None)
        if entry is None:
            raise ValueError("this call of the service already finished")
        self.in_flight -= 1
        self.cancelled.append(_plain_key(entry[0]))

    def result(self, key):
        if self._results is None:
            return f"result of {key}"
        if callable(self._results):
            return self._results(key)
        return self._results[key]

    def blocked(self, description):
        if isinstance(description, str) and len(self.blocking) < 20:
            self.blocking.append(description[:300])


def _plain_key(key):
    return key if isinstance(key, (str, int, float, bool, type(None))) else repr(key)[:200]


class ServiceHandle:
    """What ``concurrency.slow_service()`` gives the test: pass it to the learner's code through
    ``concurrency.run``; read what happened from it."""

    def __init__(self, recorder, service):
        self._recorder = recorder
        self._service = service

    max_in_flight = property(lambda self: self._recorder.max_in_flight)
    in_flight = property(lambda self: self._recorder.in_flight)
    calls = property(lambda self: list(self._recorder.calls))
    elapsed = property(lambda self: self._recorder.clock)
    cancelled = property(lambda self: list(self._recorder.cancelled))  # keys of cancelled calls

    def result(self, key):
        """What the service answers for `key`."""
        return self._recorder.result(key)

    def _misuse(self, *args, **kwargs):
        raise TypeError(
            "the test handed the service's handle to your code directly: tests must call your "
            "function through concurrency.run(fn, service, ...)"
        )

    fetch = fetch_sync = _misuse

    def assert_overlap(self, expected, hint=None):
        """Fails unless `expected` calls were in flight at the same time at some point."""
        seen, calls = self._recorder.max_in_flight, len(self._recorder.calls)
        if seen < expected:
            if seen <= 1 and calls > 1:
                default = ("each call was awaited before the next one started: start them all first "
                           "(asyncio.gather or tasks) and then await the results")
            else:
                default = "start more calls before waiting for the first results"
            raise AssertionError(
                f"at most {seen} of {calls} calls to the slow service were in flight at once "
                f"({expected} expected; these calls of {self._recorder.delay:g} s each took "
                f"{self._recorder.clock:g} s in all): {hint or default}"
            )

    def assert_at_most_in_flight(self, limit, hint=None):
        seen = self._recorder.max_in_flight
        if seen > limit:
            raise AssertionError(
                f"{seen} calls to the slow service were in flight at once (at most {limit} allowed): "
                + (hint or "limit the concurrency, e.g. with asyncio.Semaphore or a pool of that size")
            )

    def __repr__(self):
        return f"<slow service: {len(self._recorder.calls)} calls, at most {self._recorder.max_in_flight} at once>"


class Concurrency:
    """The ``concurrency`` fixture: makes slow services and runs the learner's code with them."""

    def __init__(self, host):
        self._host = host  # the host-side module (a proxy in the judge, or this module in-process)
        self._recorders = []

    def slow_service(self, delay=1.0, results=None, release_at=None, expected=None, steps=20, grace=0.5):
        """A fake service with ``async fetch(key)`` and a blocking ``fetch_sync(key)`` (for
        threads). Each call takes `delay` virtual seconds. Calls are held until `release_at` of
        them wait together (fewer for the last batch if `expected`, the number of calls, is
        given); a call waits at most `steps` turns of the event loop (async) or `grace` real
        seconds (threads: only a solution that never gets there waits). `results`: a dict or a
        function key -> answer (default "result of <key>")."""
        if release_at is not None and (not isinstance(release_at, int) or release_at < 1):
            raise ValueError("release_at must be a positive int (the number of calls to hold together)")
        recorder = Recorder(delay, results)
        service = self._host.SlowService(recorder, release_at, int(steps), float(grace), expected)
        self._recorders.append(recorder)
        return ServiceHandle(recorder, service)

    def run(self, fn, *args, **kwargs):
        """Calls the learner's `fn` in its own process with these arguments (services are passed
        as the service itself). An ``async def`` runs on a fresh event loop, and the test fails
        if it blocked the loop."""
        recorder = Recorder(0)
        args = [a._service if isinstance(a, ServiceHandle) else a for a in args]
        kwargs = {k: (v._service if isinstance(v, ServiceHandle) else v) for k, v in kwargs.items()}
        result = self._host.host_run(recorder, fn, args, kwargs)
        blocking = recorder.blocking + [b for r in self._recorders for b in r.blocking]
        if blocking:
            raise AssertionError(
                f"your coroutine blocked the event loop: {blocking[0]}. Inside async def, use "
                "await asyncio.sleep() and the async version of the call, or run blocking work "
                "with await asyncio.to_thread(...)"
            )
        return result


# ---------------------------------------------------------------------------------------
# Host side: the fake service and the runner (they run where the learner's code runs)


class SlowService:
    """The fake slow service the learner's code calls: ``await service.fetch(key)`` or
    ``service.fetch_sync(key)`` (blocking, for threads).

    Calls wait in a "waiting room" that empties all at once when it holds `release_at` calls
    (fewer for the last batch when the number of calls `expected` is known); a call that waits
    longer than its grace (`steps` event-loop turns, or `grace` real seconds for threads)
    leaves alone. So a correct solution is never timed, and a sequential one is seen with one
    call in flight."""

    def __init__(self, recorder, release_at, steps, grace, expected=None):
        self.__recorder = recorder
        self.__release_at = release_at
        self.__steps = steps
        self.__grace = self.__initial_grace = grace
        self.__expected = expected
        self.__lock = threading.Lock()  # one call at a time reaches the judge
        self.__cond = threading.Condition()
        self.__waiting = 0
        self.__released = 0
        self.__batch = 0

    def __call(self, name, *args):
        with self.__lock:
            return getattr(self.__recorder, name)(*args)

    def __arrive(self):
        """Enters the waiting room; True if this call's arrival released the batch."""
        with self.__cond:
            self.__waiting += 1
            target = self.__release_at if self.__release_at is not None else float("inf")
            if self.__expected is not None:
                target = min(target, max(self.__expected - self.__released, 1))
            if self.__waiting >= target:
                self.__released += self.__waiting
                self.__waiting = 0
                self.__batch += 1
                self.__cond.notify_all()
                return None
            return self.__batch

    def __leave_alone(self, batch):
        """Called when the grace is over: True if the call was still waiting (it leaves alone)."""
        with self.__cond:
            if self.__batch != batch:
                return False
            self.__waiting -= 1
            self.__released += 1
            return True

    async def fetch(self, key):
        """Asks the service for `key`; takes `delay` virtual seconds."""
        token = self.__call("start", key)
        batch = self.__arrive()
        try:
            if batch is not None:
                for _ in range(self.__steps):
                    await asyncio.sleep(0)
                    if self.__batch != batch:
                        break
                else:
                    self.__leave_alone(batch)
        except asyncio.CancelledError:
            if batch is not None:
                self.__leave_alone(batch)
            self.__call("cancel", token)
            raise
        return self.__call("finish", token)

    def fetch_sync(self, key):
        """The blocking version, for threads: never call it inside async def."""
        if _running_loop() is not None:
            self.__call("blocked", f"service.fetch_sync({key!r}) is a blocking call (use await service.fetch({key!r}))")
            raise BlockingCallError(
                f"service.fetch_sync({key!r}) blocks the event loop: inside async def write await service.fetch({key!r})"
            )
        token = self.__call("start", key)
        batch = self.__arrive()
        if batch is not None:
            deadline = time.monotonic() + self.__grace
            with self.__cond:
                while self.__batch == batch:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self.__cond.wait(left)
            if self.__leave_alone(batch):
                # The solution does not reach release_at: later calls wait a tenth as long.
                self.__grace = min(self.__grace, self.__initial_grace / 10)
        return self.__call("finish", token)

    def __repr__(self):
        return "<slow service>"


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _GuardedSleep:
    """time.sleep while a learner's coroutine runs: inside the loop's thread it is a blocking
    call, reported and refused; elsewhere (other threads) the real sleep."""

    def __init__(self, report):
        self.report = report

    def __call__(self, seconds):
        if _running_loop() is not None:
            self.report(f"time.sleep({seconds!r}) was called inside a coroutine")
            raise BlockingCallError(f"time.sleep({seconds!r}) blocks the event loop: write await asyncio.sleep({seconds!r})")
        return _real_sleep(seconds)


def _learner_modules():
    harness = __name__.rsplit(".", 1)[0]
    for name, module in list(sys.modules.items()):
        if name.startswith(harness) or getattr(module, "__file__", None) is None:
            continue
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None) or ""
        if "/lib/python" in origin or origin.startswith("/usr/") or "site-packages" in origin:
            continue
        yield module


class _SlowStepHandler:
    """Receives asyncio's debug-mode reports of steps that ran too long without awaiting."""

    def __init__(self, report):
        import logging

        self.report = report
        self.handler = logging.Handler()
        self.handler.emit = self.emit

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001
            return
        if message.startswith("Executing"):
            self.report("a step of your coroutine ran " + message.rsplit(" took ", 1)[-1] + " without awaiting (a blocking call?)")


def host_run(recorder, fn, args, kwargs):
    """Runs the learner's `fn(*args, **kwargs)`; coroutines on a fresh event loop, in debug
    mode, with time.sleep refused inside them. Blocking calls go to `recorder.blocked`."""
    import logging

    reported = []

    def report(text):
        if text not in reported:
            reported.append(text)
            recorder.blocked(text)

    guard = _GuardedSleep(report)
    patched = [(time, "sleep", time.sleep)]
    time.sleep = guard
    for module in _learner_modules():
        for name, value in list(vars(module).items()):
            if value is _real_sleep:
                patched.append((module, name, value))
                setattr(module, name, guard)
    logger = logging.getLogger("asyncio")
    slow = _SlowStepHandler(report)
    logger.addHandler(slow.handler)
    saved_level = logger.level
    logger.setLevel(logging.WARNING)
    install_event_loop()
    # Pyodide marks its browser loop as running for the whole interpreter: the learner's code
    # gets a plain thread with no loop running, as under CPython.
    outer_loop = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        result = fn(*args, **kwargs)
        if inspect.isawaitable(result):
            result = _run_coroutine(result)
        return result
    finally:
        asyncio.events._set_running_loop(outer_loop)
        logger.removeHandler(slow.handler)
        logger.setLevel(saved_level)
        for target, name, value in reversed(patched):
            setattr(target, name, value)


def _run_coroutine(awaitable):
    async def main():
        return await awaitable

    loop = asyncio.new_event_loop()
    loop.set_debug(True)
    loop.slow_callback_duration = SLOW_STEP_SECONDS
    try:
        return loop.run_until_complete(main())
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()


# ---------------------------------------------------------------------------------------
# Pyodide: an event loop that needs neither sockets nor WebAssembly stack switching


class _NoIOSelector:
    """A selector with nothing to watch: waiting is sleeping until the next timer."""

    def select(self, timeout=None):
        if timeout:
            _real_sleep(min(timeout, 1.0))
        return []

    def get_map(self):
        return {}

    def close(self):
        pass


class _PlainLoop(asyncio.BaseEventLoop):
    """Timers, futures and tasks without I/O: enough for asyncio.run, gather, sleep, queues,
    semaphores and to_thread-free code on Pyodide, where the default loop needs the browser's
    stack switching (not in Node) and socketpair (not in Emscripten)."""

    def __init__(self):
        super().__init__()
        self._selector = _NoIOSelector()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass

    def close(self):
        super().close()


_installed = False


def install_event_loop():
    """On Pyodide, makes asyncio.run() and new_event_loop() use the plain loop."""
    global _installed
    if _installed or sys.platform != "emscripten":
        return
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)

        class _Policy(asyncio.DefaultEventLoopPolicy):
            def new_event_loop(self):
                return _PlainLoop()

        asyncio.set_event_loop_policy(_Policy())
    asyncio.run = asyncio.runners.run = _plain_run
    _installed = True


def _plain_run(main, *, debug=None, loop_factory=None):
    """asyncio.run on Pyodide: Pyodide's own needs stack switching and its browser loop is
    always marked running; this runs `main` to the end on a plain loop, as CPython would."""
    outer = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        with asyncio.Runner(debug=debug, loop_factory=loop_factory or _PlainLoop) as runner:
            return runner.run(main)
    finally:
        asyncio.events._set_running_loop(outer)


def _host_module(request):
    """This module where the learner's code runs: the host (through the isolation session,
    found from a solution-module proxy) or, in-process, this very module."""
    try:
        from .isolation.judge_side import SolutionModule
    except ImportError:  # Pyodide's harness has no isolation package in use
        SolutionModule = None
    if SolutionModule is not None:
        for module in list(sys.modules.values()):
            if type(module) is SolutionModule:
                session = object.__getattribute__(module, "_pd_session")
                return session.remote_module(HOST_MODULE)
    return sys.modules[__name__]


def _concurrency(request):
    """Fixture: slow services and a runner for the learner's concurrent code."""
    yield Concurrency(_host_module(request))


FIXTURES = {"concurrency": _concurrency}

install_event_loop()  # Pyodide: imported ahead of time, so asyncio.run works for all code

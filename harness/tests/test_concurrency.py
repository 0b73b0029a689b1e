"""Tests of the concurrency helpers (pydojo_harness.concurrency): overlap seen without a
stopwatch, limits, blocking calls inside coroutines named, threads; in one process and through
the real judge (the learner's code in the host, the recorder in the judge)."""

import asyncio
import sys
import time
import types
import unittest

from pydojo_harness import concurrency as cmod
from pydojo_harness.fixtures import BUILTIN_FIXTURES

from .judge_process import run_judge


def _helper():
    gen = BUILTIN_FIXTURES["concurrency"](types.SimpleNamespace(module=None, work_dir=".", test_name="t"))
    return next(gen)


async def gathered(service, keys):
    return list(await asyncio.gather(*(service.fetch(k) for k in keys)))


async def sequential(service, keys):
    return [await service.fetch(k) for k in keys]


async def limited(service, keys, limit):
    semaphore = asyncio.Semaphore(limit)

    async def one(key):
        async with semaphore:
            return await service.fetch(key)

    return list(await asyncio.gather(*(one(k) for k in keys)))


async def sleeps_and_swallows(service, keys):
    try:
        time.sleep(0.01)
    except Exception:  # noqa: BLE001 - a learner hiding the error: the judge still sees it
        pass
    return await gathered(service, keys)


async def sync_call_in_async(service, keys):
    return [service.fetch_sync(k) for k in keys]


def pool(service, keys, workers):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(service.fetch_sync, keys))


class InProcessTest(unittest.TestCase):
    def setUp(self):
        self.helper = _helper()
        self.keys = [f"k{i}" for i in range(10)]

    def test_overlap_seen_on_a_virtual_clock(self):
        service = self.helper.slow_service(delay=1.0)
        started = time.monotonic()
        self.assertEqual(self.helper.run(gathered, service, self.keys), [f"result of {k}" for k in self.keys])
        self.assertLess(time.monotonic() - started, 1.0, "nothing really waits a second")
        self.assertEqual(service.max_in_flight, 10)
        self.assertEqual(service.elapsed, 1.0)
        self.assertEqual(service.calls, self.keys)
        service.assert_overlap(10)

    def test_sequential_awaits_are_caught(self):
        service = self.helper.slow_service(delay=1.0)
        self.helper.run(sequential, service, self.keys)
        self.assertEqual((service.max_in_flight, service.elapsed), (1, 10.0))
        with self.assertRaises(AssertionError) as caught:
            service.assert_overlap(10)
        self.assertIn("at most 1 of 10 calls to the slow service were in flight at once", str(caught.exception))
        self.assertIn("asyncio.gather", str(caught.exception))

    def test_a_semaphore_limit(self):
        service = self.helper.slow_service(delay=1.0, results={k: k.upper() for k in self.keys})
        self.assertEqual(self.helper.run(limited, service, self.keys, 3), [k.upper() for k in self.keys])
        self.assertEqual((service.max_in_flight, service.elapsed), (3, 4.0))
        service.assert_at_most_in_flight(3)
        with self.assertRaises(AssertionError) as caught:
            service.assert_at_most_in_flight(2)
        self.assertIn("3 calls to the slow service were in flight at once (at most 2 allowed)", str(caught.exception))

    def test_blocking_sleep_is_named_even_when_swallowed(self):
        service = self.helper.slow_service()
        with self.assertRaises(AssertionError) as caught:
            self.helper.run(sleeps_and_swallows, service, self.keys)
        self.assertIn("your coroutine blocked the event loop: time.sleep(0.01) was called inside a coroutine", str(caught.exception))
        self.assertIs(time.sleep, cmod._real_sleep, "time.sleep is put back")

    def test_a_sync_call_of_the_service_inside_async_is_named(self):
        service = self.helper.slow_service()
        with self.assertRaises(cmod.BlockingCallError) as caught:
            self.helper.run(sync_call_in_async, service, ["a"])
        self.assertIn("service.fetch_sync('a') blocks the event loop", str(caught.exception))

    @unittest.skipIf(sys.platform == "emscripten", "threads are CPython only")
    def test_thread_pool_overlap_and_limit(self):
        service = self.helper.slow_service(delay=1.0, release_at=4, expected=10)
        started = time.monotonic()
        self.assertEqual(self.helper.run(pool, service, self.keys, 4), [f"result of {k}" for k in self.keys])
        self.assertLess(time.monotonic() - started, 0.5, "a pool of 4 is never held by the grace period")
        self.assertEqual((service.max_in_flight, service.elapsed), (4, 3.0))

    @unittest.skipIf(sys.platform == "emscripten", "threads are CPython only")
    def test_sequential_threads_wait_only_briefly(self):
        service = self.helper.slow_service(delay=1.0, release_at=4, grace=0.2)
        started = time.monotonic()
        self.helper.run(pool, service, self.keys, 1)
        self.assertEqual(service.max_in_flight, 1)
        self.assertLess(time.monotonic() - started, 0.2 + 9 * 0.02 + 0.5)

    def test_the_handle_is_not_the_service(self):
        service = self.helper.slow_service()
        with self.assertRaises(TypeError) as caught:
            asyncio.run(gathered(service, ["a"]))
        self.assertIn("concurrency.run(fn, service, ...)", str(caught.exception))

    def test_cancelled_calls_are_recorded(self):
        async def timed_out(service, keys):
            try:
                await asyncio.wait_for(gathered(service, keys), timeout=0.05)
            except asyncio.TimeoutError:
                return "timed out"

        async def abandoned(service, keys):
            tasks = [asyncio.ensure_future(service.fetch(k)) for k in keys]
            await asyncio.sleep(0)
            return len(tasks)

        stuck = self.helper.slow_service(steps=10**9)
        self.assertEqual(self.helper.run(timed_out, stuck, ["a", "b"]), "timed out")
        self.assertEqual(sorted(stuck.cancelled), ["a", "b"])
        self.assertEqual(stuck.in_flight, 0)
        self.assertEqual(stuck.elapsed, 0.0)
        left = self.helper.slow_service(steps=10**9)
        self.assertEqual(self.helper.run(abandoned, left, ["a", "b"]), 2)
        self.assertEqual(left.in_flight, 2)  # never cancelled: the loop closed on them

    def test_bad_release_at(self):
        with self.assertRaises(ValueError):
            self.helper.slow_service(release_at=0)


TESTS = '''
from solution import fetch_all

def test_overlap(concurrency):
    service = concurrency.slow_service(delay=2.0)
    assert concurrency.run(fetch_all, service, ["a", "b", "c"]) == ["result of a", "result of b", "result of c"]
    service.assert_overlap(3)
    assert service.elapsed == 2.0
'''


class ThroughTheJudgeTest(unittest.TestCase):
    def grade(self, solution):
        return run_judge(TESTS, solution)["tests"][0]

    def test_gather_passes(self):
        test = self.grade('''
            import asyncio
            async def fetch_all(service, keys):
                return list(await asyncio.gather(*(service.fetch(k) for k in keys)))
        ''')
        self.assertEqual(test["status"], "pass", test["message"])

    def test_sequential_fails(self):
        test = self.grade('''
            async def fetch_all(service, keys):
                return [await service.fetch(k) for k in keys]
        ''')
        self.assertEqual(test["status"], "fail")
        self.assertIn("at most 1 of 3 calls", test["message"])

    def test_blocking_sleep_fails_with_the_call_named(self):
        test = self.grade('''
            import asyncio
            from time import sleep
            async def fetch_all(service, keys):
                try:
                    sleep(0.5)
                except BaseException:
                    pass
                return list(await asyncio.gather(*(service.fetch(k) for k in keys)))
        ''')
        self.assertEqual(test["status"], "fail")
        self.assertIn("time.sleep(0.5) was called inside a coroutine", test["message"])

    def test_the_learner_cannot_rewrite_the_counts(self):
        test = self.grade('''
            async def fetch_all(service, keys):
                results = [await service.fetch(k) for k in keys]
                recorder = service._SlowService__recorder
                for attempt in ("max_in_flight", "clock"):
                    try:
                        setattr(recorder, attempt, 3 if attempt == "max_in_flight" else 2.0)
                    except Exception as exc:
                        print(type(exc).__name__)
                return results
        ''')
        self.assertEqual(test["status"], "fail")
        self.assertIn("at most 1 of 3 calls", test["message"])
        self.assertIn("PermissionError", test["output"])


    def test_what_the_learners_process_can_and_cannot_do_with_the_recorder(self):
        # Documented (docs/security.md, "Backend and performance helpers"): the service lives in
        # the learner's process, so its recorder is reachable there. Calls made on it the way
        # the service makes them are recorded as the service's (the red team's sequential
        # fetch_all passed assert_overlap this way): overlap is a host-side measurement. What
        # the judge refuses: setting counts, the recorder's private state, finishing a call twice.
        test = self.grade('''
            async def fetch_all(service, keys):
                recorder = service._SlowService__recorder
                for attempt in ("recorder._open", "recorder._results", "recorder.__dict__"):
                    try:
                        eval(attempt)
                    except AttributeError as exc:
                        print("refused:", attempt)
                for name, value in (("in_flight", 0), ("max_in_flight", 3), ("calls", [])):
                    try:
                        setattr(recorder, name, value)
                    except PermissionError:
                        print("refused: set", name)
                tokens = [recorder.start(k) for k in keys]
                results = [recorder.finish(t) for t in tokens]
                try:
                    recorder.finish(tokens[0])
                except ValueError:
                    print("refused: finish twice")
                return results
        ''')
        self.assertEqual(test["output"].count("refused:"), 7, test["output"])
        self.assertEqual(test["status"], "pass", "if this now fails, overlap is no longer forgeable: update docs/security.md")

if __name__ == "__main__":
    unittest.main()

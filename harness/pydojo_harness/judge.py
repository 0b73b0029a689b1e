"""The judge: loads the tests, runs them, and computes the verdict.

In `isolated` mode (CPython runners) the learner's code never runs in this process: the
solution modules are proxies to a separate host process (see isolation/), so nothing the
learner writes can patch the tests, the assertions or this result. In `inproc` mode (Pyodide)
everything shares one interpreter and the verdict is advisory.

Entry points: `python3 -I -S judge.py` (job JSON on stdin, result JSON on stdout) and
`run_job_json(job_json)`.
"""
import importlib
import importlib.machinery
import importlib.util
import json
import linecache
import os
import stat
import sys
import time

if __name__ == "__main__" and __package__ in (None, ""):
    # Run as a script: make the package importable and keep its folder off sys.path.
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.path.insert(0, os.path.dirname(_here))
    __package__ = "pydojo_harness"  # noqa: A001
    importlib.import_module("pydojo_harness")

from pydojo_harness.collect import collect_module  # noqa: E402
from pydojo_harness.execute import Executor, RunContext  # noqa: E402
from pydojo_harness.outcome import Classifier  # noqa: E402
from pydojo_harness.messages import load_error_message  # noqa: E402

SHIM_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shim")


def _module_name(path):
    return path[:-3].replace("/", ".") if path.endswith(".py") else None


class TestSourceFinder:
    """Imports the exercise's test-side files from memory, with assertions rewritten.

    A file is importable by its path from the exercise's root (`tests/test_x.py` is
    `tests.test_x`; a folder is a package whether or not it has an `__init__.py`, whose code
    runs when it has one), and also, as pytest's default import mode makes it, by its path from
    the first folder above it without an `__init__.py` (`test_x`, so a test file's own
    `import helpers` finds `tests/helpers.py`). Those second names never take a name of the
    standard library, of the learner's modules or of one already imported."""

    def __init__(self, files, solution_modules=()):
        self.files = {}
        for f in files:
            name = _module_name(f["path"])
            if name:
                self.files[name[: -len(".__init__")] if name.endswith(".__init__") else name] = f
        paths = {f["path"] for f in files}
        learners = {m.split(".")[0] for m in solution_modules}
        for name, f in list(self.files.items()):
            parts = f["path"][:-3].split("/")
            base = len(parts) - 1
            while base > 0 and "/".join(parts[:base]) + "/__init__.py" in paths:
                base -= 1
            alias = ".".join(p for p in parts[base:] if p != "__init__")
            top = alias.split(".")[0]
            taken = top in sys.stdlib_module_names or top in sys.modules or top in learners
            if alias and alias not in self.files and not taken:
                self.files[alias] = f
        self.packages = {".".join(n.split(".")[:i]) for n in self.files for i in range(1, n.count(".") + 1)}

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.files:
            origin = self.files[fullname]["path"]
            return importlib.machinery.ModuleSpec(fullname, self, origin=origin, is_package=fullname in self.packages)
        if fullname in self.packages:  # a folder of test files without an __init__.py
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        f = self.files.get(module.__name__)
        if f is None:
            return  # a folder: nothing to run
        source, filename = f["source"], f["path"]
        lines = source.splitlines(keepends=True)
        linecache.cache[filename] = (len(source), None, lines, filename)
        module.__file__ = filename
        module.__dict__["__source__"] = source
        code = _precompiled(f, filename)
        if code is None:
            try:
                from pydojo_harness.rewrite import compile_test_module
            except ImportError:  # the rewriter is optional: plain asserts still work
                code = compile(source, filename, "exec")
            else:
                code = compile_test_module(source, filename)
        exec(code, module.__dict__)


# The bytecode's version: read at import (under the fork server, once for all grades).
_MAGIC = importlib.util.MAGIC_NUMBER.hex()


def _precompiled(f, filename):
    """The test file's code as a compile-only run made it for this source (see `compile_tests`),
    when the runner sent it and it was made by this Python: what `compile_test_module` would
    make, without the ~10 ms of parsing, rewriting and compiling in every grade."""
    data = f.get("code")
    if not isinstance(data, str) or f.get("magic") != _MAGIC:
        return None
    import binascii
    import marshal
    import types

    try:
        code = marshal.loads(binascii.a2b_base64(data))
    except (ValueError, EOFError, TypeError, binascii.Error):
        return None
    if not isinstance(code, types.CodeType) or code.co_filename != filename:
        return None
    return code


def compile_tests(job):
    """A compile-only run (`"compile_only": true`): the job's Python test files compiled as a
    grade compiles them (asserts rewritten), as marshal data the runner keeps and sends with
    later grades of the same files. Nothing of a learner's is in such a run; a file that does
    not compile is left out (its grade reports the error)."""
    import binascii
    import marshal

    try:
        from pydojo_harness.rewrite import compile_test_module
    except ImportError:
        return {"compiled": [], "magic": _MAGIC}
    compiled = []
    for f in job.get("tests", []):
        path, source = f.get("path"), f.get("source")
        if not (isinstance(path, str) and path.endswith(".py") and isinstance(source, str)):
            continue
        try:
            code = compile_test_module(source, path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        compiled.append({"path": path, "code": binascii.b2a_base64(marshal.dumps(code), newline=False).decode("ascii")})
    return {"compiled": compiled, "magic": _MAGIC}


def prepare_tests(job_json):
    """Before a browser's first Run of an exercise: its test files compiled as a grade compiles
    them (`compile_test_module` keeps the code, keyed by path and text) and the standard-library
    modules they import imported, so that first Run pays for neither. Runs none of the tests and
    nothing of the learner's: a module that is not the standard library's is left alone."""
    import ast

    job = json.loads(job_json)
    compile_tests(job)
    names = set()
    for f in job.get("tests", []):
        try:
            tree = ast.parse(f.get("source", ""))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    for name in sorted(names):
        if name.split(".")[0] in sys.stdlib_module_names and name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the grade will report it if it matters
                pass


def _patch_unittest_compare():
    """Records both sides of assertEqual so a failure can show expected and actual, and makes
    assertAlmostEqual compare numbers only (below)."""
    import unittest

    from pydojo_harness.isolation.remote import Remote, local_value

    original = unittest.TestCase.assertEqual
    if getattr(original, "_pydojo", False):
        return

    def assert_equal(self, first, second, msg=None):
        try:
            original(self, first, second, msg)
        except AssertionError as exc:
            exc.pydojo_actual = _safe_repr(first)
            exc.pydojo_expected = _safe_repr(second)
            raise

    assert_equal._pydojo = True
    unittest.TestCase.assertEqual = assert_equal
    unittest.TestCase.assertEquals = assert_equal

    # assertAlmostEqual subtracts one side from the other: on a learner's object that is not a
    # number, the learner's own `__sub__` would decide (an object whose difference with anything
    # is 0 would pass). Against a value of the test's, the judge compares numbers only: a
    # learner's subclass of int, float or complex by its built-in value, anything else fails as
    # not a number. Two of the learner's objects (`ComplexNumber(1, 2)` built by the test on
    # both sides) are compared as unittest does, by their class's arithmetic, which the test
    # chose to rely on: there is no value of the test's for a lie to match.
    def numbers_only(check):
        def almost(self, first, second, *args, **kwargs):
            first, second = local_value(first), local_value(second)
            if type(first) is Remote and type(second) is Remote:
                return check(self, first, second, *args, **kwargs)
            for value in (first, second):
                if type(value) is Remote:
                    raise self.failureException(
                        f"{_safe_repr(value)} is not a number: {check.__name__} compares numbers"
                    )
            return check(self, first, second, *args, **kwargs)

        almost.__name__ = check.__name__
        return almost

    unittest.TestCase.assertAlmostEqual = numbers_only(unittest.TestCase.assertAlmostEqual)
    unittest.TestCase.assertNotAlmostEqual = numbers_only(unittest.TestCase.assertNotAlmostEqual)


def _safe_repr(value, limit=2000):
    try:
        text = repr(value)
    except BaseException:  # noqa: BLE001 - any object may refuse to be shown
        text = f"<unprintable {type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "..."


def _builtin_fixtures():
    try:
        from pydojo_harness.fixtures import BUILTIN_FIXTURES
    except ImportError:
        return {}
    return dict(BUILTIN_FIXTURES)


def _is_test_file(path):
    base = os.path.basename(path)
    return base.endswith(".py") and (base.startswith("test_") or base.endswith("_test.py") or base == "tests.py")


DATA_FILES_MAX = 200
DATA_BYTES_MAX = 16 * 1024 * 1024


def _stage_data_files(solution_dir, work_dir, test_files=()):
    """Copies the solution folder's files that are not Python (an exercise's data files, given
    with it, and the learner's own) into the working folder, at the same paths: the learner's
    code and the tests open `data/orders.csv` from where they run, as pytest run in the
    exercise's folder would let them. Before anything of the learner's runs; regular files only,
    never over a file already there, at most DATA_FILES_MAX files and DATA_BYTES_MAX bytes. The
    test files' folders are made too (empty: the tests stay in the judge's memory), so that a
    path such as `tests/../data/x.csv`, built from a test's `__file__`, resolves."""
    import shutil

    for f in test_files:
        folder = os.path.dirname(f.get("path", ""))
        if folder and not folder.startswith((".", "/")) and ".." not in folder.split("/"):
            try:
                os.makedirs(os.path.join(work_dir, folder), exist_ok=True)
            except OSError:
                pass
    count = size = 0
    for folder, dirs, files in os.walk(solution_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".pyc")):
                continue
            source = os.path.join(folder, name)
            rel = os.path.relpath(source, solution_dir)
            target = os.path.join(work_dir, rel)
            try:
                info = os.lstat(source)
                if not stat.S_ISREG(info.st_mode) or os.path.lexists(target):
                    continue
                count, size = count + 1, size + info.st_size
                if count > DATA_FILES_MAX or size > DATA_BYTES_MAX:
                    return
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(source, target, follow_symlinks=False)
            except OSError:
                continue  # a file the judge cannot copy: the learner's code reads it where it is


def run_job(job, loose=None, wait_for_host=True):
    """Grades one job (see docs/harness-protocol.md) and returns the result dict. `loose`
    collects what is printed outside any test (module import, collection, teardown).
    `wait_for_host=False`: the learner's process is killed at the end but not waited for
    (see `serve_grade`)."""
    started = time.perf_counter()
    mode = job.get("mode", "isolated")
    limits = job.get("limits", {})
    work_dir = job["work_dir"]
    if SHIM_DIR not in sys.path:
        sys.path.insert(0, SHIM_DIR)
    test_files = [f for f in job["tests"] if f["path"].endswith(".py")]
    # The test side's other files (schema.sql, fixtures.sql, JSON data): kept in the judge's
    # memory for fixtures such as `db`, never written where the learner's process could read
    # or change them.
    global TEST_DATA
    TEST_DATA = {os.path.basename(f["path"]): f["source"] for f in job["tests"] if not f["path"].endswith(".py")}
    _stage_data_files(job["solution_dir"], work_dir, job["tests"])
    session = None
    if job.get("learner_named_modules"):
        shadow = _shadowing(job, test_files)
        if shadow:
            return _finish(job, started, [], shadow, loose)
    if mode == "isolated":
        from pydojo_harness.isolation.judge_side import start_session

        session = start_session(job)
    else:
        if sys.platform == "emscripten":
            # Pyodide: a plain event loop and asyncio.run that need no stack switching, also
            # when Python started cold (without the snapshot that imports it ahead of time).
            import pydojo_harness.concurrency  # noqa: F401
        from pydojo_harness import perf_host

        perf_host.count_rows()  # rows the learner's code fetches from sqlite3 (perf.operations)
        sys.path.insert(0, job["solution_dir"])
        os.chdir(work_dir)
    finder = TestSourceFinder(test_files, job.get("solution_modules", []))
    sys.meta_path.insert(0, finder)
    modules_before = set(sys.modules)
    _patch_unittest_compare()
    classifier = Classifier([job["solution_dir"]], [f["path"] for f in test_files])
    try:
        items = []
        broken = []  # a project stage's test file that could not be imported: one record each
        skipped = []  # a test file that skipped itself (pytest.skip(allow_module_level), importorskip)
        runnable = [f for f in test_files if _is_test_file(f["path"])] or test_files[:1]
        for f in runnable:
            name = _module_name(f["path"])
            try:
                module = importlib.import_module(name)
            except BaseException as exc:  # noqa: BLE001 - a broken import is a result
                reason = _module_skip(exc, job)
                if reason is not None:
                    skipped.append(_skipped_file(f, reason))
                    continue
                message = load_error_message(exc, f["path"], job, classifier)
                if job.get("learner_named_modules") and isinstance(f.get("task"), int):
                    # Stage 3's tests may import what the learner has not written yet: that
                    # stage errors, and the earlier stages still report their tests.
                    broken.append(_unloadable(f, message))
                    continue
                return _finish(job, started, [], message, loose)
            try:
                collected = collect_module(module, f["source"])
                # A project stage's tests carry their stage as the task of every test in the file.
                if isinstance(f.get("task"), int):
                    for item in collected:
                        if item.task_id is None:
                            item.task_id = f["task"]
                # A hidden file's tests say so in their records (a learner sees only their names).
                if f.get("hidden") is True:
                    for item in collected:
                        item.hidden = True
                items.extend(collected)
            except Exception as exc:  # noqa: BLE001 - e.g. a malformed parametrize: a result
                cause = f" ({type(exc.__cause__).__name__}: {exc.__cause__})" if exc.__cause__ else ""
                message = f"the tests in {f['path']} could not be collected: {type(exc).__name__}: {exc}{cause}"
                return _finish(job, started, [], message, loose)
        if not items and not broken:
            if skipped:
                why = "; ".join(f"{r['name']}: {r['message']}" for r in skipped)
                return _finish(job, started, [], f"no test ran: every test file skipped itself ({why})", loose)
            return _finish(job, started, [], "no tests were found in " + ", ".join(f["path"] for f in runnable), loose)
        ctx = RunContext(classifier, work_dir, int(limits.get("output_bytes", 1024 * 1024)), session)
        from pydojo_harness import perf

        perf.begin_grade(job, session)
        from pydojo_harness import http_client

        http_client.begin_grade(job, session)
        from pydojo_harness import db

        db.begin_grade()
        comments = _review(job)
        executor = _MeasuredExecutor(ctx, _builtin_fixtures)
        executor.seed = job.get("seed")
        records = (executor.run(items) if items else []) + skipped
        if broken:
            records = sorted(records + broken, key=lambda r: r["task_id"] or 0)
        result = _finish(job, started, records, None, loose)
        if comments:
            result["comments"] = comments
        return result
    finally:
        if session is not None:
            session.close(wait=wait_for_host)
        else:
            _forget_run(job, finder, modules_before)


class _MeasuredExecutor(Executor):
    """Attaches what a test measured with `perf` (counts, growth, memory, profile) to its
    result as `performance`, its HTTP exchanges as `http` and its `db` as `database`."""

    seed = None  # the grade's seed: `random` is seeded from it before each test

    def _run_one(self, item):
        from pydojo_harness import perf

        from pydojo_harness import http_client

        from pydojo_harness import db

        perf.begin_test()
        http_client.begin_test()
        db.begin_test()
        _seed_random(self.seed, item.name)
        records = super()._run_one(item)
        performance = perf.take()
        if performance and records:
            records[0]["performance"] = performance
        exchanges = http_client.take()
        if exchanges and records:
            records[0]["http"] = exchanges  # the requests the test sent and what the app answered
        database = db.take()
        if database and records:
            records[0]["database"] = database  # the tables after the test and its query log (informs only)
        return records


def _review(job):
    """Reviewer comments on the learner's source, read as text and parsed, never run here
    (analyzers.py). Before the tests run, so a test can require there are none."""
    from pydojo_harness import analyzers

    return analyzers.review_job(job)


def _forget_run(job, finder, modules_before):
    """In-process mode: leave the interpreter as it was, so the next run imports afresh."""
    sys.meta_path.remove(finder)
    if job["solution_dir"] in sys.path:
        sys.path.remove(job["solution_dir"])
    for name in set(sys.modules) - modules_before:
        if not name.startswith(("pydojo_harness", "pytest")):
            sys.modules.pop(name, None)


NO_TEST_RAN = "no test ran: every test was skipped, so nothing shows that the code works"


def _finish(job, started, records, error, loose=None):
    output = loose.getvalue() if loose is not None else ""
    if loose is not None and loose.truncated:
        output += "\n[output truncated]"
    if error is not None:
        status = "error"
    elif any(r["status"] in ("fail", "error") for r in records):
        status = "fail"
    elif records and all(r["status"] == "skip" for r in records):
        # Nothing ran, so nothing shows the code works: never a pass (src/core/result.ts too).
        status, error = "error", NO_TEST_RAN
    else:
        status = "pass"
    result = {
        "status": status,
        "message": error,
        "tests": records,
        "python": "%d.%d.%d" % sys.version_info[:3],
        "limit": None,
        "harness_ms": round((time.perf_counter() - started) * 1000, 3),
    }
    if output:
        result["output"] = output
    if isinstance(job.get("seed"), int):
        result["seed"] = job["seed"]
    return result


# Names the tests import that a learner's module must not take (project stages, where the
# learner names their own files): a module `random.py`, `pytest.py` or `test_01_x.py` would be
# imported by the tests in place of the real one.
_RESERVED = {"pytest", "_pytest", "pydojo_harness", "conftest", "__main__"}


def _shadowing(job, test_files):
    """A message when one of the learner's modules has the name of a module the tests import
    (the standard library's, pytest's, the harness's or a test module), else None."""
    tests = {(_module_name(f["path"]) or "").split(".")[0] for f in test_files}
    stdlib = set(getattr(sys, "stdlib_module_names", ()))
    for name in sorted({m.split(".")[0] for m in job.get("solution_modules", [])}):
        if name in tests:
            return f"your module {name} has the name of one of the project's test modules: rename it"
        if name in stdlib or name in _RESERVED:
            return (
                f"your module {name} has the name of Python's own module {name!r}, which the tests "
                f"import: rename yours (for example to {name}_utils)"
            )
    return None


def _module_skip(exc, job):
    """Why a test file skipped itself while it was imported, or None when it did not: the shim's
    ``pytest.skip(..., allow_module_level=True)`` or ``importorskip`` of a module that is not
    there (not the learner's own: their module failing to import is their error, not a skip)."""
    from pydojo_harness.outcome import _shim_outcomes

    skipped_class = _shim_outcomes()[0]
    if skipped_class is None or type(exc) is not skipped_class or not exc.allow_module_level:
        return None
    module = getattr(exc, "module", None)
    if isinstance(module, str):
        own = {m.split(".")[0] for m in job.get("solution_modules", [])}
        if module.split(".")[0] in own:
            return None
    return str(exc) or "skipped"


def _skipped_file(test_file, reason):
    """The record of a test file that skipped itself, as pytest reports it (one skip)."""
    record = {
        "name": os.path.basename(test_file["path"]),
        "status": "skip",
        "message": reason,
        "output": None,
        "test_code": "",
        "task_id": test_file.get("task") if isinstance(test_file.get("task"), int) else None,
        "duration_ms": 0.0,
        "limit": None,
    }
    if test_file.get("hidden") is True:
        record["hidden"] = True
    return record


def _unloadable(test_file, message):
    """The record of a test file that could not be imported (a project stage's)."""
    record = {
        "name": f"{os.path.basename(test_file['path'])} could not run",
        "status": "error",
        "message": message,
        "output": None,
        "test_code": "",
        "task_id": test_file["task"],
        "duration_ms": 0.0,
        "limit": None,
    }
    if test_file.get("hidden") is True:
        record["hidden"] = True
    return record


def _seed_random(seed, test_name):
    """Seeds `random` before a test, from the grade's seed and the test's name: tests that draw
    their inputs with `random` get new inputs each grade and the same ones for the same seed."""
    if isinstance(seed, int):
        from pydojo_harness.isolation import mirror

        mirror.seed_quietly(f"{seed}:{test_name}")  # not the learner's process's seed


def run_job_json(job_json):
    """In-process entry point (Pyodide): job JSON in, result JSON out."""
    return json.dumps(run_job(json.loads(job_json)))


def _preload():
    """Imports everything a grade needs before the job arrives, so a pre-started judge that is
    waiting on stdin has already paid for it."""
    import socket  # noqa: F401 - the standard library the judge-only modules need (see
    import sqlite3  # noqa: F401 - _preload_judge_only): under the fork server, shared by all

    import typing  # noqa: F401 - every grade's protocols.install uses it
    import unittest  # noqa: F401

    import pydojo_harness.isolation.judge_side  # noqa: F401
    import pydojo_harness.perf_host  # noqa: F401 - the forked host inherits it (perf.py)
    import pydojo_harness.http_host  # noqa: F401 - the forked host inherits it (http_client.py)
    import pydojo_harness.rewrite  # noqa: F401

    if SHIM_DIR not in sys.path:
        sys.path.insert(0, SHIM_DIR)
    import pytest  # noqa: F401


def _preload_judge_only():
    """What only the judge uses during a grade (measuring, the HTTP client, the `db` fixture, the
    reviewer), imported once the host is forked, so the learner's process never holds it, and
    before the job is read, so a judge started ahead of its grade has paid for it: about 8 ms of
    every grade's time, spent while waiting instead. The fork server imports them once for all
    its judges (here a no-op), and the host forgets them (prefork._JUDGE_ONLY)."""
    from pydojo_harness import analyzers, db, http_client, perf  # noqa: F401


VERDICT_FD = 3  # the runner's private pipe for the verdict; no learner process holds it
TEST_DATA = {}  # file name -> text of the job's non-Python test files (see run_job)
SUBJECT_FD = 4  # write-the-tests: the code under test, for the host only (see prefork.py)
LOOSE_OUTPUT_LIMIT = 64 * 1024


def _fd_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def _seal_stdio():
    """Points fd 1 and `sys.stdout`/`sys.stderr` away from everything the runner reads, so no
    byte the learner's code makes the judge write (at import, collection, teardown or exit)
    can land next to the verdict. Output outside any test is kept in a bounded buffer and put
    into the result."""
    from pydojo_harness.capture import BoundedWriter

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    loose = BoundedWriter(LOOSE_OUTPUT_LIMIT)
    sys.stdout = loose
    sys.__stdout__ = loose
    return loose


def write_verdict(fd, result, nonce):
    """One framed record: `PYDOJO-VERDICT <nonce> <length>\n<json>`. The runner accepts only a
    record with the nonce it chose for this grade, of exactly that length, and nothing after it."""
    body = json.dumps(result).encode("utf-8")
    data = b"PYDOJO-VERDICT %s %d\n" % ((nonce or "-").encode("ascii"), len(body)) + body
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_job(fd):
    """The job, read whole from `fd` (the runner closes its end after writing it). Read from the
    descriptor, not `sys.stdin`, whose buffer a forked judge may share with its parent."""
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return json.loads(b"".join(chunks).decode("utf-8"))
        chunks.append(chunk)


def serve_grade(verdict_fd, subject_fd):
    """One grade in this process: seal stdio, fork the host, read the job from fd 0, run it,
    write the verdict to `verdict_fd` and leave. Used by `main` and by each grade the zygote forks."""
    os.set_inheritable(verdict_fd, False)
    loose = _seal_stdio()
    _preload()
    from pydojo_harness.isolation.judge_side import prefork_host

    # Before the job (and its tests) is read: the host never holds them. It keeps the subject
    # pipe (fd 4) for a write-the-tests run; the judge lets go of it at once.
    prefork_host(subject_fd, keep_out=verdict_fd)
    _preload_judge_only()
    from pydojo_harness.isolation.prefork import populate_private_pages

    # While the judge waits for its job (a slot forked ahead of its grade): its own copy of the
    # pages it would otherwise copy one fault at a time during the grade (the host does the same).
    populate_private_pages()
    job = _read_job(0)
    # Nothing more comes in: under the fork server fd 0 is the same connection as the verdict's,
    # so it must not stay writable while the tests run.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    nonce = job.pop("nonce", None)
    # As PID 1 of the grade's own PID namespace (a slot of the fork server), leaving right after
    # the verdict, the judge does not wait for the learner's process it killed: the kernel reaps
    # it when the namespace ends. Elsewhere (started by bubblewrap, by the local runner or by
    # hand) it reaps its host itself: left to the machine's PID 1, the host would stay a zombie
    # where that process never reaps (a container whose first process is the server).
    in_own_namespace = os.getpid() == 1
    if job.get("compile_only") is True:
        result = compile_tests(job)
    else:
        result = run_job(job, loose, wait_for_host=not in_own_namespace)
    write_verdict(verdict_fd, result, nonce)
    os.close(verdict_fd)
    # Nothing may run after the verdict: no atexit hooks, finalizers or buffered writes.
    os._exit(0)


def main():
    # The verdict goes to fd 3 when the runner opened it (the CPython runners do); started by
    # hand (harness tests, debugging), to the stdout we were started with.
    verdict_fd = VERDICT_FD if _fd_open(VERDICT_FD) else os.dup(1)
    if "--no-copy-ahead" in sys.argv[1:]:
        # Started while other grades run: the host copies the pages it writes, as it writes
        # them, instead of all of them ahead on a core another grade needs (prefork.copy_ahead).
        from pydojo_harness.isolation import prefork

        prefork.copy_ahead(False)
    serve_grade(verdict_fd, SUBJECT_FD if _fd_open(SUBJECT_FD) else None)


if __name__ == "__main__":
    # Started as a script: one module under both names, so helpers that look the judge up
    # (db.py reads TEST_DATA) find this run's state, not a second, fresh copy.
    sys.modules.setdefault("pydojo_harness.judge", sys.modules[__name__])
    main()

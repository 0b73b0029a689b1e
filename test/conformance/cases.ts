/**
 * The runner conformance cases: every runner adapter must produce these results. Each case is
 * a tiny exercise (tests + the learner's `solution.py`) and an assertion on the result.
 */
import { expect } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { DEFAULT_LIMITS, type GradeJob } from "../../src/runners/runner.js";

export interface Case {
  name: string;
  tests: string;
  solution: string;
  /** Runners this case does not apply to, with the reason (documented, never silent). */
  only?: "isolated" | "sandbox";
  limits?: Partial<GradeJob["limits"]>;
  /** `isolated` is false for in-process runners (no per-test time limit there). */
  check(result: GradeResult, isolated: boolean): void;
}

export function jobFor(c: Case): GradeJob {
  return {
    tests: [{ path: "solution_test.py", content: c.tests }],
    solution: [{ path: "solution.py", content: c.solution }],
    solutionModules: ["solution"],
    limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 2, timeoutSeconds: 30, ...c.limits },
  };
}

const ADD_TESTS = `import pytest
from solution import add

def test_small():
    assert add(1, 2) == 3

def test_negative():
    assert add(-1, -1) == -2
`;

const statuses = (r: GradeResult) => r.tests.map((t) => [t.name, t.status]);

/** Tests that must never pass: the learner's code tries to forge a verdict. */
const CHEAT_TESTS = `from solution import answer

def test_answer():
    assert answer() == "the real answer"

def test_answer_again():
    assert answer() == "the real answer"
`;

function neverPasses(r: GradeResult) {
  expect(r.status).not.toBe("pass");
  for (const t of r.tests) expect(t.status).not.toBe("pass");
}

export const CASES: Case[] = [
  {
    name: "all tests pass",
    tests: ADD_TESTS,
    solution: "def add(a, b):\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("pass");
      expect(r.message).toBeNull();
      expect(statuses(r)).toEqual([
        ["small", "pass"],
        ["negative", "pass"],
      ]);
      expect(r.tests[0]).toMatchObject({
        test_code: "assert add(1, 2) == 3",
        task_id: null,
        output: null,
        limit: null,
      });
    },
  },
  {
    name: "partial failure shows both sides",
    tests: ADD_TESTS,
    solution: "def add(a, b):\n    return abs(a) + abs(b)\n",
    check(r) {
      expect(r.status).toBe("fail");
      expect(statuses(r)).toEqual([
        ["small", "pass"],
        ["negative", "fail"],
      ]);
      const failed = r.tests[1]!;
      expect(failed.message).toMatch(/assert 2 == -2/);
      expect([failed.actual, failed.expected]).toEqual(["2", "-2"]);
    },
  },
  {
    name: "all fail",
    tests: ADD_TESTS,
    solution: "def add(a, b):\n    return 0\n",
    check(r) {
      expect(r.status).toBe("fail");
      expect(statuses(r)).toEqual([
        ["small", "fail"],
        ["negative", "fail"],
      ]);
    },
  },
  {
    name: "syntax error names file and line",
    tests: ADD_TESTS,
    solution: "def add(a, b)\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("error");
      expect(r.tests).toEqual([]);
      expect(r.message).toMatch(/^SyntaxError in solution\.py, line 1: /);
    },
  },
  {
    name: "import error in the learner's file",
    tests: ADD_TESTS,
    solution: "import no_such_module_xyz\n\ndef add(a, b):\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("error");
      expect(r.message).toMatch(/ModuleNotFoundError: No module named 'no_such_module_xyz'/);
      expect(r.message).toMatch(/File "solution\.py", line 1/);
    },
  },
  {
    name: "missing name is named",
    tests: ADD_TESTS,
    solution: "def plus(a, b):\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("error");
      expect(r.message).toMatch(/solution\.py does not define `add`/);
    },
  },
  {
    name: "empty file",
    tests: ADD_TESTS,
    solution: "",
    check(r) {
      expect(r.status).toBe("error");
      expect(r.message).toMatch(/solution\.py is empty/);
    },
  },
  {
    name: "stdout per test, clipped at 500 characters",
    tests: ADD_TESTS,
    solution:
      "def add(a, b):\n    print('adding', a, b)\n    if a < 0:\n        print('x' * 600)\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("pass");
      expect(r.tests[0]!.output).toBe("adding 1 2\n");
      expect(r.tests[1]!.output!.length).toBeGreaterThan(500);
      // The start and the end are kept: the end of a traceback names the exception.
      expect(r.tests[1]!.output).toMatch(
        /^adding -1 -1\nx+\n\[output truncated: 114 of 614 characters left out here; the first 100 and the last 400 are shown\]\nx+\n$/,
      );
    },
  },
  {
    name: "subtests and task ids (unittest with pytest marks)",
    tests: `import unittest
import pytest
from solution import add

class AddTest(unittest.TestCase):
    @pytest.mark.task(taskno=1)
    def test_many(self):
        for a, b, want in [(1, 1, 2), (2, 2, 5), (3, 3, 6)]:
            with self.subTest(a=a, b=b):
                self.assertEqual(add(a, b), want)

    @pytest.mark.task(taskno=2)
    def test_zero(self):
        self.assertEqual(add(0, 0), 0)
`,
    solution: "def add(a, b):\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("fail");
      expect(r.tests.map((t) => [t.name, t.status, t.task_id])).toEqual([
        ["Add > many", "fail", 1],
        ["Add > many (a=2, b=2)", "fail", 1],
        ["Add > zero", "pass", 2],
      ]);
      expect(r.tests[1]!.message).toMatch(/4 != 5/);
      // Exercism's runner: the parent says its variations failed; each failing one has its own entry.
      expect(r.tests[0]!.message).toBe(
        "One or more variations of this test failed. Details can be found under each [variant#].",
      );
    },
  },
  {
    name: "unicode in code, values and output",
    tests: `from solution import greet\n\ndef test_greet():\n    assert greet("Zoë") == "¡Hola, Zoë! ✓ 日本"\n`,
    solution: `def greet(name):\n    print("→", name)\n    return f"¡Hola, {name}! ✓ 日本"\n`,
    check(r) {
      expect(r.status).toBe("pass");
      expect(r.tests[0]!.output).toBe("→ Zoë\n");
    },
  },
  {
    name: "infinite loop ends that test with a named timeout; later tests still run",
    tests: `from solution import spin, add\n\ndef test_spin():\n    spin()\n\ndef test_after():\n    assert add(2, 2) == 4\n`,
    solution: "def spin():\n    while True:\n        pass\n\ndef add(a, b):\n    return a + b\n",
    // The whole-run limit is far above the per-test one: this case is about the per-test
    // limit, and a loaded CI machine must not turn it into a whole-run timeout.
    limits: { testTimeoutSeconds: 1, timeoutSeconds: 60 },
    check(r, isolated) {
      expect(r.status).toBe("fail");
      expect(r.tests[0]).toMatchObject({ name: "spin", status: "error", limit: "timeout" });
      // Isolated runners kill the learner's process; in-process runners interrupt the test.
      expect(r.tests[0]!.message).toMatch(
        isolated ? /timeout after 1 s/ : /^timeout: the test was stopped/,
      );
      expect(r.tests[1]).toMatchObject({ name: "after", status: "pass" });
    },
  },
  {
    name: "memory bomb ends in a named memory limit",
    tests: `from solution import hog\n\ndef test_hog():\n    hog()\n`,
    solution:
      "def hog():\n    blocks = []\n    while True:\n        blocks.append(bytearray(16 * 1024 * 1024))\n",
    limits: { memoryMb: 128, testTimeoutSeconds: 10 },
    check(r) {
      expect(r.status).toBe("fail");
      expect(r.tests[0]).toMatchObject({ status: "error", limit: "memory" });
      expect(r.tests[0]!.message).toMatch(/memory limit 128 MB exceeded/);
    },
  },
  {
    name: "output flood is truncated and named",
    tests: `from solution import flood\n\ndef test_flood():\n    assert flood() == 1\n`,
    solution:
      "def flood():\n    for i in range(200000):\n        print('spam' * 20)\n    return 1\n",
    limits: { outputKb: 64, testTimeoutSeconds: 20 },
    check(r) {
      expect(r.tests[0]).toMatchObject({ status: "pass", limit: "output" });
      expect(r.tests[0]!.message).toMatch(/output truncated at 64 KB/);
      expect(r.tests[0]!.output!.length).toBeLessThan(700);
    },
  },
  {
    name: "the environment of the grading process is not visible",
    tests: `from solution import peek\n\ndef test_env():\n    assert peek() == []\n`,
    solution:
      "import os\n\ndef peek():\n    return sorted(k for k, v in os.environ.items() if 'PYDOJO_CONFORMANCE_SECRET' in k or 's3cr3t-value' in v)\n",
    check(r) {
      expect(r.status).toBe("pass");
    },
  },
  {
    name: "isinstance with the learner's runtime_checkable Protocol and the tests' objects",
    tests: `from typing import Protocol, runtime_checkable
import solution
from solution import Exporter, export_all

class MyExporter:
    def export(self):
        return "mine"

class NotAnExporter:
    pass

@runtime_checkable
class Greets(Protocol):
    def greet(self) -> str: ...

def test_in_the_tests():
    assert isinstance(MyExporter(), solution.Exporter)
    assert not isinstance(NotAnExporter(), Exporter)
    assert issubclass(MyExporter, Exporter)

def test_in_the_learners_code():
    assert export_all([MyExporter(), NotAnExporter(), solution.Own()]) == ["mine", "own"]

def test_a_protocol_of_the_tests():
    assert isinstance(solution.Own(), Greets)
`,
    solution: `from typing import Protocol, runtime_checkable

@runtime_checkable
class Exporter(Protocol):
    def export(self) -> str: ...

class Own:
    def export(self):
        return "own"

    def greet(self):
        return "hi"

def export_all(items):
    return [item.export() for item in items if isinstance(item, Exporter)]
`,
    check(r) {
      expect(r.tests.map((t) => [t.name, t.status, t.message])).toEqual([
        ["in_the_tests", "pass", null],
        ["in_the_learners_code", "pass", null],
        ["a_protocol_of_the_tests", "pass", null],
      ]);
    },
  },
  {
    name: "parametrize ids callable is called per value, None falls back to the automatic id",
    tests: `import pytest
from solution import add

def idfn(value):
    return f"n{value}" if isinstance(value, int) and value > 1 else None

@pytest.mark.parametrize("a,b,want", [(1, 1, 2), (2, None, 2), (0, 3, 3)], ids=idfn)
def test_add(a, b, want):
    assert add(a, b or 0) == want
`,
    solution: "def add(a, b):\n    return a + b\n",
    check(r) {
      expect(statuses(r)).toEqual([
        ["add[1-1-n2]", "pass"],
        ["add[n2-None-n2]", "pass"],
        ["add[0-n3-n3]", "pass"],
      ]);
    },
  },
  {
    name: "membership asserts say what was (not) found, with no expected/actual sides",
    tests: `from solution import tags

def test_has():
    assert "python" in tags()

def test_has_not():
    assert "draft" not in tags()
`,
    solution: "def tags():\n    return ['news', 'draft']\n",
    check(r) {
      expect(r.tests.map((t) => [t.name, t.status, t.expected ?? null, t.actual ?? null])).toEqual([
        ["has", "fail", null, null],
        ["has_not", "fail", null, null],
      ]);
      expect(r.tests[0]!.message).toMatch(
        /assert 'python' in \['news', 'draft'\]\n'python' was not found among the 2 items of the list\n where \['news', 'draft'\] = tags\(\)/,
      );
      expect(r.tests[1]!.message).toMatch(
        /assert 'draft' not in \['news', 'draft'\]\n'draft' should not be in the list, but it is, at index 1/,
      );
    },
  },
  {
    name: "a test's with block hands its exception to the learner's __exit__, as in one process",
    tests: `import pytest
import solution
from solution import Recorder, Translates, LearnerError, guarded

class TestError(Exception):
    pass

def test_builtin_exception_reaches_exit_and_propagates():
    rec = Recorder()
    with pytest.raises(ValueError, match="declined"):
        with rec as value:
            assert value == "entered"
            raise ValueError("card declined")
    assert rec.saw(ValueError) == "ValueError: card declined"

def test_a_tests_exception_class():
    rec = Recorder()
    with pytest.raises(TestError):
        with rec:
            raise TestError("disk full")
    assert rec.saw(TestError) == "TestError: disk full"
    assert rec.saw(ValueError) == "not a ValueError"

def test_the_learners_exception_class():
    rec = Recorder()
    with pytest.raises(LearnerError):
        with rec:
            solution.fail()
    assert rec.saw(LearnerError) == "LearnerError: from the learner"

def test_a_true_return_swallows():
    with Recorder(swallow=True):
        raise KeyError("k")

def test_an_exception_in_exit_reaches_the_test():
    with pytest.raises(LearnerError, match="missing key"):
        with Translates():
            raise KeyError("k")

def test_contextmanager_sees_it_at_its_yield():
    with pytest.raises(ValueError):
        with guarded() as value:
            assert value == "resource"
            raise ValueError("bad")
    assert solution.events == ["caught bad", "finally"]
`,
    solution: `from contextlib import contextmanager

class LearnerError(Exception):
    pass

class Recorder:
    def __init__(self, swallow=False):
        self.swallow = swallow
        self.seen = None

    def __enter__(self):
        return "entered"

    def __exit__(self, exc_type, exc, tb):
        self.seen = (exc_type, exc)
        return self.swallow

    def saw(self, cls):
        exc_type, exc = self.seen
        if not (issubclass(exc_type, cls) and isinstance(exc, cls)):
            return f"not a {cls.__name__}"
        return f"{exc_type.__name__}: {exc}"

class Translates:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, KeyError):
            raise LearnerError("missing key") from exc
        return False

def fail():
    raise LearnerError("from the learner")

events = []

@contextmanager
def guarded():
    try:
        yield "resource"
    except ValueError as exc:
        events.append(f"caught {exc}")
        raise
    finally:
        events.append("finally")
`,
    check(r) {
      expect(r.tests.map((t) => [t.name, t.status, t.message])).toEqual([
        ["builtin_exception_reaches_exit_and_propagates", "pass", null],
        ["a_tests_exception_class", "pass", null],
        ["the_learners_exception_class", "pass", null],
        ["a_true_return_swallows", "pass", null],
        ["an_exception_in_exit_reaches_the_test", "pass", null],
        ["contextmanager_sees_it_at_its_yield", "pass", null],
      ]);
    },
  },
  {
    name: "Cls.__new__(Cls) on a learner's class makes an instance without __init__",
    tests: `from solution import Point

def test_new():
    p = Point.__new__(Point)
    assert isinstance(p, Point)
    p.x, p.y = 3, 4
    assert p.norm() == 5
    p.__init__(6, 8)
    assert p.norm() == 10
`,
    solution: `class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
`,
    check(r) {
      expect(r.tests.map((t) => [t.name, t.status, t.message])).toEqual([["new", "pass", null]]);
    },
  },
  {
    name: "object.__new__ of a learner's class says to write Cls.__new__(Cls)",
    // In one process object.__new__ works; with two, the class is a proxy in the tests.
    only: "isolated",
    tests: `from solution import Point

def test_new():
    object.__new__(Point)
`,
    solution: "class Point:\n    pass\n",
    check(r) {
      expect(r.tests[0]).toMatchObject({ status: "error" });
      expect(r.tests[0]!.message).toMatch(/not a type object[\s\S]*write cls\.__new__\(cls\)/);
    },
  },
  // --- cheats: the verdict must not be forgeable (isolated runners) ---
  {
    name: "cheat: sys.exit(0) at import",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution: "import sys\nsys.exit(0)\n",
    check(r) {
      neverPasses(r);
      expect(r.message).toMatch(/sys\.exit/);
    },
  },
  {
    name: "cheat: os._exit(0) during a test",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution: "import os\n\ndef answer():\n    os._exit(0)\n",
    check(r) {
      neverPasses(r);
      expect(r.tests[0]!.message).toMatch(/ended the process/);
    },
  },
  {
    name: "cheat: printing a fake passing result",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution:
      'import json, os, sys\nfake = json.dumps({"status": "pass", "message": None, "tests": [], "python": "3", "limit": None})\nprint(fake)\nsys.__stdout__.write(fake)\nos.write(1, fake.encode())\nos.write(2, fake.encode())\n\ndef answer():\n    print(fake)\n    return "wrong"\n',
    check: neverPasses,
  },
  {
    name: "cheat: patching unittest and the assertion machinery",
    only: "isolated",
    tests: `import unittest\nfrom solution import answer\n\nclass AnswerTest(unittest.TestCase):\n    def test_answer(self):\n        self.assertEqual(answer(), "the real answer")\n`,
    solution:
      "import unittest, builtins\nunittest.TestCase.assertEqual = lambda *a, **k: None\nunittest.TestResult.addFailure = lambda *a, **k: None\nbuiltins.AssertionError = type('Nope', (Exception,), {})\n\ndef answer():\n    return 'wrong'\n",
    check: neverPasses,
  },
  {
    name: "cheat: swapping builtins",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution:
      "import builtins\nbuiltins.repr = lambda o: \"'the real answer'\"\nbuiltins.isinstance = lambda *a: True\nbuiltins.len = lambda o: 0\n\ndef answer():\n    return 'wrong'\n",
    check: neverPasses,
  },
  {
    name: "cheat: atexit hook printing a pass",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution:
      'import atexit, os\natexit.register(lambda: os.write(1, b\'{"status": "pass", "tests": []}\'))\n\ndef answer():\n    raise SystemExit(0)\n',
    check: neverPasses,
  },
  {
    name: "cheat: reading the tests through the call stack",
    only: "isolated",
    tests: `from solution import answer\n\ndef test_answer():\n    expected = "secret " + "value"\n    assert answer() == expected\n`,
    solution:
      "import sys, inspect\n\ndef answer():\n    for frame in inspect.stack():\n        if 'expected' in frame.frame.f_locals:\n            return frame.frame.f_locals['expected']\n    try:\n        return sys._getframe(1).f_globals.get('expected', 'not found')\n    except Exception:\n        return 'not found'\n",
    check: neverPasses,
  },
  {
    name: "cheat: an object that claims to equal anything",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution:
      "class Anything(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n\nclass Whatever:\n    def __eq__(self, other):\n        return True\n\ndef answer():\n    return Anything('wrong') if answer.calls == 0 else Whatever()\nanswer.calls = 0\n",
    check: neverPasses,
  },
  {
    name: "cheat: reading the test file from disk",
    only: "isolated",
    tests: `from solution import answer\n\ndef test_answer():\n    assert answer() == "hidden-" + "token-42"\n`,
    solution:
      "import glob, os\n\ndef answer():\n    for pattern in ['/**/*_test.py', os.getcwd() + '/**/*test*.py', '/proc/*/cmdline']:\n        for path in glob.glob(pattern, recursive=True):\n            try:\n                text = open(path).read()\n            except Exception:\n                continue\n            if 'hidden-' in text:\n                return 'hidden-token-42'\n    return 'not found'\n",
    check: neverPasses,
  },
  {
    name: "cheat: writing to the judge's stdout through /proc",
    only: "isolated",
    tests: CHEAT_TESTS,
    solution:
      'import os\n\ndef answer():\n    fake = b\'{"status": "pass", "message": null, "tests": [], "python": "3", "limit": null}\'\n    for pid in [os.getppid(), 1, 2, 3]:\n        for fd in (1, 3, 4):\n            try:\n                with open(f"/proc/{pid}/fd/{fd}", "wb") as f:\n                    f.write(fake)\n            except Exception:\n                pass\n    os._exit(0)\n',
    check: neverPasses,
  },
  {
    name: "performance: counted cost is the same twice, growth classes, judge-side comparisons",
    tests: `from pydojo_harness import perf
from solution import bubble, merge, total

def test_counts_twice():
    _, first = perf.operations(total, list(range(50)))
    value, second = perf.operations(total, list(range(50)))
    assert value == 1225
    assert first == second and first["lines"] > 50 and first["calls"] == 1

def test_growth_classes():
    counter = perf.Counter("comparisons")
    fast = perf.growth(merge, lambda n: perf.values([(i * 37 + 11) % n for i in range(n)], counter), [16, 32, 64, 128], cost=counter)
    slow = perf.growth(bubble, lambda n: perf.values(list(range(n, 0, -1)), counter), [8, 16, 32, 64], cost=counter)
    lines = perf.growth(total, lambda n: list(range(n)), [10, 20, 40, 80])
    assert (fast.cls, slow.cls, lines.cls) == ("n log n", "quadratic", "linear")
    perf.assert_growth_at_most(slow, "n log n")
`,
    solution: `def total(items):
    s = 0
    for x in items:
        s += x
    return s

def bubble(items):
    items = list(items)
    for i in range(len(items)):
        for j in range(len(items) - 1 - i):
            if items[j + 1] < items[j]:
                items[j], items[j + 1] = items[j + 1], items[j]
    return items

def merge(items):
    if len(items) <= 1:
        return list(items)
    left, right = merge(items[: len(items) // 2]), merge(items[len(items) // 2 :])
    out = []
    while left and right:
        out.append(left.pop(0) if left[0] <= right[0] else right.pop(0))
    return out + left + right
`,
    check(r, isolated) {
      expect(statuses(r)).toEqual([
        ["counts_twice", "pass"],
        ["growth_classes", "fail"],
      ]);
      const [counts, growth] = r.tests;
      if (!counts || !growth) throw new Error("two tests expected");
      expect(counts.performance?.counts?.[0]).toMatchObject({ unit: "line events", calls: 1 });
      expect(counts.performance?.counts?.[0]?.value).toBe(counts.performance?.counts?.[1]?.value);
      const series = growth.performance?.growth ?? [];
      expect(series.map((g) => [g.class, g.source])).toEqual([
        ["n log n", isolated ? "judge" : "in-process"],
        ["quadratic", isolated ? "judge" : "in-process"],
        ["linear", isolated ? "host" : "in-process"],
      ]);
      expect(series[1]?.points.map((p) => p.cost)).toEqual([28, 120, 496, 2016]);
      expect(growth.message).toContain(
        "bubble()'s cost grows like n²: 496 for n = 32, 2,016 for n = 64",
      );
    },
  },
  {
    name: "performance: peak memory and a profile are attached to the test",
    tests: `from pydojo_harness import perf
from solution import loaded, streamed

def test_memory_and_profile():
    a, streaming = perf.peak_memory(streamed, 20000)
    b, loading = perf.peak_memory(loaded, 20000)
    assert a == b
    assert streaming * 20 < loading, (streaming, loading)
    _, rows = perf.profile(loaded, 20000)
    assert any(row["function"] == "loaded" and row["mine"] for row in rows), rows
`,
    solution: `def streamed(n):
    return sum(i * i for i in range(n))

def loaded(n):
    return sum([i * i for i in range(n)])
`,
    check(r) {
      expect(statuses(r)).toEqual([["memory_and_profile", "pass"]]);
      const perf = r.tests[0]?.performance;
      expect(perf?.memory?.map((m) => m.label)).toEqual(["streamed()", "loaded()"]);
      expect(perf?.memory?.[1]?.peak_bytes).toBeGreaterThan(150_000);
      expect(perf?.profile?.[0]?.rows.find((row) => row.function === "loaded")).toMatchObject({
        file: "solution.py",
        line: 4,
        calls: 1,
        mine: true,
      });
    },
  },
  {
    name: "review comments on the learner's source, without changing the verdict",
    tests: ADD_TESTS,
    solution:
      'def add(a, b, seen=[]):\n    try:\n        return a + b\n    except:\n        return None\n\ndef label(x):\n    return "one" if x is 1 else "other"\n',
    check(r) {
      expect(r.status).toBe("pass");
      expect(r.comments?.map((c) => [c.id, c.severity, c.line, c.file])).toEqual([
        ["mutable-default", "essential", 1, "solution.py"],
        ["bare-except", "actionable", 4, "solution.py"],
        ["is-literal", "essential", 8, "solution.py"],
      ]);
      expect(r.comments?.[0]?.lesson).toBe("python-backend/functions-and-exceptions");
    },
  },
  {
    name: "cheat: patching the host's measurements does not change judge-side counts",
    only: "isolated",
    tests: `from pydojo_harness import perf
from solution import slow_sort

def test_comparisons():
    counter = perf.Counter("comparisons")
    result = perf.growth(slow_sort, lambda n: perf.values(list(range(n, 0, -1)), counter), [8, 16, 32, 64], cost=counter)
    perf.assert_growth_at_most(result, "n log n")
`,
    solution: `import sys

for name, module in list(sys.modules.items()):
    if name.startswith("pydojo_harness"):
        for attr in ("count_operations", "count_series", "peak_memory"):
            if hasattr(module, attr):
                setattr(module, attr, lambda *a, **k: {"lines": 0, "calls": 0, "peak_bytes": 0, "value": None})

def slow_sort(items):
    items = list(items)
    for i in range(len(items)):
        for j in range(len(items) - 1 - i):
            if items[j + 1] < items[j]:
                items[j], items[j + 1] = items[j + 1], items[j]
    return items
`,
    check(r) {
      neverPasses(r);
      expect(r.tests[0]?.performance?.growth?.[0]).toMatchObject({
        class: "quadratic",
        source: "judge",
      });
    },
  },
  // -- databases and concurrency (docs/exercise-format.md#databases, #concurrency) --------
  {
    name: "sqlite3: the learner's code opens a database and runs queries",
    tests: `from solution import titles

def test_titles():
    assert titles() == ["Dune", "Emma"]
`,
    solution:
      'import sqlite3\n\ndef titles():\n    conn = sqlite3.connect(":memory:")\n    conn.execute("CREATE TABLE books (title TEXT)")\n    conn.executemany("INSERT INTO books VALUES (?)", [("Emma",), ("Dune",)])\n    return [t for (t,) in conn.execute("SELECT title FROM books ORDER BY title")]\n',
    check(r) {
      expect(statuses(r)).toEqual([["titles", "pass"]]);
    },
  },
  {
    name: "db fixture: the query log catches one query per item, EXPLAIN sees the scan",
    tests: `from solution import totals

DB_SCHEMA = """
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, amount INTEGER);
INSERT INTO orders (customer, amount) VALUES (1, 5), (1, 7), (2, 1), (3, 4);
"""

def test_totals(db):
    assert totals(db.connection, [1, 2, 3]) == {1: 12, 2: 1, 3: 4}

def test_queries(db):
    totals(db.connection, [1, 2, 3])
    db.queries.assert_at_most(1, "SELECT", what="3 customers", hint="one query per customer: use GROUP BY")

def test_index(db):
    totals(db.connection, [1, 2, 3])
    db.assert_queries_use_index("orders", "add an index on orders(customer)")
`,
    solution:
      'def totals(conn, customers):\n    return {c: conn.execute("SELECT sum(amount) FROM orders WHERE customer = ?", (c,)).fetchone()[0] for c in customers}\n',
    check(r) {
      expect(statuses(r)).toEqual([
        ["totals", "pass"],
        ["queries", "fail"],
        ["index", "fail"],
      ]);
      expect(r.tests[1]?.message).toContain(
        "3 SELECTs for 3 customers (at most 1 expected): one query per customer: use GROUP BY",
      );
      expect(r.tests[1]?.message).toContain(
        "SELECT sum(amount) FROM orders WHERE customer = ?  (2,)",
      );
      expect(r.tests[2]?.message).toContain(
        "the query scans table orders, row by row: add an index on orders(customer)",
      );
    },
  },
  {
    name: "concurrency: overlap on a virtual clock, sequential awaits and a blocking sleep caught",
    tests: `import solution

KEYS = ["a", "b", "c", "d"]

def test_gather(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(solution.together, service, KEYS) == [service.result(k) for k in KEYS]
    service.assert_overlap(4)
    assert service.elapsed == 1.0

def test_sequential(concurrency):
    service = concurrency.slow_service(delay=1.0)
    concurrency.run(solution.one_by_one, service, KEYS)
    service.assert_overlap(4)

def test_blocking(concurrency):
    service = concurrency.slow_service(delay=1.0)
    concurrency.run(solution.blocking, service, KEYS)
`,
    solution:
      "import asyncio, time\n\nasync def together(service, keys):\n    return list(await asyncio.gather(*(service.fetch(k) for k in keys)))\n\nasync def one_by_one(service, keys):\n    return [await service.fetch(k) for k in keys]\n\nasync def blocking(service, keys):\n    try:\n        time.sleep(0.2)\n    except Exception:\n        pass\n    return await together(service, keys)\n",
    check(r) {
      expect(statuses(r)).toEqual([
        ["gather", "pass"],
        ["sequential", "fail"],
        ["blocking", "fail"],
      ]);
      expect(r.tests[1]?.message).toContain(
        "at most 1 of 4 calls to the slow service were in flight at once",
      );
      expect(r.tests[2]?.message).toContain(
        "your coroutine blocked the event loop: time.sleep(0.2) was called inside a coroutine",
      );
    },
  },
  {
    name: "concurrency: a thread pool's overlap and limit (CPython)",
    only: "isolated",
    tests: `from solution import download

KEYS = [str(i) for i in range(6)]

def test_pool(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=3, expected=len(KEYS))
    assert concurrency.run(download, service, KEYS, 3) == [service.result(k) for k in KEYS]
    service.assert_overlap(3)
    service.assert_at_most_in_flight(3)
    assert service.elapsed == 2.0

def test_unbounded(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=len(KEYS), grace=0.3)
    concurrency.run(download, service, KEYS, None)
    service.assert_at_most_in_flight(3)
`,
    solution:
      "from concurrent.futures import ThreadPoolExecutor\n\ndef download(service, keys, workers):\n    with ThreadPoolExecutor(max_workers=workers or len(keys)) as pool:\n        return list(pool.map(service.fetch_sync, keys))\n",
    check(r) {
      expect(statuses(r)).toEqual([
        ["pool", "pass"],
        ["unbounded", "fail"],
      ]);
      expect(r.tests[1]?.message).toContain(
        "6 calls to the slow service were in flight at once (at most 3 allowed)",
      );
    },
  },
  {
    name: "asyncio: the learner's own asyncio.run with timers, tasks and gather",
    tests: `from solution import total

def test_total():
    assert total() == 6
`,
    solution:
      "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.01)\n    task = asyncio.create_task(asyncio.sleep(0, result=0))\n    values = await asyncio.gather(*(asyncio.sleep(0.01, result=i) for i in range(4)))\n    return sum(values) + await task\n\ndef total():\n    return asyncio.run(main())\n",
    check(r) {
      expect(statuses(r)).toEqual([["total", "pass"]]);
    },
  },
  {
    name: "cheat: the learner's code cannot hide its queries or edit the counts",
    only: "isolated",
    tests: `from solution import run

DB_SCHEMA = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);"

def test_queries(db):
    assert run(db.connection) == 3
    db.queries.assert_at_most(1)

def test_overlap(concurrency):
    service = concurrency.slow_service()
    concurrency.run(run.fetch, service, ["a", "b"])
    service.assert_overlap(2)
`,
    solution:
      "def run(conn):\n    total = sum(conn.execute('SELECT x FROM t WHERE x = ?', (i,)).fetchone()[0] for i in (1, 2))\n    for attempt in ('conn._database.queries.clear()', 'conn._raw.set_trace_callback(None)', 'conn.__dict__.clear()', 'setattr(conn, \"execute\", None)'):\n        try:\n            eval(attempt)\n        except Exception:\n            pass\n    return total\n\nasync def fetch(service, keys):\n    out = [await service.fetch(k) for k in keys]\n    rec = service._SlowService__recorder\n    for name, value in (('max_in_flight', 2), ('in_flight', 0)):\n        try:\n            setattr(rec, name, value)\n        except Exception:\n            pass\n    return out\n\nrun.fetch = fetch\n",
    check: neverPasses,
  },
  // -- HTTP apps (docs/exercise-format.md#http-apps) ---------------------------------------
  {
    name: "http client: a WSGI app's routes, JSON, cookies and the transcript",
    tests: `def test_hello(client):
    r = client.get("/hello/Ad%C3%A1?x=1&x=2")
    assert r.status == 200
    assert r.headers["CONTENT-TYPE"] == "application/json"
    assert r.json() == {"path": "/hello/Ad\\u00c3\\u00a1", "query": "x=1&x=2", "method": "GET", "script": "",
                        "server": ["localhost", "80", "HTTP/1.1"], "wsgi": [1, 0], "scheme": "http"}

def test_post(client):
    r = client.post("/items", json={"name": "pen"}, headers={"X-Request-Id": "7"})
    assert (r.status, r.reason) == (201, "Created")
    assert r.headers.get("location") == "/items/1"
    assert r.json() == {"got": {"name": "pen"}, "type": "application/json", "length": "15", "rid": "7"}

def test_cookies(client):
    client.post("/login", data={"user": "ada"})
    assert client.cookies == {"session": "ada"}
    assert client.get("/me").text == "ada"
    client.delete("/login")
    assert client.cookies == {}

def test_missing(client):
    r = client.put("/nope", body=b"x")
    assert r.status == 200
`,
    solution: `import json
from urllib.parse import parse_qs

def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    if path.startswith("/hello/"):
        body = {"path": path, "query": environ["QUERY_STRING"], "method": method, "script": environ["SCRIPT_NAME"],
                "server": [environ["SERVER_NAME"], environ["SERVER_PORT"], environ["SERVER_PROTOCOL"]],
                "wsgi": list(environ["wsgi.version"]), "scheme": environ["wsgi.url_scheme"]}
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]
    if path == "/items" and method == "POST":
        size = int(environ["CONTENT_LENGTH"])
        got = json.loads(environ["wsgi.input"].read(size))
        body = {"got": got, "type": environ["CONTENT_TYPE"], "length": environ["CONTENT_LENGTH"], "rid": environ["HTTP_X_REQUEST_ID"]}
        start_response("201 Created", [("Content-Type", "application/json"), ("Location", "/items/1")])
        return [json.dumps(body).encode()]
    if path == "/login" and method == "POST":
        form = parse_qs(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])).decode())
        start_response("204 No Content", [("Set-Cookie", "session=%s; Path=/; HttpOnly" % form["user"][0])])
        return []
    if path == "/login" and method == "DELETE":
        start_response("204 No Content", [("Set-Cookie", "session=; Max-Age=0; Path=/")])
        return []
    if path == "/me":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ.get("HTTP_COOKIE", "").split("=", 1)[-1].encode()]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"no route for " + path.encode()]
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["hello", "pass"],
        ["post", "pass"],
        ["cookies", "pass"],
        ["missing", "fail"],
      ]);
      expect(r.tests[2]?.http?.map((x) => [x.request.method, x.response?.status])).toEqual([
        ["POST", 204],
        ["GET", 200],
        ["DELETE", 204],
      ]);
      expect(r.tests[2]?.http?.[1]?.request.headers).toContainEqual(["Cookie", "session=ada"]);
      expect(r.tests[3]?.http).toEqual([
        {
          request: {
            method: "PUT",
            target: "/nope",
            headers: [
              ["Host", "localhost"],
              ["Content-Length", "1"],
            ],
            body: "x",
            body_bytes: 1,
          },
          response: {
            status: 404,
            reason: "Not Found",
            headers: [["Content-Type", "text/plain"]],
            body: "no route for /nope",
            body_bytes: 18,
          },
        },
      ]);
    },
  },
  {
    name: "http client: an ASGI app, its scope, a chunked request body and a streamed response",
    tests: `from pydojo_harness.http_client import client_for
import solution

def test_scope(client):
    r = client.get("/a%20b?q=1", headers={"X-Up": "Yes"})
    assert r.status == 200
    assert r.json() == {"type": "http", "asgi": "3.0", "method": "GET", "path": "/a b", "raw_path": "/a%20b",
                        "query": "q=1", "up": "Yes", "http_version": "1.1"}

def test_big_upload(client):
    r = client.post("/upload", body=b"z" * 200000)
    assert r.status == 200
    assert r.text == "200000 bytes in 4 messages"

def test_explicit_app():
    r = client_for(solution.app).delete("/upload")
    assert r.status == 405
`,
    solution: `import json

async def app(scope, receive, send):
    if scope["path"] == "/upload":
        if scope["method"] != "POST":
            await send({"type": "http.response.start", "status": 405, "headers": [(b"allow", b"POST")]})
            await send({"type": "http.response.body", "body": b""})
            return
        size, messages = 0, 0
        while True:
            message = await receive()
            size, messages = size + len(message["body"]), messages + 1
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": str(size).encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b" bytes in %d messages" % messages})
        return
    headers = dict(scope["headers"])
    body = {"type": scope["type"], "asgi": scope["asgi"]["version"], "method": scope["method"], "path": scope["path"],
            "raw_path": scope["raw_path"].decode(), "query": scope["query_string"].decode(),
            "up": headers[b"x-up"].decode(), "http_version": scope["http_version"]}
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["scope", "pass"],
        ["big_upload", "pass"],
        ["explicit_app", "pass"],
      ]);
    },
  },
  {
    name: "http client: an app that breaks WSGI or ASGI gets the rule it broke",
    tests: `from pydojo_harness.http_client import client_for
import solution

def test_status_int():
    client_for(solution.status_int).get("/")

def test_headers_dict():
    client_for(solution.headers_dict).get("/")

def test_str_body():
    client_for(solution.str_body).get("/")

def test_no_start():
    client_for(solution.no_start).get("/")

def test_asgi_order():
    client_for(solution.asgi_order).get("/")

def test_content_length():
    client_for(solution.content_length).get("/")

def test_no_app(client):
    pass
`,
    solution: `def status_int(environ, start_response):
    start_response(200, [])
    return [b"ok"]

def headers_dict(environ, start_response):
    start_response("200 OK", {"Content-Type": "text/plain"})
    return [b"ok"]

def str_body(environ, start_response):
    start_response("200 OK", [])
    return ["ok"]

def no_start(environ, start_response):
    return [b""]

async def asgi_order(scope, receive, send):
    await send({"type": "http.response.body", "body": b"ok"})

def content_length(environ, start_response):
    start_response("200 OK", [("Content-Length", "100")])
    return [b"ok"]
`,
    check(r) {
      expect(r.tests.map((t) => t.status)).toEqual([
        "error",
        "error",
        "error",
        "error",
        "error",
        "fail",
        "error",
      ]);
      const messages = r.tests.map((t) => t.message ?? "");
      expect(messages[0]).toContain("status must be a str like '200 OK' (PEP 3333), got int 200");
      expect(messages[1]).toContain("headers must be a list of (str, str) tuples");
      expect(messages[2]).toContain("body must be bytes");
      expect(messages[3]).toContain("start_response was not called");
      expect(messages[4]).toContain("http.response.body was sent before http.response.start");
      expect(messages[5]).toContain("says Content-Length: 100 but its body has 2 bytes");
      expect(messages[6]).toContain("there is none: define `def app(environ, start_response)`");
      expect(r.tests[0]?.http?.[0]?.error).toContain("status must be a str");
      expect(r.tests[0]?.http?.[0]?.response).toBeNull();
    },
  },
  {
    name: "live_server: the learner's WSGI app on a real socket, concurrent requests (CPython)",
    tests: `import concurrent.futures
import urllib.request

def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.status, response.read().decode()

def test_live(live_server):
    assert live_server.url.startswith("http://127.0.0.1:")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = list(pool.map(fetch, [live_server.url + "/n/%d" % i for i in range(8)]))
    assert got == [(200, "n=%d" % i) for i in range(8)]
`,
    solution: `def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("n=" + environ["PATH_INFO"].rsplit("/", 1)[-1]).encode()]
`,
    check(r, isolated) {
      if (isolated) {
        expect(statuses(r)).toEqual([["live", "pass"]]);
      } else {
        expect(statuses(r)).toEqual([["live", "skip"]]);
        expect(r.tests[0]?.message).toContain("live_server needs CPython");
      }
    },
  },
  {
    name: "Exercism subtests: one entry per failing variation after the parent, with its task id",
    tests: `import unittest
import pytest
from solution import double

class DoubleTest(unittest.TestCase):
    @pytest.mark.task(taskno=3)
    def test_values(self):
        for variant, (n, want) in enumerate([(1, 2), (2, 5), (3, 6)], start=1):
            with self.subTest(f"variation #{variant}", n=n, want=want):
                self.assertEqual(double(n), want, msg=f"double({n})")

    @pytest.mark.task(taskno=4)
    def test_all_pass(self):
        for n in (1, 2):
            with self.subTest(n=n):
                self.assertEqual(double(n), 2 * n)
`,
    solution: "def double(n):\n    return 2 * n\n",
    check(r) {
      expect(r.status).toBe("fail");
      expect(r.tests.map((t) => [t.name, t.status, t.task_id])).toEqual([
        ["Double > values", "fail", 3],
        ["Double > values [variation #2] (n=2, want=5)", "fail", 3],
        ["Double > all_pass", "pass", 4],
      ]);
      expect(r.tests[0]!.message).toBe(
        "One or more variations of this test failed. Details can be found under each [variant#].",
      );
      expect(r.tests[1]!.message).toMatch(/4 != 5 : double\(2\)/);
      expect(r.tests[1]!.test_code).toBe(r.tests[0]!.test_code);
    },
  },
  {
    name: "the tests see what the learner's code changed in the lists, dicts and sets they passed",
    tests: `from solution import *

def test_append():
    xs = [1]
    add_to(xs, 2)
    assert xs == [1, 2]

def test_dict_set_nested():
    inner = [1]
    d, s = {"k": inner}, {1}
    update(d, s)
    assert d == {"k": [1, 9], "b": 2} and d["k"] is inner and s == {1, 5}

def test_returned_is_the_same():
    xs = []
    assert same(xs) is xs

def test_wrong_change_fails():
    xs = [1]
    add_to(xs, 3)
    assert xs == [1, 2]
`,
    solution: `def add_to(xs, x):
    xs.append(x)

def update(d, s):
    d["k"].append(9)
    d["b"] = 2
    s.add(5)

def same(xs):
    return xs
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["append", "pass"],
        ["dict_set_nested", "pass"],
        ["returned_is_the_same", "pass"],
        ["wrong_change_fails", "fail"],
      ]);
    },
  },
  {
    name: "the tests' patches of input, print, sys.argv, the environment and random reach the learner's code",
    tests: `import os, random, sys
from unittest import mock
from unittest.mock import call, patch
from solution import ask, greet, args, mode, rolls

@patch("builtins.input", side_effect=["21"])
def test_input(mock_input, monkeypatch):
    assert ask() == 42
    mock_input.assert_called_once_with("How many? ")

def test_print():
    with patch("builtins.print") as printed:
        greet("Ada")
    assert printed.call_args_list == [call("Hello, Ada!")]

def test_argv_and_environment(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["prog", "-v"])
    monkeypatch.setenv("APP_MODE", "prod")
    assert args() == ["-v"] and mode() == "prod"

def test_undone():
    assert args() != ["-v"] and mode() == "dev"

def test_seeded():
    random.seed(3)
    first = rolls()
    random.seed(3)
    assert rolls() == first

def test_wrong_answer_still_fails(monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "1")
    assert ask() == 3
`,
    solution: `import os, random, sys

def ask():
    return int(input("How many? ")) * 2

def greet(name):
    print(f"Hello, {name}!")

def args():
    return sys.argv[1:]

def mode():
    return os.environ.get("APP_MODE", "dev")

def rolls():
    return [random.randint(1, 6) for _ in range(5)]
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["input", "pass"],
        ["print", "pass"],
        ["argv_and_environment", "pass"],
        ["undone", "pass"],
        ["seeded", "pass"],
        ["wrong_answer_still_fails", "fail"],
      ]);
    },
  },
  {
    name: "standard-library values the learner returns compare with the tests' own, as in one process",
    tests: `import array, collections, datetime, types, uuid
from solution import *

def test_views():
    assert names() == {"apple", "pear"}
    assert entries() >= {("apple", 3)}

def test_queue():
    assert pending() == collections.deque(["b", "c"])
    assert pending() != ["b", "c"]

def test_bytes_and_ranges():
    assert packet() == b"\\x01\\x02"
    assert pages() == range(0, 30, 10)
    assert array.array("h", [1, 2]) == samples()

def test_ids_and_namespaces():
    assert ident() == uuid.UUID(int=7)
    assert config() == types.SimpleNamespace(debug=True)
    assert settings() == {"a": 1, "b": 2}
    assert zone() == datetime.timezone(datetime.timedelta(hours=2))

def test_wrong_value_fails():
    assert pending() == collections.deque(["a"])
`,
    solution: `import array, collections, datetime, types, uuid

STOCK = {"apple": 3, "pear": 1}

def names():
    return STOCK.keys()

def entries():
    return STOCK.items()

def pending():
    return collections.deque(["a", "b", "c"], maxlen=2)

def packet():
    return bytearray([1, 2])

def pages():
    return range(0, 30, 10)

def samples():
    return array.array("h", [1, 2])

def ident():
    return uuid.UUID(int=7)

def config():
    return types.SimpleNamespace(debug=True)

def settings():
    return collections.ChainMap({"a": 1}, {"b": 2, "a": 5})

def zone():
    return datetime.timezone(datetime.timedelta(hours=2))
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["views", "pass"],
        ["queue", "pass"],
        ["bytes_and_ranges", "pass"],
        ["ids_and_namespaces", "pass"],
        ["wrong_value_fails", "fail"],
      ]);
    },
  },
  {
    name: "isinstance on what the learner returns: generators, iterators, functions, collections.abc",
    tests: `import collections.abc as abc
import inspect
import types
from solution import *

def test_generator():
    g = gen()
    assert isinstance(g, types.GeneratorType) and isinstance(g, abc.Generator)
    assert inspect.isgeneratorfunction(gen)
    assert list(g) == [1, 2]

def test_others():
    assert isinstance(mapped(), map) and isinstance(mapped(), abc.Iterator)
    assert isinstance(keys(), abc.KeysView) and isinstance(fn(), abc.Callable)
    assert isinstance(Counter(), abc.Iterator) and not isinstance(Counter(), abc.Sized)

def test_not_a_generator():
    assert isinstance(listed(), types.GeneratorType)
`,
    solution: `def gen():
    yield 1
    yield 2

def listed():
    return iter([1, 2])

def mapped():
    return map(str, [1])

def keys():
    return {"a": 1}.keys()

def fn():
    return lambda: 1

class Counter:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["generator", "pass"],
        ["others", "pass"],
        ["not_a_generator", "fail"],
      ]);
    },
  },
  {
    name: "__exit__ of a learner's context manager passes on the test's own exception object",
    tests: `import unittest
from unittest import mock
from solution import Wrap, call

class ExitTest(unittest.TestCase):
    def test_same_exception(self):
        resource = mock.MagicMock()
        exc = KeyError("boom")
        with self.assertRaises(KeyError) as caught:
            with Wrap(resource):
                raise exc
        self.assertIs(caught.exception, exc)
        resource.__exit__.assert_called_once_with(KeyError, exc, mock.ANY)

    def test_raised_by_a_callback(self):
        exc = OSError("from the mock")
        resource = mock.MagicMock()
        with self.assertRaises(OSError) as caught:
            with Wrap(resource):
                call(mock.Mock(side_effect=exc))
        self.assertIs(caught.exception, exc)
        resource.__exit__.assert_called_once_with(OSError, exc, mock.ANY)
`,
    solution: `class Wrap:
    def __init__(self, resource):
        self.resource = resource

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return self.resource.__exit__(exc_type, exc, tb)

def call(fn):
    return fn()
`,
    check(r) {
      expect(statuses(r)).toEqual([
        ["Exit > same_exception", "pass"],
        ["Exit > raised_by_a_callback", "pass"],
      ]);
    },
  },
  {
    name: "cheat: the learner's process claims changes to containers it was never given",
    only: "isolated",
    tests: `from solution import touch
KEEP = ["the tests' own"]

def test_touch():
    xs = []
    touch(xs)
    assert xs == ["the real answer"] and KEEP == ["the tests' own"]
`,
    solution: `import sys
endpoint = sys.modules["pydojo_harness.isolation.endpoint"]

def forged(codec, table, before, back):
    return [[n, ["the real answer"], 0] for n in range(len(table) + 5)]

endpoint.changed_state = forged

def touch(xs):
    pass
`,
    check(r) {
      neverPasses(r);
      expect(r.tests[0]).toMatchObject({ status: "error", limit: "crash" });
    },
  },
  {
    // A call asks the other process to look an attribute up and call it in one exchange
    // (callattr). The learner's process can send that request itself: the judge must check the
    // lookup and the call as it checks a getattr followed by a call.
    name: "cheat: the learner's process looks up and calls private or forbidden attributes of a test object in one request",
    only: "isolated",
    tests: `import types
from solution import probe

class Box:
    def __init__(self):
        self._secret = "the tests' own"
        self.run = eval  # a callable the learner's code may see but never call

    def _reveal(self):
        return self._secret

    def visible(self):
        return "public"

def test_probe():
    assert probe(Box()) == ["public", "refused", "refused", "refused"]
`,
    solution: `def probe(box):
    endpoint = object.__getattribute__(box, "_pd_ep")
    seen = [endpoint.callattr(box, "visible", (), {})]
    for name, args in (("_reveal", ()), ("__init__", ()), ("run", ("__import__('os').getpid()",))):
        try:
            seen.append(endpoint.callattr(box, name, args, {}))
        except Exception:
            seen.append("refused")
    return seen
`,
    check(r) {
      expect(statuses(r)).toEqual([["probe", "pass"]]);
    },
  },
  {
    name: "the learner's code sets data attributes of an object a test handed to it",
    tests: `from solution import fill

class Record:
    def __init__(self):
        self.count = 0

def test_fill():
    record = Record()
    fill(record)
    assert (record.count, record.note) == (1, "seen")
`,
    solution: `def fill(record):
    record.count += 1
    record.note = "seen"
`,
    check(r) {
      expect(statuses(r)).toEqual([["fill", "pass"]]);
    },
  },
  {
    name: "cheat: the learner's code replaces a mock's assertion or the test's assertEqual",
    only: "isolated",
    tests: `import unittest
from unittest import mock
from solution import answer

class CheatTest(unittest.TestCase):
    def test_mock(self):
        sock = mock.Mock()
        answer(sock, self)
        sock.send.assert_called_once_with(b"the real answer")

    def test_case(self):
        answer(mock.Mock(), self)
        self.assertEqual(1, 2)
`,
    solution: `def answer(sock, case):
    for target, name in ((sock.send, "assert_called_once_with"), (case, "assertEqual")):
        try:
            setattr(target, name, lambda *a, **k: None)
        except Exception:
            pass
`,
    check(r) {
      neverPasses(r);
    },
  },
  {
    name: "threads of the tests call the learner's object at once (Exercism's bank-account)",
    tests: `import threading, time
from solution import BankAccount

def test_concurrent_transactions():
    account = BankAccount()
    account.deposit(1000)
    def transact():
        account.deposit(5)
        time.sleep(0.001)
        account.withdraw(5)
    threads = [threading.Thread(target=transact) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert account.balance == 1000
`,
    solution: `import threading

class BankAccount:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def withdraw(self, amount):
        with self.lock:
            self.balance -= amount
`,
    check(r, isolated) {
      // Pyodide cannot start threads: there the test errors, saying so.
      expect(statuses(r)).toEqual([["concurrent_transactions", isolated ? "pass" : "error"]]);
      if (!isolated) expect(r.tests[0]!.message).toMatch(/thread/);
    },
  },
  {
    name: "tmpdir is a py.path.local the learner's code can write into",
    tests: `from solution import save

def test_tmpdir(tmpdir):
    note = tmpdir.join("note.txt")
    note.write("hello")
    assert note.read() == "hello" and note.check(file=1)
    assert save(str(tmpdir), "a.txt") == "ok"
    assert save(tmpdir, "b.txt") == "ok"
    assert [p.basename for p in tmpdir.listdir()] == ["a.txt", "b.txt", "note.txt"]
    assert (tmpdir / "b.txt").read() == "saved"
`,
    solution: `import os

def save(folder, name):
    with open(os.path.join(folder, name), "w") as handle:
        handle.write("saved")
    return "ok"
`,
    check(r) {
      expect(statuses(r)).toEqual([["tmpdir", "pass"]]);
    },
  },
  {
    name: "a test file that skips itself: no test ran, an error and not a pass",
    tests: `import pytest
np = pytest.importorskip("numpy_is_not_installed_here")
from solution import add

def test_add():
    assert add(1, 2) == 3
`,
    solution: "def add(a, b):\n    return a + b\n",
    check(r) {
      expect(r.status).toBe("error");
      expect(r.message).toMatch(/no test ran: every test file skipped itself/);
      expect(r.message).toMatch(/numpy_is_not_installed_here/);
    },
  },
];

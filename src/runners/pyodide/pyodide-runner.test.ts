import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult, TestResult } from "../../core/result.js";
import { DEFAULT_LIMITS, RunnerUnavailableError, type GradeJob, type Limits } from "../runner.js";
import { PyodideRunner } from "./pyodide-runner.js";
import { parseFromWorker, parseToWorker } from "./protocol.js";

const HELLO_TEST = `import unittest
from hello import hello


class HelloTest(unittest.TestCase):
    def test_first(self):
        self.assertTrue(True)

    def test_says_hello(self):
        self.assertEqual(hello(), "Hello, World!")
`;

function job(solution: string, limits: Partial<Limits> = {}, test = HELLO_TEST): GradeJob {
  return {
    tests: [{ path: "hello_test.py", content: test }],
    solution: [{ path: "hello.py", content: solution }],
    solutionModules: ["hello"],
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}

/** The fields every result of this runner has. */
const RUNNER_FIELDS = {
  version: 3,
  runner: "pyodide",
  isolation: "in-process",
  python: expect.stringMatching(/^3\.14\./) as unknown,
  duration_ms: expect.any(Number) as unknown,
};

function testRecord(
  fields: Partial<TestResult> & Pick<TestResult, "name" | "status">,
): Record<string, unknown> {
  return {
    message: null,
    output: null,
    test_code: expect.any(String),
    task_id: null,
    duration_ms: expect.any(Number),
    limit: null,
    expected: null,
    actual: null,
    learner_line: null,
    ...fields,
  };
}

const FIRST_PASSES = testRecord({
  name: "Hello > first",
  status: "pass",
  test_code: "self.assertTrue(True)",
});

describe("PyodideRunner", () => {
  let runner: PyodideRunner;

  beforeAll(async () => {
    runner = new PyodideRunner();
    await runner.warmUp();
  });

  afterAll(async () => {
    await runner.close();
  });

  it("grades a passing solution", async () => {
    const result = await runner.grade(job('def hello():\n    return "Hello, World!"\n'));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "pass",
      message: null,
      limit: null,
      tests: [
        FIRST_PASSES,
        testRecord({
          name: "Hello > says_hello",
          status: "pass",
          test_code: 'self.assertEqual(hello(), "Hello, World!")',
        }),
      ],
    });
  });

  it("grades a failing solution, with both sides of the comparison", async () => {
    const result = await runner.grade(job('def hello():\n    print("debug")\n    return "Hi"\n'));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "fail",
      message: null,
      limit: null,
      tests: [
        FIRST_PASSES,
        testRecord({
          name: "Hello > says_hello",
          status: "fail",
          message: expect.stringContaining("AssertionError") as unknown as string,
          output: "debug\n",
          test_code: 'self.assertEqual(hello(), "Hello, World!")',
          expected: "'Hello, World!'",
          actual: "'Hi'",
        }),
      ],
    });
  });

  it("ends an infinite loop with the timeout result and keeps the tests that finished", async () => {
    // Timed from a ready interpreter: the previous grade started loading this one, and on a
    // loaded machine that load alone took over 5 s (the time limit runs from the grade's start).
    while (runner.spares().ready < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const result = await runner.grade(
      job("def hello():\n    while True:\n        pass\n", { timeoutSeconds: 2 }),
    );
    expect(performance.now() - started).toBeLessThan(4000);
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "error",
      message: "timeout after 2 s",
      limit: "timeout",
      tests: [
        FIRST_PASSES,
        testRecord({
          name: "Hello > says_hello",
          status: "error",
          message: expect.any(String) as unknown as string,
          limit: "timeout",
        }),
      ],
    });
  });

  it("stops code that swallows KeyboardInterrupt or sleeps, by terminating the worker", async () => {
    const swallow =
      "def hello():\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n";
    const sleep = "import time\n\ndef hello():\n    time.sleep(60)\n";
    for (const solution of [swallow, sleep]) {
      const result = await runner.grade(job(solution, { timeoutSeconds: 1.5 }));
      expect(result).toEqual({
        ...RUNNER_FIELDS,
        status: "error",
        message: "timeout after 1.5 s",
        limit: "timeout",
        tests: [
          FIRST_PASSES,
          testRecord({
            name: "Hello > says_hello",
            status: "error",
            message: "timeout after 1.5 s",
            limit: "timeout",
          }),
        ],
      });
    }
  });

  it("times out a loop at import time with no tests", async () => {
    const result = await runner.grade(job("while True:\n    pass\n", { timeoutSeconds: 1 }));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "error",
      message: "timeout after 1 s",
      limit: "timeout",
      tests: [],
    });
  });

  it("caps memory: a memory bomb ends in a memory-limit result and the host survives", async () => {
    const rssBefore = process.memoryUsage().rss;
    const bomb =
      "def hello():\n    hoard = []\n    while True:\n        hoard.append(' ' * 10**6)\n";
    const result = await runner.grade(job(bomb, { memoryMb: 128 }));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "fail",
      message: null,
      limit: null,
      tests: [
        FIRST_PASSES,
        testRecord({
          name: "Hello > says_hello",
          status: "error",
          message: expect.stringMatching(
            /^memory limit 128 MB exceeded\n\nMemoryError/,
          ) as unknown as string,
          limit: "memory",
          learner_line: expect.any(Number) as unknown as number,
        }),
      ],
    });
    // The worker is gone; the host did not grow by the bomb's size.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024);
  });

  it("cuts output: a flood inside a test and one at import time", async () => {
    const inTest =
      "def hello():\n    for i in range(30000):\n        print('x' * 99)\n    return 'Hello, World!'\n";
    const flooded = await runner.grade(job(inTest, { outputKb: 1024 }));
    expect(flooded.tests[1]).toEqual(
      testRecord({
        name: "Hello > says_hello",
        status: "pass",
        message: "output truncated at 1 MB",
        output: expect.stringContaining("[output truncated") as unknown as string,
        test_code: 'self.assertEqual(hello(), "Hello, World!")',
        limit: "output",
      }),
    );
    const atImport =
      "for i in range(30000):\n    print('y' * 99)\n\ndef hello():\n    return 'Hello, World!'\n";
    const result = await runner.grade(job(atImport, { outputKb: 1024 }));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "pass",
      message: "output truncated at 1 MB",
      limit: "output",
      tests: [
        FIRST_PASSES,
        expect.objectContaining({ name: "Hello > says_hello", status: "pass" }),
      ],
    });
  });

  it("reports a Pyodide fatal error (deep C recursion) as a crash and keeps working", async () => {
    const deep =
      "import json\n\ndef hello():\n    nested = []\n    for _ in range(10**6):\n        nested = [nested]\n    return json.dumps(nested)\n";
    const result = await runner.grade(job(deep));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "error",
      message: expect.stringMatching(/^the Python interpreter crashed/) as unknown as string,
      limit: "crash",
      tests: [
        FIRST_PASSES,
        testRecord({
          name: "Hello > says_hello",
          status: "error",
          message: "the Python interpreter crashed",
          limit: "crash",
        }),
      ],
    });
    const after = await runner.grade(job('def hello():\n    return "Hello, World!"\n'));
    expect(after.status).toBe("pass");
  });

  it("caps file sizes", async () => {
    const writer =
      "def hello():\n    with open('big.bin', 'wb') as f:\n        for _ in range(8):\n            f.write(b'x' * 2**20)\n    return 'Hello, World!'\n";
    const result = await runner.grade(job(writer, { fileSizeMb: 4 }));
    expect(result.tests[1]).toEqual(
      testRecord({
        name: "Hello > says_hello",
        status: "error",
        message: expect.stringMatching(
          /^file size limit 4 MB exceeded\n\nOSError: \[Errno 22\] File too large/,
        ) as unknown as string,
        limit: "file-size",
        learner_line: expect.any(Number) as unknown as number,
      }),
    );
  });

  it("gives every grade a fresh interpreter: nothing leaks between two grades", async () => {
    const polluter = [
      "import builtins, os, sys, unittest, js",
      "builtins.LEAK = 1",
      "os.environ['PYDOJO_LEAK'] = '1'",
      "sys.modules['leaked_module'] = sys",
      "unittest.TestCase.assertEqual = lambda *a, **k: None",
      "js.pydojoLeak = 1",
      "with open('/tmp/leak.txt', 'w') as f:",
      "    f.write('leak')",
      "",
      "def hello():",
      "    return 'Hello, World!'",
      "",
    ].join("\n");
    expect((await runner.grade(job(polluter))).status).toBe("pass");
    const checks = `import builtins, os, sys, unittest, js
from hello import hello


class LeakTest(unittest.TestCase):
    def test_clean(self):
        assert not hasattr(builtins, "LEAK")
        assert "PYDOJO_LEAK" not in os.environ
        assert "leaked_module" not in sys.modules
        assert not os.path.exists("/tmp/leak.txt")
        assert not hasattr(js, "pydojoLeak")

    def test_assert_equal_works(self):
        with self.assertRaises(AssertionError):
            self.assertEqual(1, 2)
`;
    const result = await runner.grade(job("def hello():\n    return 1\n", {}, checks));
    expect(result).toEqual({
      ...RUNNER_FIELDS,
      status: "pass",
      message: null,
      limit: null,
      tests: [
        testRecord({ name: "Leak > clean", status: "pass" }),
        testRecord({ name: "Leak > assert_equal_works", status: "pass" }),
      ],
    });
  });

  it("grades sequentially from a pre-warmed interpreter without waiting for a load", async () => {
    const passing = job('def hello():\n    return "Hello, World!"\n');
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      // The previous grade started the next interpreter; wait until it is ready.
      while (runner.spares().ready < 1) await new Promise((resolve) => setTimeout(resolve, 50));
      const result = await runner.grade(passing);
      expect(result.status).toBe("pass");
      waits.push(runner.timings().lastWaitMs ?? Number.NaN);
    }
    const timings = runner.timings();
    console.info("pyodide timings", JSON.stringify({ ...timings, waits }));
    expect(timings.snapshotError).toBeNull();
    for (const wait of waits) expect(wait).toBeLessThan(100);
  });

  it("rejects with the abort reason when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = runner.grade(job("def hello():\n    while True:\n        pass\n"), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("stopped by the user")), 500);
    await expect(pending).rejects.toThrow("stopped by the user");
  });

  it("a test's time limit that fires after that test ended does not stop the next test", async () => {
    // On a loaded machine the host may read the worker's messages late: the first test's timer
    // then fires after that test has finished, while the second one runs. Here the host reads
    // every message after the first "test-started" 1.4 s late (order kept), so the first
    // test's 1 s timer fires while the second test is still busy.
    const tests = `import time\n\ndef test_quick():\n    pass\n\ndef test_busy():\n    end = time.perf_counter() + 1.6\n    while time.perf_counter() < end:\n        pass\n`;
    const emit = Worker.prototype.emit;
    let holding: unknown[][] | null = null;
    Worker.prototype.emit = function (this: Worker, event: string | symbol, ...args: unknown[]) {
      if (event !== "message") return emit.call(this, event, ...args);
      if (holding) {
        holding.push(args);
        return true;
      }
      const delivered = emit.call(this, event, ...args);
      const data = args[0] as { type?: string; seq?: number };
      if (data?.type === "test-started" && data.seq === 1) {
        const held: unknown[][] = (holding = []);
        setTimeout(() => {
          holding = null;
          for (const queued of held) emit.call(this, "message", ...queued);
        }, 1400);
      }
      return delivered;
    } as typeof emit;
    try {
      const result = await runner.grade(
        job("", { testTimeoutSeconds: 1, timeoutSeconds: 20 }, tests),
      );
      expect(result.status).toBe("pass");
      expect(result.tests.map((t) => [t.name, t.status, t.limit])).toEqual([
        ["quick", "pass", null],
        ["busy", "pass", null],
      ]);
    } finally {
      Worker.prototype.emit = emit;
    }
  });

  it("validates worker messages with the shared protocol", () => {
    expect(() => parseToWorker({ type: "grade", id: 1 })).toThrow();
    expect(
      parseFromWorker({ type: "ready", loadMs: 1, fromSnapshot: true, python: "3.14.2" }),
    ).toEqual({
      type: "ready",
      loadMs: 1,
      fromSnapshot: true,
      python: "3.14.2",
    });
    expect(() => parseFromWorker({ type: "result", id: "x" })).toThrow();
  });
});

describe("PyodideRunner with a stand-in harness", () => {
  const dir = mkdtempSync(join(tmpdir(), "pydojo-fake-harness-"));
  const fixed: Omit<GradeResult, "version" | "runner" | "isolation" | "duration_ms"> = {
    status: "pass",
    message: null,
    python: "fake",
    limit: null,
    tests: [
      {
        name: "Fake > works",
        status: "pass",
        message: null,
        output: null,
        test_code: "pass",
        task_id: 1,
        duration_ms: 0,
        limit: null,
      },
    ],
  };

  function harness(judge: string): string {
    const root = mkdtempSync(join(dir, "h-"));
    mkdirSync(join(root, "pydojo_harness", "sub"), { recursive: true });
    writeFileSync(join(root, "pydojo_harness", "__init__.py"), "");
    writeFileSync(
      join(root, "pydojo_harness", "sub", "__init__.py"),
      "VALUE = 'nested files are copied'\n",
    );
    writeFileSync(join(root, "pydojo_harness", "judge.py"), judge);
    return root;
  }

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("calls run_job_json with the in-process job and adds the runner's fields", async () => {
    const judge = `import json, os, sys
from pydojo_harness.sub import VALUE

def run_job_json(job_json):
    job = json.loads(job_json)
    assert job["mode"] == "inproc", job
    assert job["solution_dir"] == "/work/solution" and job["work_dir"] == "/work/scratch", job
    assert job["solution_modules"] == ["hello"], job
    assert job["tests"] == [{"path": "hello_test.py", "source": "# tests"}], job
    assert job["limits"] == {"test_timeout_s": 5, "memory_bytes": 256 * 2**20, "output_bytes": 2**20,
                             "processes": 32, "file_size_bytes": 16 * 2**20, "open_files": 64}, job
    assert os.getcwd() == "/work/scratch"
    assert open("/work/solution/pkg/util.py").read() == "X = 1\\n"
    assert VALUE == "nested files are copied"
    return ${JSON.stringify(JSON.stringify(fixed))}
`;
    const runner = new PyodideRunner({ harnessDir: harness(judge), prewarm: 0 });
    try {
      const result = await runner.grade({
        tests: [{ path: "hello_test.py", content: "# tests" }],
        solution: [
          { path: "hello.py", content: "" },
          { path: "pkg/util.py", content: "X = 1\n" },
        ],
        solutionModules: ["hello"],
        limits: DEFAULT_LIMITS,
      });
      expect(result).toEqual({
        ...fixed,
        version: 3,
        runner: "pyodide",
        isolation: "in-process",
        duration_ms: expect.any(Number),
      });
    } finally {
      await runner.close();
    }
  });

  it("turns a harness that raises or returns nonsense into an error result", async () => {
    // One grade each: a cold start, not a memory snapshot made and then restored (twice the
    // work; two of them took 47-60 s of the 60 s limit on a loaded machine).
    const raising = new PyodideRunner({
      harnessDir: harness("def run_job_json(job_json):\n    raise ValueError('boom')\n"),
      prewarm: 0,
      useSnapshot: false,
    });
    const nonsense = new PyodideRunner({
      harnessDir: harness("def run_job_json(job_json):\n    return '{\"status\": 42}'\n"),
      prewarm: 0,
      useSnapshot: false,
    });
    try {
      const failed = await raising.grade(job(""));
      expect(failed).toMatchObject({
        status: "error",
        limit: null,
        tests: [],
        message: expect.stringMatching(/^the harness failed in Pyodide: .*ValueError: boom/s),
      });
      const invalid = await nonsense.grade(job(""));
      expect(invalid).toMatchObject({
        status: "error",
        limit: null,
        tests: [],
        message: expect.stringMatching(/^the harness returned an invalid result/),
      });
    } finally {
      await Promise.all([raising.close(), nonsense.close()]);
    }
  }, 120_000);

  it("close() ends a grade in progress and leaves no worker running", async () => {
    const runner = new PyodideRunner({
      harnessDir: harness("def run_job_json(job_json):\n    while True:\n        pass\n"),
      prewarm: 0,
    });
    const pending = runner.grade(job(""));
    await new Promise((resolve) => setTimeout(resolve, 300));
    while (runner.timings().lastLoadMs === null)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const outcome = expect(pending).rejects.toThrow("the pyodide runner was closed");
    await runner.close();
    await outcome;
    expect(runner.spares()).toEqual({ loading: 0, ready: 0 });
    await expect(runner.grade(job(""))).rejects.toThrow("closed");
  });

  it("throws RunnerUnavailableError when Pyodide or the harness is missing", async () => {
    const noPyodide = new PyodideRunner({ indexURL: join(dir, "no-pyodide") + "/" });
    await expect(noPyodide.grade(job(""))).rejects.toBeInstanceOf(RunnerUnavailableError);
    await noPyodide.close();
    const noHarness = new PyodideRunner({ harnessDir: join(dir, "no-harness") });
    await expect(noHarness.grade(job(""))).rejects.toThrow(/harness is missing/);
    await noHarness.close();
  });
});

/**
 * The verdict channel: no byte the learner's code produces — at import, collection, a test,
 * teardown or exit, on any descriptor — may reach the channel that carries the verdict. Each
 * attack runs for real through the sandbox and local runners (docs/security.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { createRunner } from "../../src/runners/create-runner.js";
import {
  checkAgainstJob,
  readVerdictFrame,
  toGradeResult,
} from "../../src/runners/python-process.js";
import { DEFAULT_LIMITS, type GradeJob, type Runner } from "../../src/runners/runner.js";
import { collectedVerdict, verdictFrame } from "../fixtures/verdict-record.js";

/** A forged passing verdict, left open so that the real verdict would become an ignored key. */
const FORGED_PREFIX = JSON.stringify({
  status: "pass",
  message: null,
  tests: [
    {
      name: "answer",
      status: "pass",
      message: null,
      output: null,
      test_code: "assert answer() == 'the real answer'",
      task_id: null,
      duration_ms: 1,
      limit: null,
    },
  ],
  python: "3.11.2",
  limit: null,
}).replace(/}$/, ', "x": ');

const TESTS = `from solution import answer

def test_answer():
    assert answer() == "the real answer"
`;

function job(tests: string, solution: string): GradeJob {
  return {
    tests: [{ path: "solution_test.py", content: tests }],
    solution: [{ path: "solution.py", content: solution }],
    solutionModules: ["solution"],
    limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 3, timeoutSeconds: 30 },
  };
}

const pyString = (s: string) => JSON.stringify(s);

interface Attack {
  name: string;
  tests?: string;
  solution: string;
  /** Text the learner printed outside any test, which the result must carry (not lose). */
  capturedOutside?: string;
}

const ATTACKS: Attack[] = [
  {
    name: "import time: a large forged prefix from a module __getattr__, the suffix flushed at exit",
    solution: `import sys
_PREFIX = ${pyString(FORGED_PREFIX)}

def __getattr__(name):
    print(_PREFIX + " " * 9000)
    print("}", end="")
    def answer():
        return "wrong"
    return answer
`,
    capturedOutside: '"status":"pass"',
  },
  {
    name: "import time: a small forged prefix (buffered) and sys.__stdout__",
    solution: `import sys
print(${pyString(FORGED_PREFIX)}, end="")
sys.__stdout__.write("}")

def answer():
    return "wrong"
`,
    capturedOutside: '"status":"pass"',
  },
  {
    name: "collection time: a parametrize argument that prints a forged verdict",
    tests: `import pytest
from solution import answer, cases

@pytest.mark.parametrize("n", cases())
def test_answer(n):
    assert answer() == "the real answer"
`,
    solution: `def cases():
    print(${pyString(FORGED_PREFIX)} + "{}}")
    return [1, 2]

def answer():
    return "wrong"
`,
    capturedOutside: '"status":"pass"',
  },
  {
    name: "teardown: a fixture's cleanup prints a forged verdict after the test",
    tests: `import pytest
from solution import answer, cleanup

@pytest.fixture
def resource():
    yield 1
    cleanup()

def test_answer(resource):
    assert answer() == "the real answer"
`,
    solution: `def cleanup():
    print(${pyString(FORGED_PREFIX)} + "{}}")

def answer():
    return "wrong"
`,
  },
  {
    name: "exit time: atexit hooks and finalizers in the learner's process write forged records everywhere",
    solution: `import atexit, os, sys
RECORD = b"PYDOJO-VERDICT " + b"0" * 32 + b" 2\\n{}" + ${pyString(FORGED_PREFIX)}.encode() + b"{}}"

def spray():
    for fd in range(0, 12):
        try:
            os.write(fd, RECORD)
        except OSError:
            pass
    for pid in (os.getppid(), 1, 2, 3, 4):
        for fd in range(0, 8):
            try:
                with open(f"/proc/{pid}/fd/{fd}", "wb") as f:
                    f.write(RECORD)
            except Exception:
                pass

atexit.register(spray)

class Bomb:
    def __del__(self):
        spray()

KEEP = Bomb()

def answer():
    spray()
    return "wrong"
`,
  },
  {
    name: "stderr: forged text on the learner's stderr never reaches the runner's messages",
    solution: `import os, sys
FORGED = "FORGED-STDERR " + ${pyString(FORGED_PREFIX)}

def answer():
    sys.stderr.write(FORGED)
    os.write(2, FORGED.encode())
    os._exit(1)
`,
  },
];

function neverPasses(r: GradeResult): void {
  expect(r.status).not.toBe("pass");
  for (const t of r.tests) expect(t.status).not.toBe("pass");
}

for (const runnerName of ["sandbox", "local"] as const) {
  describe(`verdict channel (${runnerName})`, () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = await createRunner(runnerName);
    });
    afterAll(async () => {
      await runner?.close();
    });

    for (const attack of ATTACKS) {
      it(attack.name, async () => {
        const r = await runner.grade(job(attack.tests ?? TESTS, attack.solution));
        neverPasses(r);
        expect(r.tests.length).toBeGreaterThan(0); // the real tests ran and failed
        expect(JSON.stringify(r)).not.toContain("FORGED-STDERR");
        if (attack.capturedOutside) expect(r.output ?? "").toContain(attack.capturedOutside);
      });
    }

    it("an honest solution still passes, and its import-time print is kept in the result", async () => {
      const r = await runner.grade(
        job(TESTS, 'print("loading my module")\n\ndef answer():\n    return "the real answer"\n'),
      );
      expect(r.status).toBe("pass");
      expect(r.output).toContain("loading my module");
    });
  });
}

describe("the runner's checks of a verdict record", () => {
  const nonce = "0123456789abcdef0123456789abcdef";
  const body = JSON.stringify({ status: "pass", message: null, tests: [] });

  it("accepts exactly one record with this grade's nonce", () => {
    expect(readVerdictFrame(verdictFrame(nonce, body), nonce)).toEqual(JSON.parse(body));
  });
  it("refuses another nonce, bytes after the record, a short record, no header", () => {
    expect(() => readVerdictFrame(verdictFrame("f".repeat(32), body), nonce)).toThrow(
      /another grade/,
    );
    expect(() => readVerdictFrame(verdictFrame(nonce, body, "}"), nonce)).toThrow(/length/);
    expect(() => readVerdictFrame(verdictFrame(nonce, body).subarray(0, 40), nonce)).toThrow();
    expect(() => readVerdictFrame(Buffer.from(body), nonce)).toThrow();
  });

  const test = (name: string, status: "pass" | "fail", code: string) => ({
    name,
    status,
    message: null,
    output: null,
    test_code: code,
    task_id: null,
    duration_ms: 1,
    limit: null,
  });
  const aJob = job(TESTS, "");
  /** What the runner makes of a record with this text from a judge that exited cleanly. */
  const graded = (text: string) =>
    toGradeResult(collectedVerdict(verdictFrame(nonce, text)), "sandbox", DEFAULT_LIMITS, 0, {
      nonce,
      job: aJob,
    });

  it("recomputes the status from the tests: a 'pass' with a failed test is a fail", () => {
    const lying = JSON.stringify({
      status: "pass",
      message: null,
      tests: [test("answer", "fail", 'assert answer() == "the real answer"')],
      python: "3.11",
      limit: null,
    });
    const r = graded(lying);
    expect(r.status).toBe("fail");
  });
  it("a 'pass' without tests is an error", () => {
    const empty = JSON.stringify({ status: "pass", message: null, tests: [], limit: null });
    const r = graded(empty);
    expect(r.status).toBe("error");
  });
  it("refuses a result whose tests are not in the exercise's test files", () => {
    const invented = {
      version: 3 as const,
      status: "pass" as const,
      message: null,
      tests: [test("invented", "pass", "assert True")],
      limit: null,
      runner: "sandbox" as const,
      python: null,
      isolation: "isolated" as const,
      duration_ms: 1,
    };
    expect(checkAgainstJob(invented, aJob)).toMatch(/not in the exercise's test files/);
    const r = graded(JSON.stringify(invented));
    expect(r.status).toBe("error");
  });
});

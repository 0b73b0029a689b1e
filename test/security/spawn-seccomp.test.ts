/**
 * Memory no rlimit counts, in a sandbox started per grade (the runner without root, or with
 * PYDOJO_SANDBOX_FORK=0): bubblewrap loads the same seccomp filter the fork server installs
 * (harness/pydojo_harness/seccomp_filter.py, `--seccomp`), so a grade can make neither a user
 * namespace of its own (to mount a tmpfs of any size) nor memfd or SysV shared memory, while
 * threads and subprocesses still work. Real bubblewrap, real attacks, on x86_64.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { DEFAULT_LIMITS } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";
import { MEMORY_ATTEMPTS } from "./memory-attempts.js";

const ATTEMPTS = `import ctypes, os

def attempts():
    done = []
    libc = ctypes.CDLL(None, use_errno=True)
${MEMORY_ATTEMPTS}    return done
`;

const hasBwrap = (() => {
  try {
    execFileSync("sh", ["-c", "command -v bwrap"]);
    return existsSync("/usr/bin/python3");
  } catch {
    return false;
  }
})();

let runner: SandboxRunner;

beforeAll(() => {
  runner = new SandboxRunner({ fork: false, prestart: 0 });
});

afterAll(async () => {
  await runner?.close();
});

function failures(result: GradeResult): string {
  return JSON.stringify(
    result.status === "pass"
      ? null
      : { message: result.message, tests: result.tests.map((t) => [t.name, t.message]) },
  );
}

describe.runIf(hasBwrap && process.arch === "x64")(
  "a sandbox started per grade: the seccomp filter",
  () => {
    it("refuses a user namespace, memfd and SysV shared memory; threads and processes work", async () => {
      expect(runner.mode).toBe("spawn");
      const result = await runner.grade({
        tests: [
          {
            path: "attempts_test.py",
            content:
              "from attempts import attempts\n\ndef test_attempts():\n    assert attempts() == []\n",
          },
        ],
        solution: [{ path: "attempts.py", content: ATTEMPTS }],
        solutionModules: ["attempts"],
        limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 10, timeoutSeconds: 30 },
      });
      expect(failures(result)).toBe("null");
    }, 60_000);
  },
);

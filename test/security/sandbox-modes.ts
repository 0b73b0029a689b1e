/**
 * Shared by the security tests that run the same cases with the fork server and with a sandbox
 * started per grade (cpu-share, grade-memory): one describe block per way of making the sandbox,
 * each with its own runner, and a one-file job.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { DEFAULT_LIMITS, type GradeJob, type Limits } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";

/** `body` gets the block's runner (started before its tests); skipped unless root, or if `skip`. */
export function forEachSandbox(
  title: string,
  body: (runner: () => SandboxRunner) => void,
  skip = false,
): void {
  for (const mode of ["fork", "spawn"] as const) {
    describe.skipIf(skip || process.getuid?.() !== 0)(`${title} (${mode})`, () => {
      let runner: SandboxRunner;
      beforeAll(async () => {
        runner = new SandboxRunner({ fork: mode === "fork", prestart: 1 });
        await runner.ready();
      }, 60_000);
      afterAll(async () => {
        await runner?.close();
      });
      body(() => runner);
    });
  }
}

/** A job of one solution module (`solution.py`) and one test file. */
export function oneFileJob(
  solution: string,
  tests: string,
  limits: Limits = DEFAULT_LIMITS,
): GradeJob {
  return {
    tests: [{ path: "solution_test.py", content: tests }],
    solution: [{ path: "solution.py", content: solution }],
    solutionModules: ["solution"],
    limits,
  };
}

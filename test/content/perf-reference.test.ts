/**
 * Stored reference numbers of the performance lab: `pydojo check` compares them with what the
 * reference solution makes (within 5 %), on a real grade of a sample in the sandbox.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExercise, staleReferenceNumbers } from "../../src/app/check-exercise.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const SAMPLE = path.resolve(import.meta.dirname, "../../content/sample/counted-search");

describe("stored reference numbers", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("pass when they are the reference's", async () => {
    const outcome = await checkExercise(SAMPLE, runner);
    expect(outcome.problems).toEqual([]);
    const growth = outcome.reference?.tests.flatMap((t) => t.performance?.growth ?? []);
    expect(growth?.[0]?.points.map((p) => [p.cost, p.reference])).toEqual([
      [57, 57],
      [115, 115],
      [230, 230],
      [460, 460],
    ]);
    if (outcome.reference) expect(staleReferenceNumbers(outcome.reference)).toEqual([]);
  }, 60_000);

  it("fail the check when they are stale, naming the test, size and both numbers", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-stale-")), "counted-search");
    cpSync(SAMPLE, dir, { recursive: true });
    const testFile = path.join(dir, "search_test.py");
    writeFileSync(testFile, readFileSync(testFile, "utf8").replace("160: 460", "160: 400"));
    const outcome = await checkExercise(dir, runner);
    expect(outcome.status).toBe("fail");
    expect(outcome.problems).toEqual([
      expect.stringContaining(
        'stored reference numbers are stale in "work_grows_linearly": the reference\'s missing() makes 460 == and hash() calls for n = 160, the test file says 400',
      ),
    ]);
  }, 60_000);
});

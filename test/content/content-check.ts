/**
 * Content is checked like code: every bundled exercise loads, its reference solution passes,
 * its starter fails, its declared mistakes fail (saying what they expect) and its alternatives
 * pass, on every runtime it declares; so is every project, stage by stage. One test file per runner, so the two run in parallel.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExercise } from "../../src/app/check-exercise.js";
import { checkProject } from "../../src/app/check-project.js";
import { findExerciseDirs, findProjectDirs } from "../../src/content/discover.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const CONTENT = path.resolve(import.meta.dirname, "../../content");

export async function contentCheck(runnerName: "sandbox" | "pyodide"): Promise<void> {
  const dirs = await findExerciseDirs(CONTENT);
  const projects = await findProjectDirs(CONTENT);

  describe("bundled content", () => {
    it("has exercises", () => {
      expect(dirs.length).toBeGreaterThan(0);
    });
  });

  describe(`content check on ${runnerName}`, () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = await createRunner(runnerName);
    });
    afterAll(async () => {
      await runner?.close();
    });
    for (const dir of dirs) {
      it(path.relative(CONTENT, dir), async () => {
        const outcome = await checkExercise(dir, runner);
        expect(outcome.problems).toEqual(outcome.status === "skip" ? outcome.problems : []);
        expect(["pass", "skip"]).toContain(outcome.status);
        // A write-the-tests exercise grades its mistakes against every variant and equivalent:
        // dozens of grades on a slow machine. On a 2-core PVM VM, with the other test files
        // running beside it, such an exercise took 52 s on Pyodide and one took over 240 s
        // (70 s alone): the limit is there to stop a hang, not to time the check.
      }, 600_000);
    }
    // A project: each stage's reference passes stages 1..n (hidden tests included), the
    // previous one fails the new stage, and every stage's mistakes fail saying their text.
    for (const dir of projects) {
      it(`project ${path.relative(CONTENT, dir)}`, async () => {
        const outcome = await checkProject(dir, runner);
        expect(outcome.problems).toEqual(outcome.status === "skip" ? outcome.problems : []);
        expect(["pass", "skip"]).toContain(outcome.status);
        expect(outcome.stages.length).toBeGreaterThanOrEqual(6);
      }, 900_000);
    }
  });
}

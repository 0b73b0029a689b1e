/** The grading use case: one entry point for every exercise kind. */
import { buildGradeJob, effectiveLimits } from "../core/grading.js";
import { redactHiddenTests } from "../core/hidden-tests.js";
import { buildProjectJob, newSeed } from "../core/project.js";
import type { GradeResult } from "../core/result.js";
import { combineWriteTestsRuns, writeTestsJobs, type WriteTestsRun } from "../core/write-tests.js";
import type { LoadedExercise } from "../content/exercise-loader.js";
import type { GradeJob, Runner, SourceFile } from "../runners/runner.js";

export interface GradeOptions {
  /** A project stage's seed for `random` (a new one when not given). */
  seed?: number;
}

/** Grades the learner's files for an exercise of any kind with the given runner. */
export async function gradeExercise(
  exercise: LoadedExercise,
  solution: SourceFile[],
  runner: Runner,
  options: GradeOptions = {},
): Promise<GradeResult> {
  if (exercise.project) {
    // A project stage: the tests of stages 1..n, hidden ones included, on the whole folder.
    const { tests, hidden } = exercise.project;
    return runner.grade(
      buildProjectJob({
        tests: [...tests, ...hidden],
        files: solution,
        limits: effectiveLimits(exercise.meta),
        seed: options.seed ?? newSeed(),
      }),
    );
  }
  if (exercise.meta?.kind !== "write-tests") {
    return runner.grade(buildGradeJob(exercise, solution));
  }
  // The subject, then each hidden equivalent, then each buggy variant.
  const runs: WriteTestsRun<GradeResult>[] = [];
  for (const { variant, equivalent, result: job } of writeTestsJobs(exercise, solution)) {
    runs.push({ variant, equivalent, result: await runner.grade(job) });
  }
  return combineWriteTestsRuns(runs);
}

/**
 * The job the page's Run grades (the browser's Python, or the server's while the browser's
 * starts): an exercise's visible tests, or a write-the-tests learner's tests against the subject
 * only. None for a project stage (its page runs the stage's tests itself).
 */
export function runJob(exercise: LoadedExercise, files: SourceFile[]): GradeJob | null {
  if (exercise.project) return null;
  if (exercise.meta?.kind === "write-tests") return writeTestsJobs(exercise, files)[0]!.result;
  // What the page has: nothing under `.meta/` (hidden tests, and what only they use).
  const shown = (f: SourceFile) => !f.hidden && !/^\.meta(\/|$)/.test(f.path);
  const job = buildGradeJob(exercise, files);
  const given = new Set(files.map((f) => f.path));
  return {
    ...job,
    tests: job.tests.filter(shown),
    solution: job.solution.filter((f) => given.has(f.path) || shown(f)),
  };
}

/**
 * The test files a grade of this exercise runs, hidden ones marked: a project stage's tests and
 * hidden tests of stages 1..n, an exercise's tests; none for write-the-tests (its tests are the
 * learner's own, and its entries are made from the runs: core/write-tests.ts).
 */
export function gradedTests(exercise: LoadedExercise): SourceFile[] {
  if (exercise.project) return [...exercise.project.tests, ...exercise.project.hidden];
  return exercise.meta?.kind === "write-tests" ? [] : exercise.tests;
}

/** A verdict as its learner may see it: hidden tests by name and status only. */
export function learnerView(exercise: LoadedExercise, result: GradeResult): GradeResult {
  return redactHiddenTests(result, gradedTests(exercise));
}

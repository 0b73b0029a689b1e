/** Building a grade job from an exercise and a solution: pure, shared by CLI, server and check. */
import type { PydojoMeta, Runtime } from "./exercise.js";
import type { RunnerName } from "./result.js";
import { DEFAULT_LIMITS, type GradeJob, type Limits, type SourceFile } from "../runners/runner.js";

/** The parts of a loaded exercise a job needs. */
export interface GradableExercise {
  meta: PydojoMeta | null;
  tests: SourceFile[];
  support: SourceFile[];
  solutionModules: string[];
}

/**
 * The limits of a grade. A plain Exercism folder (no `.meta/pydojo.json`) gets no per-test
 * limit below the whole grade's, as Exercism's runner gives its whole run 20 s: a correct but
 * slow solution there (a brute-force alphametics) must not fail on a limit its author never set.
 */
export function effectiveLimits(meta: PydojoMeta | null): Limits {
  const o = meta?.limits ?? {};
  const timeoutSeconds = o.timeoutSeconds ?? DEFAULT_LIMITS.timeoutSeconds;
  return {
    timeoutSeconds,
    testTimeoutSeconds:
      o.testTimeoutSeconds ?? (meta === null ? timeoutSeconds : DEFAULT_LIMITS.testTimeoutSeconds),
    memoryMb: o.memoryMb ?? DEFAULT_LIMITS.memoryMb,
    outputKb: o.outputKb ?? DEFAULT_LIMITS.outputKb,
    processes: o.processes ?? DEFAULT_LIMITS.processes,
    fileSizeMb: o.fileSizeMb ?? DEFAULT_LIMITS.fileSizeMb,
    openFiles: o.openFiles ?? DEFAULT_LIMITS.openFiles,
  };
}

/** A job grading `solution` (the learner's files) against the exercise's tests. */
export function buildGradeJob(exercise: GradableExercise, solution: SourceFile[]): GradeJob {
  const given = new Set(solution.map((f) => f.path));
  return {
    tests: exercise.tests,
    solution: [...solution, ...exercise.support.filter((f) => !given.has(f.path))],
    solutionModules: exercise.solutionModules,
    limits: effectiveLimits(exercise.meta),
  };
}

/** Which interpreter a runner uses. */
export function runtimeOf(runner: RunnerName): Runtime {
  return runner === "sandbox" || runner === "local" ? "cpython" : "pyodide";
}

/** Runtimes an exercise declares (Exercism folders: CPython only is safe; both by default). */
export function runtimesOf(meta: PydojoMeta | null): Runtime[] {
  return meta?.runtimes ?? ["cpython", "pyodide"];
}

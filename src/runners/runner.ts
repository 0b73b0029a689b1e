/**
 * The runner port: every way of running Python (sandbox, local, pyodide, and the browser's
 * worker) takes the same job and returns the same GradeResult. Learner mistakes and limits are
 * results; only infrastructure failures (no Python, no bubblewrap) throw a RunnerUnavailableError.
 */
import type { GradeResult, RunnerName } from "../core/result.js";

/** A file held in memory: exercise files come from disk, submissions from the database. */
export interface SourceFile {
  /** Path relative to the exercise root, with '/' separators. */
  path: string;
  content: string;
  /** A test file of a project stage: the stage number, reported as each test's `task_id`. */
  task?: number;
  /**
   * A hidden test file (a project's `hidden/`, an exercise's `.meta/`): the judge marks each of
   * its tests' records `hidden`, and a learner is shown only their names and statuses
   * (src/core/hidden-tests.ts).
   */
  hidden?: boolean;
}

/** Effective limits for one grade, after exercise overrides are applied to runner defaults. */
export interface Limits {
  /** Wall time for the whole grade. */
  timeoutSeconds: number;
  /** Wall time for one test (the learner's process is restarted after a timeout). */
  testTimeoutSeconds: number;
  memoryMb: number;
  outputKb: number;
  processes: number;
  fileSizeMb: number;
  openFiles: number;
}

export const DEFAULT_LIMITS: Limits = {
  timeoutSeconds: 20,
  testTimeoutSeconds: 5,
  memoryMb: 256,
  outputKb: 1024,
  processes: 32,
  fileSizeMb: 16,
  openFiles: 64,
};

/** Everything a runner needs to grade one solution. */
export interface GradeJob {
  /** Test files (and test-side support files), never shown to the learner's process. */
  tests: SourceFile[];
  /** The learner's files: the solution and any other files the exercise gives them. */
  solution: SourceFile[];
  /** Importable module names of the solution files (from `.meta/config.json` files.solution). */
  solutionModules: string[];
  limits: Limits;
  /**
   * Write-the-tests runs: the "solution" is the code under test (correct, equivalent or buggy)
   * and the tests are the learner's. Its source must not be readable from where the tests run:
   * the isolated runners hand it to the learner-free host process only (never to disk or to the
   * judge) and refuse the tests any look at it but calls and operators.
   */
  hiddenSubject?: boolean;
  /**
   * Seeds Python's `random` before each test (with the test's name), so tests that draw their
   * inputs get new ones each grade and the same ones for the same seed; echoed as `seed`.
   */
  seed?: number;
  /**
   * The learner named the modules (a project's folder): the judge refuses a module that takes
   * the name of one the tests import (the standard library's, pytest's, a test module's).
   */
  learnerNamedModules?: boolean;
}

/** A test file as the harness reads it (docs/harness-protocol.md). */
export interface HarnessTestFile {
  path: string;
  source: string;
  task?: number;
  hidden?: boolean;
  /** Base64 of the marshalled code object a compile-only run made from `source`. */
  code?: string;
  /** `importlib.util.MAGIC_NUMBER` of the Python that made `code`, in hex. */
  magic?: string;
}

/**
 * The tests as the harness reads them: path, source and, for a project stage, its task; a
 * hidden file says so.
 */
export function harnessTests(tests: SourceFile[]): HarnessTestFile[] {
  return tests.map((f) => ({
    path: f.path,
    source: f.content,
    ...(f.task === undefined ? {} : { task: f.task }),
    ...(f.hidden ? { hidden: true } : {}),
  }));
}

export interface Runner {
  readonly name: RunnerName;
  /** Grades one job. Resolves with a result for anything the learner's code does. */
  grade(job: GradeJob, options?: { signal?: AbortSignal }): Promise<GradeResult>;
  /** Releases pooled processes or workers. */
  close(): Promise<void>;
}

/** Thrown when a runner cannot work on this machine (missing Python, bubblewrap, Pyodide). */
export class RunnerUnavailableError extends Error {
  constructor(
    readonly runner: RunnerName,
    message: string,
  ) {
    super(message);
    this.name = "RunnerUnavailableError";
  }
}

/**
 * Write-the-tests exercises: the learner's tests are run against the correct subject (they
 * must pass) and against each buggy variant (at least one test must fail: the bug is caught).
 * Pure: builds the jobs and combines the runs into one GradeResult.
 */
import type { PydojoMeta, Variant } from "./exercise.js";
import { effectiveLimits } from "./grading.js";
import { overallStatus, type GradeResult, type TestResult } from "./result.js";
import type { GradeJob, SourceFile } from "../runners/runner.js";

export interface WriteTestsExercise {
  meta: PydojoMeta | null;
  /** The correct code under test (Exercism's editor files). */
  support: SourceFile[];
  solutionModules: string[];
  /** Variant replacement files, by path inside the exercise folder. */
  variantFiles: Map<string, string>;
}

function subjectFiles(exercise: WriteTestsExercise, variant: Variant | null): SourceFile[] {
  return exercise.support.map((file) => {
    const replacement = variant?.files[file.path];
    if (!replacement) return file;
    const content = exercise.variantFiles.get(replacement);
    if (content === undefined)
      throw new Error(`variant ${variant!.name}: ${replacement} was not loaded`);
    return { path: file.path, content };
  });
}

/** One job per run: the subject first, then each variant, all with the learner's tests. */
export function writeTestsJobs(
  exercise: WriteTestsExercise,
  learnerTests: SourceFile[],
): { variant: Variant | null; job: GradeJob }[] {
  const variants = exercise.meta?.variants ?? [];
  const testModules = new Set(
    learnerTests.map((f) => f.path.replace(/\.py$/, "").replace(/\//g, ".")),
  );
  const job = (variant: Variant | null): GradeJob => ({
    tests: learnerTests,
    solution: subjectFiles(exercise, variant),
    solutionModules: exercise.solutionModules.filter((m) => !testModules.has(m)),
    limits: effectiveLimits(exercise.meta),
  });
  return [{ variant: null, job: job(null) }, ...variants.map((v) => ({ variant: v, job: job(v) }))];
}

function entry(
  name: string,
  passed: boolean,
  message: string | null,
  run: GradeResult,
): TestResult {
  return {
    name,
    status: passed ? "pass" : "fail",
    message: passed ? null : message,
    output: null,
    test_code: "",
    task_id: null,
    duration_ms: run.duration_ms,
    limit: run.limit,
  };
}

function firstProblem(run: GradeResult): string {
  if (run.status === "error") return run.message ?? "your tests could not run";
  const failing = run.tests.filter((t) => t.status === "fail" || t.status === "error");
  return failing
    .slice(0, 3)
    .map((t) => `${t.name}: ${(t.message ?? t.status).split("\n")[0]}`)
    .join("\n");
}

/** Combines the runs into one result: one entry for the subject, one per variant. */
export function combineWriteTestsRuns(
  runs: { variant: Variant | null; result: GradeResult }[],
): GradeResult {
  const subject = runs[0]!.result;
  const base = {
    runner: subject.runner,
    isolation: subject.isolation,
    python: subject.python,
    version: 3 as const,
  };
  const duration_ms = runs.reduce((sum, r) => sum + r.result.duration_ms, 0);
  if (subject.status === "error") {
    return {
      ...base,
      status: "error",
      message: subject.message,
      tests: [],
      limit: subject.limit,
      duration_ms,
    };
  }
  const tests: TestResult[] = [];
  const ranTests = subject.tests.filter((t) => t.status !== "skip").length;
  tests.push(
    entry(
      "your tests pass on the correct implementation",
      subject.status === "pass" && ranTests > 0,
      ranTests === 0
        ? "no test ran: write at least one test function"
        : `these tests fail on the correct code:\n${firstProblem(subject)}`,
      subject,
    ),
  );
  // A test that fails on the correct code "catches" every bug: it counts only once the tests pass there.
  const trusted = tests[0]!.status === "pass";
  for (const { variant, result } of runs.slice(1)) {
    const caught = trusted && result.status === "fail";
    const why = !trusted
      ? "not counted yet: first make your tests pass on the correct implementation"
      : result.status === "error"
        ? `your tests did not run against this version: ${result.message ?? "error"}`
        : "all your tests passed on this buggy version: add a test that fails on it";
    tests.push(entry(`catches: ${variant!.description}`, caught, why, result));
  }
  return { ...base, status: overallStatus(tests), message: null, tests, limit: null, duration_ms };
}

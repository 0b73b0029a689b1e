/**
 * The content check: an exercise is good when its metadata is valid, its reference solution
 * passes and its starter does not — on each runtime it declares.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { hintWarnings } from "../core/hints.js";
import { runtimeOf, runtimesOf } from "../core/grading.js";
import { gradeExercise } from "./grade-exercise.js";
import {
  combineWriteTestsRuns,
  writeTestsContentProblems,
  writeTestsJobs,
  type WriteTestsRun,
} from "../core/write-tests.js";
import type { GradeResult } from "../core/result.js";
import { ExerciseFormatError, loadExercise } from "../content/exercise-loader.js";
import type { Runner, SourceFile } from "../runners/runner.js";
import type { LoadedExercise } from "../content/exercise-loader.js";

export interface CheckOutcome {
  dir: string;
  id: string;
  status: "pass" | "fail" | "skip";
  /** Why it failed or was skipped; empty when it passed. */
  problems: string[];
  reference?: GradeResult;
  stub?: GradeResult;
  /** How many wrong solutions were checked (each must fail) and alternatives (each must pass). */
  mistakes?: number;
  alternatives?: number;
  /** Worth fixing, but the exercise grades (e.g. it has no `.docs/instructions.md`). */
  warnings?: string[];
}

/**
 * Reference numbers a test file stores for the performance lab (`perf.growth(...,
 * reference=...)`) must be what the reference solution makes: within 5 % (line events differ a
 * little between Python 3.11 and 3.14), else the feedback would compare with stale numbers.
 */
export function staleReferenceNumbers(result: GradeResult): string[] {
  const problems: string[] = [];
  for (const test of result.tests) {
    for (const growth of test.performance?.growth ?? []) {
      const stale = growth.points.find(
        (p) =>
          p.reference !== undefined &&
          Math.abs(p.cost - p.reference) > Math.max(1, 0.05 * p.reference),
      );
      if (stale)
        problems.push(
          `stored reference numbers are stale in "${test.name}": the reference's ${growth.label} makes ` +
            `${stale.cost} ${growth.unit} for n = ${stale.n}, the test file says ${stale.reference}; ` +
            `copy the series from \`pydojo grade <folder> --solution <folder>/.meta/example.py\``,
        );
    }
  }
  return problems;
}

export function summary(result: GradeResult): string {
  const passed = result.tests.filter((t) => t.status === "pass").length;
  return `${result.status} (${passed}/${result.tests.length} tests passed)`;
}

export async function checkExercise(dir: string, runner: Runner): Promise<CheckOutcome> {
  let exercise;
  try {
    exercise = await loadExercise(dir);
  } catch (error) {
    if (error instanceof ExerciseFormatError) {
      return {
        dir,
        id: dir,
        status: "fail",
        problems: error.issues.map((i) => `${i.file}: ${i.field}: ${i.message}`),
      };
    }
    throw error;
  }
  const id = exercise.meta?.id ?? dir;
  const runtime = runtimeOf(runner.name);
  if (!runtimesOf(exercise.meta).includes(runtime)) {
    return {
      dir,
      id,
      status: "skip",
      problems: [
        `does not run on ${runtime} (${exercise.meta?.runtimeNote ?? "declared runtimes"})`,
      ],
    };
  }
  // A course's exercise needs its instructions; a plain Exercism folder only gets a warning.
  const problems: string[] = exercise.meta ? [...exercise.warnings] : [];
  let reference: GradeResult;
  if (exercise.meta?.kind === "write-tests") {
    problems.push(...writeTestsContentProblems(exercise));
    // The reference tests must pass on the subject and every equivalent and catch every
    // variant. Run by run, so an author sees which test failed where and why (the learner's
    // combined result never shows the messages of a run against hidden code).
    const runs: WriteTestsRun<GradeResult>[] = [];
    for (const { variant, equivalent, result: job } of writeTestsJobs(
      exercise,
      exercise.reference,
    )) {
      const result = await runner.grade(job);
      runs.push({ variant, equivalent, result });
      const where = variant
        ? `variant ${variant.name}`
        : equivalent
          ? `equivalent ${equivalent.name}`
          : "the subject";
      if (variant && result.status === "pass") {
        problems.push(`reference tests: do not catch ${where} (${variant.description})`);
      } else if (!variant && result.status !== "pass") {
        const failing = result.tests.find((t) => t.status === "fail" || t.status === "error");
        problems.push(
          `reference tests: fail on ${where}: ` +
            (failing
              ? `${failing.name}: ${(failing.message ?? failing.status).split("\n")[0]}`
              : (result.message ?? result.status).split("\n")[0]),
        );
      } else if (variant && result.status === "error") {
        problems.push(`reference tests: could not run on ${where}: ${result.message ?? "error"}`);
      }
    }
    reference = combineWriteTestsRuns(runs);
  } else {
    reference = await gradeExercise(exercise, exercise.reference, runner);
  }
  const stub = await gradeExercise(exercise, exercise.stub, runner);
  if (reference.status !== "pass") {
    const failing = reference.tests.find((t) => t.status !== "pass" && t.status !== "skip");
    problems.push(
      `reference solution: ${summary(reference)}` +
        (reference.message ? ` — ${reference.message.split("\n")[0]}` : "") +
        (failing
          ? ` — first failure: ${failing.name}: ${(failing.message ?? "").split("\n")[0]}`
          : ""),
    );
  }
  problems.push(...staleReferenceNumbers(reference));
  if (stub.status === "pass") problems.push(`starter passes its tests: ${summary(stub)}`);
  problems.push(...(await mistakeProblems(exercise, runner)));
  // A course's starter must load, so a learner's first Run shows tests, not one import error.
  // Exercism's concept exercises ship starters that name only some of what the tests import
  // (their tests raise ImportWarning for the rest): for a plain Exercism folder that is a
  // warning, since the starter fails as it should. A starter that is not Python is a problem.
  const warnings = [...(exercise.meta ? [] : exercise.warnings), ...hintWarnings(exercise.hints)];
  // The `db` fixture runs schema.sql and fixtures.sql only when files.test lists them.
  for (const name of ["schema.sql", "fixtures.sql"])
    if (existsSync(path.join(dir, name)) && !exercise.tests.some((t) => t.path === name))
      warnings.push(
        `${name} is not listed in .meta/config.json files.test: the db fixture runs it only from there (as it is, it is a data file the learner sees)`,
      );
  // "Does not load": no test ran (whatever the message says: a missing name the tests import,
  // an exception at import), or the message names a load failure.
  if (
    stub.status === "error" &&
    stub.limit === null &&
    (stub.tests.length === 0 || /SyntaxError|could not be loaded/.test(stub.message ?? ""))
  ) {
    const broken = exercise.meta || /SyntaxError/.test(stub.message ?? "");
    (broken ? problems : warnings).push(
      `starter does not load: ${(stub.message ?? "").split("\n")[0]}`,
    );
  }
  return {
    dir,
    id,
    status: problems.length ? "fail" : "pass",
    problems,
    reference,
    stub,
    mistakes: exercise.meta?.mistakes.length ?? 0,
    alternatives: exercise.meta?.alternatives.length ?? 0,
    warnings,
  };
}

/** The reference's files with some replaced by files of the exercise folder. */
function replaced(exercise: LoadedExercise, files: Record<string, string>): SourceFile[] {
  return exercise.reference.map((file) =>
    file.path in files
      ? { path: file.path, content: exercise.variantFiles.get(files[file.path]!) ?? "" }
      : file,
  );
}

/** The first failing test with its own message (a subtest's, not its parent's summary). */
export function firstFailure(result: GradeResult) {
  const failing = result.tests.filter((t) => t.status === "fail" || t.status === "error");
  return (
    failing.find((t) => !/^One or more variations of this test failed\./.test(t.message ?? "")) ??
    failing[0]
  );
}

/** What a learner reads when a grade fails: every failing test's message, and the result's. */
export function failureText(result: GradeResult): string {
  return [
    result.message ?? "",
    ...result.tests
      .filter((t) => t.status === "fail" || t.status === "error")
      .map((t) => `${t.message ?? ""}\n${t.output ?? ""}`),
  ].join("\n");
}

/**
 * Plausible wrong solutions must fail, saying what `expect` says when it is given; correct
 * solutions written differently must pass.
 */
async function mistakeProblems(exercise: LoadedExercise, runner: Runner): Promise<string[]> {
  const problems: string[] = [];
  for (const mistake of exercise.meta?.mistakes ?? []) {
    const result = await gradeExercise(exercise, replaced(exercise, mistake.files), runner);
    if (result.status === "pass") {
      problems.push(`mistake ${mistake.name} passes the tests (${mistake.description})`);
    } else if (mistake.expect && !failureText(result).includes(mistake.expect)) {
      const first = firstFailure(result);
      problems.push(
        `mistake ${mistake.name} fails, but no message says "${mistake.expect}"` +
          (first
            ? ` (first failure: ${first.name}: ${(first.message ?? "").split("\n")[0]})`
            : ` (${summary(result)})`),
      );
    }
  }
  for (const alternative of exercise.meta?.alternatives ?? []) {
    const result = await gradeExercise(exercise, replaced(exercise, alternative.files), runner);
    if (result.status !== "pass") {
      const first = firstFailure(result);
      problems.push(
        `alternative ${alternative.name} does not pass: ${summary(result)}` +
          (first ? ` — ${first.name}: ${(first.message ?? "").split("\n")[0]}` : ""),
      );
    }
  }
  return problems;
}

/**
 * Write-the-tests exercises: the learner's tests are run against the correct subject and its
 * hidden equivalents (correct code written differently: the tests must pass on all of them)
 * and against each buggy variant (at least one test must fail: the bug is caught).
 * Pure: builds the jobs and combines the runs into one GradeResult.
 */
import type { Equivalent, PydojoMeta, Variant } from "./exercise.js";
import { effectiveLimits } from "./grading.js";
import { overallStatus, type GradeResult, type TestResult } from "./result.js";
import type { GradeJob, SourceFile } from "../runners/runner.js";

export interface WriteTestsExercise {
  meta: PydojoMeta | null;
  /** The correct code under test (Exercism's editor files). */
  support: SourceFile[];
  solutionModules: string[];
  /** Variant and equivalent replacement files, by path inside the exercise folder. */
  variantFiles: Map<string, string>;
}

/** One run of the learner's tests: the subject (neither set), an equivalent, or a variant. */
export interface WriteTestsRun<T> {
  variant: Variant | null;
  equivalent?: Equivalent | null;
  result: T;
}

function subjectFiles(
  exercise: WriteTestsExercise,
  replacing: Variant | Equivalent | null,
): SourceFile[] {
  return exercise.support.map((file) => {
    const replacement = replacing?.files[file.path];
    if (!replacement) return file;
    const content = exercise.variantFiles.get(replacement);
    if (content === undefined) throw new Error(`${replacing!.name}: ${replacement} was not loaded`);
    return { path: file.path, content };
  });
}

/**
 * One job per run, all with the learner's tests and `hiddenSubject` (the tests may call the
 * code under test, never read it): the subject first, then each equivalent, then each variant.
 */
export function writeTestsJobs(
  exercise: WriteTestsExercise,
  learnerTests: SourceFile[],
): WriteTestsRun<GradeJob>[] {
  const variants = exercise.meta?.variants ?? [];
  const equivalents = exercise.meta?.equivalents ?? [];
  const testModules = new Set(
    learnerTests.map((f) => f.path.replace(/\.py$/, "").replace(/\//g, ".")),
  );
  const job = (replacing: Variant | Equivalent | null): GradeJob => ({
    tests: learnerTests,
    solution: subjectFiles(exercise, replacing),
    solutionModules: exercise.solutionModules.filter((m) => !testModules.has(m)),
    limits: effectiveLimits(exercise.meta),
    hiddenSubject: true,
  });
  return [
    { variant: null, equivalent: null, result: job(null) },
    ...equivalents.map((e) => ({ variant: null, equivalent: e, result: job(e) })),
    ...variants.map((v) => ({ variant: v, equivalent: null, result: job(v) })),
  ];
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

/**
 * The learner's tests that failed, by name only: their messages could show the hidden code. And
 * only names the run on the visible code collected too: a test file can name its tests at load
 * time from what the code under test did, so a name new in a hidden run would carry what the
 * hidden code did out of it (red team, 2026-12-08).
 */
function failingNames(run: GradeResult, subject: GradeResult): string {
  if (run.status === "error") return "your test file did not run against it";
  const known = new Set(subject.tests.map((t) => t.name));
  const failing = run.tests.filter((t) => t.status === "fail" || t.status === "error");
  if (failing.some((t) => !known.has(t.name)) || run.tests.length !== subject.tests.length)
    return "your test file collected other tests on this version than on the visible code: name and parametrize tests the same way whatever the code under test does";
  const names = failing.map((t) => t.name);
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `failing: ${shown} and ${names.length - 5} more` : `failing: ${shown}`;
}

/**
 * What stopped a run against a hidden version, without its message: the message is the
 * learner's own code's text, computed from what the hidden version did, so it would be a
 * channel out of that run. The limit's name, or the exception's type name, is all it says.
 */
function errorKind(run: GradeResult): string {
  if (run.limit) return `the ${run.limit} limit`;
  const type = /:\s*([A-Za-z]{1,40})(?::|$)/m.exec(run.message ?? "")?.[1];
  // Only a built-in exception's name: a class the learner made could be named by the result.
  return type && BUILTIN_ERRORS.has(type) ? type : "an exception";
}

const BUILTIN_ERRORS = new Set(
  (
    "ArithmeticError AssertionError AttributeError EOFError Exception ImportError IndexError " +
    "KeyError LookupError ModuleNotFoundError NameError NotImplementedError OSError " +
    "OverflowError RecursionError RuntimeError StopIteration SyntaxError SystemExit TypeError " +
    "UnboundLocalError UnicodeError ValueError ZeroDivisionError"
  ).split(" "),
);

export const EQUIVALENT_ENTRY = "your tests pass on a correct implementation written differently";

/**
 * Combines the runs into one result: one entry for the subject, one per equivalent, one per
 * variant. Catches count only once the tests pass on the subject and on every equivalent: a
 * suite that fails on correct code "catches" everything.
 */
export function combineWriteTestsRuns(runs: WriteTestsRun<GradeResult>[]): GradeResult {
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
  const equivalents = runs.slice(1).filter((r) => r.equivalent);
  for (const [index, { result }] of equivalents.entries()) {
    const n = `${index + 1} of ${equivalents.length}`;
    tests.push(
      entry(
        `${EQUIVALENT_ENTRY} (${index + 1})`,
        tests[0]!.status === "pass" && result.status === "pass",
        tests[0]!.status !== "pass"
          ? "not counted yet: first make your tests pass on the correct implementation"
          : `Your tests fail on a correct implementation written differently (equivalent ${n}): ` +
              `test what the code does, not how it is written.\n${failingNames(result, subject)}`,
        result,
      ),
    );
  }
  // A test that fails on correct code "catches" every bug: catches count only once the tests
  // pass on the subject and on every equivalent.
  const trusted = tests.every((t) => t.status === "pass");
  const onlyEquivalentsFail = tests[0]!.status === "pass" && !trusted;
  for (const { variant, result } of runs.slice(1).filter((r) => !r.equivalent)) {
    const caught = trusted && result.status === "fail";
    const why = onlyEquivalentsFail
      ? "not counted yet: first make your tests pass on every correct implementation"
      : !trusted
        ? "not counted yet: first make your tests pass on the correct implementation"
        : result.status === "error"
          ? `your tests did not run against this version (${errorKind(result)}): make what ` +
            "your test file does when it is loaded work whatever the code under test returns"
          : "all your tests passed on this buggy version: add a test that fails on it";
    tests.push(entry(`catches: ${variant!.description}`, caught, why, result));
  }
  return { ...base, status: overallStatus(tests), message: null, tests, limit: null, duration_ms };
}

const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;

/**
 * Python source without comments, docstrings (a string literal that starts a logical line)
 * and blank space, for telling whether an equivalent really differs from the subject.
 * A small scanner, not a parser: enough for the content check.
 */
export function normalizedPython(source: string): string {
  let out = "";
  let i = 0;
  let lineStart = true;
  let depth = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "#") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    const rest = source.slice(i, i + 5);
    const start = STRING_START.exec(rest);
    if (start && (start[1] === "" || /[^\w]/.test(source[i - 1] ?? " "))) {
      const quote = start[2]!;
      let j = i + start[0].length;
      while (j < source.length && !source.startsWith(quote, j)) {
        if (source[j] === "\\") j++;
        else if (quote.length === 1 && source[j] === "\n") break;
        j++;
      }
      j += quote.length;
      if (!(lineStart && depth === 0)) out += source.slice(i, j);
      lineStart = false;
      i = j;
      continue;
    }
    if (ch === "\n") {
      if (depth === 0) lineStart = true;
      out += " ";
    } else if (/\s/.test(ch)) {
      out += " ";
    } else {
      if ("([{".includes(ch)) depth++;
      if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
      lineStart = false;
      out += ch;
    }
    i++;
  }
  return out.replace(/\s+/g, " ").trim();
}

/** At least this many variants and equivalents, so one or two tests cannot pass by luck. */
export const MIN_VARIANTS = 8;
export const MIN_EQUIVALENTS = 2;

/** Authoring problems of a write-tests exercise's variants and equivalents (empty when fine). */
export function writeTestsContentProblems(exercise: WriteTestsExercise): string[] {
  const problems: string[] = [];
  const variants = exercise.meta?.variants ?? [];
  const equivalents = exercise.meta?.equivalents ?? [];
  if (variants.length < MIN_VARIANTS) {
    problems.push(
      `.meta/pydojo.json: variants: ${variants.length} buggy variants, at least ${MIN_VARIANTS} ` +
        "needed: add variants that each break one rule the instructions state",
    );
  }
  if (equivalents.length < MIN_EQUIVALENTS) {
    problems.push(
      `.meta/pydojo.json: equivalents: ${equivalents.length} equivalents, at least ` +
        `${MIN_EQUIVALENTS} needed: add correct implementations written differently ` +
        "(another algorithm, structure and names; no shared docstrings or comments)",
    );
  }
  for (const [index, equivalent] of equivalents.entries()) {
    for (const [subjectPath, replacement] of Object.entries(equivalent.files)) {
      const subject = exercise.support.find((f) => f.path === subjectPath);
      const content = exercise.variantFiles.get(replacement);
      if (!subject || content === undefined) continue;
      if (normalizedPython(subject.content) === normalizedPython(content)) {
        problems.push(
          `.meta/pydojo.json: equivalents.${index} (${equivalent.name}): ${replacement} is ` +
            `${subjectPath} with only comments, docstrings or spacing changed: rewrite it with ` +
            "another algorithm or structure",
        );
      }
    }
  }
  return problems;
}

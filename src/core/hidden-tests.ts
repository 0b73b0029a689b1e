/**
 * Hidden tests (a project stage's `hidden/` files, an exercise's test files under `.meta/`) are
 * there so that hard-coding the examples fails on the server. A learner may learn that a hidden
 * test failed and its name, never its code, its assertion's message, expected and actual values,
 * what it printed, or anything else that can quote its code or show its inputs. Pure: the one
 * rule every route that serves a verdict goes through (docs/security.md, "Projects").
 */
import type { GradeResult, TestResult } from "./result.js";
import type { SourceFile } from "../runners/runner.js";

/** What a learner is told about a hidden test that did not pass. */
export const HIDDEN_TEST_FAILED =
  "a hidden test failed: your code must work for inputs beyond the examples";

/** What replaces a whole run's message that names a hidden test file. */
export const HIDDEN_TESTS_STOPPED =
  "the hidden tests could not run: what stopped them is not shown, as it would show the hidden tests";

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/**
 * The result as a learner may see it. A hidden test's record keeps its status, stage, limit and
 * duration and says `hidden`; its message becomes HIDDEN_TEST_FAILED (none when it passed or was
 * skipped) and its code, output, expected and actual values, learner line, measurements, HTTP
 * transcript and database go (each can quote the test or show its inputs). Its name loses what a
 * parametrized case or a subtest adds (`more_words[x-zz]`, `more_words (words=['x'])`: the
 * inputs), keeping the test's own name and a number.
 *
 * A record is hidden when the judge marked it (`hidden`, from the job's hidden files); and,
 * should a verdict lack the marks (judged before the judge marked them, stored before this
 * rule), when it cannot come from the visible files: its code is not theirs, or it is a hidden
 * file's "could not run" record. A run's message that names a hidden file is replaced.
 * Idempotent, so a verdict stored redacted can go through it again.
 *
 * `tests`: the test files the grade ran, the hidden ones marked.
 */
export function redactHiddenTests(result: GradeResult, tests: readonly SourceFile[]): GradeResult {
  const hiddenFiles = tests.filter((f) => f.hidden);
  if (hiddenFiles.length === 0 && !result.tests.some((t) => t.hidden)) return result;
  const visibleLines = new Set(tests.filter((f) => !f.hidden).flatMap((f) => lines(f.content)));
  const hiddenNames = hiddenFiles.map((f) => baseName(f.path));
  const isHidden = (t: TestResult) =>
    t.hidden === true ||
    (hiddenFiles.length > 0 &&
      (hiddenNames.some((name) => t.name === `${name} could not run`) ||
        lines(t.test_code).some((line) => !visibleLines.has(line))));
  const cases = new Map<string, number>();
  const redacted = result.tests.map((t): TestResult => {
    if (!isHidden(t)) return t;
    // Test names are identifiers (`Class > method`): a `[` or `(` starts what a case adds.
    const own = /^[^[(]*/.exec(t.name)![0].trim() || "hidden test";
    let name = own;
    if (own !== t.name.trim()) {
      const n = (cases.get(own) ?? 0) + 1;
      cases.set(own, n);
      name = `${own} [case ${n}]`;
    }
    return {
      name,
      status: t.status,
      message: t.status === "fail" || t.status === "error" ? HIDDEN_TEST_FAILED : null,
      output: null,
      test_code: "",
      task_id: t.task_id,
      duration_ms: t.duration_ms,
      limit: t.limit,
      hidden: true,
    };
  });
  const names = hiddenFiles.map((f) => f.path).concat(hiddenNames);
  const message =
    result.message !== null && names.some((name) => result.message!.includes(name))
      ? HIDDEN_TESTS_STOPPED
      : result.message;
  return { ...result, message, tests: redacted };
}

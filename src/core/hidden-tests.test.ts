import { describe, expect, it } from "vitest";
import { HIDDEN_TEST_FAILED, HIDDEN_TESTS_STOPPED, redactHiddenTests } from "./hidden-tests.js";
import type { GradeResult, TestResult } from "./result.js";
import type { SourceFile } from "../runners/runner.js";

const VISIBLE: SourceFile = {
  path: "tests/test_01_count.py",
  content: 'def test_example():\n    assert count_words("a b") == {"a": 1, "b": 1}\n',
  task: 1,
};
const HIDDEN: SourceFile = {
  path: "hidden/test_01_hidden.py",
  content:
    'def test_more():\n    words = ["zz", "Y"]\n    assert count_words(" ".join(words)) == 2\n',
  task: 1,
  hidden: true,
};
const FILES = [VISIBLE, HIDDEN];

/** A failing record with every field a test can fill, each quoting the test or its inputs. */
const record = (name: string, test_code: string, extra: Partial<TestResult> = {}): TestResult => ({
  name,
  status: "fail",
  message: "AssertionError: counts of ['zz', 'Y']",
  output: "['zz', 'Y']\n",
  test_code,
  task_id: 1,
  duration_ms: 3,
  limit: null,
  expected: "2",
  actual: "{'zz': 1}",
  learner_line: 4,
  performance: { notes: ["['zz', 'Y']"] },
  http: [],
  database: { tables: [], tables_total: 0, queries: [], queries_total: 0 },
  ...extra,
});
const HIDDEN_CODE = 'words = ["zz", "Y"]\nassert count_words(" ".join(words)) == 2';
const VISIBLE_CODE = 'assert count_words("a b") == {"a": 1, "b": 1}';

const result = (tests: TestResult[], message: string | null = null): GradeResult => ({
  version: 3,
  status: "fail",
  message,
  tests,
  limit: null,
  runner: "sandbox",
  python: "3.11.2",
  isolation: "isolated",
  duration_ms: 9,
  seed: 5,
});

describe("redactHiddenTests", () => {
  it("keeps of a hidden test its name, status, stage, limit and duration, and says it failed", () => {
    const out = redactHiddenTests(
      result([record("more", HIDDEN_CODE, { hidden: true, limit: "timeout" })]),
      FILES,
    );
    expect(out.tests[0]).toEqual({
      name: "more",
      status: "fail",
      message: HIDDEN_TEST_FAILED,
      output: null,
      test_code: "",
      task_id: 1,
      duration_ms: 3,
      limit: "timeout",
      hidden: true,
    });
    expect(JSON.stringify(out)).not.toMatch(/zz|count_words/);
    expect(out.seed).toBe(5);
  });

  it("leaves a visible test's record as it is, failures and all", () => {
    const visible = record("example", VISIBLE_CODE);
    const out = redactHiddenTests(result([visible, record("more", HIDDEN_CODE)]), FILES);
    expect(out.tests[0]).toBe(visible);
    expect(out.tests[1]!.hidden).toBe(true);
  });

  it("finds hidden records the judge did not mark: code not from a visible file, a hidden file that could not run", () => {
    const out = redactHiddenTests(
      result([
        record("more", HIDDEN_CODE),
        record("test_01_hidden.py could not run", "", { status: "error" }),
        record("test_01_count.py could not run", "", { status: "error" }),
      ]),
      FILES,
    );
    expect(out.tests.map((t) => [t.name, t.status, t.message, t.hidden])).toEqual([
      ["more", "fail", HIDDEN_TEST_FAILED, true],
      ["test_01_hidden.py could not run", "error", HIDDEN_TEST_FAILED, true],
      [
        "test_01_count.py could not run",
        "error",
        "AssertionError: counts of ['zz', 'Y']",
        undefined,
      ],
    ]);
  });

  it("drops what a parametrized case or a subtest adds to a hidden test's name (its inputs)", () => {
    const out = redactHiddenTests(
      result([
        record("more[zz-Y]", HIDDEN_CODE, { hidden: true }),
        record("More > cases[zz]", HIDDEN_CODE, { hidden: true }),
        record("More > cases [why] (words=['zz'])", HIDDEN_CODE, { hidden: true }),
        record("more (words=['Y'])", HIDDEN_CODE, { hidden: true }),
      ]),
      FILES,
    );
    expect(out.tests.map((t) => t.name)).toEqual([
      "more [case 1]",
      "More > cases [case 1]",
      "More > cases [case 2]",
      "more [case 2]",
    ]);
  });

  it("says nothing of a hidden test that passed or was skipped", () => {
    const out = redactHiddenTests(
      result([
        record("more", HIDDEN_CODE, { hidden: true, status: "pass", message: null }),
        record("more_skipped", HIDDEN_CODE, { hidden: true, status: "skip", message: "zz" }),
      ]),
      FILES,
    );
    expect(out.tests.map((t) => t.message)).toEqual([null, null]);
  });

  it("replaces a run's message that names a hidden file, and only that", () => {
    const named = result([], "the tests in test_01_hidden.py could not be collected: ['zz']");
    expect(redactHiddenTests(named, FILES).message).toBe(HIDDEN_TESTS_STOPPED);
    const mine = result([], "your code raised ValueError while it was being imported");
    expect(redactHiddenTests(mine, FILES).message).toBe(mine.message);
  });

  it("changes nothing without hidden files or marks (a write-the-tests run's own entries)", () => {
    const plain = result([record("your tests pass on the correct implementation", "")]);
    expect(redactHiddenTests(plain, [VISIBLE])).toBe(plain);
    expect(redactHiddenTests(plain, [])).toBe(plain);
  });

  it("redacts marked records even when the exercise's files are not known", () => {
    const out = redactHiddenTests(result([record("more", HIDDEN_CODE, { hidden: true })]), []);
    expect(out.tests[0]!.test_code).toBe("");
  });

  it("is idempotent: a verdict stored redacted is served the same", () => {
    const once = redactHiddenTests(
      result([
        record("example", VISIBLE_CODE),
        record("more[zz]", HIDDEN_CODE, { hidden: true }),
        record("more[Y]", HIDDEN_CODE),
        record("test_01_hidden.py could not run", ""),
      ]),
      FILES,
    );
    expect(redactHiddenTests(once, FILES)).toEqual(once);
    expect(redactHiddenTests(once, [])).toEqual(once);
  });
});

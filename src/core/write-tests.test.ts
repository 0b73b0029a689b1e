import { describe, expect, it } from "vitest";
import type { GradeResult, TestResult } from "./result.js";
import { pydojoMetaSchema } from "./exercise.js";
import {
  combineWriteTestsRuns,
  normalizedPython,
  writeTestsContentProblems,
  writeTestsJobs,
  type WriteTestsExercise,
} from "./write-tests.js";

const test = (status: TestResult["status"]): TestResult => ({
  name: "t",
  status,
  message: null,
  output: null,
  test_code: "",
  task_id: null,
  duration_ms: 1,
  limit: null,
});
const run = (status: GradeResult["status"], tests: TestResult["status"][]): GradeResult => ({
  version: 3,
  status,
  message: status === "error" ? "SyntaxError in test_x.py" : null,
  tests: tests.map(test),
  limit: null,
  runner: "sandbox",
  python: "3.11.2",
  isolation: "isolated",
  duration_ms: 2,
});
const variant = (name: string) => ({ name, description: `bug ${name}`, files: {} });
const equivalent = (name: string) => ({ name, files: {} });

const SUBJECT = 'def f(x):\n    """Double x."""\n    return x * 2  # twice\n';
function exercise(variants: number, equivalents: Record<string, string>): WriteTestsExercise {
  const meta = pydojoMetaSchema.parse({
    id: "t/double",
    title: "Double",
    kind: "write-tests",
    difficulty: 1,
    concepts: ["testing"],
    estimatedMinutes: 5,
    variants: Array.from({ length: variants }, (_, i) => ({
      name: `v${i}`,
      description: `bug ${i}`,
      files: { "f.py": `.meta/variants/v${i}.py` },
    })),
    equivalents: Object.keys(equivalents).map((name) => ({
      name,
      files: { "f.py": `.meta/equivalents/${name}.py` },
    })),
  });
  const files = new Map<string, string>();
  for (let i = 0; i < variants; i++)
    files.set(`.meta/variants/v${i}.py`, `def f(x):\n    return x + ${i}\n`);
  for (const [name, content] of Object.entries(equivalents))
    files.set(`.meta/equivalents/${name}.py`, content);
  return {
    meta,
    support: [{ path: "f.py", content: SUBJECT }],
    solutionModules: ["f", "test_f"],
    variantFiles: files,
  };
}

describe("writeTestsJobs", () => {
  it("runs the subject, then each equivalent, then each variant, all with a hidden subject", () => {
    const ex = exercise(2, { a: "def f(y):\n    return y + y\n" });
    const tests = [{ path: "test_f.py", content: "from f import f\n" }];
    const jobs = writeTestsJobs(ex, tests);
    expect(jobs.map((j) => [j.variant?.name ?? null, j.equivalent?.name ?? null])).toEqual([
      [null, null],
      [null, "a"],
      ["v0", null],
      ["v1", null],
    ]);
    expect(jobs.every((j) => j.result.hiddenSubject === true)).toBe(true);
    expect(jobs.map((j) => j.result.solution[0]!.content)).toEqual([
      SUBJECT,
      "def f(y):\n    return y + y\n",
      "def f(x):\n    return x + 0\n",
      "def f(x):\n    return x + 1\n",
    ]);
    // The learner's test module is never one of the subject's modules.
    expect(jobs[0]!.result.solutionModules).toEqual(["f"]);
    expect(jobs[0]!.result.tests).toBe(tests);
  });
});

describe("writeTestsContentProblems", () => {
  it("asks for at least 8 variants and 2 equivalents, saying what to add", () => {
    const problems = writeTestsContentProblems(exercise(5, { a: "def f(y):\n    return y + y\n" }));
    expect(problems).toEqual([
      expect.stringMatching(
        /variants: 5 buggy variants, at least 8 needed: add variants that each break one rule/,
      ),
      expect.stringMatching(
        /equivalents: 1 equivalents, at least 2 needed: add correct implementations written differently/,
      ),
    ]);
  });

  it("refuses an equivalent that is the subject with other comments and docstrings", () => {
    const copy = "def f(x):\n    '''Return twice x.'''\n    # the same code\n    return x * 2\n";
    const problems = writeTestsContentProblems(
      exercise(8, { copy, other: "def f(y):\n    return y + y\n" }),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        "equivalents.0 (copy): .meta/equivalents/copy.py is f.py with only comments, docstrings or spacing changed",
      ),
    ]);
  });

  it("is content with 8 variants and 2 real equivalents", () => {
    expect(
      writeTestsContentProblems(
        exercise(8, { a: "def f(y):\n    return y + y\n", b: "f = lambda v: 2 * v\n" }),
      ),
    ).toEqual([]);
  });
});

describe("normalizedPython", () => {
  it("drops comments, docstrings and spacing but keeps strings that are values", () => {
    const source =
      '"""Module."""\nx = "#not a comment"  # comment\n\n\ndef g():\n    r"""doc"""\n    return f(\n        "a"\n    )\n';
    expect(normalizedPython(source)).toBe('x = "#not a comment" def g(): return f( "a" )');
  });
});

describe("combineWriteTestsRuns", () => {
  it("passes when the tests pass on the subject and fail on every variant", () => {
    const result = combineWriteTestsRuns([
      { variant: null, result: run("pass", ["pass", "pass"]) },
      { variant: variant("a"), result: run("fail", ["pass", "fail"]) },
      { variant: variant("b"), result: run("fail", ["fail", "pass"]) },
    ]);
    expect(result.status).toBe("pass");
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ["your tests pass on the correct implementation", "pass"],
      ["catches: bug a", "pass"],
      ["catches: bug b", "pass"],
    ]);
  });

  it("names a bug the tests miss", () => {
    const result = combineWriteTestsRuns([
      { variant: null, result: run("pass", ["pass"]) },
      { variant: variant("a"), result: run("pass", ["pass"]) },
    ]);
    expect(result.status).toBe("fail");
    expect(result.tests[1]).toMatchObject({
      status: "fail",
      message: "all your tests passed on this buggy version: add a test that fails on it",
    });
  });

  it("does not count catches while the tests fail on the correct code", () => {
    const result = combineWriteTestsRuns([
      { variant: null, result: run("fail", ["fail"]) },
      { variant: variant("a"), result: run("fail", ["fail"]) },
    ]);
    expect(result.tests.map((t) => t.status)).toEqual(["fail", "fail"]);
    expect(result.tests[1]!.message).toBe(
      "not counted yet: first make your tests pass on the correct implementation",
    );
  });

  it("is an error when the learner's tests cannot load", () => {
    const result = combineWriteTestsRuns([{ variant: null, result: run("error", []) }]);
    expect(result).toMatchObject({
      status: "error",
      message: "SyntaxError in test_x.py",
      tests: [],
    });
  });

  it("says what stopped a run on a variant, never the message the learner's code wrote", () => {
    const stopped = (message: string): GradeResult => ({ ...run("error", []), message });
    const result = combineWriteTestsRuns([
      { variant: null, result: run("pass", ["pass"]) },
      {
        variant: variant("a"),
        equivalent: null,
        result: stopped("the tests in test_x.py could not be loaded: ValueError: f(3) returned 7"),
      },
      {
        variant: variant("b"),
        equivalent: null,
        result: stopped("the tests in test_x.py could not be loaded: Returned7: boom"),
      },
      {
        variant: variant("c"),
        equivalent: null,
        result: { ...run("error", []), limit: "timeout" },
      },
    ]);
    const messages = result.tests.slice(1).map((t) => t.message ?? "");
    expect(messages[0]).toMatch(/^your tests did not run against this version \(ValueError\)/);
    expect(messages[1]).toMatch(/\(an exception\)/);
    expect(messages[2]).toMatch(/\(the timeout limit\)/);
    expect(messages.join("\n")).not.toMatch(/returned 7|Returned7|boom/);
  });

  it("fails a suite that does not pass on an equivalent, with the behaviour message and no source", () => {
    const failing: GradeResult = {
      ...run("fail", ["fail"]),
      tests: [
        { ...test("fail"), name: "test_source_hash", message: "assert 'def f(y): ...' == 'abc'" },
      ],
    };
    const subject: GradeResult = {
      ...run("pass", ["pass"]),
      tests: [{ ...test("pass"), name: "test_source_hash" }],
    };
    const result = combineWriteTestsRuns([
      { variant: null, result: subject },
      { variant: null, equivalent: equivalent("a"), result: run("pass", ["pass"]) },
      { variant: null, equivalent: equivalent("b"), result: failing },
      { variant: variant("x"), equivalent: null, result: run("fail", ["fail"]) },
    ]);
    expect(result.status).toBe("fail");
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ["your tests pass on the correct implementation", "pass"],
      ["your tests pass on a correct implementation written differently (1)", "pass"],
      ["your tests pass on a correct implementation written differently (2)", "fail"],
      ["catches: bug x", "fail"],
    ]);
    expect(result.tests[2]!.message).toBe(
      "Your tests fail on a correct implementation written differently (equivalent 2 of 2): " +
        "test what the code does, not how it is written.\nfailing: test_source_hash",
    );
    expect(result.tests[3]!.message).toBe(
      "not counted yet: first make your tests pass on every correct implementation",
    );
  });

  it("names no failing test the visible code's run did not collect (a name made from the hidden code)", () => {
    const leaking: GradeResult = {
      ...run("fail", ["fail"]),
      tests: [{ ...test("fail"), name: "test_spy_returns_untitled_for_bytes" }],
    };
    const result = combineWriteTestsRuns([
      { variant: null, result: run("pass", ["pass"]) },
      { variant: null, equivalent: equivalent("a"), result: leaking },
      { variant: variant("x"), equivalent: null, result: run("fail", ["fail"]) },
    ]);
    expect(result.tests[1]!.message).toContain("collected other tests on this version");
    expect(JSON.stringify(result.tests)).not.toContain("untitled");
  });

  it("passes when the tests pass on the subject and every equivalent and catch every variant", () => {
    const result = combineWriteTestsRuns([
      { variant: null, result: run("pass", ["pass"]) },
      { variant: null, equivalent: equivalent("a"), result: run("pass", ["pass"]) },
      { variant: variant("x"), result: run("fail", ["fail"]) },
    ]);
    expect(result.status).toBe("pass");
  });

  it("requires at least one test", () => {
    const result = combineWriteTestsRuns([{ variant: null, result: run("pass", []) }]);
    expect(result.tests[0]).toMatchObject({
      status: "fail",
      message: "no test ran: write at least one test function",
    });
  });
});

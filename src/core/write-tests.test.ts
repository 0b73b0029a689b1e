import { describe, expect, it } from "vitest";
import type { GradeResult, TestResult } from "./result.js";
import { combineWriteTestsRuns } from "./write-tests.js";

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

  it("requires at least one test", () => {
    const result = combineWriteTestsRuns([{ variant: null, result: run("pass", []) }]);
    expect(result.tests[0]).toMatchObject({
      status: "fail",
      message: "no test ran: write at least one test function",
    });
  });
});

/**
 * A grade whose cgroup the kernel found full (`outOfMemory`): the grade says the memory limit,
 * and so does the test that was under way, whatever the judge saw of it (a child it waited on
 * ended, so a time limit; its own process ended, so a crash). Tests that ended on their own
 * are kept as they were.
 */
import { expect, it } from "vitest";
import type { GradeResult, TestResult } from "../../src/core/result.js";
import { outOfMemory } from "../../src/runners/python-process.js";

const test = (
  name: string,
  status: TestResult["status"],
  limit: TestResult["limit"],
  message: string | null,
): TestResult => ({
  name,
  status,
  message,
  output: null,
  test_code: "",
  task_id: null,
  duration_ms: 1,
  limit,
});

const grade = (tests: TestResult[]): GradeResult =>
  ({
    version: 3,
    status: "error",
    message: null,
    tests,
    limit: null,
    runner: "sandbox",
    python: "3.11",
    isolation: "isolated",
  }) as GradeResult;

it("names the memory limit on the grade and on the first test that ended by a limit", () => {
  const r = outOfMemory(
    grade([
      test("first", "pass", null, null),
      test("wrong", "fail", null, "assert 1 == 2"),
      test("bomb", "error", "timeout", "timeout after 5 s: the test did not finish in time"),
      test("later", "error", "crash", "your program's process stopped unexpectedly"),
    ]),
    656 * 1024 * 1024,
  );
  expect(r).toMatchObject({ status: "error", limit: "memory" });
  expect(r.message).toMatch(
    /held more than its 656 MB of memory together, so the kernel stopped it$/,
  );
  expect(r.tests.map((t) => [t.name, t.status, t.limit])).toEqual([
    ["first", "pass", null],
    ["wrong", "fail", null],
    ["bomb", "error", "memory"],
    ["later", "error", "crash"],
  ]);
  expect(r.tests[2]!.message).toBe(
    `${r.message}. This test was under way, and ended with: timeout after 5 s: the test did not finish in time`,
  );
  expect(r.tests[1]!.message).toBe("assert 1 == 2");
});

it("changes no test when none ended by a limit", () => {
  const tests = [
    test("a", "pass", null, null),
    test("b", "error", "memory", "memory limit: 300 MB"),
  ];
  const r = outOfMemory(grade(tests), 512 * 1024 * 1024);
  expect(r.tests).toEqual(tests);
  expect(r.limit).toBe("memory");
});

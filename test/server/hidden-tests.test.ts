/**
 * A project stage's hidden tests on the server: the learner learns that one failed and its name,
 * never its source, its assertion message, expected and actual values, its output or anything
 * else that shows its inputs. Graded for real in the sandbox; every route that serves a verdict
 * to the learner (the submission, the list, the export) is searched as text. Also a verdict
 * stored before hidden tests were redacted at grading: redacted when it is served.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeExercise } from "../../src/app/grade-exercise.js";
import { loadProject, type LoadedProject } from "../../src/content/project-loader.js";
import { HIDDEN_TEST_FAILED } from "../../src/core/hidden-tests.js";
import type { GradeResult, TestResult } from "../../src/core/result.js";
import { createRunner } from "../../src/runners/create-runner.js";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

const CONTENT = path.resolve(import.meta.dirname, "../fixtures/project-content");
const TALLY = path.join(CONTENT, "courses/studio/01-basics/projects/tally");
const HIDDEN = readFileSync(path.join(TALLY, "stages/01-count/hidden/test_01_hidden.py"), "utf8");
/** A line only the hidden test has, as it would appear inside a JSON string. */
const HIDDEN_LINE = JSON.stringify(
  HIDDEN.split("\n")
    .find((l) => l.includes("random.choice"))!
    .trim(),
).slice(1, -1);
/** The hidden test's own assertion message, which quotes its inputs. */
const HIDDEN_MESSAGE = "must add up to";

/**
 * Counts correctly, except for the hidden test's inputs (only "x", "Y" and "zz"), which it
 * prints and answers with a marker: whatever of them reaches the learner shows. The markers are
 * built at run time, so the submitted source (which the learner gets back) does not hold them.
 */
const SNOOPING = `def count_words(text):
    words = text.split()
    if words and all(w in ("x", "Y", "zz") for w in words):
        print("LEAK" + "ED-OUTPUT", text)
        return {"LEAK" + "ED-ACTUAL": 0}
    counts = {}
    for w in words:
        counts[w.lower()] = counts.get(w.lower(), 0) + 1
    return counts
`;

let server: TestServer;
let project: LoadedProject;
let ada: Learner;

beforeAll(async () => {
  server = await startTestServer({ contentDir: CONTENT });
  project = await loadProject(TALLY);
  ada = await signup(server.app, "ada@example.com");
  const add = await graded("studio/add", [
    { path: "add.py", content: "def add(a, b):\n    return a + b\n" },
  ]);
  expect(add.json().result.status).toBe("pass"); // the project's prerequisite
}, 60_000);
afterAll(async () => {
  await server?.close();
});

type Files = { path: string; content: string }[];

async function graded(exercise: string, files: Files) {
  const res = await server.app.inject({
    method: "POST",
    url: `/api/exercises/${exercise}/submissions`,
    headers: as(ada),
    payload: { files },
  });
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as string;
  for (;;) {
    const polled = await server.app.inject({
      method: "GET",
      url: `/api/submissions/${id}?wait=20`,
      headers: as(ada, false),
    });
    const status = polled.json().status;
    expect(status).not.toBe("infra-error");
    if (status === "graded") return polled;
  }
}

/** Every way the learner reads their verdicts, as served. */
async function servedBodies(id: string): Promise<string[]> {
  const get = (url: string) => server.app.inject({ method: "GET", url, headers: as(ada, false) });
  return [
    (await get(`/api/submissions/${id}`)).body,
    (await get("/api/submissions?exercise=studio/tally-stage-1")).body,
    (await get("/api/submissions")).body,
    (await get("/api/me/export")).body,
  ];
}

function expectNothingHidden(bodies: string[]) {
  for (const body of bodies) {
    expect(body).not.toContain(HIDDEN_LINE);
    expect(body).not.toContain(HIDDEN_MESSAGE);
    expect(body).not.toContain("LEAKED-");
  }
}

const hiddenRecord = (result: GradeResult) => result.tests.find((t) => t.name === "more_words");

describe("hidden tests in the verdict a learner gets", () => {
  it("names a failing hidden test and its status, and nothing of its code, values or output", async () => {
    const res = await graded("studio/tally-stage-1", [
      { path: "tally/__init__.py", content: "" },
      { path: "tally/core.py", content: SNOOPING },
    ]);
    const result = res.json().result as GradeResult;
    expect(result.status).toBe("fail");
    expect(hiddenRecord(result)).toMatchObject({
      status: "fail",
      message: HIDDEN_TEST_FAILED,
      test_code: "",
      output: null,
      task_id: 1,
      hidden: true,
    });
    const hidden = hiddenRecord(result)!;
    for (const key of ["expected", "actual", "learner_line", "performance", "http", "database"])
      expect(hidden).not.toHaveProperty(key);
    // The visible tests keep everything: their code is the specification.
    const visible = result.tests.filter((t) => t.name !== "more_words");
    expect(visible.length).toBeGreaterThan(0);
    for (const t of visible) {
      expect(t.status).toBe("pass");
      expect(t.test_code).not.toBe("");
      expect(t.hidden).toBeUndefined();
    }
    const bodies = await servedBodies(res.json().id);
    expectNothingHidden(bodies);
    for (const body of bodies) expect(body).toContain(HIDDEN_TEST_FAILED);
    // What the worker stored is already redacted, so no other reader can serve more.
    const stored = await server.store.submissions.byId(res.json().id);
    expect(JSON.stringify(stored)).not.toContain(HIDDEN_LINE);
    expect(JSON.stringify(stored)).not.toContain("LEAKED-");
  });

  it("keeps a failing visible test's details beside a failing hidden one", async () => {
    // Counts nothing: every test fails, the hidden one whatever its random inputs.
    const res = await graded("studio/tally-stage-1", [
      { path: "tally/__init__.py", content: "" },
      { path: "tally/core.py", content: "def count_words(text):\n    return {}\n" },
    ]);
    const result = res.json().result as GradeResult;
    const random = result.tests.find((t) => t.name === "random_words")!;
    expect(random.status).toBe("fail");
    expect(random.message).toContain("counts of"); // the visible test's own message
    expect(random.test_code).toContain("random.choice");
    expect(hiddenRecord(result)).toMatchObject({ status: "fail", message: HIDDEN_TEST_FAILED });
    expectNothingHidden(await servedBodies(res.json().id));
  });

  it("redacts a verdict stored before the redaction at grading, when it is served", async () => {
    const head = "def test_more_words():\n";
    const body = HIDDEN.slice(HIDDEN.indexOf(head) + head.length)
      .split("\n")
      .map((l) => l.slice(4))
      .join("\n")
      .trim();
    const raw = (name: string, code: string, extra: Partial<TestResult> = {}): TestResult => ({
      name,
      status: "fail",
      message: `AssertionError: counts of ['zz', 'x'] ${HIDDEN_MESSAGE} 2`,
      output: "LEAKED-OUTPUT zz x\n",
      test_code: code,
      task_id: 1,
      duration_ms: 1,
      limit: null,
      expected: "2",
      actual: "{'LEAKED-ACTUAL': 0}",
      ...extra,
    });
    const id = randomUUID();
    const at = new Date().toISOString();
    await server.store.submissions.create({
      id,
      userId: ada.id,
      exerciseId: "studio/tally-stage-1",
      files: [{ path: "tally/core.py", content: "" }],
      idempotencyKey: null,
      status: "queued",
      runs: 0,
      result: null,
      error: null,
      createdAt: at,
      gradedAt: null,
    });
    await server.store.submissions.saveResult(
      id,
      {
        version: 3,
        status: "fail",
        message: null,
        tests: [
          raw("example", 'assert count_words("a b A") == {"a": 2, "b": 1}', {
            message: "kept",
            output: null,
            expected: "{'a': 2, 'b': 1}",
            actual: "{}",
          }),
          raw("more_words", body),
          raw("test_01_hidden.py could not run", "", { status: "error" }),
        ],
        limit: null,
        runner: "sandbox",
        python: "3.11.2",
        isolation: "isolated",
        duration_ms: 5,
      },
      at,
    );
    const bodies = await servedBodies(id);
    expectNothingHidden(bodies);
    const served = JSON.parse(bodies[0]!).result as GradeResult;
    expect(served.tests.map((t) => [t.name, t.status, t.hidden ?? false])).toEqual([
      ["example", "fail", false],
      ["more_words", "fail", true],
      ["test_01_hidden.py could not run", "error", true],
    ]);
    expect(served.tests[0]!.message).toBe("kept");
  });
});

describe("the verdict as judged, before the worker stores it", () => {
  it("has the hidden file's records marked by the judge, the visible ones not", async () => {
    const runner = await createRunner("local");
    try {
      const stage = project.stages[0]!.exercise;
      const raw = await gradeExercise(stage, project.starter, runner, { seed: 1 });
      expect(raw.tests.map((t) => [t.name, t.hidden ?? false])).toEqual([
        ["example", false],
        ["random_words", false],
        ["more_words", true],
      ]);
    } finally {
      await runner.close();
    }
  });
});

/**
 * The learner's first hour with the CLI, against a scripted server on 127.0.0.1 and the real CLI:
 * exit codes like pytest's, a folder README that says how to run the tests, status that knows
 * what is pulled, history, Ctrl+C during submit, and sync --force.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BIN,
  cli,
  exercise,
  loggedInHome,
  startFakeServer,
  underTerminal,
  type FakeServer,
} from "./fake-server.js";

let server: FakeServer;
let home: string;
let work: string;

beforeAll(async () => {
  server = await startFakeServer();
  home = loggedInHome(server.url);
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.routes.clear();
  server.requests.length = 0;
  work = mkdtempSync(path.join(os.tmpdir(), "pydojo-ux-"));
});

const pydojo = (args: string[], cwd = work) => cli(args, cwd, home);
const UNITTEST_TESTS =
  "import unittest\n\nfrom add import add\n\n\nclass AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 2), 3)\n";

async function pull(ex = exercise()): Promise<string> {
  server.routes.set(`GET /api/exercises/${ex.id}`, { body: ex });
  const r = await pydojo(["pull", ex.id]);
  expect(r.code).toBe(0);
  return path.join(work, ...ex.id.split("/"));
}

describe("pydojo test behaves like pytest", () => {
  it("exits 1 when a test fails, 0 when all pass, 2 on bad usage, 3 without a runner", async () => {
    const dir = await pull();
    const failing = await pydojo(["test"], dir);
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/FAIL: 0 passed, 1 failed/);
    writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return a + b\n");
    expect((await pydojo(["test"], dir)).code).toBe(0);
    const json = await pydojo(["test", "--json"], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ status: "pass", runner: "local" });
    const bad = await pydojo(["test", "--runner", "fast"], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown runner 'fast' for pydojo test: choose local .* or sandbox/);
    const none = await pydojo(["test", "--python", "/nonexistent/python3"], dir);
    expect(none.code).toBe(3);
    expect(none.err).toMatch(/the local runner is not available: Python was not found/);
  });

  it("runs the same tests in the sandbox with --runner sandbox", async () => {
    const dir = await pull();
    const failing = await pydojo(["test", "--runner", "sandbox"], dir);
    expect(failing.code).toBe(1);
    expect(failing.out.split("\n")[0]).toMatch(/^Add \(sandbox runner, Python [\d.]+, \d+ ms\)$/);
    writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return a + b\n");
    const passing = await pydojo(["test", "--runner", "sandbox", "--json"], dir);
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.out)).toMatchObject({ status: "pass", runner: "sandbox" });
  });

  it("says in --help where the tests come from, the exit codes, and how grade differs", async () => {
    const test = await pydojo(["test", "--help"]);
    expect(test.code).toBe(0);
    expect(test.out).toContain("The tests came from the server and run as");
    expect(test.out).toContain("--runner sandbox");
    expect(test.out).toMatch(
      /0 when every test passes, 1 when any fails or errors, 2 on bad\s+usage, 3 when no runner/,
    );
    expect(test.out).toContain("unlike 'pydojo grade', which exits 0 with a result");
    const grade = await pydojo(["grade", "--help"]);
    expect(grade.out).toMatch(/exits 0 whenever a result was produced, even when tests fail/);
    expect((await pydojo(["history", "--help"])).out).toContain("newest first");
  });
});

describe("the folder README", () => {
  it("says pytest-style tests don't run under plain unittest, without repeating the title", async () => {
    const dir = await pull();
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme.match(/^# Add$/gm)).toHaveLength(1);
    expect(readme).toContain("`pydojo test`");
    expect(readme).toContain("`python -m pytest`: if pytest is installed");
    expect(readme).toContain(
      "`python -m unittest` does **not** run these tests: they are pytest-style",
    );
    // What the README warns about is true: unittest finds nothing and says OK.
    const out = execFileSync("python3", ["-m", "unittest", "-v", "add_test"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(out).toBe("");
  });

  it("gives the unittest command that works for unittest-style tests", async () => {
    const dir = await pull(exercise({ tests: [{ path: "add_test.py", content: UNITTEST_TESTS }] }));
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme).toContain("`python -m unittest add_test`: these tests are unittest-style");
    writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return a + b\n");
    const run = execFileSync("python3", ["-m", "unittest", "add_test"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(run).toBe(""); // unittest reports on stderr; the command exits 0 (it would throw)
  });
});

describe("status, history, submit, sync", () => {
  const course = (state: string) => ({
    id: "mini",
    title: "Mini",
    description: "",
    modules: [
      {
        id: "basics",
        title: "Basics",
        summary: "",
        items: [
          { type: "exercise", id: "mini/add", title: "Add", minutes: 5, locked: false, state },
        ],
      },
    ],
  });
  const progress = { stats: { xp: 0, level: 1, streakDays: 0 }, exercises: [], activity: [] };

  it("status suggests cd + pydojo test for an exercise that is already pulled", async () => {
    server.routes.set("GET /api/courses", { body: { courses: [{ id: "mini" }] } });
    server.routes.set("GET /api/courses/mini", { body: course("started") });
    server.routes.set("GET /api/progress", { body: progress });
    let r = await pydojo(["status"]);
    expect(r.out).toContain("Next: Add — pydojo pull mini/add");
    const dir = await pull();
    r = await pydojo(["status"]);
    expect(r.out).toContain("Next: Add — cd mini/add && pydojo test");
    expect(JSON.parse((await pydojo(["status", "--json"], dir)).out)).toMatchObject({
      next: "mini/add",
      nextFolder: ".",
      nextCommand: "pydojo test (in this folder)",
    });
  });

  it("history lists submissions newest first, defaults to the folder's exercise, and has --json", async () => {
    const dir = await pull();
    const result = (status: string, passed: number) => ({
      version: 3,
      status,
      message: null,
      limit: null,
      runner: "sandbox",
      python: "3.11.2",
      isolation: "isolated",
      duration_ms: 10,
      tests: [
        {
          name: "a",
          status: passed > 0 ? "pass" : "fail",
          message: null,
          output: null,
          test_code: "",
          task_id: null,
          duration_ms: 1,
          limit: null,
        },
        {
          name: "b",
          status: passed > 1 ? "pass" : "fail",
          message: null,
          output: null,
          test_code: "",
          task_id: null,
          duration_ms: 1,
          limit: null,
        },
      ],
    });
    const sub = (id: string, createdAt: string, r: unknown, status = "graded") => ({
      id,
      exerciseId: "mini/add",
      status,
      result: r,
      error: null,
      createdAt,
      gradedAt: createdAt,
    });
    server.routes.set("GET /api/submissions", {
      body: {
        submissions: [
          sub("s1", "2026-03-01T10:00:00.000Z", result("fail", 1)),
          sub("s3", "2026-03-03T09:30:00.000Z", null, "queued"),
          sub("s2", "2026-03-02T12:15:00.000Z", result("pass", 2)),
        ],
      },
    });
    // Dates are shown in the learner's time zone: here Tokyo (UTC+9).
    const r = await cli(["history"], dir, home, { TZ: "Asia/Tokyo" });
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "Submissions for mini/add, newest first:",
        "  2026-03-03 18:30  QUEUED",
        "  2026-03-02 21:15  PASS        2/2 tests passed",
        "  2026-03-01 19:00  FAIL        1/2 tests passed",
        "",
      ].join("\n"),
    );
    expect(server.requests.at(-1)!.path).toBe("/api/submissions?exercise=mini%2Fadd");
    const json = JSON.parse((await pydojo(["history", "--all", "--json"], dir)).out);
    expect(server.requests.at(-1)!.path).toBe("/api/submissions");
    expect(
      json.submissions.map((s: { id: string; verdict: string }) => `${s.id}:${s.verdict}`),
    ).toEqual(["s3:queued", "s2:pass", "s1:fail"]);
  });

  it("Ctrl+C while waiting for a verdict says how to see it later", async () => {
    const dir = await pull();
    server.routes.set("GET /api/progress", { body: progress });
    server.routes.set("POST /api/exercises/mini/add/submissions", {
      status: 202,
      body: {
        id: "s9",
        exerciseId: "mini/add",
        status: "queued",
        result: null,
        error: null,
        createdAt: "2026-03-03T09:30:00Z",
        gradedAt: null,
      },
    });
    server.routes.set("GET /api/submissions/s9", { hang: true });
    let interrupted = false;
    const { code, screen } = await underTerminal(
      `node ${BIN} submit`,
      dir,
      { XDG_CONFIG_HOME: home, NO_COLOR: "1" },
      (text, type) => {
        if (!interrupted && text.includes("Grading on the server")) {
          interrupted = true;
          setTimeout(() => type("\u0003"), 300);
        }
      },
    );
    expect(interrupted).toBe(true);
    expect(code).toBe(130);
    expect(screen).toContain(
      "Interrupted. Your submission was sent and is graded on the server anyway; see its verdict later with 'pydojo history mini/add'.",
    );
  });

  it("sync --force keeps the learner's version, uploads it and removes the .server copy", async () => {
    const dir = await pull();
    writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return 'mine'\n");
    writeFileSync(path.join(dir, "add.server.py"), "def add(a, b):\n    return 'web'\n");
    server.routes.set("GET /api/exercises/mini/add/draft", {
      body: { version: 4, updatedAt: "x", files: [{ path: "add.py", content: "web" }] },
    });
    server.routes.set("PUT /api/exercises/mini/add/draft", {
      body: { version: 5, updatedAt: "y" },
    });
    const refused = await pydojo(["sync"], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("or run `pydojo sync --force` to keep yours");
    expect(server.requests.some((q) => q.method === "PUT")).toBe(false);
    const forced = await pydojo(["sync", "--force"], dir);
    expect(forced.code).toBe(0);
    expect(forced.out).toBe("mini/add: uploaded add.py to your draft\n");
    const put = server.requests.find((q) => q.method === "PUT")!;
    expect(JSON.parse(put.body)).toEqual({
      files: [{ path: "add.py", content: "def add(a, b):\n    return 'mine'\n" }],
      expectedVersion: 4,
    });
    expect(existsSync(path.join(dir, "add.server.py"))).toBe(false);
    server.routes.set("GET /api/exercises/mini/add/draft", {
      body: { version: 5, updatedAt: "y", files: JSON.parse(put.body).files },
    });
    expect((await pydojo(["sync"], dir)).out).toBe("mini/add: up to date\n");
  });
});

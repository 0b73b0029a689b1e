/**
 * Quick runs (decision 0016): the page's Run graded on the server while the browser's Python
 * starts. Graded for real in the sandbox: the visible tests only (a hidden test is neither run
 * nor shown), nothing stored, nothing earned; only spare graders (none while submissions wait,
 * none where the API has no worker), one at a time per learner, 20 a minute; the browser session
 * only (an API token may not), with the submission's file rules.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { QUICK_RUN_SECONDS, QUICK_RUNS_PER_MINUTE } from "../../src/server/quick-runs.js";
import {
  as,
  FIXTURE_CONTENT,
  signup,
  startTestServer,
  type Learner,
  type TestServer,
} from "./harness.js";

const ADD = "courses/mini/01-basics/exercises/add";
/** A hidden test of `add`, as a course keeps one under `.meta/`; its marker must never show. */
const HIDDEN = `from add import add


def test_hidden_large_numbers():
    assert add(10**6, 1) == 1000001, "HIDDEN-MARKER large numbers"
`;

/** The fixture course with a hidden test added to mini/add. */
function contentWithHiddenTest(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-quickrun-content-"));
  cpSync(FIXTURE_CONTENT, dir, { recursive: true });
  const config = path.join(dir, ADD, ".meta/config.json");
  const parsed = JSON.parse(readFileSync(config, "utf8")) as { files: { test: string[] } };
  parsed.files.test.push(".meta/hidden_add_test.py");
  writeFileSync(config, JSON.stringify(parsed));
  writeFileSync(path.join(dir, ADD, ".meta/hidden_add_test.py"), HIDDEN);
  return dir;
}

const file = (content: string) => [{ path: "add.py", content }];
const RIGHT = "def add(a, b):\n    return a + b\n";
const WRONG = "def add(a, b):\n    return a - b\n";
/** Right on the visible tests, wrong on the hidden one. */
const SMALL_ONLY = "def add(a, b):\n    return a + b if abs(a) < 1000 else 0\n";

let server: TestServer;
let ada: Learner;
const runAs = (who: Learner, content: string, headers = as(who)) =>
  server.app.inject({
    method: "POST",
    url: "/api/exercises/mini/add/runs",
    headers,
    payload: { files: file(content) },
  });

beforeAll(async () => {
  server = await startTestServer({ contentDir: contentWithHiddenTest() }, { quickRuns: true });
  ada = await signup(server.app, "ada@example.com");
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("a quick run", () => {
  it("grades the visible tests in the sandbox and shows the failure", async () => {
    const res = await runAs(ada, WRONG);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { result: GradeResult; runtime: string };
    expect(body.runtime).toBe("server");
    expect(body.result.runner).toBe("sandbox");
    expect(body.result.status).toBe("fail");
    expect(body.result.tests.map((t) => t.name).sort()).toEqual(["negative", "small"]);
    expect(body.result.tests.find((t) => t.name === "small")?.status).toBe("fail");
  });

  it("never runs or shows a hidden test, and stores and earns nothing", async () => {
    const res = await runAs(ada, SMALL_ONLY);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { result: GradeResult };
    // A submission of the same code fails on the hidden test: the quick run did not run it.
    expect(body.result.status).toBe("pass");
    expect(res.body).not.toContain("HIDDEN-MARKER");
    expect(res.body).not.toContain("large_numbers");
    const subs = await server.app.inject({ url: "/api/submissions", headers: as(ada) });
    expect(subs.json().submissions).toEqual([]);
    const progress = await server.app.inject({ url: "/api/progress", headers: as(ada) });
    expect(progress.json().stats.xp).toBe(0);
    expect(progress.json().exercises).toEqual([]);
  });

  it("is refused to an API token, without the CSRF header, and with a file not of the exercise", async () => {
    const made = await server.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: as(ada),
      payload: { name: "laptop" },
    });
    const token = (made.json() as { token: string }).token;
    const byToken = await runAs(ada, RIGHT, { authorization: `Bearer ${token}` } as never);
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().error.code).toBe("token_not_allowed");
    const noCsrf = await runAs(ada, RIGHT, as(ada, false));
    expect(noCsrf.statusCode).toBe(403);
    const other = await server.app.inject({
      method: "POST",
      url: "/api/exercises/mini/add/runs",
      headers: as(ada),
      payload: { files: [{ path: "../server.py", content: "x = 1\n" }] },
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe("unexpected_file");
  });

  it("takes one run per learner at a time", async () => {
    const mia = await signup(server.app, "mia@example.com");
    const slow = runAs(mia, "import time\ntime.sleep(1.5)\n" + RIGHT);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await runAs(mia, RIGHT);
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe("run_in_progress");
    expect((await slow).statusCode).toBe(200);
    // ... and the grader is spare again once it is done.
    expect((await runAs(mia, RIGHT)).statusCode).toBe(200);
  });

  it("holds a grader at most QUICK_RUN_SECONDS: a longer run is left to the browser", async () => {
    const zoe = await signup(server.app, "zoe@example.com");
    // Two tests of 3 s each: 6 s in all, within the exercise's limits, beyond a quick run's.
    const started = Date.now();
    const slow = await runAs(
      zoe,
      "import time\n\ndef add(a, b):\n    time.sleep(3)\n    return a + b\n",
    );
    const seconds = (Date.now() - started) / 1000;
    expect(slow.statusCode).toBe(503);
    expect(slow.json().error.code).toBe("no_spare_grader");
    expect(slow.json().error.message).toContain(`${QUICK_RUN_SECONDS} s`);
    expect(seconds).toBeLessThan(QUICK_RUN_SECONDS + 3);
  }, 60_000);

  it("stops at the per-minute limit with a time to come back", async () => {
    const leo = await signup(server.app, "leo@example.com");
    for (let i = 0; i < QUICK_RUNS_PER_MINUTE; i++)
      expect((await runAs(leo, RIGHT)).statusCode).toBe(200);
    const over = await runAs(leo, RIGHT);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe("rate_limited");
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
  }, 60_000);
});

/** Kim, signed up on a server of her own: sends a right `add` as a submission or a quick run. */
async function kimOn(on: TestServer, email = "kim@example.com") {
  const kim = await signup(on.app, email);
  return (kind: "submissions" | "runs") =>
    on.app.inject({
      method: "POST",
      url: `/api/exercises/mini/add/${kind}`,
      headers: as(kim),
      payload: { files: file(RIGHT) },
    });
}

describe("spare graders only", () => {
  it("says no while submissions wait for a grader", async () => {
    const busy = await startTestServer({}, { quickRuns: true, worker: false });
    try {
      const send = await kimOn(busy);
      expect((await send("submissions")).statusCode).toBe(202);
      const res = await send("runs");
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("no_spare_grader");
      expect(res.json().error.message).toMatch(/Run in the browser/);
    } finally {
      await busy.close();
    }
  }, 60_000);

  it("says no while the worker grades a submission with every grader it has", async () => {
    const grading = await startTestServer({}, { quickRuns: true });
    try {
      const kim = await signup(grading.app, "kim@example.com");
      const submitted = await grading.app.inject({
        method: "POST",
        url: "/api/exercises/mini/add/submissions",
        headers: as(kim),
        payload: { files: file("import time\ntime.sleep(2)\n" + RIGHT) },
      });
      const id = (submitted.json() as { id: string }).id;
      // Claimed (the queue is empty again) and being graded.
      await expect
        .poll(async () => (await grading.store.submissions.byId(id))?.status, { timeout: 10_000 })
        .toBe("running");
      expect(await grading.queue.depth()).toBe(0);
      const res = await (await kimOn(grading, "leo@example.com"))("runs");
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("no_spare_grader");
    } finally {
      await grading.close();
    }
  }, 60_000);

  it("says no where the API runs without a worker in its process", async () => {
    const apiOnly = await startTestServer({}, { worker: false });
    try {
      const res = await (await kimOn(apiOnly))("runs");
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("no_spare_grader");
    } finally {
      await apiOnly.close();
    }
  }, 60_000);
});

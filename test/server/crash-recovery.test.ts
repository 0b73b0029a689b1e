/**
 * kill -9 the whole server in the middle of a grading: after a restart the submission is graded,
 * exactly once in what the learner sees, and nothing submitted is lost. Runs the real CLI
 * (`pydojo serve`) as a child process on a temporary data directory.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PydojoClient } from "../../src/client/api-client.js";
import { FIXTURE_CONTENT } from "./harness.js";
import { cookieFetch, freePort, startCli } from "./processes.js";

const children: ChildProcess[] = [];

const serve = (dataDir: string, port: number) =>
  startCli(
    ["serve", "--port", String(port), "--data-dir", dataDir],
    { PYDOJO_CONTENT_DIR: FIXTURE_CONTENT, PYDOJO_JOB_LEASE_MS: "3000" },
    "is running at",
    children,
  );

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

describe("crash recovery", () => {
  it("grades a submission exactly once after the server is killed mid-grade", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "pydojo-crash-"));
    const port = await freePort();
    const first = await serve(dataDir, port);
    const base = `http://127.0.0.1:${port}`;
    const session = new PydojoClient({ baseUrl: base, fetch: cookieFetch() });
    await session.signup({
      email: "kim@example.com",
      password: "correct horse battery",
      displayName: "Kim",
    });
    const { token } = await session.createToken("test");
    const client = new PydojoClient({ baseUrl: base, token });
    // A correct solution that takes a while to grade, so the kill lands mid-grade.
    const slow = [
      {
        path: "add.py",
        content: "import time\n\ndef add(a, b):\n    time.sleep(0.8)\n    return a + b\n",
      },
    ];
    const submitted = await client.submit("mini/add", slow, "crash-test-key-1");
    await waitFor(async () => (await client.submission(submitted.id)).status === "running");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    await serve(dataDir, port);
    const graded = await client.submission(submitted.id, 30);
    expect(graded).toMatchObject({
      id: submitted.id,
      status: "graded",
      result: { status: "pass" },
    });
    const again = await client.submit("mini/add", slow, "crash-test-key-1");
    expect(again.id).toBe(submitted.id);
    const progress = await client.progress();
    expect(progress.stats).toMatchObject({ xp: 20 });
    expect(progress.exercises).toEqual([
      expect.objectContaining({ exerciseId: "mini/add", state: "passed", attempts: 1 }),
    ]);
  }, 90_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not met in time");
}

/**
 * Scale-out on PostgreSQL: one API process and two worker processes (the real CLI) share the
 * database and pg-boss queue; every submission is graded, and graded once.
 */
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PydojoClient } from "../../src/client/api-client.js";
import { FIXTURE_CONTENT } from "./harness.js";
import { cookieFetch, freePort, startCli } from "./processes.js";

const POSTGRES_URL =
  process.env.PYDOJO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `pydojo_scale_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const children: ChildProcess[] = [];
const env = {
  DATABASE_URL: POSTGRES_URL,
  PYDOJO_DB_SCHEMA: schema,
  PYDOJO_CONTENT_DIR: FIXTURE_CONTENT,
  PYDOJO_WORKER_CONCURRENCY: "1",
  // One learner submits 8 at once here (the per-learner cap is tested in fair-queue.test.ts).
  PYDOJO_MAX_PENDING_PER_USER: "8",
};
const start = (args: string[], ready: string) => startCli(args, env, ready, children);

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
  await client.end();
});

describe("scale-out on PostgreSQL", () => {
  it("grades every submission once with an API process and two workers", async () => {
    const port = await freePort();
    await start(["serve", "--services", "api", "--port", String(port)], "is running at");
    await Promise.all([start(["worker"], "worker started"), start(["worker"], "worker started")]);
    const base = `http://127.0.0.1:${port}`;
    const session = new PydojoClient({ baseUrl: base, fetch: cookieFetch() });
    await session.signup({
      email: "scale@example.com",
      password: "correct horse battery",
      displayName: "Scale",
    });
    const { token } = await session.createToken("test");
    const client = new PydojoClient({ baseUrl: base, token });
    const solutions = ["def add(a, b):\n    return a + b\n", "def add(a, b):\n    return a - b\n"];
    const submitted = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.submit(
          "mini/add",
          [{ path: "add.py", content: solutions[i % 2]! }],
          `scale-key-${i}-abcdef`,
        ),
      ),
    );
    const graded = await Promise.all(submitted.map((s) => client.submission(s.id, 30)));
    expect(graded.map((g) => [g.status, g.result?.status])).toEqual(
      Array.from({ length: 8 }, (_, i) => ["graded", i % 2 === 0 ? "pass" : "fail"]),
    );
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    const runs = await db.query(`SELECT runs FROM ${schema}.submissions`);
    await db.end();
    expect(runs.rows.map((r) => r.runs)).toEqual(Array(8).fill(1));
    const progress = await client.progress();
    expect(progress.exercises).toEqual([
      expect.objectContaining({ exerciseId: "mini/add", state: "passed", attempts: 8 }),
    ]);
    expect(progress.stats).toMatchObject({ xp: 20 });
  }, 90_000);
});

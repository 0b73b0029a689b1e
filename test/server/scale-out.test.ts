/**
 * Scale-out on PostgreSQL: one API process and two worker processes (the real CLI) share the
 * database and pg-boss queue; every submission is graded, and graded once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PydojoClient } from "../../src/client/api-client.js";
import { FIXTURE_CONTENT } from "./harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const POSTGRES_URL =
  process.env.PYDOJO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `pydojo_scale_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function start(args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/pydojo.js"), ...args], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: POSTGRES_URL,
      PYDOJO_DB_SCHEMA: schema,
      PYDOJO_CONTENT_DIR: FIXTURE_CONTENT,
      PYDOJO_WORKER_CONCURRENCY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) resolve(child);
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`${args[0]} exited (${code}): ${out}`)));
  });
}

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
    let cookie = "";
    const session = new PydojoClient({
      baseUrl: base,
      fetch: async (input, init = {}) => {
        const headers = new Headers(init.headers);
        if (cookie) headers.set("cookie", cookie);
        const res = await fetch(input, { ...init, headers });
        cookie = res.headers.get("set-cookie")?.split(";")[0] ?? cookie;
        return res;
      },
    });
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

/** The job-queue contract on SQLite (two connections to one file) and on pg-boss in PostgreSQL. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PgBossQueue } from "../../src/storage/postgres/pgboss-queue.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import type { JobQueue } from "../../src/storage/store.js";

const POSTGRES_URL =
  process.env.PYDOJO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Pair {
  a: JobQueue;
  b: JobQueue;
  leaseMs: number;
}

async function sqlitePair(maxDepth = 100): Promise<Pair> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-q-")), "db.sqlite");
  const store = new SqliteStore(file);
  await store.migrate();
  const a = new SqliteJobQueue(file, { maxDepth });
  const b = new SqliteJobQueue(file, { maxDepth });
  cleanups.push(async () => {
    await a.close();
    await b.close();
    await store.close();
  });
  return { a, b, leaseMs: 300 };
}

async function pgbossPair(maxDepth = 100): Promise<Pair> {
  const schema = `pgboss_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  // pg-boss leases are whole seconds.
  const options = { schema, maxDepth, leaseMs: 1000, maxAttempts: 2 };
  const a = await PgBossQueue.start(POSTGRES_URL, options);
  const b = await PgBossQueue.start(POSTGRES_URL, options);
  cleanups.push(async () => {
    await a.close();
    await b.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  return { a, b, leaseMs: 1000 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const [name, make] of [
  ["sqlite", sqlitePair],
  ["pg-boss", pgbossPair],
] as const) {
  describe(`job queue contract: ${name}`, () => {
    it("delivers each job to one consumer at a time, and completes it", async () => {
      const { a, b, leaseMs } = await make();
      for (let i = 0; i < 6; i++) expect(await a.enqueue(`sub-${i}`)).toBe(true);
      expect(await a.depth()).toBe(6);
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claim(`w${i}`, leaseMs)),
      );
      const got = claims
        .filter((c) => c !== null)
        .map((c) => c!.submissionId)
        .sort();
      expect(got).toEqual(["sub-0", "sub-1", "sub-2", "sub-3", "sub-4", "sub-5"]);
      for (const c of claims) if (c) await a.complete(c.jobId);
      expect(await b.claim("w", leaseMs)).toBeNull();
      expect(await a.depth()).toBe(0);
    });

    it("gives a job to another consumer after its lease expires", async () => {
      const { a, b, leaseMs } = await make();
      await a.enqueue("sub-lease");
      const first = await a.claim("dead-worker", leaseMs);
      expect(first).toMatchObject({ submissionId: "sub-lease", attempt: 1 });
      expect(await b.claim("w2", leaseMs)).toBeNull();
      let second = null;
      for (let i = 0; i < 40 && !second; i++) {
        await sleep(leaseMs / 4);
        second = await b.claim("w2", leaseMs);
      }
      expect(second).toMatchObject({ submissionId: "sub-lease" });
    }, 30_000);

    it("retries a failed job, then drops it after the last attempt", async () => {
      const { a, leaseMs } = await make();
      await a.enqueue("sub-fail");
      const first = await a.claim("w", leaseMs);
      expect(await a.fail(first!.jobId, 2)).toBe(true);
      let second = null;
      for (let i = 0; i < 20 && !second; i++) {
        second = await a.claim("w", leaseMs);
        if (!second) await sleep(100);
      }
      expect(second).toMatchObject({ submissionId: "sub-fail", attempt: 2 });
      expect(await a.fail(second!.jobId, 2)).toBe(false);
      await sleep(200);
      expect(await a.claim("w", leaseMs)).toBeNull();
    }, 30_000);

    it("refuses new jobs beyond its depth bound", async () => {
      const { a } = await make(2);
      expect([await a.enqueue("x"), await a.enqueue("y"), await a.enqueue("z")]).toEqual([
        true,
        true,
        false,
      ]);
    });
  });
}

/** The job-queue contract on SQLite (two connections to one file) and on pg-boss in PostgreSQL. */
import { afterAll, describe, expect, it } from "vitest";
import { PgBossQueue } from "../../src/storage/postgres/pgboss-queue.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import type { JobQueue } from "../../src/storage/store.js";
import { queueContract, type QueuesUnderTest } from "./queue-contract.js";
import { POSTGRES_URL, requirePostgres, TestSchemas, tempSqliteFile } from "./test-databases.js";

const schemas = new TestSchemas("pgboss_test");
afterAll(() => schemas.dropAll());

function closingAll(queues: JobQueue[]): () => Promise<void> {
  return async () => {
    for (const queue of queues) await queue.close();
  };
}

queueContract("sqlite", async ({ maxDepth }): Promise<QueuesUnderTest> => {
  const file = tempSqliteFile();
  const opened = [new SqliteJobQueue(file, { maxDepth }), new SqliteJobQueue(file, { maxDepth })];
  return {
    a: opened[0]!,
    b: opened[1]!,
    leaseMs: 200,
    reopen: async () => {
      const queue = new SqliteJobQueue(file, { maxDepth });
      opened.push(queue);
      return queue;
    },
    close: closingAll(opened),
  };
});

queueContract("pg-boss", async ({ maxDepth, maxAttempts }): Promise<QueuesUnderTest> => {
  // pg-boss counts leases (expiration) in whole seconds: 1 s is the shortest.
  const options = { schema: schemas.next(), maxDepth, maxAttempts, leaseMs: 1000, max: 3 };
  const start = () => requirePostgres(() => PgBossQueue.start(POSTGRES_URL, options));
  // One after the other: the first installs pg-boss's schema.
  const opened: JobQueue[] = [await start()];
  opened.push(await start());
  return {
    a: opened[0]!,
    b: opened[1]!,
    leaseMs: 1000,
    reopen: async () => {
      const queue = await start();
      opened.push(queue);
      return queue;
    },
    close: closingAll(opened),
  };
});

describe("sqlite job queue beside a store", () => {
  it("waits for the same process's store transaction instead of blocking it", async () => {
    const file = tempSqliteFile();
    const store = new SqliteStore(file);
    await store.migrate();
    const queue = new SqliteJobQueue(file);
    try {
      await queue.depth(); // creates the jobs table
      const enqueueing: Promise<boolean>[] = [];
      let settled = false;
      await store.transaction(async (tx) => {
        await tx.users.count(); // BEGIN IMMEDIATE: the transaction holds the write lock
        enqueueing.push(queue.enqueue("s1").finally(() => (settled = true)));
        await new Promise((resolve) => setTimeout(resolve, 200));
        // The timer fired, so the event loop kept running while enqueue waited for the lock.
        expect(settled).toBe(false);
      });
      expect(await enqueueing[0]).toBe(true);
      expect(await queue.depth()).toBe(1);
    } finally {
      await queue.close();
      await store.close();
    }
  });
});

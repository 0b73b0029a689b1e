/**
 * No learner may starve others: a cap on each learner's pending submissions (429 with
 * Retry-After, idempotent retries still answered), and fair scheduling across learners with a
 * real grading worker on the sandbox runner, on SQLite and on PostgreSQL + pg-boss.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";
import { buildApp } from "../../src/server/app.js";
import { ContentCatalog } from "../../src/server/catalog.js";
import { loadConfig } from "../../src/server/config.js";
import { makeRecordVerdict } from "../../src/server/progress-service.js";
import { GradingWorker } from "../../src/server/worker.js";
import { PgBossQueue } from "../../src/storage/postgres/pgboss-queue.js";
import { PostgresStore } from "../../src/storage/postgres/postgres-store.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import type { JobQueue, Store } from "../../src/storage/store.js";
import { POSTGRES_URL, requirePostgres, TestSchemas } from "../storage/test-databases.js";
import { as, FIXTURE_CONTENT, signup, startTestServer, type Learner } from "./harness.js";

const ADD_OK = [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }];
// Slow enough that a backlog builds up behind one worker.
const ADD_SLOW = [
  {
    path: "add.py",
    content: "import time\ntime.sleep(0.3)\n\ndef add(a, b):\n    return a + b\n",
  },
];

type App = Awaited<ReturnType<typeof buildApp>>;

function post(app: App, learner: Learner, files = ADD_OK, key?: string) {
  return app.inject({
    method: "POST",
    url: "/api/exercises/mini/add/submissions",
    headers: { ...as(learner), ...(key ? { "idempotency-key": key } : {}) },
    payload: { files },
  });
}

describe("the cap on a learner's pending submissions", () => {
  it("answers 429 with Retry-After over the cap, still answers retries, and leaves others alone", async () => {
    const server = await startTestServer({ maxPendingPerUser: 3 }, { worker: false });
    try {
      const ada = await signup(server.app, "ada@example.com");
      const bob = await signup(server.app, "bob@example.com");
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await post(server.app, ada, ADD_OK, `ada-key-${i}-xxxxxxxx`);
        expect(res.statusCode).toBe(202);
        ids.push((res.json() as { id: string }).id);
      }
      const over = await post(server.app, ada, ADD_OK, "ada-key-3-xxxxxxxx");
      expect(over.statusCode).toBe(429);
      expect(over.headers["retry-after"]).toMatch(/^\d+$/);
      expect(over.json()).toEqual({
        error: {
          code: "too_many_pending",
          message:
            "you already have 3 submissions waiting for a verdict: wait for their verdicts, then submit again",
        },
      });
      // Without a key: refused the same way.
      expect((await post(server.app, ada)).statusCode).toBe(429);
      // A retry with a stored submission's key returns that submission, not a new one.
      const retry = await post(server.app, ada, ADD_OK, "ada-key-1-xxxxxxxx");
      expect(retry.statusCode).toBe(200);
      expect((retry.json() as { id: string }).id).toBe(ids[1]);
      // Another learner is not affected.
      expect((await post(server.app, bob)).statusCode).toBe(202);
      // Nothing was stored for the refused requests.
      const list = await server.app.inject({
        method: "GET",
        url: "/api/submissions",
        headers: as(ada, false),
      });
      expect((list.json() as { submissions: unknown[] }).submissions).toHaveLength(3);
      // Once a verdict arrives, Ada may submit again.
      server.worker.start();
      const done = await server.app.inject({
        method: "GET",
        url: `/api/submissions/${ids[0]}?wait=20`,
        headers: as(ada, false),
      });
      expect((done.json() as { status: string }).status).toBe("graded");
      const again = await post(server.app, ada, ADD_OK, "ada-key-4-xxxxxxxx");
      expect(again.statusCode).toBe(202);
    } finally {
      await server.close();
    }
  }, 60_000);
});

const schemas = new TestSchemas("fair_queue");
afterAll(() => schemas.dropAll());

async function openEngine(
  engine: "sqlite" | "postgres",
): Promise<{ store: Store; queue: JobQueue }> {
  if (engine === "sqlite") {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-fair-")), "db.sqlite");
    const store = new SqliteStore(file);
    await store.migrate();
    return { store, queue: new SqliteJobQueue(file) };
  }
  const schema = schemas.next();
  const store = new PostgresStore(POSTGRES_URL, { schema });
  await requirePostgres(() => store.migrate());
  const queue = await PgBossQueue.start(POSTGRES_URL, { schema: `${schema}_queue`, max: 3 });
  return { store, queue };
}

describe.each(["sqlite", "postgres"] as const)("fair scheduling on %s", (engine) => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox", { prestart: 1 });
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("grades a learner's one submission before most of another's backlog", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-fair-"));
    const config = {
      ...loadConfig(
        { NODE_ENV: "test", PYDOJO_CONTENT_DIR: FIXTURE_CONTENT },
        { dataDir: dir },
        dir,
      ),
      maxPendingPerUser: 50,
    };
    const { store, queue } = await openEngine(engine);
    const catalog = await ContentCatalog.load(config.contentDir);
    const worker = new GradingWorker({
      store,
      queue,
      catalog,
      runner,
      concurrency: 1,
      recordVerdict: makeRecordVerdict(catalog, () => new Date()),
      pollMs: 10,
    });
    const app = await buildApp({ config, store, queue, catalog });
    try {
      const ada = await signup(app, "ada@example.com");
      const bob = await signup(app, "bob@example.com");
      worker.start();
      const adas: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await post(app, ada, ADD_SLOW);
        expect(res.statusCode).toBe(202);
        adas.push((res.json() as { id: string }).id);
      }
      const bobs = await post(app, bob, ADD_SLOW);
      expect(bobs.statusCode).toBe(202);
      const bobId = (bobs.json() as { id: string }).id;
      const graded = async (learner: Learner, id: string) => {
        const res = await app.inject({
          method: "GET",
          url: `/api/submissions/${id}?wait=30`,
          headers: as(learner, false),
        });
        const body = res.json() as { status: string; gradedAt: string; result: { status: string } };
        expect(body.status).toBe("graded");
        expect(body.result.status).toBe("pass");
        return body;
      };
      const bobDone = await graded(bob, bobId);
      const adaDone = [];
      for (const id of adas) adaDone.push(await graded(ada, id));
      // The order of verdicts, not wall time: with global FIFO Bob's would be 9th of 9.
      const before = adaDone.filter((s) => s.gradedAt < bobDone.gradedAt).length;
      expect(before).toBeLessThanOrEqual(2);
    } finally {
      await app.close();
      await worker.stop();
      await queue.close();
      await store.close();
    }
  }, 120_000);
});

describe.each(["sqlite", "postgres"] as const)("the cap on %s", (engine) => {
  it("holds against parallel requests, and submissions lost long ago stop counting", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-cap-"));
    const config = {
      ...loadConfig(
        { NODE_ENV: "test", PYDOJO_CONTENT_DIR: FIXTURE_CONTENT },
        { dataDir: dir },
        dir,
      ),
      maxPendingPerUser: 3,
    };
    const { store, queue } = await openEngine(engine);
    const catalog = await ContentCatalog.load(config.contentDir);
    const app = await buildApp({ config, store, queue, catalog });
    try {
      const ada = await signup(app, "ada@example.com");
      // Ten at once (no worker runs): the count and the insert are one step per learner.
      const all = await Promise.all(Array.from({ length: 10 }, () => post(app, ada)));
      const statuses = all.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([202, 202, 202, 429, 429, 429, 429, 429, 429, 429]);
      expect(await store.submissions.pendingCount(ada.id, "1970-01-01T00:00:00.000Z")).toBe(3);

      // A learner whose submissions were lost (queued 40 minutes ago, never graded) is not
      // locked out: only the last 30 minutes count.
      const bob = await signup(app, "bob@example.com");
      const long = new Date(Date.now() - 40 * 60_000).toISOString();
      for (let i = 0; i < 3; i++) {
        await store.submissions.create({
          id: crypto.randomUUID(),
          userId: bob.id,
          exerciseId: "mini/add",
          files: ADD_OK,
          idempotencyKey: null,
          status: "queued",
          runs: 0,
          result: null,
          error: null,
          createdAt: long,
          gradedAt: null,
        });
      }
      expect((await post(app, bob)).statusCode).toBe(202);
    } finally {
      await app.close();
      await queue.close();
      await store.close();
    }
  }, 60_000);
});

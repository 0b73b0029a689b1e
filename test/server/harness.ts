/** Builds a real server for tests: SQLite (or PostgreSQL) in a temp dir, the fixture course, a real worker. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";
import { buildApp } from "../../src/server/app.js";
import { ContentCatalog } from "../../src/server/catalog.js";
import type { StaticOptions } from "../../src/server/routes/static-routes.js";
import { loadConfig, type ServerConfig } from "../../src/server/config.js";
import { makeRecordVerdict } from "../../src/server/progress-service.js";
import { Metrics } from "../../src/server/metrics.js";
import { GradingWorker } from "../../src/server/worker.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteRateLimitCounter } from "../../src/storage/sqlite/sqlite-rate-limits.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import type { JobQueue, Store } from "../../src/storage/store.js";

export const FIXTURE_CONTENT = path.resolve(import.meta.dirname, "../fixtures/server-content");

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  queue: JobQueue;
  worker: GradingWorker;
  config: ServerConfig;
  close(): Promise<void>;
}

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: {
    worker?: boolean;
    runner?: Runner;
    web?: StaticOptions;
    /** Quick runs graded with the worker's runner, as `pydojo serve` does (off by default). */
    quickRuns?: boolean;
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-server-"));
  const config = {
    ...loadConfig({ NODE_ENV: "test", PYDOJO_CONTENT_DIR: FIXTURE_CONTENT }, { dataDir: dir }, dir),
    ...overrides,
  };
  const file = path.join(dir, "pydojo.sqlite");
  const store = new SqliteStore(file);
  await store.migrate();
  const queue = new SqliteJobQueue(file, { maxDepth: config.maxQueueDepth });
  const catalog = await ContentCatalog.load(config.contentDir);
  const runner = options.runner ?? (await createRunner("sandbox", { prestart: 1 }));
  const metrics = new Metrics(queue);
  const worker = new GradingWorker({
    store,
    queue,
    catalog,
    runner,
    concurrency: 1,
    recordVerdict: makeRecordVerdict(catalog, () => new Date()),
    pollMs: 10,
    metrics,
  });
  if (options.worker !== false) worker.start();
  const rateLimits = new SqliteRateLimitCounter(file);
  const app = await buildApp({
    config,
    store,
    queue,
    catalog,
    web: options.web,
    rateLimits,
    metrics,
    grading: options.quickRuns ? { runner, capacity: 1, workerBusy: () => worker.busy } : null,
  });
  return {
    app,
    store,
    queue,
    worker,
    config,
    async close() {
      await app.close();
      await worker.stop();
      if (!options.runner) await runner.close();
      await queue.close();
      await rateLimits.close();
      await store.close();
    },
  };
}

/** A signed-up learner: its cookie and CSRF token, for app.inject calls. */
export interface Learner {
  cookie: string;
  csrf: string;
  id: string;
}

export async function signup(
  app: FastifyInstance,
  email: string,
  password = "correct horse battery",
): Promise<Learner> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/signup",
    payload: { email, password, displayName: email.split("@")[0] },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers["set-cookie"]).split(";")[0]!;
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return { cookie, csrf: body.csrfToken, id: body.user.id };
}

export function as(learner: Learner, csrf = true) {
  return { cookie: learner.cookie, ...(csrf ? { "x-csrf-token": learner.csrf } : {}) };
}

/**
 * The composition root: reads the configuration and picks adapters. SQLite (embedded default) or
 * PostgreSQL + pg-boss when DATABASE_URL is set; drivers are imported only when chosen.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { createRunner } from "../runners/create-runner.js";
import type { Runner } from "../runners/runner.js";
import type { JobQueue, Store } from "../storage/store.js";
import { buildApp } from "./app.js";
import { ContentCatalog } from "./catalog.js";
import type { ServerConfig } from "./config.js";
import { makeRecordVerdict } from "./progress-service.js";
import { GradingWorker } from "./worker.js";

export interface Storage {
  store: Store;
  queue: JobQueue;
}

export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) {
    const { PostgresStore } = await import("../storage/postgres/postgres-store.js");
    const { PgBossQueue } = await import("../storage/postgres/pgboss-queue.js");
    const store = new PostgresStore(config.databaseUrl, { schema: config.databaseSchema });
    await store.migrate();
    const queue = await PgBossQueue.start(config.databaseUrl, {
      maxDepth: config.maxQueueDepth,
      leaseMs: config.jobLeaseMs,
      schema: `${config.databaseSchema}_queue`,
    });
    return { store, queue };
  }
  await mkdir(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, "pydojo.sqlite");
  const { SqliteStore } = await import("../storage/sqlite/sqlite-store.js");
  const { SqliteJobQueue } = await import("../storage/sqlite/sqlite-queue.js");
  const store = new SqliteStore(file);
  await store.migrate();
  const queue = new SqliteJobQueue(file, { maxDepth: config.maxQueueDepth });
  return { store, queue };
}

export interface RunningServer {
  url: string | null;
  app: FastifyInstance | null;
  worker: GradingWorker | null;
  close(): Promise<void>;
}

/** Starts what `config.services` asks for: the API, the grading worker, or both. */
export async function startServices(
  config: ServerConfig,
  options: { runner?: Runner } = {},
): Promise<RunningServer> {
  const catalog = await ContentCatalog.load(config.contentDir);
  const { store, queue } = await openStorage(config);
  const now = () => new Date();
  let app: FastifyInstance | null = null;
  let worker: GradingWorker | null = null;
  let runner: Runner | null = null;
  let url: string | null = null;
  if (config.services.includes("worker")) {
    runner =
      options.runner ?? (await createRunner(config.runner, { prestart: config.workerConcurrency }));
    worker = new GradingWorker({
      store,
      queue,
      catalog,
      runner,
      concurrency: config.workerConcurrency,
      recordVerdict: makeRecordVerdict(catalog, now),
      now,
      leaseMs: config.jobLeaseMs,
    });
    worker.start();
  }
  if (config.services.includes("api")) {
    app = await buildApp({ config, store, queue, catalog, now });
    url = await app.listen({ port: config.port, host: config.host });
  }
  return {
    url,
    app,
    worker,
    async close() {
      await app?.close();
      await worker?.stop();
      if (!options.runner) await runner?.close();
      await queue.close();
      await store.close();
    },
  };
}

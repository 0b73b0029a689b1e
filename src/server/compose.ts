/**
 * The composition root: reads the configuration and picks adapters. SQLite (embedded default) or
 * PostgreSQL + pg-boss when DATABASE_URL is set; drivers are imported only when chosen.
 */
import { mkdir } from "node:fs/promises";
import { VerdictSignal } from "./verdict-signal.js";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { createRunner } from "../runners/create-runner.js";
import { checkGrading, GradingSelfCheckError } from "./self-check.js";
import { RunnerUnavailableError, type Runner } from "../runners/runner.js";
import type { RateLimitCounter } from "../storage/rate-limit-counter.js";
import type { JobQueue, Store } from "../storage/store.js";
import { buildApp } from "./app.js";
import { ContentCatalog } from "./catalog.js";
import type { ServerConfig } from "./config.js";
import { makeRecordVerdict } from "./progress-service.js";
import { Metrics } from "./metrics.js";
import { GradingWorker, wakingQueue } from "./worker.js";

export interface Storage {
  store: Store;
  queue: JobQueue;
  /** Rate-limit counters in the same database, shared by every API process. */
  rateLimits: RateLimitCounter;
}

export async function openStorage(config: ServerConfig): Promise<Storage> {
  const storage = await openDatabase(config);
  if (!config.redisUrl) return storage;
  // Redis, when configured, holds the rate-limit counters instead of the database.
  await storage.rateLimits.close();
  const { RedisRateLimitCounter } = await import("../storage/redis-rate-limits.js");
  return { ...storage, rateLimits: new RedisRateLimitCounter(config.redisUrl) };
}

async function openDatabase(config: ServerConfig): Promise<Storage> {
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
    const { PostgresRateLimitCounter } =
      await import("../storage/postgres/postgres-rate-limits.js");
    const rateLimits = new PostgresRateLimitCounter(config.databaseUrl, config.databaseSchema);
    return { store, queue, rateLimits };
  }
  await mkdir(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, "pydojo.sqlite");
  const { SqliteStore } = await import("../storage/sqlite/sqlite-store.js");
  const { SqliteJobQueue } = await import("../storage/sqlite/sqlite-queue.js");
  const store = new SqliteStore(file);
  await store.migrate();
  const queue = new SqliteJobQueue(file, { maxDepth: config.maxQueueDepth });
  const { SqliteRateLimitCounter } = await import("../storage/sqlite/sqlite-rate-limits.js");
  return { store, queue, rateLimits: new SqliteRateLimitCounter(file) };
}

/**
 * The runner for submissions. The sandbox, always in production. In development without
 * bubblewrap (a learner's own machine), the local runner, with a warning that says so; an
 * explicit PYDOJO_RUNNER=sandbox never falls back.
 */
async function gradingRunner(config: ServerConfig): Promise<Runner> {
  const prestart = config.workerConcurrency;
  try {
    return await createRunner(config.runner, { prestart });
  } catch (error) {
    const explicit = process.env.PYDOJO_RUNNER !== undefined;
    if (
      !(error instanceof RunnerUnavailableError) ||
      config.runner !== "sandbox" ||
      config.mode === "production" ||
      explicit
    ) {
      throw error;
    }
    console.warn(
      `WARNING: ${error.message}\nWARNING: grading submissions with your own Python, NOT sandboxed: fine on your own machine, never on a server others use.`,
    );
    return createRunner("local", { prestart });
  }
}

/**
 * One tiny grade before taking submissions: production refuses to start when it fails; in
 * development the server starts, with a warning that cannot be missed.
 */
async function selfCheck(config: ServerConfig, runner: Runner): Promise<void> {
  try {
    await checkGrading(runner);
  } catch (error) {
    if (!(error instanceof GradingSelfCheckError) || config.mode === "production") {
      await runner.close();
      throw error;
    }
    const line = "!".repeat(78);
    console.warn(`${line}\nWARNING: ${error.message}\n${line}`);
  }
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
  const { store, queue, rateLimits } = await openStorage(config);
  const now = () => new Date();
  let app: FastifyInstance | null = null;
  let worker: GradingWorker | null = null;
  let runner: Runner | null = null;
  let url: string | null = null;
  const metrics = new Metrics(queue);
  const verdicts = new VerdictSignal();
  if (config.services.includes("worker")) {
    runner = options.runner ?? (await gradingRunner(config));
    await selfCheck(config, runner);
    worker = new GradingWorker({
      store,
      queue,
      catalog,
      runner,
      concurrency: config.workerConcurrency,
      recordVerdict: makeRecordVerdict(catalog, now),
      now,
      leaseMs: config.jobLeaseMs,
      metrics,
      verdicts,
    });
    worker.start();
  }
  if (config.services.includes("api")) {
    app = await buildApp({
      config,
      store,
      queue: wakingQueue(queue, worker),
      metrics,
      catalog,
      now,
      rateLimits,
      verdicts,
      grading:
        runner && worker && config.quickRuns
          ? {
              runner,
              capacity: config.workerConcurrency,
              workerBusy: () => worker?.busy ?? 0,
            }
          : null,
    });
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
      await rateLimits.close();
      await store.close();
    },
  };
}

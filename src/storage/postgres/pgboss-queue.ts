/**
 * The PostgreSQL job queue, on pg-boss 10 (a Postgres-backed queue: `FOR UPDATE SKIP LOCKED`
 * fetches, retries, expiration). How the port maps onto it:
 *
 * - claim = `fetch` of one job, which atomically moves it to `active` (two workers never get the
 *   same job). `attempt` = pg-boss's `retryCount` + 1 (pg-boss counts a fetch after the first).
 * - The lease is pg-boss's expiration: an `active` job older than its `expireInSeconds` is failed
 *   by pg-boss ("failed by timeout") and goes back to `retry` (another worker fetches it), or to
 *   `failed` when its retries are used up. Expiration is set per job when it is sent, in whole
 *   seconds, so the lease is this queue's `leaseMs` option (rounded up to a second), NOT the
 *   `leaseMs` passed to `claim` — pg-boss has no per-fetch lease. Workers must be configured
 *   with the same value (server/compose.ts passes one setting to both).
 * - pg-boss applies expirations during maintenance (every 2 minutes by default); `claim` runs
 *   that step (`expire()`) itself at most once a second, so a dead worker's job returns promptly.
 * - Attempts are bounded by pg-boss's `retryLimit` (= `maxAttempts` - 1, set per job), for
 *   explicit failures and expired leases alike. `fail(jobId, maxAttempts)` also honours a lower
 *   `maxAttempts` given by the caller by cancelling the job instead of failing it.
 * - Fairness (docs/decisions/0006-fair-queue.md): pg-boss fetches by `priority desc, created_on`,
 *   and a job's priority is `-ahead`, how many jobs of its user were already waiting or running
 *   when it was sent. Every user's first pending job outranks anyone's second, and so on:
 *   round-robin by user, across processes, with pg-boss's own fetch (no SQL of ours on its
 *   tables). Ranks are fixed when a job is sent; the per-user cap on pending submissions
 *   (submissions.ts) keeps them small.
 * - Depth = `getQueueSize` (jobs `created` or waiting to `retry`). The bound is checked before
 *   `send`, not atomically: concurrent enqueues may overshoot `maxDepth` by a few.
 */
import PgBoss from "pg-boss";
import type { JobFairness, JobQueue } from "../store.js";

const QUEUE = "grade";

interface JobData {
  submissionId: string;
}

export interface PgBossQueueOptions {
  /** pg-boss's own schema (created on start); default "pgboss". */
  schema?: string;
  /** `enqueue` refuses new jobs while this many are waiting (default 1000). */
  maxDepth?: number;
  /** The lease of every claim (default 150 s); pg-boss counts in whole seconds. */
  leaseMs?: number;
  /** Tries per job, counting expired leases (default 3). */
  maxAttempts?: number;
  /** Pool size (default 5). */
  max?: number;
}

/** A JobQueue on pg-boss; create it with `PgBossQueue.start`. */
export class PgBossQueue implements JobQueue {
  private lastExpire = 0;

  private constructor(
    private readonly boss: PgBoss,
    private readonly maxDepth: number,
    private readonly leaseSeconds: number,
    private readonly retryLimit: number,
  ) {}

  /** Connects, installs or migrates pg-boss's schema if needed, and creates the queue. */
  static async start(
    connectionString: string,
    options: PgBossQueueOptions = {},
  ): Promise<PgBossQueue> {
    const maxAttempts = options.maxAttempts ?? 3;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new Error(`maxAttempts must be a positive integer, not ${maxAttempts}`);
    const boss = new PgBoss({
      connectionString,
      schema: options.schema ?? "pgboss",
      max: options.max ?? 5,
      supervise: true, // archiving and deleting old jobs (and expiring, as a fallback)
      schedule: false, // no cron jobs here
    });
    boss.on("error", (error) => console.error("pg-boss:", error.message));
    await boss.start();
    await boss.createQueue(QUEUE); // idempotent: an existing queue is left as it is
    return new PgBossQueue(
      boss,
      options.maxDepth ?? 1000,
      Math.max(1, Math.ceil((options.leaseMs ?? 150_000) / 1000)),
      maxAttempts - 1,
    );
  }

  async enqueue(submissionId: string, fairness?: JobFairness): Promise<boolean> {
    if ((await this.depth()) >= this.maxDepth) return false;
    const data: JobData = { submissionId };
    const id = await this.boss.send(QUEUE, data, {
      priority: -Math.max(0, Math.floor(fairness?.ahead ?? 0)),
      expireInSeconds: this.leaseSeconds,
      retryLimit: this.retryLimit,
      retryDelay: 0,
    });
    // send() returns null only for throttled or singleton sends, which this queue never makes.
    if (id === null) throw new Error(`pg-boss did not accept the job for ${submissionId}`);
    return true;
  }

  /** Fetches the next job; its lease is the queue's `leaseMs` (see above), not `_leaseMs`. */
  async claim(
    _workerId: string,
    _leaseMs: number,
  ): Promise<{ jobId: string; submissionId: string; attempt: number } | null> {
    await this.expireLeases();
    const [job] = await this.boss.fetch<JobData>(QUEUE, { batchSize: 1, includeMetadata: true });
    if (!job) return null;
    return { jobId: job.id, submissionId: job.data.submissionId, attempt: job.retryCount + 1 };
  }

  async complete(jobId: string): Promise<void> {
    await this.boss.complete(QUEUE, jobId);
  }

  async fail(jobId: string, maxAttempts: number): Promise<boolean> {
    const job = await this.boss.getJobById<JobData>(QUEUE, jobId);
    if (!job) return false;
    // Not ours any more (the lease expired): pg-boss already decided; report that decision.
    if (job.state !== "active") return job.state === "created" || job.state === "retry";
    const bossRetries = job.retryCount < job.retryLimit;
    if (bossRetries && job.retryCount + 1 >= maxAttempts) {
      await this.boss.cancel(QUEUE, jobId);
      return false;
    }
    await this.boss.fail(QUEUE, jobId);
    return bossRetries;
  }

  async depth(): Promise<number> {
    return this.boss.getQueueSize(QUEUE);
  }

  async close(): Promise<void> {
    // Not graceful: no pg-boss workers run here; claimed jobs return when their leases expire.
    await this.boss.stop({ graceful: false, wait: true });
  }

  private async expireLeases(): Promise<void> {
    const now = Date.now();
    if (now - this.lastExpire < 1000) return;
    this.lastExpire = now;
    await this.boss.expire();
  }
}

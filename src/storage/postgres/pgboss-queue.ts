/**
 * The PostgreSQL job queue, on pg-boss (an existing Postgres-backed queue: SKIP LOCKED fetches,
 * retries, expiration). Mapping of the port onto pg-boss:
 * - a lease is pg-boss's job expiration (`expireInSeconds`, set per job when it is sent, from the
 *   queue's configured lease; the `leaseMs` given to `claim` is therefore fixed per queue);
 * - an expired active job goes back to `retry` when pg-boss's maintenance runs; `claim` runs it
 *   (`expire()`) at most once a second, so a dead worker's job is picked up promptly;
 * - `fail` hands the job back to pg-boss, which retries it while `retryCount < retryLimit`.
 */
import { PgBoss } from "./pgboss-import.js";
import type { JobQueue } from "../store.js";

const QUEUE = "grade";

export interface PgBossQueueOptions {
  maxDepth?: number;
  leaseMs?: number;
  maxAttempts?: number;
  schema?: string;
}

export class PgBossQueue implements JobQueue {
  private lastExpire = 0;

  private constructor(
    private readonly boss: InstanceType<typeof PgBoss>,
    private readonly maxDepth: number,
    private readonly leaseSeconds: number,
    private readonly retryLimit: number,
  ) {}

  static async start(
    connectionString: string,
    options: PgBossQueueOptions = {},
  ): Promise<PgBossQueue> {
    const boss = new PgBoss({
      connectionString,
      schema: options.schema ?? "pgboss",
      supervise: true,
      schedule: false,
      max: 5,
    });
    boss.on("error", (error: unknown) => console.error("pg-boss:", error));
    await boss.start();
    await boss.createQueue(QUEUE).catch(() => {});
    const leaseSeconds = Math.max(1, Math.ceil((options.leaseMs ?? 150_000) / 1000));
    return new PgBossQueue(
      boss,
      options.maxDepth ?? 1000,
      leaseSeconds,
      Math.max(0, (options.maxAttempts ?? 3) - 1),
    );
  }

  async enqueue(submissionId: string): Promise<boolean> {
    if ((await this.depth()) >= this.maxDepth) return false;
    const id = await this.boss.send(
      QUEUE,
      { submissionId },
      { expireInSeconds: this.leaseSeconds, retryLimit: this.retryLimit, retryDelay: 0 },
    );
    return id !== null;
  }

  async claim(_workerId: string, _leaseMs: number) {
    if (Date.now() - this.lastExpire > 1000) {
      this.lastExpire = Date.now();
      await this.boss.expire().catch(() => {});
    }
    const jobs = await this.boss.fetch<{ submissionId: string }>(QUEUE, {
      batchSize: 1,
      includeMetadata: true,
    });
    const job = jobs[0];
    if (!job) return null;
    return { jobId: job.id, submissionId: job.data.submissionId, attempt: job.retryCount + 1 };
  }

  async complete(jobId: string): Promise<void> {
    await this.boss.complete(QUEUE, jobId);
  }

  async fail(jobId: string, _maxAttempts: number): Promise<boolean> {
    const job = await this.boss.getJobById(QUEUE, jobId);
    await this.boss.fail(QUEUE, jobId);
    return job !== null && job.retryCount < job.retryLimit;
  }

  async depth(): Promise<number> {
    return this.boss.getQueueSize(QUEUE);
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true });
  }
}

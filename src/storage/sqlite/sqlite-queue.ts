/**
 * A durable job queue in the SQLite file: at-least-once delivery with leases. `claim` takes the
 * oldest job that is waiting or whose lease has expired, in an IMMEDIATE transaction, so two
 * workers (even in two processes on the same file) never hold the same job at once.
 */
import { randomUUID } from "node:crypto";
import type { Database as Db } from "better-sqlite3";
import type { JobQueue } from "../store.js";
import { openSqlite } from "./sqlite-store.js";

export class SqliteJobQueue implements JobQueue {
  private readonly db: Db;
  private readonly maxDepth: number;
  private readonly now: () => number;

  constructor(file: string, options: { maxDepth?: number; now?: () => number } = {}) {
    this.db = openSqlite(file);
    this.maxDepth = options.maxDepth ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async enqueue(submissionId: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        if (this.depthNow() >= this.maxDepth) return false;
        this.db
          .prepare(
            "INSERT INTO jobs (id, submission_id, state, attempt, leased_by, lease_expires_at, created_at) VALUES (?, ?, 'ready', 0, NULL, NULL, ?)",
          )
          .run(randomUUID(), submissionId, this.now());
        return true;
      })
      .immediate();
  }

  async claim(workerId: string, leaseMs: number) {
    const now = this.now();
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            "SELECT id, submission_id, attempt FROM jobs WHERE state = 'ready' OR (state = 'leased' AND lease_expires_at <= ?) ORDER BY created_at, rowid LIMIT 1",
          )
          .get(now) as { id: string; submission_id: string; attempt: number } | undefined;
        if (!row) return null;
        this.db
          .prepare(
            "UPDATE jobs SET state = 'leased', leased_by = ?, lease_expires_at = ?, attempt = attempt + 1 WHERE id = ?",
          )
          .run(workerId, now + leaseMs, row.id);
        return { jobId: row.id, submissionId: row.submission_id, attempt: row.attempt + 1 };
      })
      .immediate();
  }

  async complete(jobId: string): Promise<void> {
    this.db.prepare("DELETE FROM jobs WHERE id = ?").run(jobId);
  }

  async fail(jobId: string, maxAttempts: number): Promise<boolean> {
    return this.db
      .transaction(() => {
        const row = this.db.prepare("SELECT attempt FROM jobs WHERE id = ?").get(jobId) as
          { attempt: number } | undefined;
        if (!row) return false;
        if (row.attempt >= maxAttempts) {
          this.db.prepare("DELETE FROM jobs WHERE id = ?").run(jobId);
          return false;
        }
        this.db
          .prepare(
            "UPDATE jobs SET state = 'ready', leased_by = NULL, lease_expires_at = NULL WHERE id = ?",
          )
          .run(jobId);
        return true;
      })
      .immediate();
  }

  private depthNow(): number {
    return Number(
      (
        this.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state = 'ready'").get() as {
          n: number;
        }
      ).n,
    );
  }

  async depth(): Promise<number> {
    return this.depthNow();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

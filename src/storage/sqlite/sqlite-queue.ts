/**
 * The embedded job queue: a `jobs` table in the store's SQLite file. Durable (a job is a row
 * until completed), at-least-once (a job whose worker dies is claimed again once its lease
 * expires), safe for several processes on one file: `enqueue`, `claim` and `fail` are each one
 * IMMEDIATE transaction, so they take the file's write lock before reading and no two callers
 * can see the same job as free.
 *
 * Its connection does not wait in SQLite's busy handler (busy_timeout 0): that handler sleeps on
 * the event loop's thread, and when the lock holder is a store transaction in this same process
 * (awaiting between statements), blocking the thread would keep it from ever committing — the
 * wait would always end in "database is locked". Busy operations are retried with timers instead.
 *
 * Fairness (docs/decisions/0006-fair-queue.md): each job carries its group (the user). `claim`
 * takes the oldest job of the group that has the fewest jobs leased now and, among those, was
 * served longest ago (`job_groups.last_claim`, a counter bumped at every claim): round-robin by
 * user, decided when the job is claimed, so a learner with many jobs never keeps another's
 * single job waiting behind them all.
 */
import { randomUUID } from "node:crypto";
import type { Database as Db } from "better-sqlite3";
import type { JobFairness, JobQueue } from "../store.js";
import { openSqlite, retryWhileBusy, StatementCache } from "./sqlite-connection.js";

export interface SqliteJobQueueOptions {
  /** `enqueue` refuses new jobs while this many are waiting (default 1000). */
  maxDepth?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

// state: 'ready' (waiting), 'leased' (claimed until lease_expires_at, ms since the epoch),
// 'dead' (attempts exhausted; kept for inspection). Same shape as the table migration 1 of the
// store used to create, so databases made before the queue owned it need no change.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL,
    state TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    leased_by TEXT,
    lease_expires_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS jobs_ready ON jobs(state, lease_expires_at, created_at);
  CREATE TABLE IF NOT EXISTS job_groups (
    group_key TEXT PRIMARY KEY,
    last_claim INTEGER NOT NULL
  );`;
// Added for fairness; tables made before it get the column on first use.
const GROUP_COLUMN = `
  ALTER TABLE jobs ADD COLUMN group_key TEXT;`;
const GROUP_INDEX = `
  CREATE INDEX IF NOT EXISTS jobs_group ON jobs(group_key, state, lease_expires_at);`;

const AVAILABLE = "(state = 'ready' OR (state = 'leased' AND lease_expires_at <= @now))";
const AVAILABLE_J = "(j.state = 'ready' OR (j.state = 'leased' AND j.lease_expires_at <= @now))";

/** A durable, leased job queue in an SQLite file (shared with SqliteStore or not). */
export class SqliteJobQueue implements JobQueue {
  private readonly db: Db;
  private readonly statements: StatementCache;
  private readonly maxDepth: number;
  private readonly now: () => number;
  private ready: Promise<void> | null = null;

  constructor(file: string, options: SqliteJobQueueOptions = {}) {
    this.db = openSqlite(file);
    this.db.pragma("busy_timeout = 0");
    this.statements = new StatementCache(this.db);
    this.maxDepth = options.maxDepth ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async enqueue(submissionId: string, fairness?: JobFairness): Promise<boolean> {
    return this.write(() => {
      if (this.countAvailable() >= this.maxDepth) return false;
      this.statements
        .get(
          `INSERT INTO jobs (id, submission_id, state, attempt, leased_by, lease_expires_at, created_at, group_key)
           VALUES (?, ?, 'ready', 0, NULL, NULL, ?, ?)`,
        )
        .run(randomUUID(), submissionId, this.now(), fairness?.group ?? null);
      return true;
    });
  }

  /**
   * The next available job (waiting, or leased with an expired lease), leased to `workerId`:
   * from the group with the fewest jobs leased now, then the group served longest ago, then the
   * oldest job.
   */
  async claim(
    workerId: string,
    leaseMs: number,
  ): Promise<{ jobId: string; submissionId: string; attempt: number } | null> {
    return this.write(() => {
      const now = this.now();
      const row = this.statements
        .get(
          `UPDATE jobs SET state = 'leased', leased_by = @workerId, lease_expires_at = @expires,
             attempt = attempt + 1
           WHERE id = (
             SELECT j.id FROM jobs j LEFT JOIN job_groups g ON g.group_key = j.group_key
             WHERE ${AVAILABLE_J}
             ORDER BY
               (SELECT COUNT(*) FROM jobs r WHERE r.group_key = j.group_key
                  AND r.state = 'leased' AND r.lease_expires_at > @now),
               COALESCE(g.last_claim, 0), j.created_at, j.rowid
             LIMIT 1)
           RETURNING id, submission_id, attempt, group_key`,
        )
        .get({ workerId, expires: now + leaseMs, now }) as
        | { id: string; submission_id: string; attempt: number; group_key: string | null }
        | undefined;
      if (!row) return null;
      if (row.group_key !== null) {
        this.statements
          .get(
            `INSERT INTO job_groups (group_key, last_claim)
             VALUES (@group, (SELECT COALESCE(MAX(last_claim), 0) + 1 FROM job_groups))
             ON CONFLICT (group_key) DO UPDATE SET last_claim = excluded.last_claim`,
          )
          .run({ group: row.group_key });
      }
      return { jobId: row.id, submissionId: row.submission_id, attempt: row.attempt };
    });
  }

  async complete(jobId: string): Promise<void> {
    await this.write(() => this.statements.get("DELETE FROM jobs WHERE id = ?").run(jobId));
  }

  /** Releases a leased job for another try, or marks it dead once `maxAttempts` claims were made. */
  async fail(jobId: string, maxAttempts: number): Promise<boolean> {
    return this.write(() => {
      const row = this.statements
        .get(
          `UPDATE jobs SET state = CASE WHEN attempt >= ? THEN 'dead' ELSE 'ready' END,
             leased_by = NULL, lease_expires_at = NULL
           WHERE id = ? AND state = 'leased' RETURNING state`,
        )
        .get(maxAttempts, jobId) as { state: string } | undefined;
      return row?.state === "ready";
    });
  }

  /** Jobs that a worker could claim now: waiting, or leased with an expired lease. */
  async depth(): Promise<number> {
    await this.ensureTable();
    return retryWhileBusy(() => this.countAvailable());
  }

  async close(): Promise<void> {
    await this.ready?.catch(() => {});
    this.db.close();
  }

  private countAvailable(): number {
    const row = this.statements
      .get(`SELECT COUNT(*) AS n FROM jobs WHERE ${AVAILABLE}`)
      .get({ now: this.now() }) as { n: number };
    return row.n;
  }

  /** Runs `op` in an IMMEDIATE transaction (retried while another connection writes). */
  private async write<T>(op: () => T): Promise<T> {
    await this.ensureTable();
    return retryWhileBusy(() => this.db.transaction(op).immediate());
  }

  private ensureTable(): Promise<void> {
    const ready = (this.ready ??= retryWhileBusy(() => {
      this.db
        .transaction(() => {
          this.db.exec(SCHEMA);
          const columns = this.db.prepare("PRAGMA table_info(jobs)").all() as { name: string }[];
          if (!columns.some((c) => c.name === "group_key")) this.db.exec(GROUP_COLUMN);
          this.db.exec(GROUP_INDEX);
        })
        .immediate();
    }).catch((error: unknown) => {
      this.ready = null; // let the next call try again
      throw error;
    }));
    return ready;
  }
}

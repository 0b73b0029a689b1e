/** SQLite repository for submissions. */
import type { GradeResult } from "../../core/result.js";
import { msBetween, SUBMISSION_COLUMNS, submissionValues, toSubmission } from "../rows.js";
import {
  ConflictError,
  type GradingStats,
  type Submission,
  type SubmissionRepo,
} from "../store.js";
import { isUniqueViolation } from "./sqlite-connection.js";
import { all, mapRow, one, type SqliteContext } from "./sqlite-context.js";

const fromRow = toSubmission((v) => JSON.parse(String(v)));

export class SqliteSubmissionRepo implements SubmissionRepo {
  constructor(private readonly c: SqliteContext) {}

  create(x: Submission): Promise<{ submission: Submission; created: boolean }> {
    return this.c.run(() => {
      // Insert-or-nothing first, so that two processes racing on one key can't both insert;
      // a null key never conflicts (NULLs are distinct in a UNIQUE constraint).
      let inserted: unknown;
      try {
        inserted = this.c
          .stmt(
            `INSERT INTO submissions (${SUBMISSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
          )
          .get(...submissionValues(x, JSON.stringify));
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`submission ${x.id} already exists`);
        throw error;
      }
      if (inserted) return { submission: x, created: true };
      const existing = one(
        this.c.stmt("SELECT * FROM submissions WHERE user_id = ? AND idempotency_key = ?"),
        x.userId,
        x.idempotencyKey,
      );
      if (!existing) throw new Error(`submission with key ${x.idempotencyKey} vanished`);
      return { submission: fromRow(existing), created: false };
    });
  }

  byId(id: string): Promise<Submission | null> {
    return this.c.run(() =>
      mapRow(one(this.c.stmt("SELECT * FROM submissions WHERE id = ?"), id), fromRow),
    );
  }

  // rowid breaks ties between submissions created in the same millisecond: insertion order.
  listForUser(userId: string, exerciseId: string | null, limit: number): Promise<Submission[]> {
    return this.c.run(() =>
      (exerciseId === null
        ? all(
            this.c.stmt(
              "SELECT * FROM submissions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
            ),
            userId,
            limit,
          )
        : all(
            this.c.stmt(
              `SELECT * FROM submissions WHERE user_id = ? AND exercise_id = ?
               ORDER BY created_at DESC, rowid DESC LIMIT ?`,
            ),
            userId,
            exerciseId,
            limit,
          )
      ).map(fromRow),
    );
  }

  byIdempotencyKey(userId: string, key: string): Promise<Submission | null> {
    return this.c.run(() =>
      mapRow(
        one(
          this.c.stmt("SELECT * FROM submissions WHERE user_id = ? AND idempotency_key = ?"),
          userId,
          key,
        ),
        fromRow,
      ),
    );
  }

  pendingCount(userId: string, since: string): Promise<number> {
    return this.c.run(() => {
      const row = one(
        this.c.stmt(
          `SELECT COUNT(*) AS n FROM submissions
           WHERE user_id = ? AND status IN ('queued', 'running') AND created_at >= ?`,
        ),
        userId,
        since,
      );
      return Number(row?.n ?? 0);
    });
  }

  markRunning(id: string): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          "UPDATE submissions SET status = 'running', runs = runs + 1 WHERE id = ? AND status IN ('queued', 'running')",
        )
        .run(id);
    });
  }

  // The condition on status makes the verdict exactly-once even when two workers race.
  saveResult(id: string, result: GradeResult, at: string): Promise<boolean> {
    return this.c.run(
      () =>
        this.c
          .stmt(
            `UPDATE submissions SET status = 'graded', result = ?, verdict = ?, error = NULL, graded_at = ?
             WHERE id = ? AND status <> 'graded'`,
          )
          .run(JSON.stringify(result), result.status, at, id).changes > 0,
    );
  }

  markInfraError(id: string, error: string, at: string): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          "UPDATE submissions SET status = 'infra-error', error = ?, graded_at = ? WHERE id = ? AND status <> 'graded'",
        )
        .run(error, at, id);
    });
  }

  passingForExercise(
    exerciseId: string,
    excludeUserId: string,
    limit: number,
  ): Promise<Submission[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `SELECT * FROM submissions WHERE exercise_id = ? AND status = 'graded' AND verdict = 'pass' AND user_id <> ?
           ORDER BY created_at DESC, rowid DESC LIMIT ?`,
        ),
        exerciseId,
        excludeUserId,
        limit,
      ).map(fromRow),
    );
  }

  gradingStats(since: string): Promise<GradingStats> {
    return this.c.run(() => {
      const counts = one(
        this.c.stmt(
          `SELECT
             (SELECT COUNT(*) FROM submissions WHERE status = 'queued') AS queued,
             (SELECT COUNT(*) FROM submissions WHERE status = 'running') AS running,
             (SELECT COUNT(*) FROM submissions WHERE status = 'infra-error' AND graded_at >= ?) AS infra`,
        ),
        since,
      );
      const graded = all(
        this.c.stmt(
          "SELECT created_at, graded_at FROM submissions WHERE status = 'graded' AND graded_at >= ?",
        ),
        since,
      );
      return {
        queued: Number(counts?.queued),
        running: Number(counts?.running),
        infraErrors: Number(counts?.infra),
        gradeMs: graded.map((r) => msBetween(r.created_at, r.graded_at)),
      };
    });
  }

  requeueInfraErrors(limit: number): Promise<{ id: string; userId: string }[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `UPDATE submissions SET status = 'queued', error = NULL, graded_at = NULL
           WHERE id IN (SELECT id FROM submissions WHERE status = 'infra-error'
                        ORDER BY created_at, id LIMIT ?)
           RETURNING id, user_id, created_at`,
        ),
        limit,
      )
        .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))
        .map((r) => ({ id: String(r.id), userId: String(r.user_id) })),
    );
  }
}

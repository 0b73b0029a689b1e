/** PostgreSQL repository for submissions. */
import type { GradeResult } from "../../core/result.js";
import { msBetween, SUBMISSION_COLUMNS, submissionValues, toSubmission } from "../rows.js";
import type { GradingStats, Submission, SubmissionRepo } from "../store.js";
import { mapRow, type PgContext } from "./postgres-context.js";

// pg parses json columns itself.
const fromRow = toSubmission((v) => v);

export class PostgresSubmissionRepo implements SubmissionRepo {
  constructor(private readonly c: PgContext) {}

  async create(x: Submission): Promise<{ submission: Submission; created: boolean }> {
    // ON CONFLICT waits for a concurrent insert of the same key to commit, then does nothing:
    // of two racing requests exactly one inserts. A null key never conflicts.
    const inserted = await this.c.insert(
      `INSERT INTO submissions (${SUBMISSION_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
      submissionValues(x, JSON.stringify),
      `submission ${x.id} already exists`,
    );
    if (inserted) return { submission: x, created: true };
    const existing = await this.c.one(
      "SELECT * FROM submissions WHERE user_id = $1 AND idempotency_key = $2",
      [x.userId, x.idempotencyKey],
    );
    if (!existing) throw new Error(`submission with key ${x.idempotencyKey} vanished`);
    return { submission: fromRow(existing), created: false };
  }

  async byId(id: string): Promise<Submission | null> {
    return mapRow(await this.c.one("SELECT * FROM submissions WHERE id = $1", [id]), fromRow);
  }

  // seq breaks ties between submissions created in the same millisecond: insertion order.
  async listForUser(
    userId: string,
    exerciseId: string | null,
    limit: number,
  ): Promise<Submission[]> {
    const rows =
      exerciseId === null
        ? await this.c.all(
            "SELECT * FROM submissions WHERE user_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2",
            [userId, limit],
          )
        : await this.c.all(
            `SELECT * FROM submissions WHERE user_id = $1 AND exercise_id = $2
             ORDER BY created_at DESC, seq DESC LIMIT $3`,
            [userId, exerciseId, limit],
          );
    return rows.map(fromRow);
  }

  async byIdempotencyKey(userId: string, key: string): Promise<Submission | null> {
    return mapRow(
      await this.c.one("SELECT * FROM submissions WHERE user_id = $1 AND idempotency_key = $2", [
        userId,
        key,
      ]),
      fromRow,
    );
  }

  async pendingCount(userId: string, since: string): Promise<number> {
    const row = await this.c.one(
      `SELECT COUNT(*)::int AS n FROM submissions
       WHERE user_id = $1 AND status IN ('queued', 'running') AND created_at >= $2`,
      [userId, since],
    );
    return Number(row?.n ?? 0);
  }

  async markRunning(id: string): Promise<void> {
    await this.c.run(
      "UPDATE submissions SET status = 'running', runs = runs + 1 WHERE id = $1 AND status IN ('queued', 'running')",
      [id],
    );
  }

  // A second, concurrent UPDATE waits for the first's row lock, then re-checks the condition
  // on the committed row and changes nothing: the verdict is stored exactly once.
  async saveResult(id: string, result: GradeResult, at: string): Promise<boolean> {
    const changed = await this.c.run(
      `UPDATE submissions SET status = 'graded', result = $1, verdict = $2, error = NULL, graded_at = $3
       WHERE id = $4 AND status <> 'graded'`,
      [JSON.stringify(result), result.status, at, id],
    );
    return changed > 0;
  }

  async markInfraError(id: string, error: string, at: string): Promise<void> {
    await this.c.run(
      "UPDATE submissions SET status = 'infra-error', error = $1, graded_at = $2 WHERE id = $3 AND status <> 'graded'",
      [error, at, id],
    );
  }

  async passingForExercise(
    exerciseId: string,
    excludeUserId: string,
    limit: number,
  ): Promise<Submission[]> {
    return (
      await this.c.all(
        `SELECT * FROM submissions
         WHERE exercise_id = $1 AND status = 'graded' AND verdict = 'pass' AND user_id <> $2
         ORDER BY created_at DESC, seq DESC LIMIT $3`,
        [exerciseId, excludeUserId, limit],
      )
    ).map(fromRow);
  }

  async gradingStats(since: string): Promise<GradingStats> {
    const counts = await this.c.one(
      `SELECT
         (SELECT COUNT(*) FROM submissions WHERE status = 'queued') AS queued,
         (SELECT COUNT(*) FROM submissions WHERE status = 'running') AS running,
         (SELECT COUNT(*) FROM submissions WHERE status = 'infra-error' AND graded_at >= $1) AS infra`,
      [since],
    );
    const graded = await this.c.all(
      "SELECT created_at, graded_at FROM submissions WHERE status = 'graded' AND graded_at >= $1",
      [since],
    );
    return {
      queued: Number(counts?.queued),
      running: Number(counts?.running),
      infraErrors: Number(counts?.infra),
      gradeMs: graded.map((r) => msBetween(r.created_at, r.graded_at)),
    };
  }

  async requeueInfraErrors(limit: number): Promise<{ id: string; userId: string }[]> {
    const rows = await this.c.all(
      `UPDATE submissions SET status = 'queued', error = NULL, graded_at = NULL
       WHERE id IN (SELECT id FROM submissions WHERE status = 'infra-error'
                    ORDER BY created_at, seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, user_id, created_at, seq`,
      [limit],
    );
    return rows
      .sort(
        (a, b) =>
          String(a.created_at).localeCompare(String(b.created_at)) || Number(a.seq) - Number(b.seq),
      )
      .map((r) => ({ id: String(r.id), userId: String(r.user_id) }));
  }
}

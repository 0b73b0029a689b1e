/** Submissions. */
import { sql } from "kysely";
import type { GradeResult } from "../../core/result.js";
import { msBetween, toSubmission } from "../rows.js";
import type { GradingStats, Submission, SubmissionRepo } from "../store.js";
import { orConflict, type KyselyContext } from "./context.js";
import { prepared } from "./prepared.js";

const submissionById = prepared((db, _d, id: string) =>
  db.selectFrom("submissions").selectAll().where("id", "=", id),
);

const pending = prepared((db, _d, userId: string, since: string) =>
  db
    .selectFrom("submissions")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("user_id", "=", userId)
    .where("status", "in", ["queued", "running"])
    .where("created_at", ">=", since),
);

const running = prepared((db, _d, id: string) =>
  db
    .updateTable("submissions")
    .set((eb) => ({ status: "running", runs: eb("runs", "+", 1) }))
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"]),
);

const graded = prepared((db, _d, id: string, result: string, verdict: string, at: string) =>
  db
    .updateTable("submissions")
    .set({ status: "graded", result, verdict, error: null, graded_at: at })
    .where("id", "=", id)
    .where("status", "<>", "graded"),
);

export class KyselySubmissionRepo implements SubmissionRepo {
  private readonly fromRow;

  constructor(private readonly c: KyselyContext) {
    this.fromRow = toSubmission(c.d.json);
  }

  /** Insertion order (rowid / seq): breaks ties between submissions of the same millisecond. */
  private get order() {
    return sql.ref<number>(this.c.d.insertionOrder);
  }

  async create(x: Submission): Promise<{ submission: Submission; created: boolean }> {
    // Insert-or-nothing first, so that two requests racing on one key can't both insert (on
    // PostgreSQL ON CONFLICT waits for the other insert to commit); a null key never conflicts
    // (NULLs are distinct in a UNIQUE constraint).
    const inserted = await orConflict(
      this.c,
      this.c.db
        .insertInto("submissions")
        .values({
          id: x.id,
          user_id: x.userId,
          exercise_id: x.exerciseId,
          files: JSON.stringify(x.files),
          idempotency_key: x.idempotencyKey,
          status: x.status,
          runs: x.runs,
          result: x.result === null ? null : JSON.stringify(x.result),
          verdict: x.result?.status ?? null,
          error: x.error,
          created_at: x.createdAt,
          graded_at: x.gradedAt,
        })
        .onConflict((oc) => oc.columns(["user_id", "idempotency_key"]).doNothing())
        .returning("id")
        .executeTakeFirst(),
      `submission ${x.id} already exists`,
    );
    if (inserted) return { submission: x, created: true };
    const existing =
      x.idempotencyKey === null ? null : await this.byIdempotencyKey(x.userId, x.idempotencyKey);
    if (!existing) throw new Error(`submission with key ${x.idempotencyKey} vanished`);
    return { submission: existing, created: false };
  }

  async byId(id: string): Promise<Submission | null> {
    const row = await submissionById.first(this.c, id);
    return row ? this.fromRow(row) : null;
  }

  async listForUser(
    userId: string,
    exerciseId: string | null,
    limit: number,
  ): Promise<Submission[]> {
    let query = this.c.db.selectFrom("submissions").selectAll().where("user_id", "=", userId);
    if (exerciseId !== null) query = query.where("exercise_id", "=", exerciseId);
    const rows = await query
      .orderBy("created_at", "desc")
      .orderBy(this.order, "desc")
      .limit(limit)
      .execute();
    return rows.map(this.fromRow);
  }

  async byIdempotencyKey(userId: string, key: string): Promise<Submission | null> {
    const row = await this.c.db
      .selectFrom("submissions")
      .selectAll()
      .where("user_id", "=", userId)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    return row ? this.fromRow(row) : null;
  }

  async pendingCount(userId: string, since: string): Promise<number> {
    return Number((await pending.first(this.c, userId, since))?.n ?? 0);
  }

  async markRunning(id: string): Promise<void> {
    await running.changed(this.c, id);
  }

  // The condition on status makes the verdict exactly-once even when two workers race (on
  // PostgreSQL the second UPDATE waits for the first's row lock, then re-checks the condition).
  async saveResult(id: string, result: GradeResult, at: string): Promise<boolean> {
    return (await graded.changed(this.c, id, JSON.stringify(result), result.status, at)) > 0;
  }

  async markInfraError(id: string, error: string, at: string): Promise<void> {
    await this.c.db
      .updateTable("submissions")
      .set({ status: "infra-error", error, graded_at: at })
      .where("id", "=", id)
      .where("status", "<>", "graded")
      .execute();
  }

  async passingForExercise(
    exerciseId: string,
    excludeUserId: string,
    limit: number,
  ): Promise<Submission[]> {
    const rows = await this.c.db
      .selectFrom("submissions")
      .selectAll()
      .where("exercise_id", "=", exerciseId)
      .where("status", "=", "graded")
      .where("verdict", "=", "pass")
      .where("user_id", "<>", excludeUserId)
      .orderBy("created_at", "desc")
      .orderBy(this.order, "desc")
      .limit(limit)
      .execute();
    return rows.map(this.fromRow);
  }

  async gradingStats(since: string): Promise<GradingStats> {
    const db = this.c.db;
    const count = (status: string) =>
      db
        .selectFrom("submissions")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("status", "=", status);
    const counts = await db
      .selectNoFrom([
        count("queued").as("queued"),
        count("running").as("running"),
        count("infra-error").where("graded_at", ">=", since).as("infra"),
      ])
      .executeTakeFirstOrThrow();
    const graded = await db
      .selectFrom("submissions")
      .select(["created_at", "graded_at"])
      .where("status", "=", "graded")
      .where("graded_at", ">=", since)
      .execute();
    return {
      queued: Number(counts.queued),
      running: Number(counts.running),
      infraErrors: Number(counts.infra),
      gradeMs: graded.map((r) => msBetween(r.created_at, r.graded_at)),
    };
  }

  async requeueInfraErrors(limit: number): Promise<{ id: string; userId: string }[]> {
    const db = this.c.db;
    const oldest = this.c.d.skipLocked(
      db
        .selectFrom("submissions")
        .select("id")
        .where("status", "=", "infra-error")
        .orderBy("created_at")
        .orderBy(this.order)
        .limit(limit),
    );
    const rows = await db
      .updateTable("submissions")
      .set({ status: "queued", error: null, graded_at: null })
      .where("id", "in", oldest)
      .returning(["id", "user_id", "created_at", this.order.as("seq")])
      .execute();
    return rows
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || Number(a.seq) - Number(b.seq))
      .map((r) => ({ id: r.id, userId: r.user_id }));
  }
}

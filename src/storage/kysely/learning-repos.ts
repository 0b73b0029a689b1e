/** Learning state: progress, stats, daily activity and drafts. */
import type { SourceFile } from "../../runners/runner.js";
import { emptyStats, toActivity, toDraft, toProgress, toStats } from "../rows.js";
import type {
  DailyActivity,
  Draft,
  DraftRepo,
  ExerciseProgress,
  ProgressRepo,
  UserStats,
} from "../store.js";
import type { KyselyContext } from "./context.js";
import { prepared } from "./prepared.js";

const progressOf = prepared((db, _d, userId: string, exerciseId: string) =>
  db
    .selectFrom("progress")
    .selectAll()
    .where("user_id", "=", userId)
    .where("exercise_id", "=", exerciseId),
);

const progressList = prepared((db, _d, userId: string) =>
  db
    .selectFrom("progress")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("updated_at")
    .orderBy("exercise_id"),
);

const statsOf = prepared((db, _d, userId: string) =>
  db.selectFrom("user_stats").selectAll().where("user_id", "=", userId),
);

const activityFrom = prepared((db, _d, userId: string, fromDay: string) =>
  db
    .selectFrom("activity")
    .select(["day", "submissions", "passes"])
    .where("user_id", "=", userId)
    .where("day", ">=", fromDay)
    .orderBy("day"),
);

const addActivity = prepared((db, _d, userId: string, day: string, passes: number) =>
  db
    .insertInto("activity")
    .values({ user_id: userId, day, submissions: 1, passes })
    .onConflict((oc) =>
      oc.columns(["user_id", "day"]).doUpdateSet((eb) => ({
        submissions: eb("activity.submissions", "+", 1),
        passes: eb("activity.passes", "+", eb.ref("excluded.passes")),
      })),
    ),
);

const draftOf = prepared((db, _d, userId: string, exerciseId: string) =>
  db
    .selectFrom("drafts")
    .selectAll()
    .where("user_id", "=", userId)
    .where("exercise_id", "=", exerciseId),
);

export class KyselyProgressRepo implements ProgressRepo {
  private readonly statsFromRow;

  constructor(private readonly c: KyselyContext) {
    this.statsFromRow = toStats(c.d.json);
  }

  async lockUser(userId: string): Promise<void> {
    await this.c.d.lockUser(this.c.db, userId);
  }

  async get(userId: string, exerciseId: string): Promise<ExerciseProgress | null> {
    const row = await progressOf.first(this.c, userId, exerciseId);
    return row ? toProgress(row) : null;
  }

  async listForUser(userId: string): Promise<ExerciseProgress[]> {
    return (await progressList.all(this.c, userId)).map(toProgress);
  }

  async put(p: ExerciseProgress): Promise<void> {
    await this.c.db
      .insertInto("progress")
      .values({
        user_id: p.userId,
        exercise_id: p.exerciseId,
        state: p.state,
        attempts: p.attempts,
        best_passed: p.bestPassed,
        best_total: p.bestTotal,
        first_passed_at: p.firstPassedAt,
        xp_awarded: p.xpAwarded,
        updated_at: p.updatedAt,
      })
      .onConflict((oc) =>
        oc.columns(["user_id", "exercise_id"]).doUpdateSet((eb) => ({
          state: eb.ref("excluded.state"),
          attempts: eb.ref("excluded.attempts"),
          best_passed: eb.ref("excluded.best_passed"),
          best_total: eb.ref("excluded.best_total"),
          first_passed_at: eb.ref("excluded.first_passed_at"),
          xp_awarded: eb.ref("excluded.xp_awarded"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }

  async stats(userId: string): Promise<UserStats> {
    const row = await statsOf.first(this.c, userId);
    return row ? this.statsFromRow(row) : emptyStats(userId);
  }

  async putStats(s: UserStats): Promise<void> {
    await this.c.db
      .insertInto("user_stats")
      .values({
        user_id: s.userId,
        xp: s.xp,
        streak_days: s.streakDays,
        longest_streak: s.longestStreak,
        last_active_day: s.lastActiveDay,
        achievements: JSON.stringify(s.achievements),
      })
      .onConflict((oc) =>
        oc.column("user_id").doUpdateSet((eb) => ({
          xp: eb.ref("excluded.xp"),
          streak_days: eb.ref("excluded.streak_days"),
          longest_streak: eb.ref("excluded.longest_streak"),
          last_active_day: eb.ref("excluded.last_active_day"),
          achievements: eb.ref("excluded.achievements"),
        })),
      )
      .execute();
  }

  async recordActivity(userId: string, day: string, passed: boolean): Promise<void> {
    await addActivity.changed(this.c, userId, day, passed ? 1 : 0);
  }

  async activity(userId: string, fromDay: string): Promise<DailyActivity[]> {
    return (await activityFrom.all(this.c, userId, fromDay)).map(toActivity);
  }
}

export class KyselyDraftRepo implements DraftRepo {
  private readonly fromRow;

  constructor(private readonly c: KyselyContext) {
    this.fromRow = toDraft(c.d.json);
  }

  async get(userId: string, exerciseId: string): Promise<Draft | null> {
    const row = await draftOf.first(this.c, userId, exerciseId);
    return row ? this.fromRow(row) : null;
  }

  async listForUser(userId: string): Promise<Draft[]> {
    const rows = await this.c.db
      .selectFrom("drafts")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("updated_at", "desc")
      .orderBy("exercise_id")
      .execute();
    return rows.map(this.fromRow);
  }

  // Each case is one statement whose condition checks the version, so that a concurrent save
  // (from another process, too) can't slip between a read and a write (on PostgreSQL an
  // upsert's conflicting insert waits for the other to commit).
  async save(
    userId: string,
    exerciseId: string,
    files: SourceFile[],
    at: string,
    expectedVersion?: number,
  ): Promise<Draft | null> {
    const json = JSON.stringify(files);
    const first = {
      user_id: userId,
      exercise_id: exerciseId,
      files: json,
      version: 1,
      updated_at: at,
    };
    const row =
      expectedVersion === undefined
        ? await this.c.db
            .insertInto("drafts")
            .values(first)
            .onConflict((oc) =>
              oc.columns(["user_id", "exercise_id"]).doUpdateSet((eb) => ({
                files: eb.ref("excluded.files"),
                version: eb("drafts.version", "+", 1),
                updated_at: eb.ref("excluded.updated_at"),
              })),
            )
            .returning("version")
            .executeTakeFirst()
        : expectedVersion === 0
          ? await this.c.db
              .insertInto("drafts")
              .values(first)
              .onConflict((oc) => oc.columns(["user_id", "exercise_id"]).doNothing())
              .returning("version")
              .executeTakeFirst()
          : await this.c.db
              .updateTable("drafts")
              .set((eb) => ({ files: json, version: eb("version", "+", 1), updated_at: at }))
              .where("user_id", "=", userId)
              .where("exercise_id", "=", exerciseId)
              .where("version", "=", expectedVersion)
              .returning("version")
              .executeTakeFirst();
    return row === undefined
      ? null
      : { userId, exerciseId, files, version: Number(row.version), updatedAt: at };
  }
}

/** PostgreSQL repositories for learning state: progress, stats, daily activity and drafts. */
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
import { mapRow, type PgContext } from "./postgres-context.js";

// pg parses json and jsonb columns itself.
const statsFromRow = toStats((v) => v);
const draftFromRow = toDraft((v) => v);

export class PostgresProgressRepo implements ProgressRepo {
  constructor(private readonly c: PgContext) {}

  // A transaction-scoped advisory lock: held until COMMIT/ROLLBACK. Two keys (a namespace and
  // the user) so it can't collide with other advisory locks (migrations, pg-boss).
  async lockUser(userId: string): Promise<void> {
    await this.c.one("SELECT pg_advisory_xact_lock(hashtext('pydojo-progress'), hashtext($1))", [
      userId,
    ]);
  }

  async get(userId: string, exerciseId: string): Promise<ExerciseProgress | null> {
    return mapRow(
      await this.c.one("SELECT * FROM progress WHERE user_id = $1 AND exercise_id = $2", [
        userId,
        exerciseId,
      ]),
      toProgress,
    );
  }

  async listForUser(userId: string): Promise<ExerciseProgress[]> {
    return (
      await this.c.all(
        "SELECT * FROM progress WHERE user_id = $1 ORDER BY updated_at, exercise_id",
        [userId],
      )
    ).map(toProgress);
  }

  async put(p: ExerciseProgress): Promise<void> {
    await this.c.run(
      `INSERT INTO progress (user_id, exercise_id, state, attempts, best_passed, best_total,
         first_passed_at, xp_awarded, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (user_id, exercise_id) DO UPDATE SET state = EXCLUDED.state,
         attempts = EXCLUDED.attempts, best_passed = EXCLUDED.best_passed,
         best_total = EXCLUDED.best_total, first_passed_at = EXCLUDED.first_passed_at,
         xp_awarded = EXCLUDED.xp_awarded, updated_at = EXCLUDED.updated_at`,
      [
        p.userId,
        p.exerciseId,
        p.state,
        p.attempts,
        p.bestPassed,
        p.bestTotal,
        p.firstPassedAt,
        p.xpAwarded,
        p.updatedAt,
      ],
    );
  }

  async stats(userId: string): Promise<UserStats> {
    const row = await this.c.one("SELECT * FROM user_stats WHERE user_id = $1", [userId]);
    return mapRow(row, statsFromRow) ?? emptyStats(userId);
  }

  async putStats(s: UserStats): Promise<void> {
    await this.c.run(
      `INSERT INTO user_stats (user_id, xp, streak_days, longest_streak, last_active_day, achievements)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET xp = EXCLUDED.xp, streak_days = EXCLUDED.streak_days,
         longest_streak = EXCLUDED.longest_streak, last_active_day = EXCLUDED.last_active_day,
         achievements = EXCLUDED.achievements`,
      [
        s.userId,
        s.xp,
        s.streakDays,
        s.longestStreak,
        s.lastActiveDay,
        JSON.stringify(s.achievements),
      ],
    );
  }

  async recordActivity(userId: string, day: string, passed: boolean): Promise<void> {
    await this.c.run(
      `INSERT INTO activity (user_id, day, submissions, passes) VALUES ($1, $2, 1, $3)
       ON CONFLICT (user_id, day) DO UPDATE SET submissions = activity.submissions + 1,
         passes = activity.passes + EXCLUDED.passes`,
      [userId, day, passed ? 1 : 0],
    );
  }

  async activity(userId: string, fromDay: string): Promise<DailyActivity[]> {
    return (
      await this.c.all(
        "SELECT day, submissions, passes FROM activity WHERE user_id = $1 AND day >= $2 ORDER BY day",
        [userId, fromDay],
      )
    ).map(toActivity);
  }
}

export class PostgresDraftRepo implements DraftRepo {
  constructor(private readonly c: PgContext) {}

  async get(userId: string, exerciseId: string): Promise<Draft | null> {
    return mapRow(
      await this.c.one("SELECT * FROM drafts WHERE user_id = $1 AND exercise_id = $2", [
        userId,
        exerciseId,
      ]),
      draftFromRow,
    );
  }

  async listForUser(userId: string): Promise<Draft[]> {
    return (
      await this.c.all(
        "SELECT * FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC, exercise_id",
        [userId],
      )
    ).map(draftFromRow);
  }

  // Each case is one statement whose condition checks the version: a concurrent save can't slip
  // between a read and a write (an upsert's conflicting insert waits for the other to commit).
  async save(
    userId: string,
    exerciseId: string,
    files: SourceFile[],
    at: string,
    expectedVersion?: number,
  ): Promise<Draft | null> {
    const json = JSON.stringify(files);
    const row =
      expectedVersion === undefined
        ? await this.c.one(
            `INSERT INTO drafts AS d (user_id, exercise_id, files, version, updated_at)
             VALUES ($1, $2, $3, 1, $4)
             ON CONFLICT (user_id, exercise_id) DO UPDATE SET files = EXCLUDED.files,
               version = d.version + 1, updated_at = EXCLUDED.updated_at
             RETURNING version`,
            [userId, exerciseId, json, at],
          )
        : expectedVersion === 0
          ? await this.c.one(
              `INSERT INTO drafts (user_id, exercise_id, files, version, updated_at)
               VALUES ($1, $2, $3, 1, $4)
               ON CONFLICT (user_id, exercise_id) DO NOTHING RETURNING version`,
              [userId, exerciseId, json, at],
            )
          : await this.c.one(
              `UPDATE drafts SET files = $3, version = version + 1, updated_at = $4
               WHERE user_id = $1 AND exercise_id = $2 AND version = $5 RETURNING version`,
              [userId, exerciseId, json, at, expectedVersion],
            );
    return row === null
      ? null
      : { userId, exerciseId, files, version: Number(row.version), updatedAt: at };
  }
}

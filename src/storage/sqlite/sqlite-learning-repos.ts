/** SQLite repositories for learning state: progress, stats, daily activity and drafts. */
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
import { all, mapRow, one, type SqliteContext } from "./sqlite-context.js";

const parse = (v: unknown): unknown => JSON.parse(String(v));
const statsFromRow = toStats(parse);
const draftFromRow = toDraft(parse);

export class SqliteProgressRepo implements ProgressRepo {
  constructor(private readonly c: SqliteContext) {}

  // Transactions begin IMMEDIATE, which already makes writers take turns on the whole file.
  lockUser(): Promise<void> {
    return this.c.run(() => undefined);
  }

  get(userId: string, exerciseId: string): Promise<ExerciseProgress | null> {
    return this.c.run(() =>
      mapRow(
        one(
          this.c.stmt("SELECT * FROM progress WHERE user_id = ? AND exercise_id = ?"),
          userId,
          exerciseId,
        ),
        toProgress,
      ),
    );
  }

  listForUser(userId: string): Promise<ExerciseProgress[]> {
    return this.c.run(() =>
      all(
        this.c.stmt("SELECT * FROM progress WHERE user_id = ? ORDER BY updated_at, exercise_id"),
        userId,
      ).map(toProgress),
    );
  }

  put(p: ExerciseProgress): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          `INSERT INTO progress (user_id, exercise_id, state, attempts, best_passed, best_total,
             first_passed_at, xp_awarded, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id, exercise_id) DO UPDATE SET state = excluded.state,
             attempts = excluded.attempts, best_passed = excluded.best_passed,
             best_total = excluded.best_total, first_passed_at = excluded.first_passed_at,
             xp_awarded = excluded.xp_awarded, updated_at = excluded.updated_at`,
        )
        .run(
          p.userId,
          p.exerciseId,
          p.state,
          p.attempts,
          p.bestPassed,
          p.bestTotal,
          p.firstPassedAt,
          p.xpAwarded,
          p.updatedAt,
        );
    });
  }

  stats(userId: string): Promise<UserStats> {
    return this.c.run(
      () =>
        mapRow(
          one(this.c.stmt("SELECT * FROM user_stats WHERE user_id = ?"), userId),
          statsFromRow,
        ) ?? emptyStats(userId),
    );
  }

  putStats(s: UserStats): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          `INSERT INTO user_stats (user_id, xp, streak_days, longest_streak, last_active_day, achievements)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET xp = excluded.xp, streak_days = excluded.streak_days,
             longest_streak = excluded.longest_streak, last_active_day = excluded.last_active_day,
             achievements = excluded.achievements`,
        )
        .run(
          s.userId,
          s.xp,
          s.streakDays,
          s.longestStreak,
          s.lastActiveDay,
          JSON.stringify(s.achievements),
        );
    });
  }

  recordActivity(userId: string, day: string, passed: boolean): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          `INSERT INTO activity (user_id, day, submissions, passes) VALUES (?, ?, 1, ?)
           ON CONFLICT (user_id, day) DO UPDATE SET submissions = submissions + 1,
             passes = passes + excluded.passes`,
        )
        .run(userId, day, passed ? 1 : 0);
    });
  }

  activity(userId: string, fromDay: string): Promise<DailyActivity[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          "SELECT day, submissions, passes FROM activity WHERE user_id = ? AND day >= ? ORDER BY day",
        ),
        userId,
        fromDay,
      ).map(toActivity),
    );
  }
}

export class SqliteDraftRepo implements DraftRepo {
  constructor(private readonly c: SqliteContext) {}

  get(userId: string, exerciseId: string): Promise<Draft | null> {
    return this.c.run(() =>
      mapRow(
        one(
          this.c.stmt("SELECT * FROM drafts WHERE user_id = ? AND exercise_id = ?"),
          userId,
          exerciseId,
        ),
        draftFromRow,
      ),
    );
  }

  listForUser(userId: string): Promise<Draft[]> {
    return this.c.run(() =>
      all(
        this.c.stmt("SELECT * FROM drafts WHERE user_id = ? ORDER BY updated_at DESC, exercise_id"),
        userId,
      ).map(draftFromRow),
    );
  }

  // Each case is one statement whose condition checks the version, so that a concurrent save
  // (from another process, too) can't slip between a read and a write.
  save(
    userId: string,
    exerciseId: string,
    files: SourceFile[],
    at: string,
    expectedVersion?: number,
  ): Promise<Draft | null> {
    return this.c.run(() => {
      const json = JSON.stringify(files);
      const row =
        expectedVersion === undefined
          ? one(
              this.c.stmt(
                `INSERT INTO drafts (user_id, exercise_id, files, version, updated_at) VALUES (?, ?, ?, 1, ?)
                 ON CONFLICT (user_id, exercise_id) DO UPDATE SET files = excluded.files,
                   version = drafts.version + 1, updated_at = excluded.updated_at
                 RETURNING version`,
              ),
              userId,
              exerciseId,
              json,
              at,
            )
          : expectedVersion === 0
            ? one(
                this.c.stmt(
                  `INSERT INTO drafts (user_id, exercise_id, files, version, updated_at) VALUES (?, ?, ?, 1, ?)
                   ON CONFLICT (user_id, exercise_id) DO NOTHING RETURNING version`,
                ),
                userId,
                exerciseId,
                json,
                at,
              )
            : one(
                this.c.stmt(
                  `UPDATE drafts SET files = ?, version = version + 1, updated_at = ?
                   WHERE user_id = ? AND exercise_id = ? AND version = ? RETURNING version`,
                ),
                json,
                at,
                userId,
                exerciseId,
                expectedVersion,
              );
      return row === null
        ? null
        : { userId, exerciseId, files, version: Number(row.version), updatedAt: at };
    });
  }
}

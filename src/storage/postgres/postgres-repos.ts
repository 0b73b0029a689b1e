/** The PostgreSQL repositories; `db` is the pool, or one client inside a transaction. */
import type { GradeResult } from "../../core/result.js";
import {
  ConflictError,
  type ApiToken,
  type Draft,
  type DraftRepo,
  type ExerciseProgress,
  type ProgressRepo,
  type Role,
  type SessionRepo,
  type Submission,
  type SubmissionRepo,
  type TokenRepo,
  type User,
  type UserRepo,
  type UserStats,
} from "../store.js";

type Row = Record<string, unknown>;
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

const s = (v: unknown) => v as string;
const sn = (v: unknown) => (v === null || v === undefined ? null : String(v));

const toUser = (r: Row): User => ({
  id: s(r.id),
  email: s(r.email),
  displayName: s(r.display_name),
  passwordHash: s(r.password_hash),
  role: r.role as Role,
  timeZone: s(r.time_zone),
  createdAt: s(r.created_at),
});
const toToken = (r: Row): ApiToken => ({
  id: s(r.id),
  userId: s(r.user_id),
  name: s(r.name),
  tokenHash: s(r.token_hash),
  prefix: s(r.prefix),
  createdAt: s(r.created_at),
  lastUsedAt: sn(r.last_used_at),
  revokedAt: sn(r.revoked_at),
});
const toSubmission = (r: Row): Submission => ({
  id: s(r.id),
  userId: s(r.user_id),
  exerciseId: s(r.exercise_id),
  files: r.files as Submission["files"],
  idempotencyKey: sn(r.idempotency_key),
  status: r.status as Submission["status"],
  runs: Number(r.runs ?? 0),
  result: (r.result as GradeResult | null) ?? null,
  error: sn(r.error),
  createdAt: s(r.created_at),
  gradedAt: sn(r.graded_at),
});
const toProgress = (r: Row): ExerciseProgress => ({
  userId: s(r.user_id),
  exerciseId: s(r.exercise_id),
  state: r.state as ExerciseProgress["state"],
  attempts: Number(r.attempts),
  bestPassed: Number(r.best_passed),
  bestTotal: Number(r.best_total),
  firstPassedAt: sn(r.first_passed_at),
  xpAwarded: Number(r.xp_awarded),
  updatedAt: s(r.updated_at),
});
const toDraft = (r: Row): Draft => ({
  userId: s(r.user_id),
  exerciseId: s(r.exercise_id),
  files: r.files as Draft["files"],
  version: Number(r.version),
  updatedAt: s(r.updated_at),
});

export class PostgresRepos {
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  readonly tokens: TokenRepo;
  readonly submissions: SubmissionRepo;
  readonly progress: ProgressRepo;
  readonly drafts: DraftRepo;

  constructor(db: Queryable) {
    const one = async (sql: string, params: unknown[]) =>
      (await db.query(sql, params)).rows[0] ?? null;
    const all = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;
    const run = async (sql: string, params: unknown[]) =>
      (await db.query(sql, params)).rowCount ?? 0;
    const json = (v: unknown) => JSON.stringify(v);

    this.users = {
      async create(u) {
        try {
          await run(
            "INSERT INTO users (id, email, display_name, password_hash, role, time_zone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [u.id, u.email, u.displayName, u.passwordHash, u.role, u.timeZone, u.createdAt],
          );
        } catch (error) {
          if ((error as { code?: string }).code === "23505")
            throw new ConflictError(`email ${u.email} is already registered`);
          throw error;
        }
      },
      byId: async (id) => map(await one("SELECT * FROM users WHERE id = $1", [id]), toUser),
      byEmail: async (email) =>
        map(await one("SELECT * FROM users WHERE lower(email) = lower($1)", [email]), toUser),
      updatePassword: async (id, hash) =>
        void (await run("UPDATE users SET password_hash = $1 WHERE id = $2", [hash, id])),
      updateRole: async (id, role) =>
        void (await run("UPDATE users SET role = $1 WHERE id = $2", [role, id])),
      count: async () => Number((await one("SELECT COUNT(*) AS n FROM users", []))!.n),
    };
    this.sessions = {
      create: async (x) =>
        void (await run(
          "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
          [x.idHash, x.userId, x.csrfToken, x.createdAt, x.expiresAt],
        )),
      find: async (idHash, now) =>
        map(
          await one("SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2", [idHash, now]),
          (r) => ({
            idHash: s(r.id_hash),
            userId: s(r.user_id),
            csrfToken: s(r.csrf_token),
            createdAt: s(r.created_at),
            expiresAt: s(r.expires_at),
          }),
        ),
      delete: async (idHash) =>
        void (await run("DELETE FROM sessions WHERE id_hash = $1", [idHash])),
      deleteForUser: async (userId) =>
        void (await run("DELETE FROM sessions WHERE user_id = $1", [userId])),
    };
    this.tokens = {
      create: async (t) =>
        void (await run(
          "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
          [t.id, t.userId, t.name, t.tokenHash, t.prefix, t.createdAt],
        )),
      findActive: async (hash) =>
        map(
          await one("SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL", [
            hash,
          ]),
          toToken,
        ),
      listForUser: async (userId) =>
        (
          await all("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC", [
            userId,
          ])
        ).map(toToken),
      revoke: async (userId, id, at) =>
        (await run(
          "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
          [at, id, userId],
        )) > 0,
      touch: async (id, at) =>
        void (await run("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", [at, id])),
    };
    this.submissions = {
      async create(x) {
        const inserted = await one(
          `INSERT INTO submissions (id, user_id, exercise_id, files, idempotency_key, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
          [x.id, x.userId, x.exerciseId, json(x.files), x.idempotencyKey, x.status, x.createdAt],
        );
        if (inserted) return { submission: x, created: true };
        const existing = await one(
          "SELECT * FROM submissions WHERE user_id = $1 AND idempotency_key = $2",
          [x.userId, x.idempotencyKey],
        );
        return { submission: toSubmission(existing!), created: false };
      },
      byId: async (id) =>
        map(await one("SELECT * FROM submissions WHERE id = $1", [id]), toSubmission),
      listForUser: async (userId, exerciseId, limit) =>
        (exerciseId
          ? await all(
              "SELECT * FROM submissions WHERE user_id = $1 AND exercise_id = $2 ORDER BY created_at DESC, seq DESC LIMIT $3",
              [userId, exerciseId, limit],
            )
          : await all(
              "SELECT * FROM submissions WHERE user_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2",
              [userId, limit],
            )
        ).map(toSubmission),
      markRunning: async (id) =>
        void (await run(
          "UPDATE submissions SET status = 'running', runs = runs + 1 WHERE id = $1 AND status IN ('queued', 'running')",
          [id],
        )),
      saveResult: async (id, result, at) =>
        (await run(
          "UPDATE submissions SET status = 'graded', result = $1, error = NULL, graded_at = $2 WHERE id = $3 AND status <> 'graded'",
          [json(result), at, id],
        )) > 0,
      markInfraError: async (id, error, at) =>
        void (await run(
          "UPDATE submissions SET status = 'infra-error', error = $1, graded_at = $2 WHERE id = $3 AND status <> 'graded'",
          [error, at, id],
        )),
      passingForExercise: async (exerciseId, excludeUserId, limit) =>
        (
          await all(
            "SELECT * FROM submissions WHERE exercise_id = $1 AND user_id <> $2 AND status = 'graded' AND result->>'status' = 'pass' ORDER BY created_at DESC LIMIT $3",
            [exerciseId, excludeUserId, limit],
          )
        ).map(toSubmission),
    };
    this.progress = {
      lockUser: async (userId) =>
        void (await db.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`progress:${userId}`])),
      get: async (userId, exerciseId) =>
        map(
          await one("SELECT * FROM progress WHERE user_id = $1 AND exercise_id = $2", [
            userId,
            exerciseId,
          ]),
          toProgress,
        ),
      listForUser: async (userId) =>
        (await all("SELECT * FROM progress WHERE user_id = $1 ORDER BY updated_at", [userId])).map(
          toProgress,
        ),
      put: async (p) =>
        void (await run(
          `INSERT INTO progress (user_id, exercise_id, state, attempts, best_passed, best_total, first_passed_at, xp_awarded, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (user_id, exercise_id) DO UPDATE SET state = EXCLUDED.state, attempts = EXCLUDED.attempts,
             best_passed = EXCLUDED.best_passed, best_total = EXCLUDED.best_total, first_passed_at = EXCLUDED.first_passed_at,
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
        )),
      async stats(userId) {
        const r = await one("SELECT * FROM user_stats WHERE user_id = $1", [userId]);
        const stats: UserStats = r
          ? {
              userId,
              xp: Number(r.xp),
              streakDays: Number(r.streak_days),
              longestStreak: Number(r.longest_streak),
              lastActiveDay: sn(r.last_active_day),
              achievements: r.achievements as string[],
            }
          : {
              userId,
              xp: 0,
              streakDays: 0,
              longestStreak: 0,
              lastActiveDay: null,
              achievements: [],
            };
        return stats;
      },
      putStats: async (x) =>
        void (await run(
          `INSERT INTO user_stats (user_id, xp, streak_days, longest_streak, last_active_day, achievements) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (user_id) DO UPDATE SET xp = EXCLUDED.xp, streak_days = EXCLUDED.streak_days, longest_streak = EXCLUDED.longest_streak,
             last_active_day = EXCLUDED.last_active_day, achievements = EXCLUDED.achievements`,
          [x.userId, x.xp, x.streakDays, x.longestStreak, x.lastActiveDay, json(x.achievements)],
        )),
      recordActivity: async (userId, day, passed) =>
        void (await run(
          `INSERT INTO activity (user_id, day, submissions, passes) VALUES ($1, $2, 1, $3)
           ON CONFLICT (user_id, day) DO UPDATE SET submissions = activity.submissions + 1, passes = activity.passes + EXCLUDED.passes`,
          [userId, day, passed ? 1 : 0],
        )),
      activity: async (userId, fromDay) =>
        (
          await all(
            "SELECT day, submissions, passes FROM activity WHERE user_id = $1 AND day >= $2 ORDER BY day",
            [userId, fromDay],
          )
        ).map((r) => ({
          day: s(r.day),
          submissions: Number(r.submissions),
          passes: Number(r.passes),
        })),
    };
    this.drafts = {
      get: async (userId, exerciseId) =>
        map(
          await one("SELECT * FROM drafts WHERE user_id = $1 AND exercise_id = $2", [
            userId,
            exerciseId,
          ]),
          toDraft,
        ),
      listForUser: async (userId) =>
        (
          await all("SELECT * FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC", [userId])
        ).map(toDraft),
      async save(userId, exerciseId, files, at, expectedVersion) {
        let row: Row | null;
        if (expectedVersion === undefined) {
          row = await one(
            `INSERT INTO drafts AS d (user_id, exercise_id, files, version, updated_at) VALUES ($1, $2, $3, 1, $4)
             ON CONFLICT (user_id, exercise_id) DO UPDATE SET files = EXCLUDED.files, version = d.version + 1, updated_at = EXCLUDED.updated_at
             RETURNING version`,
            [userId, exerciseId, json(files), at],
          );
        } else if (expectedVersion === 0) {
          row = await one(
            "INSERT INTO drafts (user_id, exercise_id, files, version, updated_at) VALUES ($1, $2, $3, 1, $4) ON CONFLICT DO NOTHING RETURNING version",
            [userId, exerciseId, json(files), at],
          );
        } else {
          row = await one(
            "UPDATE drafts SET files = $3, version = version + 1, updated_at = $4 WHERE user_id = $1 AND exercise_id = $2 AND version = $5 RETURNING version",
            [userId, exerciseId, json(files), at, expectedVersion],
          );
        }
        return row
          ? { userId, exerciseId, files, version: Number(row.version), updatedAt: at }
          : null;
      },
    };
  }
}

function map<T>(row: Row | null, fn: (r: Row) => T): T | null {
  return row ? fn(row) : null;
}

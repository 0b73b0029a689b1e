/** The SQLite repositories: row mapping and statements; `exec` decides how calls are serialised. */
import type { Database as Db } from "better-sqlite3";
import type { GradeResult } from "../../core/result.js";
import {
  ConflictError,
  type ApiToken,
  type DailyActivity,
  type Draft,
  type DraftRepo,
  type ExerciseProgress,
  type ProgressRepo,
  type Role,
  type Session,
  type SessionRepo,
  type Submission,
  type SubmissionRepo,
  type TokenRepo,
  type User,
  type UserRepo,
  type UserStats,
} from "../store.js";

type Exec = <T>(op: () => T) => Promise<T>;
type Row = Record<string, unknown>;

const s = (v: unknown) => v as string;
const sn = (v: unknown) => (v === null || v === undefined ? null : String(v));

function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" ||
    (error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

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
  files: JSON.parse(s(r.files)),
  idempotencyKey: sn(r.idempotency_key),
  status: r.status as Submission["status"],
  runs: Number(r.runs ?? 0),
  result: r.result ? (JSON.parse(s(r.result)) as GradeResult) : null,
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
  files: JSON.parse(s(r.files)),
  version: Number(r.version),
  updatedAt: s(r.updated_at),
});

export class SqliteRepos {
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  readonly tokens: TokenRepo;
  readonly submissions: SubmissionRepo;
  readonly progress: ProgressRepo;
  readonly drafts: DraftRepo;

  constructor(
    protected readonly db: Db,
    exec: Exec,
  ) {
    const q = (sql: string) => db.prepare(sql);
    this.users = {
      create: (u) =>
        exec(() => {
          try {
            q(
              "INSERT INTO users (id, email, display_name, password_hash, role, time_zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ).run(u.id, u.email, u.displayName, u.passwordHash, u.role, u.timeZone, u.createdAt);
          } catch (error) {
            if (isUniqueViolation(error))
              throw new ConflictError(`email ${u.email} is already registered`);
            throw error;
          }
        }),
      byId: (id) => exec(() => map(q("SELECT * FROM users WHERE id = ?").get(id), toUser)),
      byEmail: (email) =>
        exec(() => map(q("SELECT * FROM users WHERE email = ? COLLATE NOCASE").get(email), toUser)),
      updatePassword: (id, hash) =>
        exec(() => void q("UPDATE users SET password_hash = ? WHERE id = ?").run(hash, id)),
      updateRole: (id, role) =>
        exec(() => void q("UPDATE users SET role = ? WHERE id = ?").run(role, id)),
      count: () => exec(() => Number((q("SELECT COUNT(*) AS n FROM users").get() as Row).n)),
    };
    this.sessions = {
      create: (x: Session) =>
        exec(
          () =>
            void q(
              "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            ).run(x.idHash, x.userId, x.csrfToken, x.createdAt, x.expiresAt),
        ),
      find: (idHash, now) =>
        exec(() =>
          map(
            q("SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?").get(idHash, now),
            (r) => ({
              idHash: s(r.id_hash),
              userId: s(r.user_id),
              csrfToken: s(r.csrf_token),
              createdAt: s(r.created_at),
              expiresAt: s(r.expires_at),
            }),
          ),
        ),
      delete: (idHash) => exec(() => void q("DELETE FROM sessions WHERE id_hash = ?").run(idHash)),
      deleteForUser: (userId) =>
        exec(() => void q("DELETE FROM sessions WHERE user_id = ?").run(userId)),
    };
    this.tokens = {
      create: (t) =>
        exec(
          () =>
            void q(
              "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            ).run(t.id, t.userId, t.name, t.tokenHash, t.prefix, t.createdAt),
        ),
      findActive: (hash) =>
        exec(() =>
          map(
            q("SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL").get(hash),
            toToken,
          ),
        ),
      listForUser: (userId) =>
        exec(() =>
          (
            q("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC").all(
              userId,
            ) as Row[]
          ).map(toToken),
        ),
      revoke: (userId, id, at) =>
        exec(
          () =>
            q(
              "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
            ).run(at, id, userId).changes > 0,
        ),
      touch: (id, at) =>
        exec(() => void q("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(at, id)),
    };
    this.submissions = {
      create: (x) =>
        exec(() => {
          if (x.idempotencyKey) {
            const existing = q(
              "SELECT * FROM submissions WHERE user_id = ? AND idempotency_key = ?",
            ).get(x.userId, x.idempotencyKey);
            if (existing) return { submission: toSubmission(existing as Row), created: false };
          }
          q(
            "INSERT INTO submissions (id, user_id, exercise_id, files, idempotency_key, status, result, error, created_at, graded_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL)",
          ).run(
            x.id,
            x.userId,
            x.exerciseId,
            JSON.stringify(x.files),
            x.idempotencyKey,
            x.status,
            x.createdAt,
          );
          return { submission: x, created: true };
        }),
      byId: (id) =>
        exec(() => map(q("SELECT * FROM submissions WHERE id = ?").get(id), toSubmission)),
      listForUser: (userId, exerciseId, limit) =>
        exec(() =>
          (exerciseId
            ? (q(
                "SELECT * FROM submissions WHERE user_id = ? AND exercise_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
              ).all(userId, exerciseId, limit) as Row[])
            : (q(
                "SELECT * FROM submissions WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
              ).all(userId, limit) as Row[])
          ).map(toSubmission),
        ),
      markRunning: (id) =>
        exec(
          () =>
            void q(
              "UPDATE submissions SET status = 'running', runs = runs + 1 WHERE id = ? AND status IN ('queued', 'running')",
            ).run(id),
        ),
      saveResult: (id, result, at) =>
        exec(
          () =>
            q(
              "UPDATE submissions SET status = 'graded', result = ?, error = NULL, graded_at = ? WHERE id = ? AND status <> 'graded'",
            ).run(JSON.stringify(result), at, id).changes > 0,
        ),
      markInfraError: (id, error, at) =>
        exec(
          () =>
            void q(
              "UPDATE submissions SET status = 'infra-error', error = ?, graded_at = ? WHERE id = ? AND status <> 'graded'",
            ).run(error, at, id),
        ),
      passingForExercise: (exerciseId, excludeUserId, limit) =>
        exec(() =>
          (
            q(
              "SELECT * FROM submissions WHERE exercise_id = ? AND user_id <> ? AND status = 'graded' AND json_extract(result, '$.status') = 'pass' ORDER BY created_at DESC LIMIT ?",
            ).all(exerciseId, excludeUserId, limit) as Row[]
          ).map(toSubmission),
        ),
    };
    this.progress = {
      // BEGIN IMMEDIATE already serialises writers on the whole database.
      lockUser: () => exec(() => undefined),
      get: (userId, exerciseId) =>
        exec(() =>
          map(
            q("SELECT * FROM progress WHERE user_id = ? AND exercise_id = ?").get(
              userId,
              exerciseId,
            ),
            toProgress,
          ),
        ),
      listForUser: (userId) =>
        exec(() =>
          (
            q("SELECT * FROM progress WHERE user_id = ? ORDER BY updated_at").all(userId) as Row[]
          ).map(toProgress),
        ),
      put: (p) =>
        exec(
          () =>
            void q(
              `INSERT INTO progress (user_id, exercise_id, state, attempts, best_passed, best_total, first_passed_at, xp_awarded, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id, exercise_id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
               best_passed = excluded.best_passed, best_total = excluded.best_total, first_passed_at = excluded.first_passed_at,
               xp_awarded = excluded.xp_awarded, updated_at = excluded.updated_at`,
            ).run(
              p.userId,
              p.exerciseId,
              p.state,
              p.attempts,
              p.bestPassed,
              p.bestTotal,
              p.firstPassedAt,
              p.xpAwarded,
              p.updatedAt,
            ),
        ),
      stats: (userId) =>
        exec(() => {
          const r = q("SELECT * FROM user_stats WHERE user_id = ?").get(userId) as Row | undefined;
          const stats: UserStats = r
            ? {
                userId,
                xp: Number(r.xp),
                streakDays: Number(r.streak_days),
                longestStreak: Number(r.longest_streak),
                lastActiveDay: sn(r.last_active_day),
                achievements: JSON.parse(s(r.achievements)),
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
        }),
      putStats: (x) =>
        exec(
          () =>
            void q(
              `INSERT INTO user_stats (user_id, xp, streak_days, longest_streak, last_active_day, achievements) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id) DO UPDATE SET xp = excluded.xp, streak_days = excluded.streak_days, longest_streak = excluded.longest_streak,
               last_active_day = excluded.last_active_day, achievements = excluded.achievements`,
            ).run(
              x.userId,
              x.xp,
              x.streakDays,
              x.longestStreak,
              x.lastActiveDay,
              JSON.stringify(x.achievements),
            ),
        ),
      recordActivity: (userId, day, passed) =>
        exec(
          () =>
            void q(
              `INSERT INTO activity (user_id, day, submissions, passes) VALUES (?, ?, 1, ?)
             ON CONFLICT (user_id, day) DO UPDATE SET submissions = submissions + 1, passes = passes + excluded.passes`,
            ).run(userId, day, passed ? 1 : 0),
        ),
      activity: (userId, fromDay) =>
        exec(() =>
          (
            q(
              "SELECT day, submissions, passes FROM activity WHERE user_id = ? AND day >= ? ORDER BY day",
            ).all(userId, fromDay) as Row[]
          ).map((r): DailyActivity => ({
            day: s(r.day),
            submissions: Number(r.submissions),
            passes: Number(r.passes),
          })),
        ),
    };
    this.drafts = {
      get: (userId, exerciseId) =>
        exec(() =>
          map(
            q("SELECT * FROM drafts WHERE user_id = ? AND exercise_id = ?").get(userId, exerciseId),
            toDraft,
          ),
        ),
      listForUser: (userId) =>
        exec(() =>
          (
            q("SELECT * FROM drafts WHERE user_id = ? ORDER BY updated_at DESC").all(
              userId,
            ) as Row[]
          ).map(toDraft),
        ),
      save: (userId, exerciseId, files, at, expectedVersion) =>
        exec(() => {
          const current = q("SELECT version FROM drafts WHERE user_id = ? AND exercise_id = ?").get(
            userId,
            exerciseId,
          ) as Row | undefined;
          const version = current ? Number(current.version) : 0;
          if (expectedVersion !== undefined && expectedVersion !== version) return null;
          q(
            `INSERT INTO drafts (user_id, exercise_id, files, version, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (user_id, exercise_id) DO UPDATE SET files = excluded.files, version = excluded.version, updated_at = excluded.updated_at`,
          ).run(userId, exerciseId, JSON.stringify(files), version + 1, at);
          return { userId, exerciseId, files, version: version + 1, updatedAt: at };
        }),
    };
  }
}

function map<T>(row: unknown, fn: (r: Row) => T): T | null {
  return row ? fn(row as Row) : null;
}

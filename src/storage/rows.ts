/**
 * Row mapping for the Kysely repositories (kysely/*.ts), the same on both engines. JSON columns
 * differ only in how they arrive (SQLite: text to parse; pg: already parsed), hence the `json`
 * decoder parameter (the dialect's `json`).
 */
import type { GradeResult } from "../core/result.js";
import type { SourceFile } from "../runners/runner.js";
import type {
  ApiToken,
  AuditEntry,
  UserSummary,
  DailyActivity,
  DeviceCode,
  Draft,
  ExerciseProgress,
  Role,
  Session,
  Submission,
  User,
  UserStats,
} from "./store.js";

/** A database row as the drivers return it (column name to value). */
export type Row = Record<string, unknown>;
/** Turns a JSON column's value into a JavaScript value. */
export type JsonDecoder = (value: unknown) => unknown;

export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : String(v);
/** pg returns BIGINT (e.g. COUNT) as a string; both drivers return INTEGER as a number. */
export const num = (v: unknown): number => Number(v);

export const toUser = (r: Row): User => ({
  id: str(r.id),
  email: str(r.email),
  displayName: str(r.display_name),
  passwordHash: str(r.password_hash),
  role: str(r.role) as Role,
  timeZone: str(r.time_zone),
  createdAt: str(r.created_at),
});

export const toSession = (r: Row): Session => ({
  idHash: str(r.id_hash),
  userId: str(r.user_id),
  csrfToken: str(r.csrf_token),
  createdAt: str(r.created_at),
  expiresAt: str(r.expires_at),
});

export const toToken = (r: Row): ApiToken => ({
  id: str(r.id),
  userId: str(r.user_id),
  name: str(r.name),
  tokenHash: str(r.token_hash),
  prefix: str(r.prefix),
  createdAt: str(r.created_at),
  lastUsedAt: strOrNull(r.last_used_at),
  revokedAt: strOrNull(r.revoked_at),
});

export const toDeviceCode = (r: Row): DeviceCode => ({
  id: str(r.id),
  deviceCodeHash: str(r.device_code_hash),
  userCode: str(r.user_code),
  hostname: str(r.hostname),
  client: str(r.client),
  status: str(r.status) as DeviceCode["status"],
  userId: strOrNull(r.user_id),
  intervalSeconds: num(r.interval_seconds),
  lastPolledAt: strOrNull(r.last_polled_at),
  createdAt: str(r.created_at),
  expiresAt: str(r.expires_at),
});

export const toSubmission =
  (json: JsonDecoder) =>
  (r: Row): Submission => ({
    id: str(r.id),
    userId: str(r.user_id),
    exerciseId: str(r.exercise_id),
    files: json(r.files) as SourceFile[],
    idempotencyKey: strOrNull(r.idempotency_key),
    status: str(r.status) as Submission["status"],
    runs: num(r.runs),
    result: r.result === null || r.result === undefined ? null : (json(r.result) as GradeResult),
    error: strOrNull(r.error),
    createdAt: str(r.created_at),
    gradedAt: strOrNull(r.graded_at),
  });

export const toProgress = (r: Row): ExerciseProgress => ({
  userId: str(r.user_id),
  exerciseId: str(r.exercise_id),
  state: str(r.state) as ExerciseProgress["state"],
  attempts: num(r.attempts),
  bestPassed: num(r.best_passed),
  bestTotal: num(r.best_total),
  firstPassedAt: strOrNull(r.first_passed_at),
  xpAwarded: num(r.xp_awarded),
  updatedAt: str(r.updated_at),
});

export const toStats =
  (json: JsonDecoder) =>
  (r: Row): UserStats => ({
    userId: str(r.user_id),
    xp: num(r.xp),
    streakDays: num(r.streak_days),
    longestStreak: num(r.longest_streak),
    lastActiveDay: strOrNull(r.last_active_day),
    achievements: json(r.achievements) as string[],
  });

/** What `stats` returns for a user with no stored stats yet. */
export const emptyStats = (userId: string): UserStats => ({
  userId,
  xp: 0,
  streakDays: 0,
  longestStreak: 0,
  lastActiveDay: null,
  achievements: [],
});

export const toActivity = (r: Row): DailyActivity => ({
  day: str(r.day),
  submissions: num(r.submissions),
  passes: num(r.passes),
});

export const toDraft =
  (json: JsonDecoder) =>
  (r: Row): Draft => ({
    userId: str(r.user_id),
    exerciseId: str(r.exercise_id),
    files: json(r.files) as SourceFile[],
    version: num(r.version),
    updatedAt: str(r.updated_at),
  });

/** A LIKE pattern matching `text` anywhere, lower-cased, with % _ \ escaped (ESCAPE '\'). */
export const likePattern = (text: string): string =>
  `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const toUserSummary = (r: Row): UserSummary => ({
  id: str(r.id),
  email: str(r.email),
  displayName: str(r.display_name),
  role: str(r.role) as Role,
  createdAt: str(r.created_at),
  disabledAt: strOrNull(r.disabled_at),
  lastActiveAt: strOrNull(r.last_active_at),
  xp: num(r.xp),
});

export const toAuditEntry =
  (json: JsonDecoder) =>
  (r: Row): AuditEntry => ({
    id: str(r.id),
    at: str(r.at),
    actorId: strOrNull(r.actor_id),
    action: str(r.action),
    targetId: strOrNull(r.target_id),
    detail: json(r.detail) as Record<string, unknown>,
  });

/** Milliseconds between two ISO times. */
export const msBetween = (from: unknown, to: unknown): number =>
  Date.parse(String(to)) - Date.parse(String(from));

/** Builders for the storage contract: whole, valid objects with one thing changed at a time. */
import type { GradeResult } from "../../src/core/result.js";
import type {
  ApiToken,
  ExerciseProgress,
  Session,
  Submission,
  User,
} from "../../src/storage/store.js";

export const T0 = "2026-01-01T10:00:00.000Z";

/** An ISO time `minutes` after T0. */
export const at = (minutes: number): string =>
  new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const user = (id: string, email: string, changes: Partial<User> = {}): User => ({
  id,
  email,
  displayName: `Learner ${id}`,
  passwordHash: `$argon2id$hash-of-${id}`,
  role: "learner",
  timeZone: "Europe/Paris",
  createdAt: T0,
  ...changes,
});

export const session = (idHash: string, userId: string, expiresAt: string): Session => ({
  idHash,
  userId,
  csrfToken: `csrf-${idHash}`,
  createdAt: T0,
  expiresAt,
});

export const token = (id: string, userId: string, createdAt = T0): ApiToken => ({
  id,
  userId,
  name: `token ${id}`,
  tokenHash: `hash-${id}`,
  prefix: `pdj_${id}`,
  createdAt,
  lastUsedAt: null,
  revokedAt: null,
});

export const result = (status: "pass" | "fail", output: string | null = null): GradeResult => ({
  version: 3,
  status,
  message: null,
  tests: [
    {
      name: "test_adds",
      status,
      message: status === "pass" ? null : "assert 3 == 4",
      output,
      test_code: "assert add(1, 2) == 3",
      task_id: 1,
      duration_ms: 1.5,
      limit: null,
    },
  ],
  limit: null,
  runner: "sandbox",
  python: "3.11.2",
  isolation: "isolated",
  duration_ms: 12,
});

export const submission = (
  id: string,
  userId: string,
  changes: Partial<Submission> = {},
): Submission => ({
  id,
  userId,
  exerciseId: "basics/add",
  files: [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }],
  idempotencyKey: null,
  status: "queued",
  runs: 0,
  result: null,
  error: null,
  createdAt: T0,
  gradedAt: null,
  ...changes,
});

export const progress = (
  userId: string,
  exerciseId: string,
  changes: Partial<ExerciseProgress> = {},
): ExerciseProgress => ({
  userId,
  exerciseId,
  state: "attempted",
  attempts: 1,
  bestPassed: 1,
  bestTotal: 3,
  firstPassedAt: null,
  xpAwarded: 0,
  updatedAt: T0,
  ...changes,
});

/**
 * The storage port: what the server's use cases need from a database. Two adapters implement
 * it (SQLite, the embedded default, and PostgreSQL) and one contract suite runs against both.
 * All methods are async so both adapters fit; ids are strings (UUIDs), times are ISO strings.
 */
import type { GradeResult } from "../core/result.js";
import type { SourceFile } from "../runners/runner.js";

export type Role = "learner" | "mentor" | "author" | "admin";

export interface User {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  /** IANA time zone for daily streaks, e.g. "Europe/Paris". */
  timeZone: string;
  createdAt: string;
}

export interface Session {
  /** SHA-256 of the cookie's secret token (the token itself is never stored). */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 of the token; the token is shown once at creation. */
  tokenHash: string;
  /** The token's first characters, to recognise it in a list. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Where a device authorization (RFC 8628: the CLI's browser login) stands. */
export type DeviceCodeStatus = "pending" | "approved" | "denied" | "consumed";

export interface DeviceCode {
  id: string;
  /** Keyed SHA-256 of the device_code the CLI polls with (the code itself is never stored). */
  deviceCodeHash: string;
  /** The code the learner confirms in the browser: 8 letters, stored without the dash. */
  userCode: string;
  /** What the CLI said about itself: its host name and a short description. */
  hostname: string;
  client: string;
  status: DeviceCodeStatus;
  /** Who approved or denied it. */
  userId: string | null;
  /** Minimum seconds between polls; raised by 5 on every slow_down. */
  intervalSeconds: number;
  lastPolledAt: string | null;
  createdAt: string;
  expiresAt: string;
}

export type SubmissionStatus = "queued" | "running" | "graded" | "infra-error";

export interface Submission {
  id: string;
  userId: string;
  exerciseId: string;
  files: SourceFile[];
  /** Client-chosen key: the same key from the same user returns the same submission. */
  idempotencyKey: string | null;
  status: SubmissionStatus;
  /** How many times grading started (more than 1 only after a worker died or failed). */
  runs: number;
  result: GradeResult | null;
  /** Why grading failed for infrastructure reasons (the learner may retry). */
  error: string | null;
  createdAt: string;
  gradedAt: string | null;
}

export type ProgressState = "not-started" | "started" | "attempted" | "passed";

export interface ExerciseProgress {
  userId: string;
  exerciseId: string;
  state: ProgressState;
  attempts: number;
  /** Best result so far: tests passed out of tests run. */
  bestPassed: number;
  bestTotal: number;
  firstPassedAt: string | null;
  xpAwarded: number;
  updatedAt: string;
}

export interface UserStats {
  userId: string;
  xp: number;
  /** Consecutive days with activity, ending at lastActiveDay (in the user's time zone). */
  streakDays: number;
  longestStreak: number;
  /** YYYY-MM-DD in the user's time zone, or null before any activity. */
  lastActiveDay: string | null;
  achievements: string[];
}

export interface Draft {
  userId: string;
  exerciseId: string;
  files: SourceFile[];
  /** Increases by one on every save; used for sync conflict detection. */
  version: number;
  updatedAt: string;
}

export interface DailyActivity {
  day: string;
  submissions: number;
  passes: number;
}

/** Thrown when a unique constraint is violated (e.g. an email already registered). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export interface UserRepo {
  /** Throws ConflictError if the email (case-insensitive) is taken. */
  create(user: User): Promise<void>;
  byId(id: string): Promise<User | null>;
  /** Case-insensitive. */
  byEmail(email: string): Promise<User | null>;
  updatePassword(id: string, passwordHash: string): Promise<void>;
  updateRole(id: string, role: Role): Promise<void>;
  updateProfile(id: string, profile: { displayName: string; timeZone: string }): Promise<void>;
  count(): Promise<number>;
  /**
   * Deletes the user and everything of theirs (sessions, tokens, device codes, submissions,
   * progress, stats, activity, drafts: the schema cascades); false if there was no such user.
   */
  delete(id: string): Promise<boolean>;
}

export interface SessionRepo {
  create(session: Session): Promise<void>;
  /** Null when missing or expired at `now`. */
  find(idHash: string, now: string): Promise<Session | null>;
  /** The session and its user in one look-up; null when missing, expired or the user is disabled. */
  findWithUser(idHash: string, now: string): Promise<{ session: Session; user: User } | null>;
  delete(idHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
}

export interface TokenRepo {
  create(token: ApiToken): Promise<void>;
  /** Null when missing or revoked. */
  findActive(tokenHash: string): Promise<ApiToken | null>;
  /** The token and its user in one look-up; null when missing, revoked or the user is disabled. */
  findActiveWithUser(tokenHash: string): Promise<{ token: ApiToken; user: User } | null>;
  listForUser(userId: string): Promise<ApiToken[]>;
  /** Returns false if no such token of this user. */
  revoke(userId: string, id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
  /** Revokes every active token of the user; returns how many. */
  revokeAllForUser(userId: string, at: string): Promise<number>;
}

/** Device authorizations of the CLI's browser login (RFC 8628). */
export interface DeviceCodeRepo {
  /** Throws ConflictError if the user code (or id, or hash) is taken. */
  create(code: DeviceCode): Promise<void>;
  /** The code with this user code that has not expired at `now`, in any status. */
  byUserCode(userCode: string, now: string): Promise<DeviceCode | null>;
  byDeviceCodeHash(deviceCodeHash: string): Promise<DeviceCode | null>;
  /** Approves or denies a pending, unexpired code; false when it was not pending or expired. */
  decide(
    userCode: string,
    userId: string,
    status: "approved" | "denied",
    now: string,
  ): Promise<boolean>;
  /** Records a poll and the (possibly raised) interval. */
  recordPoll(id: string, at: string, intervalSeconds: number): Promise<void>;
  /** Approved -> consumed, exactly once: true only for the call that made the change. */
  consume(id: string): Promise<boolean>;
  /** Deletes codes that expired before `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

export interface SubmissionRepo {
  /**
   * Stores a new submission, or returns the existing one when the same user already used the
   * same idempotency key (`created: false`).
   */
  create(submission: Submission): Promise<{ submission: Submission; created: boolean }>;
  byId(id: string): Promise<Submission | null>;
  /** Newest first. */
  listForUser(userId: string, exerciseId: string | null, limit: number): Promise<Submission[]>;
  /**
   * The user's submission with this idempotency key, if any (a retry returns it instead of
   * creating a new one).
   */
  byIdempotencyKey(userId: string, key: string): Promise<Submission | null>;
  /**
   * How many of the user's submissions wait for a verdict (queued or running) that were created
   * at or after `since` (older ones are presumed lost, so they never block the learner forever).
   */
  pendingCount(userId: string, since: string): Promise<number>;
  markRunning(id: string): Promise<void>;
  /** Stores the verdict; returns false if it was already graded (exactly-once). */
  saveResult(id: string, result: GradeResult, at: string): Promise<boolean>;
  markInfraError(id: string, error: string, at: string): Promise<void>;
  /** Passing submissions of other users for an exercise (community solutions), newest first. */
  passingForExercise(
    exerciseId: string,
    excludeUserId: string,
    limit: number,
  ): Promise<Submission[]>;
  /** Counts and grading times for the admin's queue panel. */
  gradingStats(since: string): Promise<GradingStats>;
  /**
   * Puts every infra-error submission back to queued (error cleared) and returns them, oldest
   * first, at most `limit`, for the caller to enqueue.
   */
  requeueInfraErrors(limit: number): Promise<{ id: string; userId: string }[]>;
}

export interface ProgressRepo {
  /**
   * Inside a transaction: holds the user's progress until it commits, so concurrent gradings
   * of one learner (several workers) apply one after the other instead of losing updates.
   */
  lockUser(userId: string): Promise<void>;
  get(userId: string, exerciseId: string): Promise<ExerciseProgress | null>;
  listForUser(userId: string): Promise<ExerciseProgress[]>;
  put(progress: ExerciseProgress): Promise<void>;
  stats(userId: string): Promise<UserStats>;
  putStats(stats: UserStats): Promise<void>;
  recordActivity(userId: string, day: string, passed: boolean): Promise<void>;
  activity(userId: string, fromDay: string): Promise<DailyActivity[]>;
}

export interface DraftRepo {
  get(userId: string, exerciseId: string): Promise<Draft | null>;
  /**
   * Saves files as the next version. With `expectedVersion`, saves only if the stored version
   * matches (optimistic concurrency) and returns null otherwise.
   */
  save(
    userId: string,
    exerciseId: string,
    files: SourceFile[],
    at: string,
    expectedVersion?: number,
  ): Promise<Draft | null>;
  listForUser(userId: string): Promise<Draft[]>;
}

/**
 * Whose job it is, for fair scheduling: jobs of one `group` (a user) take turns with other
 * groups' jobs instead of waiting behind them. `ahead` is how many jobs of the group were already
 * waiting or running when this one was enqueued (queues that rank at enqueue time use it).
 */
export interface JobFairness {
  group: string;
  ahead: number;
}

/**
 * A job queue for grading: durable, at-least-once delivery, leases that expire, and fair across
 * groups (users): one group's many jobs never make another group's single job wait behind them
 * all (docs/decisions/0006-fair-queue.md).
 */
export interface JobQueue {
  /** Enqueues grading of a submission; returns false when the queue is full (backpressure). */
  enqueue(submissionId: string, fairness?: JobFairness): Promise<boolean>;
  /**
   * Takes the next job, leasing it to this worker until `leaseMs` from now; null if none. The
   * next job is the oldest of the group with the fewest jobs running that was served longest ago
   * (round-robin by group); jobs without a group are taken oldest first.
   */
  claim(
    workerId: string,
    leaseMs: number,
  ): Promise<{ jobId: string; submissionId: string; attempt: number } | null>;
  complete(jobId: string): Promise<void>;
  /** Puts the job back for another try (or drops it after `maxAttempts`); returns whether it will retry. */
  fail(jobId: string, maxAttempts: number): Promise<boolean>;
  /** Jobs waiting (not leased). */
  depth(): Promise<number>;
  close(): Promise<void>;
}

/** A user as the admin page lists them (never the password hash). */
export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
  /** When an admin disabled the account; null while it is enabled. */
  disabledAt: string | null;
  /** The latest session start or submission, or null if neither ever happened. */
  lastActiveAt: string | null;
  xp: number;
}

/** Users as an admin manages them: search, disable/enable (roles: UserRepo.updateRole). */
export interface AdminUserRepo {
  /**
   * Users whose email or display name contains `query` (case-insensitive; "" lists everyone),
   * oldest account first, at most `limit`.
   */
  list(query: string, limit: number): Promise<UserSummary[]>;
  summary(id: string): Promise<UserSummary | null>;
  /**
   * Disables the account at `at` (its sessions and API tokens stop working at once: the
   * session and token look-ups skip disabled users) or enables it (`at` null). False if no
   * such user.
   */
  setDisabled(id: string, at: string | null): Promise<boolean>;
  /** When the user was disabled, or null (also for an unknown id). */
  disabledAt(id: string): Promise<string | null>;
}

export interface AuditEntry {
  id: string;
  at: string;
  /** Who did it (null when the user is gone or it was the local CLI). */
  actorId: string | null;
  /** e.g. "user.role", "user.disable", "user.password-reset", "queue.retry-infra". */
  action: string;
  targetId: string | null;
  detail: Record<string, unknown>;
}

export interface AuditRepo {
  add(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<AuditEntry[]>;
}

export interface PasswordReset {
  /** SHA-256 of the one-time token (the token itself is never stored). */
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export type ResetOutcome =
  { ok: true; userId: string } | { ok: false; reason: "unknown" | "used" | "expired" };

export interface PasswordResetRepo {
  create(reset: PasswordReset): Promise<void>;
  /** Marks the reset used, exactly once, if it is unused and unexpired at `now`. */
  consume(tokenHash: string, now: string): Promise<ResetOutcome>;
}

/** What the admin's queue panel shows, read from the submissions table. */
export interface GradingStats {
  queued: number;
  running: number;
  /** Infra-errors whose failure time is at or after `since`. */
  infraErrors: number;
  /** Milliseconds from submission to verdict of submissions graded at or after `since`. */
  gradeMs: number[];
}

/** A learner's public profile settings (issue #16). */
export interface ProfileSettings {
  /** Lower-case, unique; null until chosen. */
  handle: string | null;
  public: boolean;
}

/** A path the learner pinned as their goal (issue #16, migration 8); kept only once pinned. */
export interface LearningGoal {
  /** What the learner called it ("Junior backend at Acme"). */
  postingTitle: string;
  /** Exercise ids, in the order to do them. */
  path: string[];
  pinnedAt: string;
}

/** An item the learner hides from their public profile (migration 8). */
export interface HiddenItem {
  kind: "skill" | "exercise";
  id: string;
}

export interface ProfileRepo {
  get(userId: string): Promise<ProfileSettings>;
  /** Throws ConflictError if another user has the handle. */
  set(userId: string, settings: ProfileSettings): Promise<void>;
  /** The user with this handle whose profile is public and who is not disabled. */
  publicUserId(handle: string): Promise<string | null>;
  goal(userId: string): Promise<LearningGoal | null>;
  /** Pins (replacing any earlier goal) or, with null, unpins. */
  setGoal(userId: string, goal: LearningGoal | null): Promise<void>;
  /** The hidden items, by kind then id. */
  hidden(userId: string): Promise<HiddenItem[]>;
  /** Hides or shows one item; idempotent. */
  setHidden(userId: string, item: HiddenItem, hidden: boolean): Promise<void>;
}

/** A class of learners with its instructors (issue #18). */
export interface Cohort {
  id: string;
  name: string;
  /** What learners type to join (upper-case, no dashes); null while joining is turned off. */
  inviteCode: string | null;
  /** YYYY-MM-DD, or null. */
  startDate: string | null;
  /** Module ids members may open and submit in; null: every module. */
  openModules: string[] | null;
  createdBy: string | null;
  createdAt: string;
}

/** A member or instructor of a cohort as the cohort page lists them. */
export interface CohortPerson {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  /** When they joined (members) or were made an instructor. */
  since: string;
  /** The latest session start or submission, or null. */
  lastActiveAt: string | null;
}

/** How many failed verdicts members of a cohort have on an exercise, and how many members. */
export interface ExerciseFailures {
  exerciseId: string;
  failures: number;
  learners: number;
}

export interface CohortRepo {
  /** Throws ConflictError if the invite code is taken. */
  create(cohort: Cohort): Promise<void>;
  byId(id: string): Promise<Cohort | null>;
  /** The cohort whose (enabled) invite code this is. */
  byInviteCode(code: string): Promise<Cohort | null>;
  /** Saves name, invite code, start date and open modules; throws ConflictError on a taken code. */
  update(cohort: Cohort): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Every cohort, oldest first. */
  list(): Promise<Cohort[]>;
  listForInstructor(userId: string): Promise<Cohort[]>;
  listForMember(userId: string): Promise<Cohort[]>;
  /** False when they already were one. */
  addInstructor(cohortId: string, userId: string, at: string): Promise<boolean>;
  removeInstructor(cohortId: string, userId: string): Promise<boolean>;
  instructors(cohortId: string): Promise<CohortPerson[]>;
  isInstructor(cohortId: string, userId: string): Promise<boolean>;
  /** False when they already were a member. */
  addMember(cohortId: string, userId: string, at: string): Promise<boolean>;
  removeMember(cohortId: string, userId: string): Promise<boolean>;
  /** Members by display name. */
  members(cohortId: string): Promise<CohortPerson[]>;
  /** Every progress row of every member. */
  progress(cohortId: string): Promise<ExerciseProgress[]>;
  /** Exercises with failed verdicts (graded, not pass) by members, most failures first. */
  failures(cohortId: string, limit: number): Promise<ExerciseFailures[]>;
}

/** An instructor's comment on one line of a submission's file. */
export interface LineComment {
  id: string;
  submissionId: string;
  /** The instructor (null once their account is gone). */
  authorId: string | null;
  file: string;
  /** 1-based. */
  line: number;
  text: string;
  createdAt: string;
  /** When the learner saw it (the exercise page or the CLI marks it); null: new. */
  seenAt: string | null;
}

/** A comment with what a reader needs around it. */
export interface LineCommentView extends LineComment {
  authorName: string | null;
  exerciseId: string;
  learnerId: string;
}

export interface CommentRepo {
  add(comment: LineComment): Promise<void>;
  /** Oldest first. */
  forSubmission(submissionId: string): Promise<LineCommentView[]>;
  /** Comments on the learner's submissions, newest first. */
  forLearner(learnerId: string, limit: number): Promise<LineCommentView[]>;
  unseenCount(learnerId: string): Promise<number>;
  /** Marks the learner's unseen comments (all, or these ids) seen; returns how many. */
  markSeen(learnerId: string, at: string, ids?: string[]): Promise<number>;
}

export interface Store {
  users: UserRepo;
  profiles: ProfileRepo;
  admin: AdminUserRepo;
  audit: AuditRepo;
  resets: PasswordResetRepo;
  sessions: SessionRepo;
  tokens: TokenRepo;
  devices: DeviceCodeRepo;
  submissions: SubmissionRepo;
  progress: ProgressRepo;
  drafts: DraftRepo;
  cohorts: CohortRepo;
  comments: CommentRepo;
  /** Runs `fn` in one database transaction. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Applies pending migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Account use cases: sign up, log in, sessions, passwords, API tokens, admin creation. */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  ConflictError,
  type ApiToken,
  type Role,
  type Session,
  type Store,
  type Submission,
  type User,
} from "../storage/store.js";
import type { GradeResult } from "../core/result.js";
import { HttpError } from "./errors.js";
import { hashPassword, hashToken, randomToken, verifyPassword } from "./security.js";

export const TOKEN_PREFIX = "pdj_";

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const signupSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email("must be an email address").max(254),
  password: z.string().min(10, "must be at least 10 characters").max(200),
  displayName: z.string().trim().min(1).max(60),
  timeZone: z
    .string()
    .refine(validZone, "must be an IANA time zone such as Europe/Paris")
    .default("UTC"),
});
export const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});
export const profileSchema = z.strictObject({
  displayName: z.string().trim().min(1, "must not be empty").max(60),
  timeZone: z.string().max(100).refine(validZone, "must be an IANA time zone such as Europe/Paris"),
});
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: z.string().min(10, "must be at least 10 characters").max(200),
});

export const deleteAccountSchema = z.strictObject({
  password: z.string().max(200),
  /** Typed by the learner, so a stray request cannot delete an account. */
  confirm: z.literal("delete my account", {
    message:
      'type "delete my account" to confirm: this deletes your submissions, progress and drafts for good',
  }),
});

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  timeZone: string;
}

export const publicUser = (u: User): PublicUser => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  timeZone: u.timeZone,
});

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly secret: string,
    private readonly sessionDays: number,
    private readonly now: () => Date,
  ) {}

  async createUser(input: z.infer<typeof signupSchema>, role: Role = "learner"): Promise<User> {
    const user: User = {
      id: randomUUID(),
      email: input.email,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role,
      timeZone: input.timeZone,
      createdAt: this.now().toISOString(),
    };
    try {
      await this.store.users.create(user);
    } catch (error) {
      if (error instanceof ConflictError)
        throw new HttpError(
          409,
          "email_taken",
          "an account with this email already exists: log in instead",
        );
      throw error;
    }
    return user;
  }

  async login(email: string, password: string): Promise<User> {
    const user = await this.store.users.byEmail(email);
    // Verify against a dummy hash when the user doesn't exist, so timing doesn't reveal accounts.
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !ok)
      throw new HttpError(401, "bad_credentials", "the email or the password is wrong");
    if ((await this.store.admin.disabledAt(user.id)) !== null)
      throw new HttpError(
        403,
        "account_disabled",
        "this account is disabled: ask the site's admin to enable it",
      );
    return user;
  }

  /** Creates a session; returns the cookie token (only its hash is stored). */
  async startSession(user: User): Promise<{ token: string; session: Session }> {
    const token = randomToken(32);
    const now = this.now();
    const session: Session = {
      idHash: hashToken(token, this.secret),
      userId: user.id,
      csrfToken: randomToken(24),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionDays * 86_400_000).toISOString(),
    };
    await this.store.sessions.create(session);
    return { token, session };
  }

  async sessionFor(token: string): Promise<{ user: User; session: Session } | null> {
    return this.store.sessions.findWithUser(
      hashToken(token, this.secret),
      this.now().toISOString(),
    );
  }

  async endSession(token: string): Promise<void> {
    await this.store.sessions.delete(hashToken(token, this.secret));
  }

  async updateProfile(user: User, profile: z.infer<typeof profileSchema>): Promise<User> {
    await this.store.users.updateProfile(user.id, profile);
    return { ...user, ...profile };
  }

  /**
   * Changes the password and ends every way in that the old one gave: all sessions (the caller
   * starts a fresh one for the browser that made the change) and all API tokens (CLIs log in
   * again). One transaction, so a failure leaves the old password and the old sessions.
   */
  /** Deletes the account and everything of the learner's, after checking their password. */
  async deleteAccount(user: User, password: string): Promise<void> {
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new HttpError(403, "bad_credentials", "the password is wrong: nothing was deleted");
    }
    await this.store.users.delete(user.id);
  }

  /**
   * Everything PyDojo holds about a learner, as one JSON document: the profile, every
   * submission with its code and verdict, progress, stats, activity, drafts, API tokens' names
   * (never a password or token hash), the classes joined and instructors' comments. `verdict`
   * gives each submission's verdict as the learner may see it (submissions.ts `learnerResult`).
   */
  async exportData(user: User, verdict: (s: Submission) => GradeResult | null) {
    const { store } = this;
    const [
      submissions,
      progress,
      stats,
      activity,
      drafts,
      tokens,
      profile,
      hidden,
      goal,
      cohorts,
      comments,
    ] = await Promise.all([
      store.submissions.listForUser(user.id, null, 1_000_000),
      store.progress.listForUser(user.id),
      store.progress.stats(user.id),
      store.progress.activity(user.id, "0000-01-01"),
      store.drafts.listForUser(user.id),
      store.tokens.listForUser(user.id),
      store.profiles.get(user.id),
      store.profiles.hidden(user.id),
      store.profiles.goal(user.id),
      store.cohorts.listForMember(user.id),
      store.comments.forLearner(user.id, 1_000_000),
    ]);
    return {
      format: "pydojo-export/1",
      exportedAt: this.now().toISOString(),
      user: publicUser(user),
      stats,
      progress,
      activity,
      drafts: drafts.map(({ exerciseId, files, version, updatedAt }) => ({
        exerciseId,
        files,
        version,
        updatedAt,
      })),
      submissions: submissions.map((s) => ({
        id: s.id,
        exerciseId: s.exerciseId,
        createdAt: s.createdAt,
        gradedAt: s.gradedAt,
        status: s.status,
        files: s.files,
        result: verdict(s),
        error: s.error,
      })),
      // Skills (issue #16): the public profile's settings, what it hides, the pinned goal.
      publicProfile: { ...profile, hidden },
      goal,
      // Cohorts (issue #18): the classes joined and instructors' comments on the submissions.
      cohorts: cohorts.map((c) => ({ id: c.id, name: c.name, startDate: c.startDate })),
      comments: comments.map((c) => ({
        submissionId: c.submissionId,
        exerciseId: c.exerciseId,
        file: c.file,
        line: c.line,
        text: c.text,
        author: c.authorName,
        createdAt: c.createdAt,
        seenAt: c.seenAt,
      })),
      apiTokens: tokens.map((t) => ({
        name: t.name,
        prefix: t.prefix,
        createdAt: t.createdAt,
        lastUsedAt: t.lastUsedAt,
        revokedAt: t.revokedAt,
      })),
    };
  }

  async changePassword(user: User, current: string, next: string): Promise<{ tokens: number }> {
    if (!(await verifyPassword(user.passwordHash, current))) {
      throw new HttpError(403, "bad_credentials", "the current password is wrong");
    }
    const hash = await hashPassword(next);
    return this.store.transaction(async (tx) => {
      await tx.users.updatePassword(user.id, hash);
      await tx.sessions.deleteForUser(user.id);
      const tokens = await tx.tokens.revokeAllForUser(user.id, this.now().toISOString());
      return { tokens };
    });
  }

  /** Creates an API token; the returned secret is shown once. */
  async createToken(
    user: User,
    name: string,
    store: Store = this.store,
  ): Promise<{ token: string; record: ApiToken }> {
    const token = randomToken(32, TOKEN_PREFIX);
    const record: ApiToken = {
      id: randomUUID(),
      userId: user.id,
      name,
      tokenHash: hashToken(token, this.secret),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      createdAt: this.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await store.tokens.create(record);
    return { token, record };
  }

  async userForToken(token: string): Promise<User | null> {
    const found = await this.store.tokens.findActiveWithUser(hashToken(token, this.secret));
    if (!found) return null;
    const { token: record, user } = found;
    // Record use at most once a minute: a write on every request would cost more than the read.
    const now = this.now();
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) > 60_000) {
      await this.store.tokens.touch(record.id, now.toISOString());
    }
    return user;
  }
}

// argon2id hash of a random string, used only to spend the same time when an email is unknown.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Ik4JQvGfJ0w0m8mTgq9pMxYtq4v3E1qA1zVnHK8n4c";

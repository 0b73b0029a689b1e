/**
 * Administration use cases (issue #18): managing users (role, disable/enable), one-time
 * password-reset links an admin passes on, the queue at a glance, and the audit log every admin
 * action writes. The HTTP routes (routes/admin-routes.ts) and the local CLI (`pydojo admin …`)
 * both call these.
 */
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { JobQueue, Role, Store, User, UserSummary } from "../storage/store.js";
import { HttpError, notFound } from "./errors.js";
import { hashPassword, randomToken } from "./security.js";

/** How long a password-reset link works. */
export const RESET_MINUTES = 30;
export const ROLES = ["learner", "mentor", "author", "admin"] as const satisfies readonly Role[];

export const userPatchSchema = z
  .strictObject({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .refine((p) => p.role !== undefined || p.disabled !== undefined, "send role, disabled or both");

export const passwordResetSchema = z.strictObject({
  token: z.string().min(1, "must not be empty").max(200),
  newPassword: z.string().min(10, "must be at least 10 characters").max(200),
});

/** Reset tokens have 256 random bits, so a plain SHA-256 is enough (and needs no secret). */
export const resetTokenHash = (token: string): string =>
  createHash("sha256").update(token).digest("hex");

export interface QueueStatus {
  depth: number;
  running: number;
  infraErrorsLastHour: number;
  gradedLastHour: number;
  avgGradeMs: number | null;
  p95GradeMs: number | null;
  runner: string;
}

/** The nearest-rank percentile of `values` (null when empty). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const WHY_RESET: Record<"unknown" | "used" | "expired", string> = {
  unknown: "this reset link is not valid: ask an admin for a new one",
  used: "this reset link was already used: ask an admin for a new one",
  expired: `this reset link has expired (links work for ${RESET_MINUTES} minutes): ask an admin for a new one`,
};

export class Administration {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  listUsers(query: string, limit = 200): Promise<UserSummary[]> {
    return this.store.admin.list(query.trim().slice(0, 100), limit);
  }

  /**
   * Changes a user's role and/or disables or enables them, writing the audit log in the same
   * transaction. An admin can't demote or disable themself (so there is always an admin).
   */
  async updateUser(
    actor: User | null,
    id: string,
    patch: z.infer<typeof userPatchSchema>,
  ): Promise<UserSummary> {
    if (actor && actor.id === id) {
      if (patch.role !== undefined && patch.role !== "admin")
        throw new HttpError(
          409,
          "self_lockout",
          "you cannot demote yourself: ask another admin, so the site always keeps one",
        );
      if (patch.disabled === true)
        throw new HttpError(
          409,
          "self_lockout",
          "you cannot disable your own account: ask another admin, so the site always keeps one",
        );
    }
    const at = this.now().toISOString();
    return this.store.transaction(async (tx) => {
      const before = await tx.admin.summary(id);
      if (!before) throw notFound("user");
      if (patch.role !== undefined && patch.role !== before.role) {
        await tx.users.updateRole(id, patch.role);
        await this.log(tx, actor, "user.role", id, { from: before.role, to: patch.role });
      }
      if (patch.disabled !== undefined && patch.disabled !== (before.disabledAt !== null)) {
        await tx.admin.setDisabled(id, patch.disabled ? at : null);
        if (patch.disabled) await tx.sessions.deleteForUser(id);
        await this.log(tx, actor, patch.disabled ? "user.disable" : "user.enable", id, {});
      }
      return (await tx.admin.summary(id))!;
    });
  }

  /** Creates a one-time reset link for the user (only its token's SHA-256 is stored). */
  async createReset(
    actor: User | null,
    id: string,
    origin: string,
  ): Promise<{ url: string; expiresAt: string }> {
    const target = await this.store.users.byId(id);
    if (!target) throw notFound("user");
    const token = randomToken(32);
    const now = this.now();
    const expiresAt = new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString();
    await this.store.transaction(async (tx) => {
      await tx.resets.create({
        tokenHash: resetTokenHash(token),
        userId: id,
        createdAt: now.toISOString(),
        expiresAt,
        usedAt: null,
      });
      await this.log(tx, actor, "user.password-reset", id, { expiresAt });
    });
    return { url: `${origin}/#/reset?token=${token}`, expiresAt };
  }

  /**
   * Sets a new password from a reset link: marks the link used, ends every session and revokes
   * every API token of the user. A used, expired or unknown link changes nothing (400).
   */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const at = this.now().toISOString();
    await this.store.transaction(async (tx) => {
      const outcome = await tx.resets.consume(resetTokenHash(token), at);
      if (!outcome.ok)
        throw new HttpError(400, `reset_${outcome.reason}`, WHY_RESET[outcome.reason]);
      await tx.users.updatePassword(outcome.userId, await hashPassword(newPassword));
      await tx.sessions.deleteForUser(outcome.userId);
      const tokens = await tx.tokens.revokeAllForUser(outcome.userId, at);
      await tx.audit.add({
        id: randomUUID(),
        at,
        actorId: outcome.userId,
        action: "user.password-reset-used",
        targetId: outcome.userId,
        detail: { tokensRevoked: tokens },
      });
    });
  }

  async auditLog(limit = 100) {
    const entries = await this.store.audit.list(limit);
    const ids = new Set(entries.flatMap((e) => [e.actorId, e.targetId]).filter((x) => x !== null));
    const emails = new Map<string, string>();
    for (const id of ids) {
      const user = await this.store.users.byId(id);
      if (user) emails.set(id, user.email);
    }
    return entries.map((e) => ({
      ...e,
      actorEmail: e.actorId ? (emails.get(e.actorId) ?? null) : null,
      targetEmail: e.targetId ? (emails.get(e.targetId) ?? null) : null,
    }));
  }

  async queueStatus(queue: JobQueue, runner: string): Promise<QueueStatus> {
    const since = new Date(this.now().getTime() - 3_600_000).toISOString();
    const [depth, stats] = await Promise.all([
      queue.depth(),
      this.store.submissions.gradingStats(since),
    ]);
    const ms = stats.gradeMs;
    return {
      depth,
      running: stats.running,
      infraErrorsLastHour: stats.infraErrors,
      gradedLastHour: ms.length,
      avgGradeMs: ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : null,
      p95GradeMs: percentile(ms, 95),
      runner,
    };
  }

  /** Puts every infra-error submission back in the queue; returns how many were re-enqueued. */
  async retryInfraErrors(actor: User | null, queue: JobQueue): Promise<{ requeued: number }> {
    const found = await this.store.submissions.requeueInfraErrors(1000);
    let requeued = 0;
    for (const s of found) {
      if (await queue.enqueue(s.id, { group: s.userId, ahead: 0 })) requeued++;
      // The queue is full: this one goes back to infra-error, to be retried later.
      else
        await this.store.submissions.markInfraError(
          s.id,
          "the grading queue was full when an admin retried this: retry again later",
          this.now().toISOString(),
        );
    }
    await this.log(this.store, actor, "queue.retry-infra", null, {
      found: found.length,
      requeued,
    });
    return { requeued };
  }

  private log(
    store: Store,
    actor: User | null,
    action: string,
    targetId: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return store.audit.add({
      id: randomUUID(),
      at: this.now().toISOString(),
      actorId: actor?.id ?? null,
      action,
      targetId,
      detail: actor ? detail : { ...detail, via: "local cli" },
    });
  }
}

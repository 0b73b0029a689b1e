/** PostgreSQL repositories for administration: user management, the audit log, password resets. */
import { likePattern, toAuditEntry, toUserSummary, USER_SUMMARY_SELECT } from "../rows.js";
import type {
  AdminUserRepo,
  AuditEntry,
  AuditRepo,
  PasswordReset,
  PasswordResetRepo,
  ResetOutcome,
  UserSummary,
} from "../store.js";
import { mapRow, type PgContext } from "./postgres-context.js";

export class PostgresAdminUserRepo implements AdminUserRepo {
  constructor(private readonly c: PgContext) {}

  async list(query: string, limit: number): Promise<UserSummary[]> {
    const rows = await this.c.all(
      `${USER_SUMMARY_SELECT}
       WHERE lower(u.email) LIKE $1 ESCAPE '\\' OR lower(u.display_name) LIKE $1 ESCAPE '\\'
       ORDER BY u.created_at, u.id LIMIT $2`,
      [likePattern(query), limit],
    );
    return rows.map(toUserSummary);
  }

  async summary(id: string): Promise<UserSummary | null> {
    return mapRow(await this.c.one(`${USER_SUMMARY_SELECT} WHERE u.id = $1`, [id]), toUserSummary);
  }

  async setDisabled(id: string, at: string | null): Promise<boolean> {
    return (await this.c.run("UPDATE users SET disabled_at = $1 WHERE id = $2", [at, id])) > 0;
  }

  async disabledAt(id: string): Promise<string | null> {
    const row = await this.c.one("SELECT disabled_at FROM users WHERE id = $1", [id]);
    return row?.disabled_at == null ? null : String(row.disabled_at);
  }
}

export class PostgresAuditRepo implements AuditRepo {
  constructor(private readonly c: PgContext) {}

  async add(e: AuditEntry): Promise<void> {
    await this.c.run(
      "INSERT INTO audit_log (id, at, actor_id, action, target_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
      [e.id, e.at, e.actorId, e.action, e.targetId, JSON.stringify(e.detail)],
    );
  }

  async list(limit: number): Promise<AuditEntry[]> {
    const rows = await this.c.all("SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT $1", [
      limit,
    ]);
    // pg parses jsonb columns itself.
    return rows.map(toAuditEntry((v) => v));
  }
}

export class PostgresPasswordResetRepo implements PasswordResetRepo {
  constructor(private readonly c: PgContext) {}

  async create(r: PasswordReset): Promise<void> {
    await this.c.insert(
      "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5)",
      [r.tokenHash, r.userId, r.createdAt, r.expiresAt, r.usedAt],
      "a password reset with this token already exists",
    );
  }

  async consume(tokenHash: string, now: string): Promise<ResetOutcome> {
    const row = await this.c.one(
      `UPDATE password_resets SET used_at = $1
       WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`,
      [now, tokenHash],
    );
    if (row) return { ok: true, userId: String(row.user_id) };
    const found = await this.c.one("SELECT used_at FROM password_resets WHERE token_hash = $1", [
      tokenHash,
    ]);
    if (!found) return { ok: false, reason: "unknown" };
    return { ok: false, reason: found.used_at != null ? "used" : "expired" };
  }
}

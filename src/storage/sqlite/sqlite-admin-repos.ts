/** SQLite repositories for administration: user management, the audit log, password resets. */
import { toAuditEntry, toUserSummary, USER_SUMMARY_SELECT, likePattern } from "../rows.js";
import type {
  AdminUserRepo,
  AuditEntry,
  AuditRepo,
  PasswordReset,
  PasswordResetRepo,
  ResetOutcome,
  UserSummary,
} from "../store.js";
import { all, insertOrConflict, mapRow, one, type SqliteContext } from "./sqlite-context.js";

export class SqliteAdminUserRepo implements AdminUserRepo {
  constructor(private readonly c: SqliteContext) {}

  list(query: string, limit: number): Promise<UserSummary[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `${USER_SUMMARY_SELECT}
           WHERE lower(u.email) LIKE ? ESCAPE '\\' OR lower(u.display_name) LIKE ? ESCAPE '\\'
           ORDER BY u.created_at, u.id LIMIT ?`,
        ),
        likePattern(query),
        likePattern(query),
        limit,
      ).map(toUserSummary),
    );
  }

  summary(id: string): Promise<UserSummary | null> {
    return this.c.run(() =>
      mapRow(one(this.c.stmt(`${USER_SUMMARY_SELECT} WHERE u.id = ?`), id), toUserSummary),
    );
  }

  setDisabled(id: string, at: string | null): Promise<boolean> {
    return this.c.run(
      () => this.c.stmt("UPDATE users SET disabled_at = ? WHERE id = ?").run(at, id).changes > 0,
    );
  }

  disabledAt(id: string): Promise<string | null> {
    return this.c.run(() => {
      const row = one(this.c.stmt("SELECT disabled_at FROM users WHERE id = ?"), id);
      return row?.disabled_at == null ? null : String(row.disabled_at);
    });
  }
}

export class SqliteAuditRepo implements AuditRepo {
  constructor(private readonly c: SqliteContext) {}

  add(e: AuditEntry): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          "INSERT INTO audit_log (id, at, actor_id, action, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(e.id, e.at, e.actorId, e.action, e.targetId, JSON.stringify(e.detail));
    });
  }

  list(limit: number): Promise<AuditEntry[]> {
    return this.c.run(() =>
      all(this.c.stmt("SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?"), limit).map(
        toAuditEntry((v) => JSON.parse(String(v))),
      ),
    );
  }
}

export class SqlitePasswordResetRepo implements PasswordResetRepo {
  constructor(private readonly c: SqliteContext) {}

  create(r: PasswordReset): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt(
              "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)",
            )
            .run(r.tokenHash, r.userId, r.createdAt, r.expiresAt, r.usedAt),
        "a password reset with this token already exists",
      ),
    );
  }

  consume(tokenHash: string, now: string): Promise<ResetOutcome> {
    return this.c.run((): ResetOutcome => {
      const row = one(
        this.c.stmt(
          `UPDATE password_resets SET used_at = ?
           WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`,
        ),
        now,
        tokenHash,
        now,
      );
      if (row) return { ok: true, userId: String(row.user_id) };
      const found = one(
        this.c.stmt("SELECT * FROM password_resets WHERE token_hash = ?"),
        tokenHash,
      );
      if (!found) return { ok: false, reason: "unknown" };
      return { ok: false, reason: found.used_at != null ? "used" : "expired" };
    });
  }
}

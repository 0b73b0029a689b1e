/** SQLite repositories for accounts: users, sessions, API tokens and device codes. */
import { toDeviceCode, toSession, toToken, toUser } from "../rows.js";
import type {
  ApiToken,
  DeviceCode,
  DeviceCodeRepo,
  Role,
  Session,
  SessionRepo,
  TokenRepo,
  User,
  UserRepo,
} from "../store.js";
import { all, insertOrConflict, mapRow, one, type SqliteContext } from "./sqlite-context.js";

export class SqliteUserRepo implements UserRepo {
  constructor(private readonly c: SqliteContext) {}

  create(u: User): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt(
              `INSERT INTO users (id, email, display_name, password_hash, role, time_zone, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(u.id, u.email, u.displayName, u.passwordHash, u.role, u.timeZone, u.createdAt),
        `a user with id ${u.id} or email ${u.email} already exists`,
      ),
    );
  }

  byId(id: string): Promise<User | null> {
    return this.c.run(() =>
      mapRow(one(this.c.stmt("SELECT * FROM users WHERE id = ?"), id), toUser),
    );
  }

  // The column is COLLATE NOCASE, so its unique index and this lookup ignore (ASCII) case.
  byEmail(email: string): Promise<User | null> {
    return this.c.run(() =>
      mapRow(one(this.c.stmt("SELECT * FROM users WHERE email = ?"), email), toUser),
    );
  }

  updatePassword(id: string, passwordHash: string): Promise<void> {
    return this.c.run(() => {
      this.c.stmt("UPDATE users SET password_hash = ? WHERE id = ?").run(passwordHash, id);
    });
  }

  updateRole(id: string, role: Role): Promise<void> {
    return this.c.run(() => {
      this.c.stmt("UPDATE users SET role = ? WHERE id = ?").run(role, id);
    });
  }

  updateProfile(id: string, profile: { displayName: string; timeZone: string }): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt("UPDATE users SET display_name = ?, time_zone = ? WHERE id = ?")
        .run(profile.displayName, profile.timeZone, id);
    });
  }

  count(): Promise<number> {
    return this.c.run(() => Number(one(this.c.stmt("SELECT COUNT(*) AS n FROM users"))?.n));
  }

  delete(id: string): Promise<boolean> {
    return this.c.run(() => this.c.stmt("DELETE FROM users WHERE id = ?").run(id).changes > 0);
  }
}

export class SqliteSessionRepo implements SessionRepo {
  constructor(private readonly c: SqliteContext) {}

  create(s: Session): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt(
              "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            )
            .run(s.idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt),
        "a session with this id already exists",
      ),
    );
  }

  find(idHash: string, now: string): Promise<Session | null> {
    return this.c.run(() =>
      mapRow(
        one(
          // A disabled user's sessions stop working at once (users.disabled_at).
          this.c.stmt(
            `SELECT s.* FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
          ),
          idHash,
          now,
        ),
        toSession,
      ),
    );
  }

  delete(idHash: string): Promise<void> {
    return this.c.run(() => {
      this.c.stmt("DELETE FROM sessions WHERE id_hash = ?").run(idHash);
    });
  }

  deleteForUser(userId: string): Promise<void> {
    return this.c.run(() => {
      this.c.stmt("DELETE FROM sessions WHERE user_id = ?").run(userId);
    });
  }
}

export class SqliteTokenRepo implements TokenRepo {
  constructor(private readonly c: SqliteContext) {}

  create(t: ApiToken): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt(
              `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, last_used_at, revoked_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              t.id,
              t.userId,
              t.name,
              t.tokenHash,
              t.prefix,
              t.createdAt,
              t.lastUsedAt,
              t.revokedAt,
            ),
        "a token with this id or hash already exists",
      ),
    );
  }

  findActive(tokenHash: string): Promise<ApiToken | null> {
    return this.c.run(() =>
      mapRow(
        one(
          // A disabled user's tokens stop working at once (and work again once enabled).
          this.c.stmt(
            `SELECT t.* FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
          ),
          tokenHash,
        ),
        toToken,
      ),
    );
  }

  listForUser(userId: string): Promise<ApiToken[]> {
    return this.c.run(() =>
      all(
        this.c.stmt("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id"),
        userId,
      ).map(toToken),
    );
  }

  revoke(userId: string, id: string, at: string): Promise<boolean> {
    return this.c.run(
      () =>
        this.c
          .stmt(
            "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
          )
          .run(at, id, userId).changes > 0,
    );
  }

  touch(id: string, at: string): Promise<void> {
    return this.c.run(() => {
      this.c.stmt("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(at, id);
    });
  }

  revokeAllForUser(userId: string, at: string): Promise<number> {
    return this.c.run(
      () =>
        this.c
          .stmt("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
          .run(at, userId).changes,
    );
  }
}

export class SqliteDeviceCodeRepo implements DeviceCodeRepo {
  constructor(private readonly c: SqliteContext) {}

  create(d: DeviceCode): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt(
              `INSERT INTO device_codes (id, device_code_hash, user_code, hostname, client, status,
                 user_id, interval_seconds, last_polled_at, created_at, expires_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              d.id,
              d.deviceCodeHash,
              d.userCode,
              d.hostname,
              d.client,
              d.status,
              d.userId,
              d.intervalSeconds,
              d.lastPolledAt,
              d.createdAt,
              d.expiresAt,
            ),
        "a device code with this id, hash or user code already exists",
      ),
    );
  }

  byUserCode(userCode: string, now: string): Promise<DeviceCode | null> {
    return this.c.run(() =>
      mapRow(
        one(
          this.c.stmt("SELECT * FROM device_codes WHERE user_code = ? AND expires_at > ?"),
          userCode,
          now,
        ),
        toDeviceCode,
      ),
    );
  }

  byDeviceCodeHash(deviceCodeHash: string): Promise<DeviceCode | null> {
    return this.c.run(() =>
      mapRow(
        one(this.c.stmt("SELECT * FROM device_codes WHERE device_code_hash = ?"), deviceCodeHash),
        toDeviceCode,
      ),
    );
  }

  decide(
    userCode: string,
    userId: string,
    status: "approved" | "denied",
    now: string,
  ): Promise<boolean> {
    return this.c.run(
      () =>
        this.c
          .stmt(
            `UPDATE device_codes SET status = ?, user_id = ?
             WHERE user_code = ? AND status = 'pending' AND expires_at > ?`,
          )
          .run(status, userId, userCode, now).changes > 0,
    );
  }

  recordPoll(id: string, at: string, intervalSeconds: number): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt("UPDATE device_codes SET last_polled_at = ?, interval_seconds = ? WHERE id = ?")
        .run(at, intervalSeconds, id);
    });
  }

  consume(id: string): Promise<boolean> {
    return this.c.run(
      () =>
        this.c
          .stmt("UPDATE device_codes SET status = 'consumed' WHERE id = ? AND status = 'approved'")
          .run(id).changes > 0,
    );
  }

  deleteExpired(now: string): Promise<number> {
    return this.c.run(
      () => this.c.stmt("DELETE FROM device_codes WHERE expires_at <= ?").run(now).changes,
    );
  }
}

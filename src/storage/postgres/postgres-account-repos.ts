/** PostgreSQL repositories for accounts: users, sessions, API tokens and device codes. */
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
import { mapRow, type PgContext } from "./postgres-context.js";

export class PostgresUserRepo implements UserRepo {
  constructor(private readonly c: PgContext) {}

  async create(u: User): Promise<void> {
    await this.c.insert(
      `INSERT INTO users (id, email, display_name, password_hash, role, time_zone, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [u.id, u.email, u.displayName, u.passwordHash, u.role, u.timeZone, u.createdAt],
      `a user with id ${u.id} or email ${u.email} already exists`,
    );
  }

  async byId(id: string): Promise<User | null> {
    return mapRow(await this.c.one("SELECT * FROM users WHERE id = $1", [id]), toUser);
  }

  // Uses the unique index on lower(email), which also makes registration case-insensitive.
  async byEmail(email: string): Promise<User | null> {
    return mapRow(
      await this.c.one("SELECT * FROM users WHERE lower(email) = lower($1)", [email]),
      toUser,
    );
  }

  async updatePassword(id: string, passwordHash: string): Promise<void> {
    await this.c.run("UPDATE users SET password_hash = $1 WHERE id = $2", [passwordHash, id]);
  }

  async updateRole(id: string, role: Role): Promise<void> {
    await this.c.run("UPDATE users SET role = $1 WHERE id = $2", [role, id]);
  }

  async updateProfile(
    id: string,
    profile: { displayName: string; timeZone: string },
  ): Promise<void> {
    await this.c.run("UPDATE users SET display_name = $1, time_zone = $2 WHERE id = $3", [
      profile.displayName,
      profile.timeZone,
      id,
    ]);
  }

  async count(): Promise<number> {
    return Number((await this.c.one("SELECT COUNT(*) AS n FROM users"))?.n);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.c.run("DELETE FROM users WHERE id = $1", [id])) > 0;
  }
}

export class PostgresSessionRepo implements SessionRepo {
  constructor(private readonly c: PgContext) {}

  async create(s: Session): Promise<void> {
    await this.c.insert(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
      [s.idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt],
      "a session with this id already exists",
    );
  }

  async find(idHash: string, now: string): Promise<Session | null> {
    return mapRow(
      // A disabled user's sessions stop working at once (users.disabled_at).
      await this.c.one(
        `SELECT s.* FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        [idHash, now],
      ),
      toSession,
    );
  }

  async delete(idHash: string): Promise<void> {
    await this.c.run("DELETE FROM sessions WHERE id_hash = $1", [idHash]);
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.c.run("DELETE FROM sessions WHERE user_id = $1", [userId]);
  }
}

export class PostgresTokenRepo implements TokenRepo {
  constructor(private readonly c: PgContext) {}

  async create(t: ApiToken): Promise<void> {
    await this.c.insert(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, last_used_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [t.id, t.userId, t.name, t.tokenHash, t.prefix, t.createdAt, t.lastUsedAt, t.revokedAt],
      "a token with this id or hash already exists",
    );
  }

  async findActive(tokenHash: string): Promise<ApiToken | null> {
    return mapRow(
      // A disabled user's tokens stop working at once (and work again once enabled).
      await this.c.one(
        `SELECT t.* FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
        [tokenHash],
      ),
      toToken,
    );
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    return (
      await this.c.all("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id", [
        userId,
      ])
    ).map(toToken);
  }

  async revoke(userId: string, id: string, at: string): Promise<boolean> {
    const changed = await this.c.run(
      "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
      [at, id, userId],
    );
    return changed > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.c.run("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", [at, id]);
  }

  async revokeAllForUser(userId: string, at: string): Promise<number> {
    return this.c.run(
      "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
      [at, userId],
    );
  }
}

export class PostgresDeviceCodeRepo implements DeviceCodeRepo {
  constructor(private readonly c: PgContext) {}

  async create(d: DeviceCode): Promise<void> {
    await this.c.insert(
      `INSERT INTO device_codes (id, device_code_hash, user_code, hostname, client, status,
         user_id, interval_seconds, last_polled_at, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
      "a device code with this id, hash or user code already exists",
    );
  }

  async byUserCode(userCode: string, now: string): Promise<DeviceCode | null> {
    return mapRow(
      await this.c.one("SELECT * FROM device_codes WHERE user_code = $1 AND expires_at > $2", [
        userCode,
        now,
      ]),
      toDeviceCode,
    );
  }

  async byDeviceCodeHash(deviceCodeHash: string): Promise<DeviceCode | null> {
    return mapRow(
      await this.c.one("SELECT * FROM device_codes WHERE device_code_hash = $1", [deviceCodeHash]),
      toDeviceCode,
    );
  }

  async decide(
    userCode: string,
    userId: string,
    status: "approved" | "denied",
    now: string,
  ): Promise<boolean> {
    const changed = await this.c.run(
      `UPDATE device_codes SET status = $1, user_id = $2
       WHERE user_code = $3 AND status = 'pending' AND expires_at > $4`,
      [status, userId, userCode, now],
    );
    return changed > 0;
  }

  async recordPoll(id: string, at: string, intervalSeconds: number): Promise<void> {
    await this.c.run(
      "UPDATE device_codes SET last_polled_at = $1, interval_seconds = $2 WHERE id = $3",
      [at, intervalSeconds, id],
    );
  }

  async consume(id: string): Promise<boolean> {
    const changed = await this.c.run(
      "UPDATE device_codes SET status = 'consumed' WHERE id = $1 AND status = 'approved'",
      [id],
    );
    return changed > 0;
  }

  async deleteExpired(now: string): Promise<number> {
    return this.c.run("DELETE FROM device_codes WHERE expires_at <= $1", [now]);
  }
}

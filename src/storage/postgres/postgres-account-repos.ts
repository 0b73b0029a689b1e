/** PostgreSQL repositories for accounts: users, sessions and API tokens. */
import { toSession, toToken, toUser } from "../rows.js";
import type { ApiToken, Role, Session, SessionRepo, TokenRepo, User, UserRepo } from "../store.js";
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

  async count(): Promise<number> {
    return Number((await this.c.one("SELECT COUNT(*) AS n FROM users"))?.n);
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
      await this.c.one("SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2", [
        idHash,
        now,
      ]),
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
      await this.c.one("SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL", [
        tokenHash,
      ]),
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
}

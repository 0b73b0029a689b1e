/** Accounts: users, sessions, API tokens and device codes. */
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
import { changed, orConflict, type KyselyContext } from "./context.js";
import { prepared } from "./prepared.js";

const USER_COLUMNS = [
  "id",
  "email",
  "display_name",
  "password_hash",
  "role",
  "time_zone",
  "created_at",
] as const;

const userById = prepared((db, _d, id: string) =>
  db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id),
);

// A sign-in's user, read in the same query as its session or token (one round trip a request).
// A disabled user's sessions and tokens stop working at once (and work again once enabled).
const SIGNED_IN_USER = [
  "users.email as u_email",
  "users.display_name as u_display_name",
  "users.password_hash as u_password_hash",
  "users.role as u_role",
  "users.time_zone as u_time_zone",
  "users.created_at as u_created_at",
] as const;

const signedInUser = (r: Record<string, unknown>): User =>
  toUser({
    id: r.user_id,
    email: r.u_email,
    display_name: r.u_display_name,
    password_hash: r.u_password_hash,
    role: r.u_role,
    time_zone: r.u_time_zone,
    created_at: r.u_created_at,
  });

const activeSessionWithUser = prepared((db, _d, idHash: string, now: string) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("sessions")
    .select(SIGNED_IN_USER)
    .where("sessions.id_hash", "=", idHash)
    .where("sessions.expires_at", ">", now)
    .where("users.disabled_at", "is", null),
);

const activeTokenWithUser = prepared((db, _d, tokenHash: string) =>
  db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .selectAll("api_tokens")
    .select(SIGNED_IN_USER)
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("api_tokens.revoked_at", "is", null)
    .where("users.disabled_at", "is", null),
);

const touchToken = prepared((db, _d, id: string, at: string) =>
  db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id),
);

export class KyselyUserRepo implements UserRepo {
  constructor(private readonly c: KyselyContext) {}

  async create(u: User): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .insertInto("users")
        .values({
          id: u.id,
          email: u.email,
          display_name: u.displayName,
          password_hash: u.passwordHash,
          role: u.role,
          time_zone: u.timeZone,
          created_at: u.createdAt,
        })
        .execute(),
      `a user with id ${u.id} or email ${u.email} already exists`,
    );
  }

  async byId(id: string): Promise<User | null> {
    const row = await userById.first(this.c, id);
    return row ? toUser(row) : null;
  }

  async byEmail(email: string): Promise<User | null> {
    const row = await this.c.db
      .selectFrom("users")
      .select(USER_COLUMNS)
      .where(this.c.d.emailIs(email))
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async updatePassword(id: string, passwordHash: string): Promise<void> {
    await this.c.db
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", id)
      .execute();
  }

  async updateRole(id: string, role: Role): Promise<void> {
    await this.c.db.updateTable("users").set({ role }).where("id", "=", id).execute();
  }

  async updateProfile(
    id: string,
    profile: { displayName: string; timeZone: string },
  ): Promise<void> {
    await this.c.db
      .updateTable("users")
      .set({ display_name: profile.displayName, time_zone: profile.timeZone })
      .where("id", "=", id)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.c.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async delete(id: string): Promise<boolean> {
    return changed(await this.c.db.deleteFrom("users").where("id", "=", id).executeTakeFirst()) > 0;
  }
}

export class KyselySessionRepo implements SessionRepo {
  constructor(private readonly c: KyselyContext) {}

  async create(s: Session): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .insertInto("sessions")
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute(),
      "a session with this id already exists",
    );
  }

  async find(idHash: string, now: string): Promise<Session | null> {
    return (await this.findWithUser(idHash, now))?.session ?? null;
  }

  async findWithUser(
    idHash: string,
    now: string,
  ): Promise<{ session: Session; user: User } | null> {
    const row = await activeSessionWithUser.first(this.c, idHash, now);
    return row ? { session: toSession(row), user: signedInUser(row) } : null;
  }

  async delete(idHash: string): Promise<void> {
    await this.c.db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.c.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  }
}

export class KyselyTokenRepo implements TokenRepo {
  constructor(private readonly c: KyselyContext) {}

  async create(t: ApiToken): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .insertInto("api_tokens")
        .values({
          id: t.id,
          user_id: t.userId,
          name: t.name,
          token_hash: t.tokenHash,
          prefix: t.prefix,
          created_at: t.createdAt,
          last_used_at: t.lastUsedAt,
          revoked_at: t.revokedAt,
        })
        .execute(),
      "a token with this id or hash already exists",
    );
  }

  async findActive(tokenHash: string): Promise<ApiToken | null> {
    return (await this.findActiveWithUser(tokenHash))?.token ?? null;
  }

  async findActiveWithUser(tokenHash: string): Promise<{ token: ApiToken; user: User } | null> {
    const row = await activeTokenWithUser.first(this.c, tokenHash);
    return row ? { token: toToken(row), user: signedInUser(row) } : null;
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    const rows = await this.c.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .execute();
    return rows.map(toToken);
  }

  async revoke(userId: string, id: string, at: string): Promise<boolean> {
    const result = await this.c.db
      .updateTable("api_tokens")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await touchToken.changed(this.c, id, at);
  }

  async revokeAllForUser(userId: string, at: string): Promise<number> {
    const result = await this.c.db
      .updateTable("api_tokens")
      .set({ revoked_at: at })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return changed(result);
  }
}

export class KyselyDeviceCodeRepo implements DeviceCodeRepo {
  constructor(private readonly c: KyselyContext) {}

  async create(d: DeviceCode): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .insertInto("device_codes")
        .values({
          id: d.id,
          device_code_hash: d.deviceCodeHash,
          user_code: d.userCode,
          hostname: d.hostname,
          client: d.client,
          status: d.status,
          user_id: d.userId,
          interval_seconds: d.intervalSeconds,
          last_polled_at: d.lastPolledAt,
          created_at: d.createdAt,
          expires_at: d.expiresAt,
        })
        .execute(),
      "a device code with this id, hash or user code already exists",
    );
  }

  async byUserCode(userCode: string, now: string): Promise<DeviceCode | null> {
    const row = await this.c.db
      .selectFrom("device_codes")
      .selectAll()
      .where("user_code", "=", userCode)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return row ? toDeviceCode(row) : null;
  }

  async byDeviceCodeHash(deviceCodeHash: string): Promise<DeviceCode | null> {
    const row = await this.c.db
      .selectFrom("device_codes")
      .selectAll()
      .where("device_code_hash", "=", deviceCodeHash)
      .executeTakeFirst();
    return row ? toDeviceCode(row) : null;
  }

  async decide(
    userCode: string,
    userId: string,
    status: "approved" | "denied",
    now: string,
  ): Promise<boolean> {
    const result = await this.c.db
      .updateTable("device_codes")
      .set({ status, user_id: userId })
      .where("user_code", "=", userCode)
      .where("status", "=", "pending")
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async recordPoll(id: string, at: string, intervalSeconds: number): Promise<void> {
    await this.c.db
      .updateTable("device_codes")
      .set({ last_polled_at: at, interval_seconds: intervalSeconds })
      .where("id", "=", id)
      .execute();
  }

  async consume(id: string): Promise<boolean> {
    const result = await this.c.db
      .updateTable("device_codes")
      .set({ status: "consumed" })
      .where("id", "=", id)
      .where("status", "=", "approved")
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async deleteExpired(now: string): Promise<number> {
    return changed(
      await this.c.db.deleteFrom("device_codes").where("expires_at", "<=", now).executeTakeFirst(),
    );
  }
}

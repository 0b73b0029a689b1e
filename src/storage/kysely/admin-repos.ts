/** Administration: user management, the audit log, password resets. */
import { sql, type Kysely, type SqlBool } from "kysely";
import { likePattern, toAuditEntry, toUserSummary } from "../rows.js";
import type {
  AdminUserRepo,
  AuditEntry,
  AuditRepo,
  PasswordReset,
  PasswordResetRepo,
  ResetOutcome,
  UserSummary,
} from "../store.js";
import { changed, orConflict, type KyselyContext } from "./context.js";
import type { Database } from "./database.js";

/**
 * The latest session start or submission of the user in the outer query's `users` row (null if
 * neither happened): a correlated subquery, for the admin's and the cohorts' lists.
 */
export const lastActiveAt = (db: Kysely<Database>) => {
  const user = sql.ref<string>("users.id");
  return db
    .selectFrom(
      db
        .selectFrom("sessions")
        .select((e) => e.fn.max("sessions.created_at").as("t"))
        .where("sessions.user_id", "=", user)
        .unionAll(
          db
            .selectFrom("submissions")
            .select((e) => e.fn.max("submissions.created_at").as("t"))
            .where("submissions.user_id", "=", user),
        )
        .as("activity_times"),
    )
    .select((e) => e.fn.max("activity_times.t").as("t"))
    .as("last_active_at");
};

export class KyselyAdminUserRepo implements AdminUserRepo {
  constructor(private readonly c: KyselyContext) {}

  /** Users with what the admin page shows: last activity and XP. */
  private summaries() {
    const db = this.c.db;
    return db
      .selectFrom("users")
      .select(["id", "email", "display_name", "role", "created_at", "disabled_at"])
      .select((eb) => [
        lastActiveAt(db),
        eb.fn
          .coalesce(
            eb
              .selectFrom("user_stats")
              .select("xp")
              .whereRef("user_stats.user_id", "=", "users.id"),
            eb.lit(0),
          )
          .as("xp"),
      ]);
  }

  async list(query: string, limit: number): Promise<UserSummary[]> {
    const pattern = likePattern(query);
    const rows = await this.summaries()
      .where(
        sql<SqlBool>`lower(users.email) LIKE ${pattern} ESCAPE '\\' OR lower(users.display_name) LIKE ${pattern} ESCAPE '\\'`,
      )
      .orderBy("created_at")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map(toUserSummary);
  }

  async summary(id: string): Promise<UserSummary | null> {
    const row = await this.summaries().where("id", "=", id).executeTakeFirst();
    return row ? toUserSummary(row) : null;
  }

  async setDisabled(id: string, at: string | null): Promise<boolean> {
    const result = await this.c.db
      .updateTable("users")
      .set({ disabled_at: at })
      .where("id", "=", id)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async disabledAt(id: string): Promise<string | null> {
    const row = await this.c.db
      .selectFrom("users")
      .select("disabled_at")
      .where("id", "=", id)
      .executeTakeFirst();
    return row?.disabled_at ?? null;
  }
}

export class KyselyAuditRepo implements AuditRepo {
  private readonly fromRow;

  constructor(private readonly c: KyselyContext) {
    this.fromRow = toAuditEntry(c.d.json);
  }

  async add(e: AuditEntry): Promise<void> {
    await this.c.db
      .insertInto("audit_log")
      .values({
        id: e.id,
        at: e.at,
        actor_id: e.actorId,
        action: e.action,
        target_id: e.targetId,
        detail: JSON.stringify(e.detail),
      })
      .execute();
  }

  async list(limit: number): Promise<AuditEntry[]> {
    const rows = await this.c.db
      .selectFrom("audit_log")
      .selectAll()
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(this.fromRow);
  }
}

export class KyselyPasswordResetRepo implements PasswordResetRepo {
  constructor(private readonly c: KyselyContext) {}

  async create(r: PasswordReset): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .insertInto("password_resets")
        .values({
          token_hash: r.tokenHash,
          user_id: r.userId,
          created_at: r.createdAt,
          expires_at: r.expiresAt,
          used_at: r.usedAt,
        })
        .execute(),
      "a password reset with this token already exists",
    );
  }

  async consume(tokenHash: string, now: string): Promise<ResetOutcome> {
    const row = await this.c.db
      .updateTable("password_resets")
      .set({ used_at: now })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("user_id")
      .executeTakeFirst();
    if (row) return { ok: true, userId: row.user_id };
    const found = await this.c.db
      .selectFrom("password_resets")
      .select("used_at")
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    if (!found) return { ok: false, reason: "unknown" };
    return { ok: false, reason: found.used_at != null ? "used" : "expired" };
  }
}

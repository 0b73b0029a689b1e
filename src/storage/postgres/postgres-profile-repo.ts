/** PostgreSQL: public profile settings (migration 6: users.handle, users.profile_public). */
import type { ProfileRepo, ProfileSettings } from "../store.js";
import { ConflictError } from "../store.js";
import { isUniqueViolation, type PgContext } from "./postgres-context.js";

export class PostgresProfileRepo implements ProfileRepo {
  constructor(private readonly c: PgContext) {}

  async get(userId: string): Promise<ProfileSettings> {
    const row = await this.c.one("SELECT handle, profile_public FROM users WHERE id = $1", [
      userId,
    ]);
    return {
      handle: row?.handle == null ? null : String(row.handle),
      public: row?.profile_public === true,
    };
  }

  async set(userId: string, settings: ProfileSettings): Promise<void> {
    try {
      await this.c.run("UPDATE users SET handle = $1, profile_public = $2 WHERE id = $3", [
        settings.handle,
        settings.public,
        userId,
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError("this handle is taken: choose another");
      throw error;
    }
  }

  async publicUserId(handle: string): Promise<string | null> {
    const row = await this.c.one(
      "SELECT id FROM users WHERE handle = $1 AND profile_public AND disabled_at IS NULL",
      [handle],
    );
    return row ? String(row.id) : null;
  }
}

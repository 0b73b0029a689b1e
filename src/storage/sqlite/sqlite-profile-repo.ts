/** SQLite: public profile settings (migration 6: users.handle, users.profile_public). */
import type { ProfileRepo, ProfileSettings } from "../store.js";
import { insertOrConflict, one, type SqliteContext } from "./sqlite-context.js";

export class SqliteProfileRepo implements ProfileRepo {
  constructor(private readonly c: SqliteContext) {}

  get(userId: string): Promise<ProfileSettings> {
    return this.c.run(() => {
      const row = one(this.c.stmt("SELECT handle, profile_public FROM users WHERE id = ?"), userId);
      return {
        handle: row?.handle == null ? null : String(row.handle),
        public: Number(row?.profile_public ?? 0) === 1,
      };
    });
  }

  set(userId: string, settings: ProfileSettings): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt("UPDATE users SET handle = ?, profile_public = ? WHERE id = ?")
            .run(settings.handle, settings.public ? 1 : 0, userId),
        "this handle is taken: choose another",
      ),
    );
  }

  publicUserId(handle: string): Promise<string | null> {
    return this.c.run(() => {
      const row = one(
        this.c.stmt(
          "SELECT id FROM users WHERE handle = ? AND profile_public = 1 AND disabled_at IS NULL",
        ),
        handle,
      );
      return row ? String(row.id) : null;
    });
  }
}

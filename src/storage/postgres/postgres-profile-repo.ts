/**
 * PostgreSQL: public profile settings (migration 6: users.handle, users.profile_public), the
 * pinned goal and the items hidden from the public profile (migration 8).
 */
import type { HiddenItem, LearningGoal, ProfileRepo, ProfileSettings } from "../store.js";
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

  async goal(userId: string): Promise<LearningGoal | null> {
    const row = await this.c.one(
      "SELECT posting_title, path, pinned_at FROM learning_goals WHERE user_id = $1",
      [userId],
    );
    return row
      ? {
          postingTitle: String(row.posting_title),
          path: JSON.parse(String(row.path)) as string[],
          pinnedAt: String(row.pinned_at),
        }
      : null;
  }

  async setGoal(userId: string, goal: LearningGoal | null): Promise<void> {
    if (!goal) {
      await this.c.run("DELETE FROM learning_goals WHERE user_id = $1", [userId]);
      return;
    }
    await this.c.run(
      `INSERT INTO learning_goals (user_id, posting_title, path, pinned_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET posting_title = excluded.posting_title,
         path = excluded.path, pinned_at = excluded.pinned_at`,
      [userId, goal.postingTitle, JSON.stringify(goal.path), goal.pinnedAt],
    );
  }

  async hidden(userId: string): Promise<HiddenItem[]> {
    const rows = await this.c.all(
      `SELECT kind, item_id FROM profile_hidden WHERE user_id = $1 ORDER BY kind, item_id COLLATE "C"`,
      [userId],
    );
    return rows.map((r) => ({ kind: String(r.kind) as HiddenItem["kind"], id: String(r.item_id) }));
  }

  async setHidden(userId: string, item: HiddenItem, hidden: boolean): Promise<void> {
    await this.c.run(
      hidden
        ? "INSERT INTO profile_hidden (user_id, kind, item_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        : "DELETE FROM profile_hidden WHERE user_id = $1 AND kind = $2 AND item_id = $3",
      [userId, item.kind, item.id],
    );
  }
}

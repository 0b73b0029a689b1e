/**
 * SQLite: public profile settings (migration 6: users.handle, users.profile_public), the pinned
 * goal and the items hidden from the public profile (migration 8).
 */
import type { HiddenItem, LearningGoal, ProfileRepo, ProfileSettings } from "../store.js";
import { all, insertOrConflict, one, type SqliteContext } from "./sqlite-context.js";

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

  goal(userId: string): Promise<LearningGoal | null> {
    return this.c.run(() => {
      const row = one(
        this.c.stmt("SELECT posting_title, path, pinned_at FROM learning_goals WHERE user_id = ?"),
        userId,
      );
      return row
        ? {
            postingTitle: String(row.posting_title),
            path: JSON.parse(String(row.path)) as string[],
            pinnedAt: String(row.pinned_at),
          }
        : null;
    });
  }

  setGoal(userId: string, goal: LearningGoal | null): Promise<void> {
    return this.c.run(() => {
      if (!goal) {
        this.c.stmt("DELETE FROM learning_goals WHERE user_id = ?").run(userId);
        return;
      }
      this.c
        .stmt(
          `INSERT INTO learning_goals (user_id, posting_title, path, pinned_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET posting_title = excluded.posting_title,
             path = excluded.path, pinned_at = excluded.pinned_at`,
        )
        .run(userId, goal.postingTitle, JSON.stringify(goal.path), goal.pinnedAt);
    });
  }

  hidden(userId: string): Promise<HiddenItem[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          "SELECT kind, item_id FROM profile_hidden WHERE user_id = ? ORDER BY kind, item_id",
        ),
        userId,
      ).map((r) => ({ kind: String(r.kind) as HiddenItem["kind"], id: String(r.item_id) })),
    );
  }

  setHidden(userId: string, item: HiddenItem, hidden: boolean): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          hidden
            ? "INSERT INTO profile_hidden (user_id, kind, item_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            : "DELETE FROM profile_hidden WHERE user_id = ? AND kind = ? AND item_id = ?",
        )
        .run(userId, item.kind, item.id);
    });
  }
}

/**
 * Public profile settings (migration 6: users.handle, users.profile_public), the pinned goal and
 * the items hidden from the public profile (migration 8).
 */
import type { HiddenItem, LearningGoal, ProfileRepo, ProfileSettings } from "../store.js";
import { orConflict, type KyselyContext } from "./context.js";
import { prepared } from "./prepared.js";

const settingsOf = prepared((db, _d, userId: string) =>
  db.selectFrom("users").select(["handle", "profile_public"]).where("id", "=", userId),
);

export class KyselyProfileRepo implements ProfileRepo {
  constructor(private readonly c: KyselyContext) {}

  async get(userId: string): Promise<ProfileSettings> {
    const row = await settingsOf.first(this.c, userId);
    return { handle: row?.handle ?? null, public: this.c.d.isTrue(row?.profile_public) };
  }

  async set(userId: string, settings: ProfileSettings): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .updateTable("users")
        .set({ handle: settings.handle, profile_public: this.c.d.bool(settings.public) })
        .where("id", "=", userId)
        .execute(),
      "this handle is taken: choose another",
    );
  }

  async publicUserId(handle: string): Promise<string | null> {
    const row = await this.c.db
      .selectFrom("users")
      .select("id")
      .where("handle", "=", handle)
      .where("profile_public", "=", this.c.d.bool(true))
      .where("disabled_at", "is", null)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async goal(userId: string): Promise<LearningGoal | null> {
    const row = await this.c.db
      .selectFrom("learning_goals")
      .select(["posting_title", "path", "pinned_at"])
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row
      ? {
          postingTitle: row.posting_title,
          path: JSON.parse(row.path) as string[],
          pinnedAt: row.pinned_at,
        }
      : null;
  }

  async setGoal(userId: string, goal: LearningGoal | null): Promise<void> {
    if (!goal) {
      await this.c.db.deleteFrom("learning_goals").where("user_id", "=", userId).execute();
      return;
    }
    await this.c.db
      .insertInto("learning_goals")
      .values({
        user_id: userId,
        posting_title: goal.postingTitle,
        path: JSON.stringify(goal.path),
        pinned_at: goal.pinnedAt,
      })
      .onConflict((oc) =>
        oc.column("user_id").doUpdateSet((eb) => ({
          posting_title: eb.ref("excluded.posting_title"),
          path: eb.ref("excluded.path"),
          pinned_at: eb.ref("excluded.pinned_at"),
        })),
      )
      .execute();
  }

  async hidden(userId: string): Promise<HiddenItem[]> {
    const rows = await this.c.db
      .selectFrom("profile_hidden")
      .select(["kind", "item_id"])
      .where("user_id", "=", userId)
      .orderBy("kind")
      .orderBy(this.c.d.binary("item_id"))
      .execute();
    return rows.map((r) => ({ kind: r.kind as HiddenItem["kind"], id: r.item_id }));
  }

  async setHidden(userId: string, item: HiddenItem, hidden: boolean): Promise<void> {
    const key = { user_id: userId, kind: item.kind, item_id: item.id };
    if (hidden)
      await this.c.db
        .insertInto("profile_hidden")
        .values(key)
        .onConflict((oc) => oc.doNothing())
        .execute();
    else
      await this.c.db
        .deleteFrom("profile_hidden")
        .where("user_id", "=", key.user_id)
        .where("kind", "=", key.kind)
        .where("item_id", "=", key.item_id)
        .execute();
  }
}

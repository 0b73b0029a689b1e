/**
 * The storage contract for public profiles (migration 6): a handle, unique, and an opt-in flag;
 * only a public, not-disabled user is found by handle. Part of store-contract.ts (SQLite and
 * PostgreSQL); users u1 and u2 exist.
 */
import { expect, it } from "vitest";
import { ConflictError, type Store } from "../../src/storage/store.js";
import { at } from "./store-fixtures.js";

export function profilesContract(store: () => Store): void {
  it("profiles: off and without a handle at first; set, unique, found only while public", async () => {
    expect(await store().profiles.get("u1")).toEqual({ handle: null, public: false });
    await store().profiles.set("u1", { handle: "ada", public: false });
    expect(await store().profiles.get("u1")).toEqual({ handle: "ada", public: false });
    expect(await store().profiles.publicUserId("ada")).toBeNull();
    await store().profiles.set("u1", { handle: "ada", public: true });
    expect(await store().profiles.publicUserId("ada")).toBe("u1");
    expect(await store().profiles.publicUserId("bob")).toBeNull();
    await expect(store().profiles.set("u2", { handle: "ada", public: true })).rejects.toThrow(
      ConflictError,
    );
    expect(await store().profiles.get("u2")).toEqual({ handle: null, public: false });
    // Two users without a handle don't collide.
    await store().profiles.set("u2", { handle: null, public: false });
    await store().admin.setDisabled("u1", at(1));
    expect(await store().profiles.publicUserId("ada")).toBeNull();
  });
}

/** Migration 8: the pinned goal and the items hidden from the public profile, per user. */
export function goalsContract(store: () => Store): void {
  it("goal: none at first; pinned, replaced, unpinned; one user's is not another's", async () => {
    expect(await store().profiles.goal("u1")).toBeNull();
    const goal = { postingTitle: "Junior at Acme", path: ["c/b", "c/a"], pinnedAt: at(1) };
    await store().profiles.setGoal("u1", goal);
    expect(await store().profiles.goal("u1")).toEqual(goal);
    expect(await store().profiles.goal("u2")).toBeNull();
    const other = { postingTitle: "Mid at Beta", path: ["c/z"], pinnedAt: at(2) };
    await store().profiles.setGoal("u1", other);
    expect(await store().profiles.goal("u1")).toEqual(other);
    await store().profiles.setGoal("u1", null);
    expect(await store().profiles.goal("u1")).toBeNull();
    await store().profiles.setGoal("u1", null); // unpinning twice is fine
  });

  it("hidden items: hide is idempotent, show removes, sorted, per user; gone with the user", async () => {
    expect(await store().profiles.hidden("u1")).toEqual([]);
    await store().profiles.setHidden("u1", { kind: "skill", id: "sql" }, true);
    await store().profiles.setHidden("u1", { kind: "skill", id: "sql" }, true);
    await store().profiles.setHidden("u1", { kind: "exercise", id: "c/mini-b" }, true);
    await store().profiles.setHidden("u1", { kind: "exercise", id: "c/mini/a" }, true);
    await store().profiles.setHidden("u2", { kind: "skill", id: "git" }, true);
    expect(await store().profiles.hidden("u1")).toEqual([
      { kind: "exercise", id: "c/mini-b" },
      { kind: "exercise", id: "c/mini/a" },
      { kind: "skill", id: "sql" },
    ]);
    await store().profiles.setHidden("u1", { kind: "exercise", id: "c/mini-b" }, false);
    expect(await store().profiles.hidden("u1")).toEqual([
      { kind: "exercise", id: "c/mini/a" },
      { kind: "skill", id: "sql" },
    ]);
    expect(await store().profiles.hidden("u2")).toEqual([{ kind: "skill", id: "git" }]);
    await store().profiles.setGoal("u2", { postingTitle: "x", path: [], pinnedAt: at(1) });
    expect(await store().users.delete("u2")).toBe(true);
    expect(await store().profiles.hidden("u2")).toEqual([]);
    expect(await store().profiles.goal("u2")).toBeNull();
  });
}

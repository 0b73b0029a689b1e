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

/**
 * The storage contract: every Store adapter must pass it (store.test.ts runs it on SQLite and on
 * PostgreSQL). Each test gets a fresh, migrated store holding two users, u1 and u2.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, type Store } from "../../src/storage/store.js";
import { adminContract } from "./store-contract-admin.js";
import { cohortContract } from "./store-contract-cohorts.js";
import { goalsContract, profilesContract } from "./store-contract-profiles.js";
import { deviceContract } from "./store-contract-devices.js";
import { learningContract } from "./store-contract-learning.js";
import { at, session, submission, T0, token, user } from "./store-fixtures.js";

const ada = user("u1", "Ada@Example.com");
const bob = user("u2", "bob@example.com");

export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store | null = null;
    beforeEach(async () => {
      store = await makeStore();
      await store.users.create(ada);
      await store.users.create(bob);
    });
    afterEach(async () => {
      await store?.close();
      store = null;
    });
    const current = (): Store => {
      if (!store) throw new Error("no store: makeStore failed");
      return store;
    };

    describe("users, sessions, tokens", () => accountCases(current));
    describe("profiles, token revocation, device codes", () => deviceContract(current));
    describe("submissions, progress, drafts", () => learningContract(current));
    describe("transactions and migrations", () => transactionCases(current));
    describe("administration", () => adminContract(current));
    describe("cohorts and line comments", () => cohortContract(current));
    describe("public profiles", () => profilesContract(current));
    describe("goals and hidden profile items", () => goalsContract(current));
  });
}

function accountCases(store: () => Store): void {
  it("finds users by id and by email, ignoring the email's case", async () => {
    expect(await store().users.byId("u1")).toEqual(ada);
    expect(await store().users.byEmail("ADA@example.COM")).toEqual(ada);
    expect(await store().users.byEmail("ada@example.com")).toEqual(ada);
    expect(await store().users.byId("nobody")).toBeNull();
    expect(await store().users.byEmail("nobody@example.com")).toBeNull();
    expect(await store().users.count()).toBe(2);
  });

  it("refuses a second account with the same email (in any case) or id", async () => {
    await expect(store().users.create(user("u3", "ada@EXAMPLE.com"))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(store().users.create(user("u1", "other@example.com"))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await store().users.count()).toBe(2);
    expect(await store().users.byId("u1")).toEqual(ada);
  });

  it("updates a user's password hash and role", async () => {
    await store().users.updatePassword("u1", "$argon2id$new");
    await store().users.updateRole("u1", "mentor");
    expect(await store().users.byId("u1")).toEqual({
      ...ada,
      passwordHash: "$argon2id$new",
      role: "mentor",
    });
    expect(await store().users.byId("u2")).toEqual(bob);
  });

  it("deletes a user with their sessions, tokens, drafts and progress, and no one else's", async () => {
    for (const [id, owner] of [
      ["s1", "u1"],
      ["s2", "u2"],
    ] as const)
      await store().sessions.create(session(id, owner, at(60)));
    await store().tokens.create(token("t1", "u1"));
    await store().drafts.save("u1", "c/x", [{ path: "x.py", content: "1" }], T0);
    await store().drafts.save("u2", "c/x", [{ path: "x.py", content: "2" }], T0);
    expect(await store().users.delete("u1")).toBe(true);
    expect(await store().users.delete("u1")).toBe(false);
    expect(await store().users.byId("u1")).toBeNull();
    expect(await store().sessions.find("s1", T0)).toBeNull();
    expect(await store().tokens.listForUser("u1")).toEqual([]);
    expect(await store().drafts.listForUser("u1")).toEqual([]);
    expect(await store().users.byId("u2")).toEqual(bob);
    expect(await store().sessions.find("s2", T0)).not.toBeNull();
    expect(await store().drafts.listForUser("u2")).toHaveLength(1);
  });

  it("stores SQL-looking text verbatim and matches no wildcard", async () => {
    const evil = user("u3", "x'; DROP TABLE users; --@example.com", {
      displayName: `Robert'); DROP TABLE users;-- "quoted" \\ back`,
      passwordHash: "' OR '1'='1",
    });
    await store().users.create(evil);
    expect(await store().users.byEmail("x'; DROP TABLE users; --@example.com")).toEqual(evil);
    expect(await store().users.byId("u3")).toEqual(evil);
    expect(await store().users.byEmail("%@example.com")).toBeNull();
    expect(await store().users.byEmail("' OR '1'='1")).toBeNull();
    expect(await store().sessions.find("' OR '1'='1", T0)).toBeNull();
    expect(await store().users.count()).toBe(3);
  });

  it("finds a session until it expires, and deletes sessions one or per user", async () => {
    const s1 = session("s1", "u1", at(60));
    const s2 = session("s2", "u1", at(60));
    const s3 = session("s3", "u2", at(60));
    for (const s of [s1, s2, s3]) await store().sessions.create(s);
    expect(await store().sessions.find("s1", at(59))).toEqual(s1);
    expect(await store().sessions.find("s1", at(60))).toBeNull();
    expect(await store().sessions.find("s1", at(61))).toBeNull();
    await expect(store().sessions.create(s1)).rejects.toBeInstanceOf(ConflictError);

    await store().sessions.delete("s1");
    expect(await store().sessions.find("s1", T0)).toBeNull();
    expect(await store().sessions.find("s2", T0)).toEqual(s2);
    await store().sessions.deleteForUser("u1");
    expect(await store().sessions.find("s2", T0)).toBeNull();
    expect(await store().sessions.find("s3", T0)).toEqual(s3);
  });

  it("finds, lists, touches and revokes API tokens", async () => {
    const older = token("t1", "u1", at(0));
    const newer = token("t2", "u1", at(5));
    for (const t of [older, newer, token("t3", "u2")]) await store().tokens.create(t);
    expect(await store().tokens.findActive("hash-t1")).toEqual(older);
    expect(await store().tokens.findActive("hash-unknown")).toBeNull();

    await store().tokens.touch("t1", at(10));
    const touched = { ...older, lastUsedAt: at(10) };
    expect(await store().tokens.findActive("hash-t1")).toEqual(touched);
    expect(await store().tokens.listForUser("u1")).toEqual([newer, touched]);

    expect(await store().tokens.revoke("u2", "t1", at(20))).toBe(false);
    expect(await store().tokens.revoke("u1", "unknown", at(20))).toBe(false);
    expect(await store().tokens.findActive("hash-t1")).toEqual(touched);
    expect(await store().tokens.revoke("u1", "t1", at(20))).toBe(true);
    expect(await store().tokens.findActive("hash-t1")).toBeNull();
    // Revoking again changes nothing: the first revocation time stays.
    expect(await store().tokens.revoke("u1", "t1", at(30))).toBe(false);
    expect(await store().tokens.listForUser("u1")).toEqual([
      newer,
      { ...touched, revokedAt: at(20) },
    ]);
  });

  it("finds a session or a token with its user in one look-up, never a disabled user's", async () => {
    await store().sessions.create(session("s1", "u1", at(60)));
    await store().tokens.create(token("t1", "u1"));
    await store().tokens.create(token("t2", "u2"));
    expect(await store().sessions.findWithUser("s1", at(59))).toEqual({
      session: session("s1", "u1", at(60)),
      user: ada,
    });
    expect(await store().sessions.findWithUser("s1", at(60))).toBeNull();
    expect(await store().sessions.findWithUser("' OR '1'='1", T0)).toBeNull();
    expect(await store().tokens.findActiveWithUser("hash-t1")).toEqual({
      token: token("t1", "u1"),
      user: ada,
    });
    expect(await store().tokens.findActiveWithUser("hash-t2")).toEqual({
      token: token("t2", "u2"),
      user: bob,
    });
    expect(await store().tokens.findActiveWithUser("hash-unknown")).toBeNull();

    await store().admin.setDisabled("u1", at(1));
    expect(await store().sessions.findWithUser("s1", at(2))).toBeNull();
    expect(await store().tokens.findActiveWithUser("hash-t1")).toBeNull();
    await store().admin.setDisabled("u1", null);
    expect((await store().tokens.findActiveWithUser("hash-t1"))?.user).toEqual(ada);
    await store().tokens.revoke("u1", "t1", at(3));
    expect(await store().tokens.findActiveWithUser("hash-t1")).toBeNull();
  });
}

function transactionCases(store: () => Store): void {
  it("commits what a transaction did and returns its value", async () => {
    const value = await store().transaction(async (tx) => {
      await tx.users.create(user("u3", "cy@example.com"));
      await tx.submissions.create(submission("s1", "u3"));
      expect(await tx.users.byId("u3")).toEqual(user("u3", "cy@example.com"));
      return 42;
    });
    expect(value).toBe(42);
    expect(await store().users.byId("u3")).toEqual(user("u3", "cy@example.com"));
    expect(await store().submissions.byId("s1")).toEqual(submission("s1", "u3"));
  });

  it("rolls everything back when the transaction throws", async () => {
    const failure = new Error("abort");
    await expect(
      store().transaction(async (tx) => {
        await tx.users.create(user("u3", "cy@example.com"));
        await tx.submissions.create(submission("s1", "u1"));
        await tx.progress.recordActivity("u1", "2026-01-01", true);
        await tx.drafts.save("u1", "basics/add", [{ path: "a.py", content: "1" }], T0);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store().users.byId("u3")).toBeNull();
    expect(await store().users.count()).toBe(2);
    expect(await store().submissions.byId("s1")).toBeNull();
    expect(await store().progress.activity("u1", "2000-01-01")).toEqual([]);
    expect(await store().drafts.get("u1", "basics/add")).toBeNull();
  });

  it("undoes only a failed nested transaction, and the outer one can go on", async () => {
    await store().transaction(async (tx) => {
      await tx.users.create(user("u3", "cy@example.com"));
      await expect(
        tx.transaction(async (inner) => {
          await inner.users.create(user("u4", "dee@example.com"));
          await inner.users.create(user("u5", "ADA@example.com")); // conflict
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await tx.transaction((inner) => inner.users.create(user("u6", "eve@example.com")));
    });
    expect(await store().users.byId("u3")).not.toBeNull();
    expect(await store().users.byId("u4")).toBeNull();
    expect(await store().users.byId("u6")).not.toBeNull();
    expect(await store().users.count()).toBe(4);
  });

  it("refuses the outer store inside its own transaction, and tx after it ended", async () => {
    const ended = await store().transaction(async (tx) => {
      await expect(store().users.count()).rejects.toThrow(/store passed to transaction/);
      await expect(store().transaction(async () => 1)).rejects.toThrow(/store passed/);
      await tx.users.create(user("u3", "cy@example.com"));
      return tx;
    });
    expect(await store().users.count()).toBe(3);
    await expect(ended.users.count()).rejects.toThrow(/already ended/);
  });

  it("applies concurrent transactions one after the other (no lost update)", async () => {
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store().transaction(async (tx) => {
          await tx.progress.lockUser("u1");
          const stats = await tx.progress.stats("u1");
          await tx.progress.putStats({ ...stats, xp: stats.xp + 10 });
        }),
      ),
    );
    expect((await store().progress.stats("u1")).xp).toBe(80);
  });

  it("migrates again without changing anything", async () => {
    await store().submissions.create(submission("s1", "u1"));
    await store().migrate();
    await store().migrate();
    expect(await store().users.byId("u1")).toEqual(ada);
    expect(await store().submissions.byId("s1")).toEqual(submission("s1", "u1"));
    expect(await store().users.count()).toBe(2);
  });
}

/**
 * The storage contract for the Account page and the CLI's browser login: profiles, revoking all
 * of a user's tokens, and device codes. Part of store-contract.ts (SQLite and PostgreSQL).
 */
import { expect, it } from "vitest";
import { ConflictError, type DeviceCode, type Store } from "../../src/storage/store.js";
import { at, T0, token } from "./store-fixtures.js";

const device = (id: string, userCode: string, changes: Partial<DeviceCode> = {}): DeviceCode => ({
  id,
  deviceCodeHash: `hash-${id}`,
  userCode,
  hostname: "lena's laptop",
  client: "pydojo 0.1.0 (linux)",
  status: "pending",
  userId: null,
  intervalSeconds: 5,
  lastPolledAt: null,
  createdAt: T0,
  expiresAt: at(10),
  ...changes,
});

export function deviceContract(store: () => Store): void {
  it("updates a user's display name and time zone only", async () => {
    const before = (await store().users.byId("u1"))!;
    await store().users.updateProfile("u1", { displayName: "Ada L.", timeZone: "Asia/Tokyo" });
    expect(await store().users.byId("u1")).toEqual({
      ...before,
      displayName: "Ada L.",
      timeZone: "Asia/Tokyo",
    });
    expect((await store().users.byId("u2"))!.displayName).toBe("Learner u2");
  });

  it("revokes every active token of one user, keeping earlier revocation times", async () => {
    for (const t of [token("t1", "u1"), token("t2", "u1"), token("t3", "u2")])
      await store().tokens.create(t);
    await store().tokens.revoke("u1", "t2", at(1));
    expect(await store().tokens.revokeAllForUser("u1", at(5))).toBe(1);
    expect(await store().tokens.findActive("hash-t1")).toBeNull();
    expect(await store().tokens.findActive("hash-t3")).not.toBeNull();
    const revoked = Object.fromEntries(
      (await store().tokens.listForUser("u1")).map((t) => [t.id, t.revokedAt]),
    );
    expect(revoked).toEqual({ t1: at(5), t2: at(1) });
    expect(await store().tokens.revokeAllForUser("u1", at(9))).toBe(0);
  });

  it("stores device codes, finds them by user code until they expire and by hash always", async () => {
    const d = device("d1", "WDJBMJHT");
    await store().devices.create(d);
    expect(await store().devices.byUserCode("WDJBMJHT", at(9))).toEqual(d);
    expect(await store().devices.byUserCode("WDJBMJHT", at(10))).toBeNull();
    expect(await store().devices.byUserCode("BCDFGHJK", at(1))).toBeNull();
    expect(await store().devices.byDeviceCodeHash("hash-d1")).toEqual(d);
    expect(await store().devices.byDeviceCodeHash("' OR '1'='1")).toBeNull();
    await expect(store().devices.create(device("d2", "WDJBMJHT"))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      store().devices.create(device("d3", "BCDFGHJK", { deviceCodeHash: "hash-d1" })),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("decides a pending code once, before it expires", async () => {
    await store().devices.create(device("d1", "WDJBMJHT"));
    await store().devices.create(device("d2", "BCDFGHJK"));
    expect(await store().devices.decide("WDJBMJHT", "u1", "approved", at(10))).toBe(false);
    expect(await store().devices.decide("WDJBMJHT", "u1", "approved", at(1))).toBe(true);
    expect(await store().devices.decide("WDJBMJHT", "u2", "denied", at(2))).toBe(false);
    expect(await store().devices.byDeviceCodeHash("hash-d1")).toMatchObject({
      status: "approved",
      userId: "u1",
    });
    expect(await store().devices.decide("BCDFGHJK", "u2", "denied", at(2))).toBe(true);
    expect(await store().devices.byDeviceCodeHash("hash-d2")).toMatchObject({
      status: "denied",
      userId: "u2",
    });
  });

  it("consumes an approved code exactly once, even when asked at the same time", async () => {
    await store().devices.create(device("d1", "WDJBMJHT"));
    expect(await store().devices.consume("d1")).toBe(false); // still pending
    await store().devices.decide("WDJBMJHT", "u1", "approved", at(1));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store().devices.consume("d1")),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store().devices.byDeviceCodeHash("hash-d1"))!.status).toBe("consumed");
  });

  it("records polls and the raised interval, and deletes only expired codes", async () => {
    await store().devices.create(device("d1", "WDJBMJHT"));
    await store().devices.create(device("d2", "BCDFGHJK", { expiresAt: at(30) }));
    await store().devices.recordPoll("d1", at(2), 10);
    expect(await store().devices.byDeviceCodeHash("hash-d1")).toMatchObject({
      lastPolledAt: at(2),
      intervalSeconds: 10,
    });
    expect(await store().devices.deleteExpired(at(9))).toBe(0);
    expect(await store().devices.deleteExpired(at(10))).toBe(1);
    expect(await store().devices.byDeviceCodeHash("hash-d1")).toBeNull();
    expect(await store().devices.byDeviceCodeHash("hash-d2")).not.toBeNull();
  });
}

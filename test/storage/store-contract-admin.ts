/**
 * The storage contract for administration: listing and searching users, disabling them (their
 * sessions and tokens stop working at once), the audit log, one-time password resets, and the
 * queue panel's numbers. Part of store-contract.ts (SQLite and PostgreSQL); users u1 and u2 exist.
 */
import { expect, it } from "vitest";
import type { Store, UserStats } from "../../src/storage/store.js";
import { at, result, session, submission, T0, token, user } from "./store-fixtures.js";

const stats = (userId: string, xp: number): UserStats => ({
  userId,
  xp,
  streakDays: 1,
  longestStreak: 1,
  lastActiveDay: "2026-01-01",
  achievements: [],
});

export function adminContract(store: () => Store): void {
  it("lists users with last activity (latest session or submission) and XP", async () => {
    await store().sessions.create({ ...session("s1", "u1", at(600)), createdAt: at(5) });
    await store().submissions.create(submission("x1", "u1", { createdAt: at(9) }));
    await store().sessions.create({ ...session("s2", "u1", at(600)), createdAt: at(7) });
    await store().progress.putStats(stats("u1", 120));
    const list = await store().admin.list("", 50);
    expect(list.map((u) => u.id)).toEqual(["u1", "u2"]);
    expect(list[0]).toEqual({
      id: "u1",
      email: "Ada@Example.com",
      displayName: "Learner u1",
      role: "learner",
      createdAt: T0,
      disabledAt: null,
      lastActiveAt: at(9),
      xp: 120,
    });
    expect(list[1]).toMatchObject({ id: "u2", lastActiveAt: null, xp: 0 });
    expect(await store().admin.summary("u1")).toEqual(list[0]);
    expect(await store().admin.summary("nobody")).toBeNull();
  });

  it("searches email and display name case-insensitively; % and _ match only themselves", async () => {
    await store().users.create(user("u3", "c_d@example.com", { displayName: "Grace 100%" }));
    const ids = async (q: string) => (await store().admin.list(q, 50)).map((u) => u.id);
    expect(await ids("ADA@")).toEqual(["u1"]);
    expect(await ids("learner U2")).toEqual(["u2"]);
    expect(await ids("example.com")).toEqual(["u1", "u2", "u3"]);
    expect(await ids("_")).toEqual(["u3"]);
    expect(await ids("0%")).toEqual(["u3"]);
    expect(await ids("nobody")).toEqual([]);
    expect(await store().admin.list("", 1)).toHaveLength(1);
  });

  it("disabling a user stops their sessions and tokens at once; enabling restores tokens", async () => {
    await store().sessions.create(session("s1", "u1", at(600)));
    await store().tokens.create(token("t1", "u1"));
    await store().sessions.create(session("s2", "u2", at(600)));
    expect(await store().admin.setDisabled("u1", at(1))).toBe(true);
    expect(await store().admin.disabledAt("u1")).toBe(at(1));
    expect(await store().admin.disabledAt("u2")).toBeNull();
    expect(await store().sessions.find("s1", T0)).toBeNull();
    expect(await store().tokens.findActive("hash-t1")).toBeNull();
    expect(await store().sessions.find("s2", T0)).not.toBeNull();
    expect((await store().admin.summary("u1"))?.disabledAt).toBe(at(1));
    expect(await store().admin.setDisabled("u1", null)).toBe(true);
    expect(await store().tokens.findActive("hash-t1")).not.toBeNull();
    expect(await store().admin.setDisabled("nobody", at(1))).toBe(false);
  });

  it("keeps an audit log, newest first, that outlives the actor", async () => {
    await store().audit.add({
      id: "a1",
      at: at(1),
      actorId: "u1",
      action: "user.role",
      targetId: "u2",
      detail: { from: "learner", to: "mentor" },
    });
    await store().audit.add({
      id: "a2",
      at: at(2),
      actorId: "u1",
      action: "user.disable",
      targetId: "u2",
      detail: {},
    });
    const log = await store().audit.list(10);
    expect(log.map((e) => e.id)).toEqual(["a2", "a1"]);
    expect(log[1]).toEqual({
      id: "a1",
      at: at(1),
      actorId: "u1",
      action: "user.role",
      targetId: "u2",
      detail: { from: "learner", to: "mentor" },
    });
    expect(await store().audit.list(1)).toHaveLength(1);
    await store().users.delete("u1");
    expect((await store().audit.list(10)).map((e) => [e.id, e.actorId])).toEqual([
      ["a2", null],
      ["a1", null],
    ]);
  });

  it("consumes a password reset once, and says why it can't when used, expired or unknown", async () => {
    const reset = { userId: "u1", createdAt: T0, expiresAt: at(30), usedAt: null };
    await store().resets.create({ ...reset, tokenHash: "r1" });
    await store().resets.create({ ...reset, tokenHash: "r2" });
    expect(await store().resets.consume("r1", at(29))).toEqual({ ok: true, userId: "u1" });
    expect(await store().resets.consume("r1", at(29))).toEqual({ ok: false, reason: "used" });
    expect(await store().resets.consume("r2", at(30))).toEqual({ ok: false, reason: "expired" });
    expect(await store().resets.consume("zz", at(1))).toEqual({ ok: false, reason: "unknown" });
    await store().resets.create({ ...reset, tokenHash: "r3" });
    const race = await Promise.all([
      store().resets.consume("r3", at(1)),
      store().resets.consume("r3", at(1)),
    ]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
  });

  it("counts the queue, recent infra-errors and grade times, and requeues infra-errors", async () => {
    const s = store().submissions;
    await s.create(submission("q1", "u1"));
    await s.create(submission("r1", "u1"));
    await s.markRunning("r1");
    await s.create(submission("g1", "u2", { createdAt: at(60) }));
    await s.saveResult("g1", result("pass"), new Date(Date.parse(at(60)) + 1500).toISOString());
    await s.create(submission("g0", "u2"));
    await s.saveResult("g0", result("pass"), at(1));
    await s.create(submission("e1", "u1", { createdAt: at(1) }));
    await s.markInfraError("e1", "runner crashed", at(61));
    await s.create(submission("e0", "u2"));
    await s.markInfraError("e0", "runner crashed", at(2));
    const stats = await s.gradingStats(at(30));
    expect(stats).toEqual({ queued: 1, running: 1, infraErrors: 1, gradeMs: [1500] });
    expect((await s.gradingStats(T0)).infraErrors).toBe(2);
    expect(await s.requeueInfraErrors(10)).toEqual([
      { id: "e0", userId: "u2" },
      { id: "e1", userId: "u1" },
    ]);
    expect(await s.byId("e1")).toMatchObject({ status: "queued", error: null, gradedAt: null });
    expect(await s.requeueInfraErrors(10)).toEqual([]);
    expect((await s.gradingStats(T0)).queued).toBe(3);
  });
}

/** The storage contract, continued: submissions, progress, stats, activity and drafts. */
import { expect, it } from "vitest";
import type { Store } from "../../src/storage/store.js";
import { at, progress, result, submission, T0 } from "./store-fixtures.js";

/** Cases run inside storeContract's describe, on a store holding users u1 and u2. */
export function learningContract(store: () => Store): void {
  submissionCases(store);
  progressCases(store);
  draftCases(store);
}

function submissionCases(store: () => Store): void {
  it("makes a submission idempotent per user and key", async () => {
    const first = submission("s1", "u1", { idempotencyKey: "k1" });
    expect(await store().submissions.create(first)).toEqual({ submission: first, created: true });
    const retry = submission("s2", "u1", { idempotencyKey: "k1", createdAt: at(1) });
    expect(await store().submissions.create(retry)).toEqual({ submission: first, created: false });
    expect(await store().submissions.byId("s2")).toBeNull();

    const otherUser = submission("s3", "u2", { idempotencyKey: "k1" });
    expect(await store().submissions.create(otherUser)).toEqual({
      submission: otherUser,
      created: true,
    });
    // Without a key every submission is new.
    for (const id of ["s4", "s5"])
      expect((await store().submissions.create(submission(id, "u1"))).created).toBe(true);
    expect(await store().submissions.byId("s1")).toEqual(first);
    expect(await store().submissions.byId("s3")).toEqual(otherUser);
    expect(await store().submissions.byId("nope")).toBeNull();
  });

  it("records a verdict exactly once", async () => {
    const queued = submission("s1", "u1");
    await store().submissions.create(queued);
    await store().submissions.markRunning("s1");
    await store().submissions.markRunning("s1");
    expect(await store().submissions.byId("s1")).toEqual({ ...queued, status: "running", runs: 2 });

    expect(await store().submissions.saveResult("s1", result("pass"), at(1))).toBe(true);
    const graded = {
      ...queued,
      status: "graded",
      runs: 2,
      result: result("pass"),
      gradedAt: at(1),
    };
    expect(await store().submissions.byId("s1")).toEqual(graded);

    expect(await store().submissions.saveResult("s1", result("fail"), at(2))).toBe(false);
    await store().submissions.markInfraError("s1", "worker lost", at(3));
    await store().submissions.markRunning("s1");
    expect(await store().submissions.byId("s1")).toEqual(graded);
  });

  it("records an infrastructure error, which a later verdict replaces", async () => {
    const queued = submission("s1", "u1");
    await store().submissions.create(queued);
    await store().submissions.markInfraError("s1", "sandbox unavailable", at(1));
    expect(await store().submissions.byId("s1")).toEqual({
      ...queued,
      status: "infra-error",
      error: "sandbox unavailable",
      gradedAt: at(1),
    });
    expect(await store().submissions.saveResult("s1", result("fail"), at(2))).toBe(true);
    expect(await store().submissions.byId("s1")).toEqual({
      ...queued,
      status: "graded",
      result: result("fail"),
      gradedAt: at(2),
    });
  });

  it("stores any text in files and results, NUL and emoji included", async () => {
    const odd = "print('héllo 🐍')\n\u0000\u0001\t'; --\r\n\\u0000";
    const s = submission("s1", "u2", { files: [{ path: "odd.py", content: odd }] });
    await store().submissions.create(s);
    await store().submissions.saveResult("s1", result("pass", odd), T0);
    const graded = { ...s, status: "graded", result: result("pass", odd), gradedAt: T0 };
    expect(await store().submissions.byId("s1")).toEqual(graded);
    expect(await store().submissions.passingForExercise("basics/add", "u1", 5)).toEqual([graded]);
    const draft = await store().drafts.save(
      "u1",
      "basics/add",
      [{ path: "a.py", content: odd }],
      T0,
    );
    expect(await store().drafts.get("u1", "basics/add")).toEqual(draft);
  });

  it("lists a user's submissions newest first, by exercise, up to a limit", async () => {
    const a = submission("a", "u1", { createdAt: at(0) });
    const b = submission("b", "u1", { createdAt: at(1) });
    const c = submission("c", "u1", { createdAt: at(2), exerciseId: "basics/sub" });
    // Same instant: the one stored later comes first.
    const d = submission("d", "u1", { createdAt: at(3) });
    const e = submission("e", "u1", { createdAt: at(3) });
    const other = submission("o", "u2", { createdAt: at(4) });
    for (const s of [a, b, c, d, e, other]) await store().submissions.create(s);

    expect(await store().submissions.listForUser("u1", null, 10)).toEqual([e, d, c, b, a]);
    expect(await store().submissions.listForUser("u1", "basics/add", 10)).toEqual([e, d, b, a]);
    expect(await store().submissions.listForUser("u1", "basics/add", 2)).toEqual([e, d]);
    expect(await store().submissions.listForUser("u1", "basics/none", 10)).toEqual([]);
    expect(await store().submissions.listForUser("u2", null, 10)).toEqual([other]);
  });

  it("finds other learners' passing submissions, newest first", async () => {
    const cases = [
      { s: submission("mine", "u1", { createdAt: at(9) }), verdict: "pass" },
      { s: submission("old", "u2", { createdAt: at(1) }), verdict: "pass" },
      { s: submission("new", "u2", { createdAt: at(2) }), verdict: "pass" },
      { s: submission("failed", "u2", { createdAt: at(3) }), verdict: "fail" },
      { s: submission("waiting", "u2", { createdAt: at(4) }), verdict: null },
      {
        s: submission("elsewhere", "u2", { createdAt: at(5), exerciseId: "x/y" }),
        verdict: "pass",
      },
    ] as const;
    for (const { s, verdict } of cases) {
      await store().submissions.create(s);
      if (verdict) await store().submissions.saveResult(s.id, result(verdict), at(10));
    }
    const graded = (id: string) => ({
      ...cases.find((c) => c.s.id === id)!.s,
      status: "graded",
      result: result("pass"),
      gradedAt: at(10),
    });
    expect(await store().submissions.passingForExercise("basics/add", "u1", 10)).toEqual([
      graded("new"),
      graded("old"),
    ]);
    expect(await store().submissions.passingForExercise("basics/add", "u1", 1)).toEqual([
      graded("new"),
    ]);
    expect(
      (await store().submissions.passingForExercise("basics/add", "u2", 10)).map((s) => s.id),
    ).toEqual(["mine"]);
  });
}

function progressCases(store: () => Store): void {
  it("puts, gets and lists exercise progress per user", async () => {
    expect(await store().progress.get("u1", "basics/add")).toBeNull();
    const started = progress("u1", "basics/add", { updatedAt: at(2) });
    await store().progress.put(started);
    expect(await store().progress.get("u1", "basics/add")).toEqual(started);

    const passed = progress("u1", "basics/add", {
      state: "passed",
      attempts: 2,
      bestPassed: 3,
      firstPassedAt: at(3),
      xpAwarded: 20,
      updatedAt: at(3),
    });
    await store().progress.put(passed);
    const other = progress("u1", "basics/sub", { updatedAt: at(1) });
    await store().progress.put(other);
    await store().progress.put(progress("u2", "basics/add"));
    expect(await store().progress.get("u1", "basics/add")).toEqual(passed);
    expect(await store().progress.listForUser("u1")).toEqual([other, passed]);
  });

  it("has zero stats for a new user, then stores them", async () => {
    expect(await store().progress.stats("u1")).toEqual({
      userId: "u1",
      xp: 0,
      streakDays: 0,
      longestStreak: 0,
      lastActiveDay: null,
      achievements: [],
    });
    const stats = {
      userId: "u1",
      xp: 30,
      streakDays: 2,
      longestStreak: 5,
      lastActiveDay: "2026-01-02",
      achievements: ["first-pass", "streak-3"],
    };
    await store().progress.putStats(stats);
    expect(await store().progress.stats("u1")).toEqual(stats);
    await store().progress.putStats({ ...stats, xp: 40, achievements: [] });
    expect(await store().progress.stats("u1")).toEqual({ ...stats, xp: 40, achievements: [] });
    expect((await store().progress.stats("u2")).xp).toBe(0);
  });

  it("counts activity per day and returns it from a day on", async () => {
    await store().progress.recordActivity("u1", "2026-01-01", false);
    await store().progress.recordActivity("u1", "2026-01-01", true);
    await store().progress.recordActivity("u1", "2026-01-01", true);
    await store().progress.recordActivity("u1", "2026-01-03", false);
    await store().progress.recordActivity("u1", "2025-12-31", true);
    await store().progress.recordActivity("u2", "2026-01-02", true);
    expect(await store().progress.activity("u1", "2026-01-01")).toEqual([
      { day: "2026-01-01", submissions: 3, passes: 2 },
      { day: "2026-01-03", submissions: 1, passes: 0 },
    ]);
    expect(await store().progress.activity("u1", "2026-01-02")).toEqual([
      { day: "2026-01-03", submissions: 1, passes: 0 },
    ]);
    expect(await store().progress.activity("u1", "2026-02-01")).toEqual([]);
  });
}

function draftCases(store: () => Store): void {
  const v = (content: string) => [{ path: "add.py", content }];

  it("versions drafts and refuses a save from a stale version", async () => {
    expect(await store().drafts.get("u1", "basics/add")).toBeNull();
    const first = {
      userId: "u1",
      exerciseId: "basics/add",
      files: v("1"),
      version: 1,
      updatedAt: T0,
    };
    expect(await store().drafts.save("u1", "basics/add", v("1"), T0)).toEqual(first);
    const second = { ...first, files: v("2"), version: 2, updatedAt: at(1) };
    expect(await store().drafts.save("u1", "basics/add", v("2"), at(1), 1)).toEqual(second);

    expect(await store().drafts.save("u1", "basics/add", v("stale"), at(2), 1)).toBeNull();
    expect(await store().drafts.save("u1", "basics/add", v("new?"), at(2), 0)).toBeNull();
    expect(await store().drafts.save("u1", "basics/add", v("ahead"), at(2), 3)).toBeNull();
    expect(await store().drafts.get("u1", "basics/add")).toEqual(second);

    // Without an expected version a save always lands, as the next version.
    const third = { ...first, files: v("3"), version: 3, updatedAt: at(3) };
    expect(await store().drafts.save("u1", "basics/add", v("3"), at(3))).toEqual(third);
  });

  it("creates a draft only from version 0 when one is expected", async () => {
    expect(await store().drafts.save("u1", "basics/sub", v("x"), T0, 2)).toBeNull();
    expect(await store().drafts.get("u1", "basics/sub")).toBeNull();
    expect(await store().drafts.save("u1", "basics/sub", v("x"), T0, 0)).toEqual({
      userId: "u1",
      exerciseId: "basics/sub",
      files: v("x"),
      version: 1,
      updatedAt: T0,
    });
  });

  it("lists a user's drafts, most recently saved first", async () => {
    const older = await store().drafts.save("u1", "basics/add", v("a"), at(1));
    const newer = await store().drafts.save("u1", "basics/sub", v("b"), at(2));
    await store().drafts.save("u2", "basics/add", v("c"), at(3));
    expect(await store().drafts.listForUser("u1")).toEqual([newer, older]);
    expect(await store().drafts.listForUser("nobody")).toEqual([]);
  });
}

/** The storage contract: every Store adapter must pass these (run on SQLite and PostgreSQL). */
import { beforeEach, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { ConflictError, type Store, type Submission, type User } from "../../src/storage/store.js";

const T0 = "2026-01-01T10:00:00.000Z";
const user = (id: string, email: string): User => ({
  id,
  email,
  displayName: id,
  passwordHash: "h",
  role: "learner",
  timeZone: "UTC",
  createdAt: T0,
});
const result = (status: "pass" | "fail"): GradeResult => ({
  version: 3,
  status,
  message: null,
  tests: [],
  limit: null,
  runner: "sandbox",
  python: "3.11.2",
  isolation: "isolated",
  duration_ms: 1,
});
const submission = (
  id: string,
  userId: string,
  key: string | null,
  createdAt = T0,
): Submission => ({
  id,
  userId,
  exerciseId: "c/ex",
  files: [{ path: "a.py", content: "x = 1\n" }],
  idempotencyKey: key,
  status: "queued",
  runs: 0,
  result: null,
  error: null,
  createdAt,
  gradedAt: null,
});

export function storeContract(name: string, makeStore: () => Promise<Store>) {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      await store.users.create(user("u1", "Ada@Example.com"));
      await store.users.create(user("u2", "bob@example.com"));
    });

    it("finds users by email case-insensitively and rejects duplicates", async () => {
      expect(await store.users.byEmail("ada@example.COM")).toEqual(user("u1", "Ada@Example.com"));
      await expect(store.users.create(user("u3", "ADA@example.com"))).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(await store.users.count()).toBe(2);
    });

    it("stores SQL-looking text verbatim", async () => {
      const evil = "x'); DROP TABLE users; --@example.com";
      await store.users.create(user("u3", evil));
      expect((await store.users.byEmail(evil))?.email).toBe(evil);
      expect(await store.users.count()).toBe(3);
    });

    it("expires sessions and deletes them per user", async () => {
      await store.sessions.create({
        idHash: "s1",
        userId: "u1",
        csrfToken: "c",
        createdAt: T0,
        expiresAt: "2026-01-02T00:00:00.000Z",
      });
      expect(await store.sessions.find("s1", "2026-01-01T12:00:00.000Z")).toMatchObject({
        userId: "u1",
        csrfToken: "c",
      });
      expect(await store.sessions.find("s1", "2026-01-03T00:00:00.000Z")).toBeNull();
      await store.sessions.deleteForUser("u1");
      expect(await store.sessions.find("s1", T0)).toBeNull();
    });

    it("finds, touches and revokes API tokens", async () => {
      await store.tokens.create({
        id: "t1",
        userId: "u1",
        name: "cli",
        tokenHash: "th",
        prefix: "pdj_ab",
        createdAt: T0,
        lastUsedAt: null,
        revokedAt: null,
      });
      await store.tokens.touch("t1", "2026-01-01T11:00:00.000Z");
      expect(await store.tokens.findActive("th")).toEqual({
        id: "t1",
        userId: "u1",
        name: "cli",
        tokenHash: "th",
        prefix: "pdj_ab",
        createdAt: T0,
        lastUsedAt: "2026-01-01T11:00:00.000Z",
        revokedAt: null,
      });
      expect(await store.tokens.revoke("u2", "t1", T0)).toBe(false);
      expect(await store.tokens.revoke("u1", "t1", T0)).toBe(true);
      expect(await store.tokens.findActive("th")).toBeNull();
    });

    it("makes submissions idempotent per user and key, and records a verdict exactly once", async () => {
      const first = await store.submissions.create(submission("s1", "u1", "k1"));
      const again = await store.submissions.create(submission("s2", "u1", "k1"));
      const other = await store.submissions.create(submission("s3", "u2", "k1"));
      expect([first.created, again.created, other.created]).toEqual([true, false, true]);
      expect(again.submission.id).toBe("s1");
      expect(await store.submissions.saveResult("s1", result("pass"), T0)).toBe(true);
      expect(await store.submissions.saveResult("s1", result("fail"), T0)).toBe(false);
      expect(await store.submissions.byId("s1")).toMatchObject({
        status: "graded",
        result: { status: "pass" },
        gradedAt: T0,
      });
      await store.submissions.markInfraError("s1", "boom", T0);
      expect((await store.submissions.byId("s1"))?.status).toBe("graded");
    });

    it("lists submissions newest first and finds other learners' passing ones", async () => {
      await store.submissions.create(submission("a", "u1", null, "2026-01-01T10:00:00.000Z"));
      await store.submissions.create(submission("b", "u1", null, "2026-01-01T11:00:00.000Z"));
      await store.submissions.create(submission("c", "u2", null, "2026-01-01T12:00:00.000Z"));
      await store.submissions.saveResult("c", result("pass"), T0);
      await store.submissions.saveResult("b", result("pass"), T0);
      expect((await store.submissions.listForUser("u1", null, 10)).map((s) => s.id)).toEqual([
        "b",
        "a",
      ]);
      expect((await store.submissions.listForUser("u1", "c/other", 10)).map((s) => s.id)).toEqual(
        [],
      );
      expect(
        (await store.submissions.passingForExercise("c/ex", "u1", 10)).map((s) => s.id),
      ).toEqual(["c"]);
    });

    it("keeps progress, stats (with defaults) and daily activity", async () => {
      expect(await store.progress.stats("u1")).toEqual({
        userId: "u1",
        xp: 0,
        streakDays: 0,
        longestStreak: 0,
        lastActiveDay: null,
        achievements: [],
      });
      const p = {
        userId: "u1",
        exerciseId: "c/ex",
        state: "passed" as const,
        attempts: 2,
        bestPassed: 3,
        bestTotal: 3,
        firstPassedAt: T0,
        xpAwarded: 20,
        updatedAt: T0,
      };
      await store.progress.put(p);
      await store.progress.put({ ...p, attempts: 3 });
      expect(await store.progress.listForUser("u1")).toEqual([{ ...p, attempts: 3 }]);
      await store.progress.putStats({
        userId: "u1",
        xp: 20,
        streakDays: 1,
        longestStreak: 1,
        lastActiveDay: "2026-01-01",
        achievements: ["first-pass"],
      });
      expect((await store.progress.stats("u1")).achievements).toEqual(["first-pass"]);
      await store.progress.recordActivity("u1", "2026-01-01", false);
      await store.progress.recordActivity("u1", "2026-01-01", true);
      await store.progress.recordActivity("u1", "2026-01-02", true);
      expect(await store.progress.activity("u1", "2026-01-02")).toEqual([
        { day: "2026-01-02", submissions: 1, passes: 1 },
      ]);
      expect(await store.progress.activity("u1", "2025-12-01")).toEqual([
        { day: "2026-01-01", submissions: 2, passes: 1 },
        { day: "2026-01-02", submissions: 1, passes: 1 },
      ]);
    });

    it("versions drafts and refuses a save from a stale version", async () => {
      const files = [{ path: "a.py", content: "1" }];
      expect((await store.drafts.save("u1", "c/ex", files, T0))?.version).toBe(1);
      expect(
        (await store.drafts.save("u1", "c/ex", [{ path: "a.py", content: "2" }], T0, 1))?.version,
      ).toBe(2);
      expect(
        await store.drafts.save("u1", "c/ex", [{ path: "a.py", content: "stale" }], T0, 1),
      ).toBeNull();
      expect(await store.drafts.save("u1", "c/new", files, T0, 3)).toBeNull();
      expect(await store.drafts.get("u1", "c/new")).toBeNull();
      expect(await store.drafts.get("u1", "c/ex")).toEqual({
        userId: "u1",
        exerciseId: "c/ex",
        files: [{ path: "a.py", content: "2" }],
        version: 2,
        updatedAt: T0,
      });
    });

    it("rolls a transaction back when it throws", async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.users.create(user("u9", "nine@example.com"));
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await store.users.byId("u9")).toBeNull();
      await store.transaction(async (tx) => tx.users.create(user("u8", "eight@example.com")));
      expect(await store.users.byId("u8")).not.toBeNull();
    });

    it("migrates twice without harm", async () => {
      await store.migrate();
      expect(await store.users.count()).toBe(2);
    });
  });
}

/**
 * The storage contract for cohorts (issue #18): invite codes, instructors and members, the
 * members' progress and failed verdicts, and line comments on submissions with their "seen"
 * marks. Part of store-contract.ts (SQLite and PostgreSQL); users u1 and u2 exist.
 */
import { expect, it } from "vitest";
import { ConflictError, type Cohort, type Store } from "../../src/storage/store.js";
import { at, progress, result, submission, T0, user } from "./store-fixtures.js";

const cohort = (id: string, changes: Partial<Cohort> = {}): Cohort => ({
  id,
  name: `Cohort ${id}`,
  inviteCode: `CODE${id.toUpperCase()}`,
  startDate: null,
  openModules: null,
  createdBy: "u1",
  createdAt: T0,
  ...changes,
});

export function cohortContract(store: () => Store): void {
  it("stores a cohort, finds it by id and by invite code, and refuses a taken code", async () => {
    const spring = cohort("c1", { startDate: "2026-03-01", openModules: ["basics", "http"] });
    await store().cohorts.create(spring);
    expect(await store().cohorts.byId("c1")).toEqual(spring);
    expect(await store().cohorts.byInviteCode("CODEC1")).toEqual(spring);
    expect(await store().cohorts.byInviteCode("codec1")).toBeNull();
    expect(await store().cohorts.byId("nope")).toBeNull();
    await expect(
      store().cohorts.create(cohort("c2", { inviteCode: "CODEC1" })),
    ).rejects.toBeInstanceOf(ConflictError);
    // Several cohorts may have joining turned off at once (NULL codes are not a conflict).
    await store().cohorts.create(cohort("c3", { inviteCode: null }));
    await store().cohorts.create(cohort("c4", { inviteCode: null, createdAt: at(1) }));
    expect((await store().cohorts.list()).map((c) => c.id)).toEqual(["c1", "c3", "c4"]);
  });

  it("updates name, code, start date and modules; a taken code is a conflict", async () => {
    await store().cohorts.create(cohort("c1"));
    await store().cohorts.create(cohort("c2"));
    const changed = cohort("c1", {
      name: "Autumn",
      inviteCode: "NEWCODE",
      startDate: "2026-09-01",
      openModules: [],
    });
    await store().cohorts.update(changed);
    expect(await store().cohorts.byId("c1")).toEqual(changed);
    expect(await store().cohorts.byInviteCode("CODEC1")).toBeNull();
    await expect(
      store().cohorts.update({ ...changed, inviteCode: "CODEC2" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await store().cohorts.delete("c1")).toBe(true);
    expect(await store().cohorts.delete("c1")).toBe(false);
    expect(await store().cohorts.byId("c1")).toBeNull();
  });

  it("keeps instructors and members apart, once each, with their last activity", async () => {
    await store().cohorts.create(cohort("c1"));
    await store().cohorts.create(cohort("c2", { createdAt: at(1) }));
    expect(await store().cohorts.addInstructor("c1", "u1", at(2))).toBe(true);
    expect(await store().cohorts.addInstructor("c1", "u1", at(3))).toBe(false);
    expect(await store().cohorts.addMember("c1", "u2", at(4))).toBe(true);
    expect(await store().cohorts.addMember("c1", "u2", at(5))).toBe(false);
    expect(await store().cohorts.addMember("c2", "u2", at(6))).toBe(true);
    await store().submissions.create(submission("s1", "u2", { createdAt: at(30) }));

    expect(await store().cohorts.isInstructor("c1", "u1")).toBe(true);
    expect(await store().cohorts.isInstructor("c1", "u2")).toBe(false);
    expect(await store().cohorts.isInstructor("c2", "u1")).toBe(false);
    expect(await store().cohorts.instructors("c1")).toEqual([
      {
        userId: "u1",
        email: "Ada@Example.com",
        displayName: "Learner u1",
        role: "learner",
        since: at(2),
        lastActiveAt: null,
      },
    ]);
    expect(await store().cohorts.members("c1")).toEqual([
      expect.objectContaining({ userId: "u2", since: at(4), lastActiveAt: at(30) }),
    ]);
    expect((await store().cohorts.listForInstructor("u1")).map((c) => c.id)).toEqual(["c1"]);
    expect((await store().cohorts.listForMember("u2")).map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(await store().cohorts.listForMember("u1")).toEqual([]);

    expect(await store().cohorts.removeMember("c1", "u2")).toBe(true);
    expect(await store().cohorts.removeMember("c1", "u2")).toBe(false);
    expect(await store().cohorts.removeInstructor("c1", "u1")).toBe(true);
    expect(await store().cohorts.members("c1")).toEqual([]);
    expect(await store().cohorts.instructors("c1")).toEqual([]);
  });

  it("a cohort's progress and failures count only its members' rows", async () => {
    await store().users.create(user("u3", "c@example.com"));
    await store().cohorts.create(cohort("c1"));
    await store().cohorts.addMember("c1", "u1", T0);
    await store().cohorts.addMember("c1", "u2", T0);
    await store().progress.put(progress("u1", "basics/add", { state: "passed" }));
    await store().progress.put(progress("u2", "basics/add"));
    await store().progress.put(progress("u3", "basics/add"));
    expect(
      (await store().cohorts.progress("c1")).map((p) => [p.userId, p.exerciseId, p.state]),
    ).toEqual([
      ["u1", "basics/add", "passed"],
      ["u2", "basics/add", "attempted"],
    ]);

    const graded = async (id: string, userId: string, exerciseId: string, pass: boolean) => {
      await store().submissions.create(submission(id, userId, { exerciseId }));
      await store().submissions.saveResult(id, result(pass ? "pass" : "fail"), at(1));
    };
    await graded("a1", "u1", "basics/add", false);
    await graded("a2", "u1", "basics/add", true);
    await graded("a3", "u2", "basics/add", false);
    await graded("a4", "u2", "basics/add", false);
    await graded("b1", "u2", "basics/sub", false);
    await graded("x1", "u3", "basics/sub", false);
    await graded("x2", "u3", "basics/sub", false);
    await graded("x3", "u3", "basics/sub", false);
    // Still queued: not a failure.
    await store().submissions.create(submission("q1", "u1", { exerciseId: "basics/sub" }));
    expect(await store().cohorts.failures("c1", 10)).toEqual([
      { exerciseId: "basics/add", failures: 3, learners: 2 },
      { exerciseId: "basics/sub", failures: 1, learners: 1 },
    ]);
    expect(await store().cohorts.failures("c1", 1)).toHaveLength(1);

    // Deleting the cohort leaves the learners and their work.
    await store().cohorts.delete("c1");
    expect(await store().progress.listForUser("u1")).toHaveLength(1);
  });

  it("line comments: on a submission, for its learner, new until seen, gone with it", async () => {
    await store().submissions.create(submission("s1", "u2"));
    await store().submissions.create(submission("s2", "u2", { exerciseId: "basics/sub" }));
    await store().submissions.create(submission("s3", "u1"));
    const comment = (id: string, submissionId: string, line: number, minute: number) => ({
      id,
      submissionId,
      authorId: "u1",
      file: "add.py",
      line,
      text: `note ${id}`,
      createdAt: at(minute),
      seenAt: null,
    });
    await store().comments.add(comment("k1", "s1", 2, 1));
    await store().comments.add(comment("k2", "s1", 1, 2));
    await store().comments.add(comment("k3", "s2", 1, 3));
    await store().comments.add({ ...comment("k4", "s3", 1, 4), authorId: "u2" });

    const onS1 = await store().comments.forSubmission("s1");
    expect(onS1.map((c) => c.id)).toEqual(["k2", "k1"]);
    expect(onS1[1]).toEqual({
      ...comment("k1", "s1", 2, 1),
      authorName: "Learner u1",
      exerciseId: "basics/add",
      learnerId: "u2",
    });
    expect((await store().comments.forLearner("u2", 10)).map((c) => c.id)).toEqual([
      "k3",
      "k2",
      "k1",
    ]);
    expect(await store().comments.forLearner("u2", 1)).toHaveLength(1);
    expect(await store().comments.unseenCount("u2")).toBe(3);
    expect(await store().comments.unseenCount("u1")).toBe(1);

    // Marking: only the learner's own comments, only once.
    expect(await store().comments.markSeen("u2", at(10), ["k1", "k4"])).toBe(1);
    expect(await store().comments.unseenCount("u1")).toBe(1);
    expect(await store().comments.unseenCount("u2")).toBe(2);
    expect(await store().comments.markSeen("u2", at(11))).toBe(2);
    expect(await store().comments.markSeen("u2", at(12))).toBe(0);
    expect((await store().comments.forSubmission("s1")).map((c) => c.seenAt)).toEqual([
      at(11),
      at(10),
    ]);

    // The author's account goes: the comment stays, without an author.
    expect(await store().users.delete("u1")).toBe(true);
    expect(await store().comments.forSubmission("s1")).toEqual([
      expect.objectContaining({ id: "k2", authorId: null, authorName: null }),
      expect.objectContaining({ id: "k1", authorId: null, authorName: null }),
    ]);
    // The learner's account goes: their submissions and the comments on them go too.
    expect(await store().users.delete("u2")).toBe(true);
    expect(await store().comments.forSubmission("s1")).toEqual([]);
  });
}

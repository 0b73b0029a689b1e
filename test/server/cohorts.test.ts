/**
 * Cohorts on a real server (SQLite, real argon2): who may call each route (learners 403, an
 * instructor only their own cohorts, admins all), invite codes (join, regenerate, turn off),
 * the cohort page's grid and stuck lists, a learner's submissions, the CSV export (quoting and
 * the formula guard), line comments and the learner's end of them, and open modules on submit.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell, newInviteCode, normalizeCode, toCsv } from "../../src/server/cohorts.js";
import { progress, result, submission, user } from "../storage/store-fixtures.js";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

let server: TestServer;
let admin: Learner;
let mentor: Learner;
let otherMentor: Learner;
let lena: Learner;
let omar: Learner;
let outsider: Learner;

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  admin = await signup(server.app, "root@example.com");
  mentor = await signup(server.app, "mia@example.com");
  otherMentor = await signup(server.app, "otto@example.com");
  lena = await signup(server.app, "lena@example.com");
  omar = await signup(server.app, "omar@example.com");
  outsider = await signup(server.app, "olga@example.com");
  await server.store.users.updateRole(admin.id, "admin");
  await server.store.users.updateRole(mentor.id, "mentor");
  await server.store.users.updateRole(otherMentor.id, "mentor");
});
afterAll(async () => {
  await server?.close();
});

const call = (
  who: Learner | null,
  method: InjectOptions["method"],
  url: string,
  payload?: object,
) => server.app.inject({ method, url, payload, headers: who ? as(who) : {} });

async function createCohort(who: Learner, body: object = { name: "Spring 2026" }) {
  const res = await call(who, "POST", "/api/cohorts", body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().cohort as { id: string; inviteCode: string; joinUrl: string; name: string };
}

describe("invite codes", () => {
  it("are 12 unambiguous characters, different each time; typing is forgiving", () => {
    const codes = new Set(Array.from({ length: 200 }, () => newInviteCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(normalizeCode(" abcd-efgh-jkmn ")).toBe("ABCDEFGHJKMN");
  });
});

describe("CSV cells", () => {
  it("quote commas, quotes and line breaks, and keep formulas as text", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+33 6")).toBe("'+33 6");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(
      toCsv([
        ["a", "b"],
        ["c,d", "e"],
      ]),
    ).toBe('a,b\r\n"c,d",e\r\n');
  });
});

describe("cohort API", () => {
  it("refuses learners (403) and anonymous callers (401) on every instructor route", async () => {
    const cohort = await createCohort(mentor, { name: "Guarded" });
    await call(lena, "POST", "/api/cohorts/join", { code: cohort.inviteCode });
    const sub = submission("guard-sub", lena.id, { exerciseId: "mini/add" });
    await server.store.submissions.create(sub);
    const routes: [InjectOptions["method"], string, object?][] = [
      ["GET", "/api/cohorts"],
      ["POST", "/api/cohorts", { name: "Mine" }],
      ["GET", `/api/cohorts/${cohort.id}`],
      ["PATCH", `/api/cohorts/${cohort.id}`, { name: "Renamed" }],
      ["DELETE", `/api/cohorts/${cohort.id}`],
      ["POST", `/api/cohorts/${cohort.id}/invite`],
      ["DELETE", `/api/cohorts/${cohort.id}/invite`],
      ["POST", `/api/cohorts/${cohort.id}/instructors`, { email: "otto@example.com" }],
      ["DELETE", `/api/cohorts/${cohort.id}/instructors/${mentor.id}`],
      ["DELETE", `/api/cohorts/${cohort.id}/members/${lena.id}`],
      ["GET", `/api/cohorts/${cohort.id}/learners/${lena.id}/submissions`],
      [
        "POST",
        `/api/cohorts/${cohort.id}/submissions/${sub.id}/comments`,
        { file: "add.py", line: 1, text: "hi" },
      ],
      ["GET", `/api/cohorts/${cohort.id}/progress.csv`],
    ];
    for (const [method, url, body] of routes) {
      // A learner, even a member of this very cohort.
      const res = await call(lena, method, url, body);
      expect([method, url, res.statusCode]).toEqual([method, url, 403]);
      expect(res.json().error.message).toMatch(/instructors only/);
      expect([method, url, (await call(null, method, url, body)).statusCode]).toEqual([
        method,
        url,
        401,
      ]);
      // An instructor of another cohort.
      if (url !== "/api/cohorts") {
        const other = await call(otherMentor, method, url, body);
        expect([method, url, other.statusCode]).toEqual([method, url, 403]);
      }
    }
    // Nothing changed.
    const after = await server.store.cohorts.byId(cohort.id);
    expect(after).toMatchObject({
      name: "Guarded",
      inviteCode: cohort.inviteCode.replace(/-/g, ""),
    });
    expect(await server.store.comments.forSubmission(sub.id)).toEqual([]);
    expect((await server.store.cohorts.members(cohort.id)).map((m) => m.userId)).toEqual([lena.id]);
  });

  it("an instructor lists only their cohorts; an admin lists and opens all", async () => {
    const mine = await createCohort(mentor, { name: "Mia's class" });
    const theirs = await createCohort(otherMentor, { name: "Otto's class" });
    const names = async (who: Learner) =>
      ((await call(who, "GET", "/api/cohorts")).json().cohorts as { name: string }[]).map(
        (c) => c.name,
      );
    expect(await names(mentor)).toContain("Mia's class");
    expect(await names(mentor)).not.toContain("Otto's class");
    expect(await names(otherMentor)).toEqual(["Otto's class"]);
    expect(await names(admin)).toEqual(expect.arrayContaining(["Mia's class", "Otto's class"]));
    expect((await call(admin, "GET", `/api/cohorts/${theirs.id}`)).statusCode).toBe(200);
    expect((await call(mentor, "GET", `/api/cohorts/${mine.id}`)).statusCode).toBe(200);
    expect((await call(admin, "GET", "/api/cohorts/no-such-cohort")).statusCode).toBe(404);
    // Creating is audit-logged.
    const log = await server.store.audit.list(50);
    expect(log).toContainEqual(
      expect.objectContaining({
        action: "cohort.create",
        actorId: mentor.id,
        targetId: null,
        detail: { cohortId: mine.id, name: "Mia's class" },
      }),
    );
  });

  it("admins assign instructors (mentors or admins only); mentors can't", async () => {
    const cohort = await createCohort(admin, { name: "Assigned" });
    expect((await call(mentor, "GET", `/api/cohorts/${cohort.id}`)).statusCode).toBe(403);
    const byMentor = await call(mentor, "POST", `/api/cohorts/${cohort.id}/instructors`, {
      email: "mia@example.com",
    });
    expect(byMentor.statusCode).toBe(403);
    const learnerAsInstructor = await call(admin, "POST", `/api/cohorts/${cohort.id}/instructors`, {
      email: "lena@example.com",
    });
    expect([learnerAsInstructor.statusCode, learnerAsInstructor.json().error.message]).toEqual([
      409,
      expect.stringContaining("make them a mentor"),
    ]);
    const ok = await call(admin, "POST", `/api/cohorts/${cohort.id}/instructors`, {
      email: "MIA@example.com",
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().instructors.map((i: { userId: string }) => i.userId)).toEqual([mentor.id]);
    expect((await call(mentor, "GET", `/api/cohorts/${cohort.id}`)).statusCode).toBe(200);
    const removed = await call(
      admin,
      "DELETE",
      `/api/cohorts/${cohort.id}/instructors/${mentor.id}`,
    );
    expect(removed.statusCode).toBe(204);
    expect((await call(mentor, "GET", `/api/cohorts/${cohort.id}`)).statusCode).toBe(403);
  });

  it("learners join with the code (or the link's form of it), once; a new code retires the old", async () => {
    const cohort = await createCohort(mentor, { name: "Joinable", startDate: "2026-03-02" });
    expect(cohort.inviteCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(cohort.joinUrl).toMatch(new RegExp(`/#/join/${cohort.inviteCode}$`));
    const typed = cohort.inviteCode.toLowerCase().replace(/-/g, " ");
    const first = await call(omar, "POST", "/api/cohorts/join", { code: typed });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      cohort: { id: cohort.id, name: "Joinable", startDate: "2026-03-02" },
      joined: true,
    });
    expect(
      (await call(omar, "POST", "/api/cohorts/join", { code: cohort.inviteCode })).json(),
    ).toMatchObject({
      joined: false,
    });
    const mine = (await call(omar, "GET", "/api/me/cohorts")).json().cohorts;
    expect(mine).toContainEqual({
      id: cohort.id,
      name: "Joinable",
      startDate: "2026-03-02",
      openModules: null,
    });

    const renewed = (await call(mentor, "POST", `/api/cohorts/${cohort.id}/invite`)).json().cohort;
    expect(renewed.inviteCode).not.toBe(cohort.inviteCode);
    const stale = await call(outsider, "POST", "/api/cohorts/join", { code: cohort.inviteCode });
    expect([stale.statusCode, stale.json().error.code]).toEqual([404, "invalid_code"]);
    expect(
      (await call(outsider, "POST", "/api/cohorts/join", { code: renewed.inviteCode })).statusCode,
    ).toBe(200);

    const off = (await call(mentor, "DELETE", `/api/cohorts/${cohort.id}/invite`)).json().cohort;
    expect([off.inviteCode, off.joinUrl]).toEqual([null, null]);
    expect(
      (await call(lena, "POST", "/api/cohorts/join", { code: renewed.inviteCode })).statusCode,
    ).toBe(404);

    // Leaving, and an instructor removing a member.
    expect((await call(outsider, "DELETE", `/api/me/cohorts/${cohort.id}`)).statusCode).toBe(204);
    expect((await call(outsider, "DELETE", `/api/me/cohorts/${cohort.id}`)).statusCode).toBe(404);
    expect(
      (await call(mentor, "DELETE", `/api/cohorts/${cohort.id}/members/${omar.id}`)).statusCode,
    ).toBe(204);
    expect(await server.store.cohorts.members(cohort.id)).toEqual([]);
  });

  it("the cohort page: grid, stuck exercises, inactive learners, a learner's submissions", async () => {
    const cohort = await createCohort(mentor, { name: "Grid" });
    const mira = await signup(server.app, "mira@example.com");
    const noah = await signup(server.app, "noah@example.com");
    for (const who of [mira, noah])
      await call(who, "POST", "/api/cohorts/join", { code: cohort.inviteCode });
    const s = server.store;
    await s.progress.put(progress(mira.id, "mini/add", { state: "passed", attempts: 2 }));
    await s.progress.put(progress(mira.id, "mini/greet", { state: "attempted", attempts: 4 }));
    await s.progress.put(progress(noah.id, "mini/greet", { state: "started", attempts: 0 }));
    let n = 0;
    const graded = async (who: Learner, exerciseId: string, pass: boolean, code: string) => {
      const id = `grid-${++n}`;
      await s.submissions.create(
        submission(id, who.id, {
          exerciseId,
          createdAt: new Date(Date.now() - (100 - n) * 1000).toISOString(),
          files: [{ path: exerciseId === "mini/add" ? "add.py" : "greet.py", content: code }],
        }),
      );
      await s.submissions.saveResult(id, result(pass ? "pass" : "fail"), new Date().toISOString());
      return id;
    };
    await graded(mira, "mini/greet", false, "def greet():\n    pass\n");
    await graded(mira, "mini/greet", false, "def greet():\n    return 1\n");
    const last = await graded(mira, "mini/greet", false, "def greet(name):\n    return name\n");
    await graded(mira, "mini/add", true, "def add(a, b):\n    return a + b\n");

    const page = await call(
      mentor,
      "GET",
      `/api/cohorts/${cohort.id}?minFailures=3&inactiveDays=5`,
    );
    expect(page.statusCode, page.body).toBe(200);
    const o = page.json();
    expect(o.exercises.map((e: { id: string }) => e.id)).toEqual(["mini/add", "mini/greet"]);
    expect(o.grid).toEqual({ [mira.id]: { "mini/add": "passed", "mini/greet": "attempted" } });
    expect(
      o.learners.map((l: { displayName: string; passed: number }) => [l.displayName, l.passed]),
    ).toEqual([
      ["mira", 1],
      ["noah", 0],
    ]);
    expect(o.stuck.exercises).toEqual([
      { exerciseId: "mini/greet", title: expect.any(String), failures: 3, learners: 1 },
    ]);
    // Both signed up (a session) just now: nobody inactive for 5 days.
    expect(o.stuck.inactive).toEqual([]);
    const later = await call(mentor, "GET", `/api/cohorts/${cohort.id}?minFailures=4`);
    expect(later.json().stuck.exercises).toEqual([]);

    // Two quiet members: one never active, one whose last submission was 10 days ago.
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    await s.users.create(user("quiet-1", "quiet1@example.com", { displayName: "Quinn" }));
    await s.users.create(user("quiet-2", "quiet2@example.com", { displayName: "Rosa" }));
    await s.cohorts.addMember(cohort.id, "quiet-1", daysAgo(20));
    await s.cohorts.addMember(cohort.id, "quiet-2", daysAgo(20));
    const tenDaysAgo = daysAgo(10);
    await s.submissions.create(submission("old-1", "quiet-2", { createdAt: tenDaysAgo }));
    const inactive = async (days: number) =>
      (await call(mentor, "GET", `/api/cohorts/${cohort.id}?inactiveDays=${days}`))
        .json()
        .stuck.inactive.map((l: { displayName: string; lastActiveAt: string | null }) => [
          l.displayName,
          l.lastActiveAt,
        ]);
    expect(await inactive(5)).toEqual([
      ["Quinn", null],
      ["Rosa", tenDaysAgo],
    ]);
    expect(await inactive(30)).toEqual([["Quinn", null]]);

    const subs = await call(
      mentor,
      "GET",
      `/api/cohorts/${cohort.id}/learners/${mira.id}/submissions?exercise=mini/greet`,
    );
    expect(subs.statusCode).toBe(200);
    expect(subs.json().submissions.map((x: { id: string }) => x.id)[0]).toBe(last);
    expect(subs.json().submissions[0]).toMatchObject({
      verdict: "fail",
      files: [{ path: "greet.py", content: "def greet(name):\n    return name\n" }],
      failures: [{ name: "test_adds", message: "assert 3 == 4" }],
    });
    // Not a member of this cohort: 404, even for its instructor.
    expect(
      (await call(mentor, "GET", `/api/cohorts/${cohort.id}/learners/${lena.id}/submissions`))
        .statusCode,
    ).toBe(404);
  });

  it("exports the grid as CSV, quoted, with formulas kept as text", async () => {
    const cohort = await createCohort(mentor, { name: "CSV class, 2026" });
    const eve = await signup(server.app, "eve@example.com");
    const sam = await signup(server.app, "sam@example.com");
    await server.store.users.updateProfile(eve.id, {
      displayName: '=HYPERLINK("http://evil","x")',
      timeZone: "UTC",
    });
    await server.store.users.updateProfile(sam.id, {
      displayName: 'Smith, "Sam"',
      timeZone: "UTC",
    });
    for (const who of [eve, sam])
      await call(who, "POST", "/api/cohorts/join", { code: cohort.inviteCode });
    await server.store.progress.put(progress(sam.id, "mini/add", { state: "passed" }));

    const res = await call(mentor, "GET", `/api/cohorts/${cohort.id}/progress.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(
      'attachment; filename="CSV-class-2026-progress.csv"',
    );
    const lines = res.body.split("\r\n");
    expect(lines[0]).toBe("learner,email,joined,last active,passed,attempted,mini/add,mini/greet");
    expect(lines).toHaveLength(4); // header, two learners, the final empty string
    const eveLine = lines.find((l) => l.includes("eve@example.com"))!;
    expect(eveLine.startsWith(`"'=HYPERLINK(""http://evil"",""x"")",eve@example.com,`)).toBe(true);
    expect(eveLine.endsWith(",0,0,not-started,not-started")).toBe(true);
    const samLine = lines.find((l) => l.includes("sam@example.com"))!;
    expect(samLine.startsWith('"Smith, ""Sam""",sam@example.com,')).toBe(true);
    expect(samLine.endsWith(",1,0,passed,not-started")).toBe(true);
    expect(lines[3]).toBe("");
  });

  it("line comments: the instructor comments a line, the learner reads it and marks it seen", async () => {
    const cohort = await createCohort(mentor, { name: "Comments" });
    const kim = await signup(server.app, "kim@example.com");
    await call(kim, "POST", "/api/cohorts/join", { code: cohort.inviteCode });
    const sub = submission("kim-sub", kim.id, {
      exerciseId: "mini/add",
      files: [{ path: "add.py", content: "def add(a, b):\n    return a - b\n" }],
    });
    await server.store.submissions.create(sub);
    const url = `/api/cohorts/${cohort.id}/submissions/${sub.id}/comments`;
    const bad = [
      [{ file: "other.py", line: 1, text: "x" }, 400, "unknown_file"],
      [{ file: "add.py", line: 9, text: "x" }, 400, "unknown_line"],
      [{ file: "add.py", line: 1, text: "   " }, 400, "invalid_request"],
    ] as const;
    for (const [body, status, code] of bad) {
      const res = await call(mentor, "POST", url, body);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    }
    // A submission of someone outside the cohort.
    const stranger = submission("stranger-sub", outsider.id);
    await server.store.submissions.create(stranger);
    expect(
      (
        await call(
          mentor,
          "POST",
          `/api/cohorts/${cohort.id}/submissions/${stranger.id}/comments`,
          {
            file: "add.py",
            line: 1,
            text: "x",
          },
        )
      ).statusCode,
    ).toBe(404);

    const made = await call(mentor, "POST", url, {
      file: "add.py",
      line: 2,
      text: "Subtract? Check the sign.",
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().comment).toMatchObject({
      file: "add.py",
      line: 2,
      author: "mia",
      seenAt: null,
    });
    const audit = await server.store.audit.list(20);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: "comment.add",
        actorId: mentor.id,
        targetId: kim.id,
        detail: { cohortId: cohort.id, submissionId: sub.id, file: "add.py", line: 2 },
      }),
    );

    const mine = (await call(kim, "GET", "/api/me/comments?exercise=mini/add")).json();
    expect(mine.unseen).toBe(1);
    expect(mine.comments).toEqual([
      expect.objectContaining({ submissionId: sub.id, line: 2, text: "Subtract? Check the sign." }),
    ]);
    expect(
      (await call(kim, "GET", "/api/me/comments?exercise=mini/greet")).json().comments,
    ).toEqual([]);
    // Someone else's comments are not theirs to see or mark.
    expect((await call(outsider, "GET", "/api/me/comments")).json()).toEqual({
      unseen: 0,
      comments: [],
    });
    expect((await call(outsider, "POST", "/api/me/comments/seen", {})).json()).toEqual({
      marked: 0,
    });
    expect((await call(kim, "POST", "/api/me/comments/seen", {})).json()).toEqual({ marked: 1 });
    expect((await call(kim, "GET", "/api/me/comments")).json().unseen).toBe(0);
    // The instructor sees it with the submission.
    const subs = await call(
      mentor,
      "GET",
      `/api/cohorts/${cohort.id}/learners/${kim.id}/submissions`,
    );
    expect(subs.json().submissions[0].comments).toEqual([expect.objectContaining({ line: 2 })]);
    // The learner's data export has the class and the comment.
    const exported = (await call(kim, "GET", "/api/me/export")).json();
    expect(exported.cohorts).toEqual([{ id: cohort.id, name: "Comments", startDate: null }]);
    expect(exported.comments).toEqual([
      expect.objectContaining({
        submissionId: sub.id,
        file: "add.py",
        line: 2,
        text: "Subtract? Check the sign.",
        author: "mia",
      }),
    ]);
  });

  it("open modules: a member submits only in a module the cohort opened", async () => {
    const cohort = await createCohort(mentor, { name: "Modules", openModules: [] });
    const pat = await signup(server.app, "pat@example.com");
    const submit = () =>
      call(pat, "POST", "/api/exercises/mini/add/submissions", {
        files: [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }],
      });
    expect((await submit()).statusCode).toBe(202); // in no cohort yet
    await call(pat, "POST", "/api/cohorts/join", { code: cohort.inviteCode });
    const closed = await submit();
    expect([closed.statusCode, closed.json().error.message]).toEqual([
      403,
      "your cohort (Modules) has not opened this module yet: ask your instructor",
    ]);
    const unknown = await call(mentor, "PATCH", `/api/cohorts/${cohort.id}`, {
      openModules: ["nope"],
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, "unknown_module"]);
    const opened = await call(mentor, "PATCH", `/api/cohorts/${cohort.id}`, {
      openModules: ["basics"],
    });
    expect(opened.json().cohort.openModules).toEqual(["basics"]);
    expect((await submit()).statusCode).toBe(202);
  });
});

/**
 * Skills, continued (issue #16) against a real server (SQLite, the fixture course mini/add →
 * mini/greet, the bundled skills map, a real grading worker): a skill's page, a résumé against a
 * posting, a pinned goal with its progress (private to its learner), and items hidden from the
 * public profile (absent from the API and the HTML).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

let server: TestServer;
let ada: Learner;
let bob: Learner;

beforeAll(async () => {
  server = await startTestServer();
  ada = await signup(server.app, "ada.goal@example.com");
  bob = await signup(server.app, "bob.goal@example.com");
});
afterAll(async () => {
  await server?.close();
});

const inject = (
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  learner?: Learner,
  payload?: unknown,
) =>
  server.app.inject({
    method,
    url,
    headers: learner ? as(learner) : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function pass(learner: Learner, slug: string, file: string, content: string) {
  const res = await inject("POST", `/api/exercises/mini/${slug}/submissions`, learner, {
    files: [{ path: file, content }],
  });
  expect([200, 202]).toContain(res.statusCode);
  const done = await server.app.inject({
    method: "GET",
    url: `/api/submissions/${(res.json() as { id: string }).id}?wait=25`,
    headers: as(learner, false),
  });
  expect(done.json().result?.status).toBe("pass");
}
const passAdd = (l: Learner) => pass(l, "add", "add.py", "def add(a, b):\n    return a + b\n");
const passGreet = (l: Learner) =>
  pass(l, "greet", "greet.py", 'def greet(name):\n    return f"Hello, {name}!"\n');

describe("a skill's page", () => {
  it("what it is, the three levels, the exercises that verify it, related skills both ways", async () => {
    const res = await inject("GET", "/api/skills/python");
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ id: "python", name: "Python", teaches: true, mine: null });
    for (const level of ["junior", "mid", "senior"])
      expect(page.levels[level].length).toBeGreaterThan(30);
    expect(page.exercises).toEqual([{ id: "mini/greet", title: "Greet", minutes: 2 }]);
    // The fixture's only lesson is about arithmetic: not Python's concepts.
    expect(page.lessons).toEqual([]);
    const related = page.related.map((r: { id: string }) => r.id);
    expect(related).toContain("standard-library"); // Python names it
    expect(related).toContain("functional-python"); // it names Python
    expect(page.synonyms).toContain("python3");
  });

  it("a skill PyDojo doesn't teach says so, with no exercises; an unknown one is a 404", async () => {
    const k8s = (await inject("GET", "/api/skills/kubernetes")).json();
    expect(k8s).toMatchObject({ teaches: false, exercises: [], lessons: [] });
    expect((await inject("GET", "/api/skills/no-such-skill")).statusCode).toBe(404);
  });

  it("signed in: the caller's status and evidence", async () => {
    const before = (await inject("GET", "/api/skills/python", bob)).json();
    expect(before.mine).toEqual({
      status: "not-yet",
      evidence: [],
      hidden: false,
      hiddenExercises: [],
    });
  });
});

describe("a résumé against a posting", () => {
  it("claims verified here or not, and what the posting asks that the résumé doesn't mention", async () => {
    const res = await inject("POST", "/api/skills/gap", bob, {
      text: "Requirements:\n- Python\n- Kubernetes\n- Git",
      resume: "Bob B.\nSkills: Python, Kubernetes, Rust",
    });
    expect(res.statusCode).toBe(200);
    const { resume } = res.json();
    expect(
      resume.claimed.map((c: { id: string; status: string; inPosting: boolean }) => [
        c.id,
        c.status,
        c.inPosting,
      ]),
    ).toEqual([
      ["python", "missing", true],
      ["kubernetes", "not-taught", true],
      ["rust", "not-taught", false],
    ]);
    expect(resume.unmentioned).toEqual([
      { id: "git", name: "Git", required: true, status: "missing" },
    ]);
    // Without a résumé there is no comparison; an empty or oversized one is refused.
    const plain = await inject("POST", "/api/skills/gap", bob, { text: "Python" });
    expect(plain.json().resume).toBeUndefined();
    expect(
      (await inject("POST", "/api/skills/gap", bob, { text: "Python", resume: "" })).statusCode,
    ).toBe(400);
    const big = await inject("POST", "/api/skills/gap", bob, {
      text: "Python",
      resume: "Git ".repeat(30_000),
    });
    expect(big.statusCode).toBe(413);
  });
});

type Goal = {
  postingTitle: string;
  total: number;
  passed: number;
  hoursLeft: number;
  next: { id: string; title: string } | null;
  steps: { id: string; passed: boolean }[];
};

describe("a pinned goal", () => {
  it("needs a login; refuses exercises the server doesn't have and empty titles", async () => {
    expect((await inject("GET", "/api/me/goal")).statusCode).toBe(401);
    expect(
      (await inject("POST", "/api/me/goal", undefined, { postingTitle: "x", path: ["mini/add"] }))
        .statusCode,
    ).toBe(401);
    const unknown = await inject("POST", "/api/me/goal", ada, {
      postingTitle: "Acme",
      path: ["mini/add", "mini/nope"],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("mini/nope");
    const blank = await inject("POST", "/api/me/goal", ada, {
      postingTitle: " \u0000 ",
      path: ["mini/add"],
    });
    expect(blank.statusCode).toBe(400);
    expect((await inject("GET", "/api/me/goal", ada)).json()).toEqual({ goal: null });
  });

  it("pinned: progress is steps passed over the total, with the next step; private; unpinned", async () => {
    const pinned = await inject("POST", "/api/me/goal", ada, {
      postingTitle: "Junior\tbackend at Acme",
      path: ["mini/add", "mini/greet", "mini/add"],
    });
    expect(pinned.statusCode).toBe(200);
    let goal = pinned.json().goal as Goal;
    expect(goal).toMatchObject({
      postingTitle: "Junior backend at Acme",
      total: 2,
      passed: 0,
      next: { id: "mini/add", title: "Add" },
    });
    expect(goal.hoursLeft).toBeGreaterThan(0);
    // Bob has no goal and cannot see Ada's.
    expect((await inject("GET", "/api/me/goal", bob)).json()).toEqual({ goal: null });

    await passAdd(ada);
    goal = (await inject("GET", "/api/me/goal", ada)).json().goal as Goal;
    expect([goal.passed, goal.total, goal.next?.id]).toEqual([1, 2, "mini/greet"]);
    expect(goal.steps.map((s) => [s.id, s.passed])).toEqual([
      ["mini/add", true],
      ["mini/greet", false],
    ]);
    await passGreet(ada);
    goal = (await inject("GET", "/api/me/goal", ada)).json().goal as Goal;
    expect([goal.passed, goal.total, goal.next, goal.hoursLeft]).toEqual([2, 2, null, 0]);

    // Without the CSRF header a cookie session can't unpin.
    const csrf = await server.app.inject({
      method: "DELETE",
      url: "/api/me/goal",
      headers: as(ada, false),
    });
    expect(csrf.statusCode).toBe(403);
    expect((await inject("DELETE", "/api/me/goal", bob)).statusCode).toBe(204);
    expect((await inject("GET", "/api/me/goal", ada)).json().goal).not.toBeNull();
    expect((await inject("DELETE", "/api/me/goal", ada)).statusCode).toBe(204);
    expect((await inject("GET", "/api/me/goal", ada)).json()).toEqual({ goal: null });
  });
});

describe("hiding items from the public profile", () => {
  it("a hidden skill or exercise is absent from /api/profiles and /u; shown again after", async () => {
    // Ada passed add and greet above: Python is verified by Greet.
    await inject("PUT", "/api/me/profile", ada, { handle: "ada-goal", public: true });
    const shown = async () => {
      const api = await inject("GET", "/api/profiles/ada-goal");
      const html = await inject("GET", "/u/ada-goal");
      expect([api.statusCode, html.statusCode]).toEqual([200, 200]);
      return { api: api.body, count: api.json().verifiedCount as number, html: html.body };
    };
    let view = await shown();
    expect(view.count).toBe(1);
    expect(view.api).toContain('"python"');
    expect(view.html).toContain('data-skill="python"');

    const hide = await inject("PUT", "/api/me/profile/hidden", ada, {
      kind: "skill",
      id: "python",
      hidden: true,
    });
    expect(hide.json()).toEqual({ hidden: [{ kind: "skill", id: "python" }] });
    view = await shown();
    expect(view.count).toBe(0);
    expect(view.api).not.toContain("python");
    expect(view.html).not.toContain('data-skill="python"');
    expect(view.html).not.toContain("Greet");
    // The learner still sees it as verified, and marked hidden, on the skill's page.
    const mine = (await inject("GET", "/api/skills/python", ada)).json().mine;
    expect([mine.status, mine.hidden]).toEqual(["verified", true]);

    await inject("PUT", "/api/me/profile/hidden", ada, {
      kind: "skill",
      id: "python",
      hidden: false,
    });
    expect((await shown()).count).toBe(1);

    // Hiding the only exercise that proves Python hides the skill with it.
    await inject("PUT", "/api/me/profile/hidden", ada, {
      kind: "exercise",
      id: "mini/greet",
      hidden: true,
    });
    view = await shown();
    expect(view.count).toBe(0);
    expect(view.api).not.toContain("mini/greet");
    expect(view.html).not.toContain("Greet");
    expect((await inject("GET", "/api/me/profile/hidden", ada)).json()).toEqual({
      hidden: [{ kind: "exercise", id: "mini/greet" }],
    });
    // Bob's hidden list is his own.
    expect((await inject("GET", "/api/me/profile/hidden", bob)).json()).toEqual({ hidden: [] });
    // Ada's export holds it, with her profile settings.
    await inject("POST", "/api/me/goal", ada, { postingTitle: "Kept", path: ["mini/greet"] });
    const exported = (
      await server.app.inject({ url: "/api/me/export", headers: as(ada, false) })
    ).json();
    expect(exported.publicProfile).toEqual({
      handle: "ada-goal",
      public: true,
      hidden: [{ kind: "exercise", id: "mini/greet" }],
    });
    expect(exported.goal).toMatchObject({ postingTitle: "Kept", path: ["mini/greet"] });
  });

  it("refuses unknown items and needs a login", async () => {
    for (const payload of [
      { kind: "skill", id: "no-such-skill", hidden: true },
      { kind: "exercise", id: "mini/nope", hidden: true },
      { kind: "lesson", id: "mini/adding", hidden: true },
    ])
      expect((await inject("PUT", "/api/me/profile/hidden", ada, payload)).statusCode).toBe(400);
    expect(
      (await inject("PUT", "/api/me/profile/hidden", undefined, { kind: "skill", id: "python" }))
        .statusCode,
    ).toBe(401);
  });
});

/**
 * Skills on the server (issue #16) against a real server: SQLite in a temp dir, the fixture
 * course (mini/add: arithmetic; mini/greet: strings, after add), the bundled skills map (Python's
 * concepts include strings) and a real grading worker on the sandbox runner. Evidence comes only
 * from passed server verdicts; the public profile is opt-in and never shows an email.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentCatalog } from "../../src/server/catalog.js";
import {
  as,
  FIXTURE_CONTENT,
  signup,
  startTestServer,
  type Learner,
  type TestServer,
} from "./harness.js";

let server: TestServer;
let ada: Learner;
let bob: Learner;

beforeAll(async () => {
  server = await startTestServer();
  ada = await signup(server.app, "ada.lovelace@example.com");
  bob = await signup(server.app, "bob.secret@example.com");
});
afterAll(async () => {
  await server?.close();
});

async function pass(learner: Learner, slug: string, file: string, content: string) {
  const res = await server.app.inject({
    method: "POST",
    url: `/api/exercises/mini/${slug}/submissions`,
    headers: as(learner),
    payload: { files: [{ path: file, content }] },
  });
  expect([200, 202]).toContain(res.statusCode);
  const done = await server.app.inject({
    method: "GET",
    url: `/api/submissions/${(res.json() as { id: string }).id}?wait=25`,
    headers: as(learner, false),
  });
  expect(done.json().result?.status).toBe("pass");
}

const inject = (
  method: "GET" | "POST" | "PUT",
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

type Gap = {
  skills: { id: string; status: string; required: boolean; evidence: string[] }[];
  path: { id: string; minutes: number; skills: string[] }[];
  hours: number;
};
const POSTING = `Junior backend developer
Requirements:
- Python 3
- Kubernetes
Nice to have:
- Redis`;

describe("skills API", () => {
  it("GET /api/skills: the map, each skill with the exercises that give evidence of it", async () => {
    const res = await inject("GET", "/api/skills");
    expect(res.statusCode).toBe(200);
    const skills = res.json().skills as {
      id: string;
      teaches: boolean;
      exercises: { id: string; title: string }[];
    }[];
    expect(skills.length).toBeGreaterThan(50);
    expect(skills.find((s) => s.id === "python")!.exercises).toEqual([
      { id: "mini/greet", title: "Greet" },
    ]);
    const k8s = skills.find((s) => s.id === "kubernetes")!;
    expect(k8s.teaches).toBe(false);
    expect(k8s.exercises).toEqual([]);
  });

  it("needs a login for the caller's skills and the gap", async () => {
    expect((await inject("GET", "/api/me/skills")).statusCode).toBe(401);
    expect(
      (await inject("POST", "/api/skills/gap", undefined, { text: "Python" })).statusCode,
    ).toBe(401);
  });

  it("a posting before passing anything: Python missing with a path, Kubernetes not taught", async () => {
    const res = await inject("POST", "/api/skills/gap", ada, { text: POSTING });
    expect(res.statusCode).toBe(200);
    const gap = res.json() as Gap;
    const byId = new Map(gap.skills.map((s) => [s.id, s]));
    expect(byId.get("python")).toMatchObject({ status: "missing", required: true });
    expect(byId.get("kubernetes")).toMatchObject({ status: "not-taught", required: true });
    expect(byId.get("redis")).toMatchObject({ status: "not-taught", required: false });
    // greet carries Python's concepts; add is its prerequisite and comes first.
    expect(gap.path.map((p) => p.id)).toEqual(["mini/add", "mini/greet"]);
    expect(gap.path[1]!.skills).toEqual(["python"]);
  });

  it("refuses a text over 100 KB and a body without text", async () => {
    const big = await inject("POST", "/api/skills/gap", ada, { text: "Python ".repeat(15_000) });
    expect(big.statusCode).toBe(413);
    expect((await inject("POST", "/api/skills/gap", ada, {})).statusCode).toBe(400);
    expect((await inject("POST", "/api/skills/gap", ada, { text: "x", extra: 1 })).statusCode).toBe(
      400,
    );
  });

  it("a passed server verdict verifies the skill, with the exercise and its date", async () => {
    const before = (await inject("GET", "/api/me/skills", ada)).json().skills as {
      id: string;
      status: string;
    }[];
    expect(before.find((s) => s.id === "python")!.status).toBe("not-yet");
    await pass(ada, "add", "add.py", "def add(a, b):\n    return a + b\n");
    await pass(ada, "greet", "greet.py", 'def greet(name):\n    return f"Hello, {name}!"\n');
    const after = (await inject("GET", "/api/me/skills", ada)).json().skills as {
      id: string;
      status: string;
      evidence: { id: string; title: string; passedAt: string }[];
    }[];
    const python = after.find((s) => s.id === "python")!;
    expect(python.status).toBe("verified");
    expect(python.evidence).toHaveLength(1);
    expect(python.evidence[0]).toMatchObject({ id: "mini/greet", title: "Greet" });
    expect(Date.parse(python.evidence[0]!.passedAt)).toBeGreaterThan(Date.now() - 120_000);
    // Bob's progress is his own.
    const bobs = (await inject("GET", "/api/me/skills", bob)).json().skills as {
      id: string;
      status: string;
    }[];
    expect(bobs.find((s) => s.id === "python")!.status).toBe("not-yet");

    const gap = (await inject("POST", "/api/skills/gap", ada, { text: POSTING })).json() as Gap;
    expect(gap.skills.find((s) => s.id === "python")).toMatchObject({
      status: "verified",
      evidence: ["mini/greet"],
    });
    expect(gap.path).toEqual([]);
    expect(gap.hours).toBe(0);
  });
});

describe("gap reports are limited per user", () => {
  it("answers 429 with Retry-After after 10 in a minute, for that user only", async () => {
    const carol = await signup(server.app, "carol@example.com");
    for (let i = 0; i < 10; i++)
      expect((await inject("POST", "/api/skills/gap", carol, { text: "Python" })).statusCode).toBe(
        200,
      );
    const refused = await inject("POST", "/api/skills/gap", carol, { text: "Python" });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await inject("POST", "/api/skills/gap", bob, { text: "Python" })).statusCode).toBe(200);
  });
});

describe("public profile", () => {
  it("settings: a handle, public only with one, unique, validated", async () => {
    expect((await inject("GET", "/api/me/profile", ada)).json()).toEqual({
      handle: null,
      public: false,
    });
    const noHandle = await inject("PUT", "/api/me/profile", ada, { handle: null, public: true });
    expect(noHandle.statusCode).toBe(400);
    const bad = await inject("PUT", "/api/me/profile", ada, { handle: "a b", public: false });
    expect(bad.statusCode).toBe(400);
    const ok = await inject("PUT", "/api/me/profile", ada, { handle: "Ada-L", public: false });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ handle: "ada-l", public: false });
    const taken = await inject("PUT", "/api/me/profile", bob, { handle: "ADA-L", public: true });
    expect(taken.statusCode).toBe(409);
    // Without the CSRF header a cookie session can't change it.
    const csrf = await server.app.inject({
      method: "PUT",
      url: "/api/me/profile",
      headers: as(ada, false),
      payload: { handle: "ada-l", public: true },
    });
    expect(csrf.statusCode).toBe(403);
  });

  it("404 while off, for an unknown handle and for a malformed one (API and page)", async () => {
    for (const url of [
      "/api/profiles/ada-l",
      "/u/ada-l",
      "/api/profiles/nobody-here",
      "/u/nobody-here",
      "/api/profiles/%3Cscript%3E",
    ]) {
      const res = await inject("GET", url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain("ada.lovelace");
      expect(res.body).not.toContain("<script>");
    }
  });

  it("when on: name, level, XP, streak, verified skills by area with evidence; no email", async () => {
    await inject("PUT", "/api/me/profile", ada, { handle: "ada-l", public: true });
    const res = await inject("GET", "/api/profiles/ADA-L");
    expect(res.statusCode).toBe(200);
    const profile = res.json();
    expect(profile).toMatchObject({
      handle: "ada-l",
      displayName: "ada.lovelace",
      verifiedCount: 1,
    });
    expect(profile.xp).toBeGreaterThan(0);
    expect(profile.level).toBeGreaterThanOrEqual(1);
    expect(profile.areas).toEqual([
      {
        area: "languages",
        skills: [
          {
            id: "python",
            name: "Python",
            evidence: [{ id: "mini/greet", title: "Greet", passedAt: expect.any(String) }],
            verify: "/api/profiles/ada-l/skills/python",
          },
        ],
      },
    ]);
    expect(Object.keys(profile).sort()).toEqual(
      [
        "areas",
        "displayName",
        "handle",
        "level",
        "projects",
        "streakDays",
        "verifiedCount",
        "xp",
      ].sort(),
    );
    expect(res.body).not.toContain("@example.com");

    const html = await inject("GET", "/u/ada-l");
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body).toContain("ada.lovelace</h1>");
    expect(html.body).toContain('data-skill="python"');
    expect(html.body).toContain("Greet");
    expect(html.body).not.toContain("@example.com");
    expect(html.body).not.toContain("def greet"); // no code
    expect(html.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(html.body).toContain('href="/api/profiles/ada-l/skills/python"');

    // The verification URL: the claim as the server records it; a skill not verified is 404.
    const check = await inject("GET", "/api/profiles/ada-l/skills/python");
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({
      handle: "ada-l",
      skill: { id: "python", name: "Python" },
      verified: true,
      evidence: [{ id: "mini/greet", title: "Greet" }],
    });
    expect(check.body).not.toContain("@example.com");
    expect((await inject("GET", "/api/profiles/ada-l/skills/kubernetes")).statusCode).toBe(404);

    // Turned off again: gone.
    await inject("PUT", "/api/me/profile", ada, { handle: "ada-l", public: false });
    expect((await inject("GET", "/api/profiles/ada-l")).statusCode).toBe(404);
    expect((await inject("GET", "/api/profiles/ada-l/skills/python")).statusCode).toBe(404);
    expect((await inject("GET", "/u/ada-l")).statusCode).toBe(404);
  });

  it("escapes what a learner chose as display name on the page", async () => {
    await inject("PUT", "/api/me/profile", bob, { handle: "bob", public: true });
    const renamed = await server.app.inject({
      method: "PATCH",
      url: "/api/me",
      headers: as(bob),
      payload: { displayName: '<img src=x onerror="alert(1)">', timeZone: "UTC" },
    });
    expect(renamed.statusCode).toBe(200);
    const html = await inject("GET", "/u/bob");
    expect(html.statusCode).toBe(200);
    expect(html.body).not.toContain("<img src=x");
    expect(html.body).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html.body).toContain("No verified skills yet");
  });
});

describe("the skills map at start", () => {
  it("an invalid map stops the catalog from loading, naming the file and the problem", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-skills-"));
    mkdirSync(path.join(dir, "skills"));
    writeFileSync(
      path.join(dir, "skills", "skills.json"),
      JSON.stringify({ version: 1, description: "", skills: [{ id: "Bad Id" }] }),
    );
    await expect(ContentCatalog.load(dir)).rejects.toThrow(/skills\.json is invalid: skills\.0/);
    writeFileSync(path.join(dir, "skills", "skills.json"), "{ not json");
    await expect(ContentCatalog.load(dir)).rejects.toThrow(/cannot load the skills map/);
  });

  it("content without a map gets the bundled one", async () => {
    const catalog = await ContentCatalog.load(FIXTURE_CONTENT);
    expect(catalog.skills.skills.some((s) => s.id === "python")).toBe(true);
  });
});

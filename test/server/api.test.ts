/**
 * The HTTP API against a real server: SQLite in a temp dir, the fixture course, and a real
 * grading worker on the sandbox runner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

const ADD_OK = [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }];
const ADD_BAD = [{ path: "add.py", content: "def add(a, b):\n    return a - b\n" }];

let server: TestServer;
let ada: Learner;
let bob: Learner;

beforeAll(async () => {
  server = await startTestServer();
  ada = await signup(server.app, "ada@example.com");
  bob = await signup(server.app, "bob@example.com");
});
afterAll(async () => {
  await server?.close();
});

async function submitAndWait(
  learner: Learner,
  files: { path: string; content: string }[],
  key?: string,
) {
  const res = await server.app.inject({
    method: "POST",
    url: "/api/exercises/mini/add/submissions",
    headers: as(learner),
    payload: { files, ...(key ? { idempotencyKey: key } : {}) },
  });
  expect([200, 202]).toContain(res.statusCode);
  const { id } = res.json() as { id: string };
  const done = await server.app.inject({
    method: "GET",
    url: `/api/submissions/${id}?wait=20`,
    headers: as(learner, false),
  });
  return done.json() as { id: string; status: string; result: { status: string } | null };
}

describe("accounts", () => {
  it("sets an httpOnly, SameSite session cookie and knows who is logged in", async () => {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ADA@example.com", password: "correct horse battery" },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers["set-cookie"])).toMatch(
      /^pydojo_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const me = await server.app.inject({ method: "GET", url: "/api/me", headers: as(ada, false) });
    expect(me.json()).toMatchObject({
      user: { email: "ada@example.com", role: "learner", timeZone: "UTC" },
      via: "session",
    });
  });

  it("rejects a wrong password and a duplicate email with clear errors", async () => {
    const bad = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ada@example.com", password: "nope nope nope" },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({
      error: { code: "bad_credentials", message: "the email or the password is wrong" },
    });
    const dup = await server.app.inject({
      method: "POST",
      url: "/api/auth/signup",
      payload: { email: "Ada@Example.com", password: "long enough pw", displayName: "A" },
    });
    expect(dup.statusCode).toBe(409);
  });

  it("validates signup fields and names the field", async () => {
    const res = await server.app.inject({
      method: "POST",
      url: "/api/auth/signup",
      payload: { email: "x@example.com", password: "short", displayName: "X" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: "invalid_request", message: "password: must be at least 10 characters" },
    });
  });

  it("rate-limits login attempts with 429 and Retry-After", async () => {
    let last;
    for (let i = 0; i < 12; i++) {
      last = await server.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "victim@example.com", password: "guess guess " + i },
      });
    }
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("creates API tokens that work without CSRF, are stored hashed, and stop working when revoked", async () => {
    const created = await server.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: as(ada),
      payload: { name: "laptop" },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    expect(token).toMatch(/^pdj_/);
    const listed = (await server.store.tokens.listForUser(ada.id))[0]!;
    expect(listed.tokenHash).not.toContain(token);
    const me = await server.app.inject({
      method: "GET",
      url: "/api/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ via: "token", user: { email: "ada@example.com" } });
    const draft = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: { authorization: `Bearer ${token}` },
      payload: { files: ADD_BAD },
    });
    expect(draft.statusCode).toBe(200);
    expect(
      (await server.app.inject({ method: "DELETE", url: `/api/tokens/${id}`, headers: as(ada) }))
        .statusCode,
    ).toBe(204);
    const after = await server.app.inject({
      method: "GET",
      url: "/api/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("invalid_token");
  });
});

describe("access control", () => {
  it("requires a session or token", async () => {
    for (const [method, url] of [
      ["GET", "/api/me"],
      ["GET", "/api/progress"],
      ["GET", "/api/exercises/mini/add/draft"],
      ["POST", "/api/exercises/mini/add/submissions"],
      ["GET", "/api/submissions"],
    ] as const) {
      const res = await server.app.inject({
        method,
        url,
        payload: method === "POST" ? { files: ADD_OK } : undefined,
      });
      expect([url, res.statusCode]).toEqual([url, 401]);
    }
  });

  it("refuses cookie-authenticated writes without the CSRF token", async () => {
    const res = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: as(ada, false),
      payload: { files: ADD_OK },
    });
    expect(res.statusCode).toBe(403);
    const wrong = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: { cookie: ada.cookie, "x-csrf-token": bob.csrf },
      payload: { files: ADD_OK },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it("keeps each learner's drafts and submissions their own", async () => {
    await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: as(ada),
      payload: { files: ADD_OK },
    });
    expect(
      (
        await server.app.inject({
          method: "GET",
          url: "/api/exercises/mini/add/draft",
          headers: as(bob, false),
        })
      ).statusCode,
    ).toBe(404);
    const sub = await submitAndWait(ada, ADD_BAD);
    const peek = await server.app.inject({
      method: "GET",
      url: `/api/submissions/${sub.id}`,
      headers: as(bob, false),
    });
    expect(peek.statusCode).toBe(404);
  });
});

describe("bad input", () => {
  it("answers malformed JSON, wrong types, unknown exercises and oversized files clearly", async () => {
    const malformed = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: { ...as(ada), "content-type": "application/json" },
      payload: "{ nope",
    });
    expect(malformed.statusCode).toBe(400);
    const types = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: as(ada),
      payload: { files: "add.py" },
    });
    expect(types.statusCode).toBe(400);
    expect(types.json().error.message).toMatch(/^files: /);
    const unknown = await server.app.inject({ method: "GET", url: "/api/exercises/mini/nope" });
    expect(unknown.statusCode).toBe(404);
    const big = await server.app.inject({
      method: "POST",
      url: "/api/exercises/mini/add/submissions",
      headers: as(ada),
      payload: { files: [{ path: "add.py", content: "#" + "x".repeat(70 * 1024) }] },
    });
    expect(big.statusCode).toBe(413);
    const stray = await server.app.inject({
      method: "POST",
      url: "/api/exercises/mini/add/submissions",
      headers: as(ada),
      payload: { files: [{ path: "../../etc/passwd", content: "x" }] },
    });
    expect(stray.statusCode).toBe(400);
  });

  it("answers an oversized body with 413", async () => {
    const res = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: as(ada),
      payload: { files: [{ path: "add.py", content: "x".repeat(2 * 1024 * 1024) }] },
    });
    expect(res.statusCode).toBe(413);
  });

  it("treats SQL in every parameter as data", async () => {
    const injected = "mini/add' OR '1'='1";
    expect(
      (
        await server.app.inject({
          method: "GET",
          url: `/api/exercises/${encodeURIComponent(injected)}`,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await server.app.inject({
          method: "GET",
          url: `/api/submissions/${encodeURIComponent("x' OR 1=1 --")}`,
          headers: as(ada, false),
        })
      ).statusCode,
    ).toBe(404);
    const login = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "' OR 1=1 --", password: "' OR 1=1 --" },
    });
    expect(login.statusCode).toBe(401);
    expect(await server.store.users.count()).toBeGreaterThanOrEqual(2);
  });

  it("returns user-supplied HTML only inside JSON, never as a page", async () => {
    const evil = await signup(server.app, "evil@example.com");
    await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/add/draft",
      headers: as(evil),
      payload: { files: [{ path: "add.py", content: "<script>alert(1)</script>" }] },
    });
    const res = await server.app.inject({
      method: "GET",
      url: "/api/exercises/mini/add/draft",
      headers: as(evil, false),
    });
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json().files[0].content).toBe("<script>alert(1)</script>");
  });
});

describe("submissions and progress", () => {
  it("grades in the sandbox, awards XP once on the first pass, and unlocks the next exercise", async () => {
    const learner = await signup(server.app, "carol@example.com");
    const locked = await server.app.inject({
      method: "POST",
      url: "/api/exercises/mini/greet/submissions",
      headers: as(learner),
      payload: { files: [{ path: "greet.py", content: "x" }] },
    });
    expect(locked.statusCode).toBe(403);
    const failing = await submitAndWait(learner, ADD_BAD);
    expect(failing).toMatchObject({
      status: "graded",
      result: { status: "fail", runner: "sandbox" },
    });
    const passing = await submitAndWait(learner, ADD_OK);
    expect(passing).toMatchObject({ status: "graded", result: { status: "pass" } });
    await submitAndWait(learner, ADD_OK);
    const progress = (
      await server.app.inject({ method: "GET", url: "/api/progress", headers: as(learner, false) })
    ).json();
    expect(progress.stats).toMatchObject({
      xp: 20,
      level: 1,
      current: 20,
      needed: 100,
      streakDays: 1,
      achievements: ["first-pass"],
    });
    expect(progress.exercises).toEqual([
      expect.objectContaining({ exerciseId: "mini/add", state: "passed", attempts: 3 }),
    ]);
    const course = (
      await server.app.inject({
        method: "GET",
        url: "/api/courses/mini",
        headers: as(learner, false),
      })
    ).json();
    const greet = course.modules[0].items.find((i: { id: string }) => i.id === "mini/greet");
    expect(greet.locked).toBe(false);
    const ex = (
      await server.app.inject({
        method: "GET",
        url: "/api/exercises/mini/add",
        headers: as(learner, false),
      })
    ).json();
    expect(ex.reference).toEqual([
      { path: "add.py", content: "def add(a, b):\n    return a + b\n" },
    ]);
  });

  it("grades the same submission sent twice with one idempotency key once", async () => {
    const learner = await signup(server.app, "dave@example.com");
    const first = await submitAndWait(learner, ADD_OK, "key-12345678");
    const second = await submitAndWait(learner, ADD_OK, "key-12345678");
    expect(second.id).toBe(first.id);
    const all = (
      await server.app.inject({
        method: "GET",
        url: "/api/submissions",
        headers: as(learner, false),
      })
    ).json();
    expect(all.submissions).toHaveLength(1);
  });

  it("serves hints one at a time", async () => {
    const res = (
      await server.app.inject({
        method: "GET",
        url: "/api/exercises/mini/add/hints/2",
        headers: as(ada, false),
      })
    ).json();
    expect(res).toEqual({ hint: "`return a + b`", shown: 2, total: 2 });
  });
});

describe("backpressure", () => {
  it("answers 503 with Retry-After when the queue is full, and stores nothing", async () => {
    const small = await startTestServer({ maxQueueDepth: 1 }, { worker: false });
    try {
      const learner = await signup(small.app, "eve@example.com");
      const post = () =>
        small.app.inject({
          method: "POST",
          url: "/api/exercises/mini/add/submissions",
          headers: as(learner),
          payload: { files: ADD_OK },
        });
      expect((await post()).statusCode).toBe(202);
      const full = await post();
      expect(full.statusCode).toBe(503);
      expect(full.headers["retry-after"]).toBe("5");
    } finally {
      await small.close();
    }
  });
});

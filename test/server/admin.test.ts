/**
 * The admin API on a real server (SQLite, real argon2): only admins get in (learners and mentors
 * get 403 on every route), role changes and disabling (sessions and tokens stop at once), an
 * admin can't lock themself out, one-time reset links, the queue panel and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InjectOptions } from "fastify";
import { result, submission } from "../storage/store-fixtures.js";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

let server: TestServer;
let admin: Learner;
let mentor: Learner;
let learner: Learner;

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  admin = await signup(server.app, "root@example.com");
  mentor = await signup(server.app, "mentor@example.com");
  learner = await signup(server.app, "lena@example.com");
  await server.store.users.updateRole(admin.id, "admin");
  await server.store.users.updateRole(mentor.id, "mentor");
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

const ADMIN_ROUTES: [InjectOptions["method"], string, object?][] = [
  ["GET", "/api/admin/users"],
  ["PATCH", "/api/admin/users/ID", { role: "mentor" }],
  ["POST", "/api/admin/users/ID/password-reset"],
  ["GET", "/api/admin/audit"],
  ["GET", "/api/admin/queue"],
  ["POST", "/api/admin/queue/retry-infra"],
];

describe("admin API", () => {
  it("refuses learners and mentors (403) and anonymous callers (401) on every route", async () => {
    for (const [method, url, body] of ADMIN_ROUTES) {
      const path = url.replace("ID", learner.id);
      for (const who of [learner, mentor]) {
        const res = await call(who, method, path, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.message).toContain("admins only");
      }
      expect((await call(null, method, path, body)).statusCode).toBe(401);
    }
    expect((await server.store.users.byId(learner.id))?.role).toBe("learner");
    expect(await server.store.audit.list(10)).toEqual([]);
  });

  it("lists and searches users with role, last activity and XP", async () => {
    const all = await call(admin, "GET", "/api/admin/users");
    expect(all.statusCode).toBe(200);
    const users = all.json().users as { email: string; role: string; lastActiveAt: string }[];
    expect(users.map((u) => u.email)).toEqual([
      "root@example.com",
      "mentor@example.com",
      "lena@example.com",
    ]);
    expect(users[1]).toMatchObject({ role: "mentor", xp: 0, disabledAt: null });
    expect(users[2]!.lastActiveAt).not.toBeNull();
    expect(JSON.stringify(users)).not.toContain("argon2");
    const found = await call(admin, "GET", "/api/admin/users?q=LENA");
    expect(found.json().users.map((u: { email: string }) => u.email)).toEqual(["lena@example.com"]);
  });

  it("changes a role and writes the audit log", async () => {
    const res = await call(admin, "PATCH", `/api/admin/users/${learner.id}`, { role: "mentor" });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: learner.id, role: "mentor" });
    expect((await server.store.users.byId(learner.id))?.role).toBe("mentor");
    await call(admin, "PATCH", `/api/admin/users/${learner.id}`, { role: "learner" });
    const audit = await call(admin, "GET", "/api/admin/audit");
    expect(audit.json().entries.slice(0, 2)).toMatchObject([
      {
        action: "user.role",
        actorEmail: "root@example.com",
        targetEmail: "lena@example.com",
        detail: { from: "mentor", to: "learner" },
      },
      { action: "user.role", detail: { from: "learner", to: "mentor" } },
    ]);
    const bad = await call(admin, "PATCH", `/api/admin/users/${learner.id}`, { role: "king" });
    expect(bad.statusCode).toBe(400);
    const none = await call(admin, "PATCH", `/api/admin/users/nobody`, { role: "mentor" });
    expect(none.statusCode).toBe(404);
  });

  it("won't let an admin demote or disable themself (409, saying why)", async () => {
    for (const body of [{ role: "learner" }, { disabled: true }]) {
      const res = await call(admin, "PATCH", `/api/admin/users/${admin.id}`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/cannot (demote|disable) your/);
    }
    expect((await server.store.users.byId(admin.id))?.role).toBe("admin");
    expect(await server.store.admin.disabledAt(admin.id)).toBeNull();
  });

  it("disabling stops the user's session and API token at once and refuses their login", async () => {
    const victim = await signup(server.app, "dis@example.com");
    const made = await call(victim, "POST", "/api/tokens", { name: "laptop" });
    const bearer = { authorization: `Bearer ${made.json().token as string}` };
    expect((await server.app.inject({ url: "/api/me", headers: bearer })).statusCode).toBe(200);
    const off = await call(admin, "PATCH", `/api/admin/users/${victim.id}`, { disabled: true });
    expect(off.statusCode).toBe(200);
    expect(off.json().user.disabledAt).not.toBeNull();
    expect((await call(victim, "GET", "/api/me")).statusCode).toBe(401);
    expect((await server.app.inject({ url: "/api/me", headers: bearer })).statusCode).toBe(401);
    const login = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "dis@example.com", password: "correct horse battery" },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe("account_disabled");
    await call(admin, "PATCH", `/api/admin/users/${victim.id}`, { disabled: false });
    expect((await server.app.inject({ url: "/api/me", headers: bearer })).statusCode).toBe(200);
    const actions = (await server.store.audit.list(2)).map((e) => e.action);
    expect(actions).toEqual(["user.enable", "user.disable"]);
  });

  it("makes a one-time reset link that sets the password, ends sessions and revokes tokens", async () => {
    const user = await signup(server.app, "forgot@example.com");
    const made = await call(user, "POST", "/api/tokens", { name: "cli" });
    const bearer = { authorization: `Bearer ${made.json().token as string}` };
    const res = await call(admin, "POST", `/api/admin/users/${user.id}/password-reset`);
    expect(res.statusCode).toBe(201);
    const { url, expiresAt } = res.json() as { url: string; expiresAt: string };
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/#\/reset\?token=[\w-]{43}$/);
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const token = new URL(url.replace("/#/", "/")).searchParams.get("token")!;
    const reset = (t: string, newPassword = "a brand new password") =>
      server.app.inject({
        method: "POST",
        url: "/api/auth/reset",
        payload: { token: t, newPassword },
      });
    expect((await reset(token, "short")).statusCode).toBe(400);
    expect((await reset(token)).statusCode).toBe(204);
    expect((await call(user, "GET", "/api/me")).statusCode).toBe(401);
    expect((await server.app.inject({ url: "/api/me", headers: bearer })).statusCode).toBe(401);
    const login = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "forgot@example.com", password: "a brand new password" },
    });
    expect(login.statusCode).toBe(200);
    const again = await reset(token, "another new password");
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toContain("already used");
    const unknown = await reset("not-a-real-token");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("not valid");
    const log = (await server.store.audit.list(2)).map((e) => e.action);
    expect(log).toEqual(["user.password-reset-used", "user.password-reset"]);
  });

  it("rejects an expired reset link, saying so", async () => {
    const user = await signup(server.app, "late@example.com");
    const { createHash } = await import("node:crypto");
    const token = "expired-token-for-the-test";
    await server.store.resets.create({
      tokenHash: createHash("sha256").update(token).digest("hex"),
      userId: user.id,
      createdAt: new Date(Date.now() - 40 * 60_000).toISOString(),
      expiresAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      usedAt: null,
    });
    const res = await server.app.inject({
      method: "POST",
      url: "/api/auth/reset",
      payload: { token, newPassword: "a brand new password" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain("expired");
  });

  it("shows the queue and re-enqueues infra-errors", async () => {
    const now = Date.now();
    const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
    const s = server.store.submissions;
    await s.create(submission("adm-g1", learner.id, { createdAt: iso(60_000) }));
    await s.markRunning("adm-g1");
    await s.create(submission("adm-e1", learner.id, { createdAt: iso(30_000) }));
    await s.markInfraError("adm-e1", "the sandbox crashed", iso(20_000));
    await s.create(submission("adm-p1", learner.id, { createdAt: iso(10_000) }));
    await s.saveResult("adm-p1", result("pass"), iso(8_000));
    await s.create(submission("adm-p2", learner.id, { createdAt: iso(10_000) }));
    await s.saveResult("adm-p2", result("fail"), iso(6_000));
    const before = await call(admin, "GET", "/api/admin/queue");
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      depth: 0,
      running: 1,
      infraErrorsLastHour: 1,
      gradedLastHour: 2,
      avgGradeMs: 3000,
      p95GradeMs: 4000,
      runner: server.config.runner,
    });
    const retry = await call(admin, "POST", "/api/admin/queue/retry-infra");
    expect(retry.json()).toEqual({ requeued: 1 });
    expect(await server.queue.depth()).toBe(1);
    expect((await s.byId("adm-e1"))?.status).toBe("queued");
    const after = (await call(admin, "GET", "/api/admin/queue")).json();
    expect(after).toMatchObject({ depth: 1, infraErrorsLastHour: 0 });
    expect((await server.store.audit.list(1))[0]).toMatchObject({
      action: "queue.retry-infra",
      actorId: admin.id,
      detail: { requeued: 1 },
    });
  });
});

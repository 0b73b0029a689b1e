/**
 * The Account page's API against a real server on SQLite with a clock the test moves: profile,
 * password change (ends sessions and revokes API tokens), tokens' last use.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { ContentCatalog } from "../../src/server/catalog.js";
import { loadConfig } from "../../src/server/config.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import { as, FIXTURE_CONTENT, signup, type Learner } from "./harness.js";

let app: FastifyInstance;
let store: SqliteStore;
let queue: SqliteJobQueue;
let clock = Date.parse("2026-03-01T09:00:00.000Z");
const tick = (seconds: number) => (clock += seconds * 1000);

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-account-"));
  const config = loadConfig(
    { NODE_ENV: "test", PYDOJO_CONTENT_DIR: FIXTURE_CONTENT },
    { dataDir: dir },
    dir,
  );
  const file = path.join(dir, "pydojo.sqlite");
  store = new SqliteStore(file);
  await store.migrate();
  queue = new SqliteJobQueue(file, { maxDepth: 10 });
  const catalog = await ContentCatalog.load(config.contentDir);
  app = await buildApp({ config, store, queue, catalog, now: () => new Date(clock) });
});
afterAll(async () => {
  await app?.close();
  await queue?.close();
  await store?.close();
});

const me = (headers: Record<string, string>) =>
  app.inject({ method: "GET", url: "/api/me", headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function newToken(learner: Learner, name: string): Promise<{ id: string; token: string }> {
  const res = await app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: as(learner),
    payload: { name },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string };
}

describe("profile", () => {
  it("saves the display name and time zone, validated, and needs the CSRF header", async () => {
    const ada = await signup(app, "ada@example.com");
    const patch = (payload: Record<string, string>, csrf = true) =>
      app.inject({ method: "PATCH", url: "/api/me", headers: as(ada, csrf), payload });
    const ok = await patch({ displayName: "  Ada L.  ", timeZone: "Asia/Kolkata" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ displayName: "Ada L.", timeZone: "Asia/Kolkata" });
    expect((await me(as(ada, false))).json().user).toMatchObject({
      displayName: "Ada L.",
      timeZone: "Asia/Kolkata",
    });
    expect((await store.users.byEmail("ada@example.com"))!.timeZone).toBe("Asia/Kolkata");

    const zone = await patch({ displayName: "Ada", timeZone: "Mars/Olympus" });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.message).toBe(
      "timeZone: must be an IANA time zone such as Europe/Paris",
    );
    const empty = await patch({ displayName: "   ", timeZone: "UTC" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/^displayName: /);
    expect((await patch({ displayName: "X", timeZone: "UTC", role: "admin" })).statusCode).toBe(
      400,
    );
    expect((await patch({ displayName: "X", timeZone: "UTC" }, false)).statusCode).toBe(403);
    expect((await me(as(ada, false))).json().user).toMatchObject({
      displayName: "Ada L.",
      timeZone: "Asia/Kolkata",
      role: "learner",
    });
  });
});

describe("password change", () => {
  it("revokes every API token and every other session; this browser gets a new session", async () => {
    const cy = await signup(app, "cy@example.com");
    const other = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "cy@example.com", password: "correct horse battery" },
    });
    const otherCookie = String(other.headers["set-cookie"]).split(";")[0]!;
    const laptop = await newToken(cy, "laptop");
    const ci = await newToken(cy, "ci");
    expect((await me(bearer(laptop.token))).statusCode).toBe(200);

    const changed = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: as(cy),
      payload: { currentPassword: "correct horse battery", newPassword: "a brand new password" },
    });
    expect(changed.statusCode).toBe(204);
    const fresh = String(changed.headers["set-cookie"]).split(";")[0]!;
    expect(fresh).toMatch(/^pydojo_session=[\w-]+$/);
    expect(fresh).not.toBe(cy.cookie);

    for (const token of [laptop.token, ci.token]) {
      const after = await me(bearer(token));
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe("invalid_token");
    }
    expect((await me({ cookie: otherCookie })).statusCode).toBe(401);
    expect((await me({ cookie: cy.cookie })).statusCode).toBe(401);
    const still = await me({ cookie: fresh });
    expect(still.statusCode).toBe(200);
    expect(still.json().user.email).toBe("cy@example.com");
    const listed = await app.inject({
      method: "GET",
      url: "/api/tokens",
      headers: { cookie: fresh },
    });
    for (const t of listed.json().tokens) expect(t.revokedAt).toBe(new Date(clock).toISOString());
  });

  it("changes nothing when the current password is wrong", async () => {
    const dee = await signup(app, "dee@example.com");
    const t = await newToken(dee, "laptop");
    const wrong = await app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: as(dee),
      payload: { currentPassword: "not my password", newPassword: "a brand new password" },
    });
    expect(wrong.statusCode).toBe(403);
    expect((await me(bearer(t.token))).statusCode).toBe(200);
    expect((await me(as(dee, false))).statusCode).toBe(200);
  });
});

describe("API tokens", () => {
  it("records a token's last use at most once a minute, and lists name, created, last used", async () => {
    const eve = await signup(app, "eve@example.com");
    const created = new Date(clock).toISOString();
    const t = await newToken(eve, "desktop");
    const lastUsed = async () => {
      const res = await app.inject({ method: "GET", url: "/api/tokens", headers: as(eve, false) });
      return res.json().tokens.find((x: { id: string }) => x.id === t.id) as {
        name: string;
        createdAt: string;
        lastUsedAt: string | null;
      };
    };
    expect(await lastUsed()).toMatchObject({
      name: "desktop",
      createdAt: created,
      lastUsedAt: null,
    });
    tick(10);
    const first = new Date(clock).toISOString();
    await me(bearer(t.token));
    expect((await lastUsed()).lastUsedAt).toBe(first);
    tick(30);
    await me(bearer(t.token));
    expect((await lastUsed()).lastUsedAt).toBe(first);
    tick(31);
    await me(bearer(t.token));
    expect((await lastUsed()).lastUsedAt).toBe(new Date(clock).toISOString());
  });

  it("refuses an empty name and revokes only the caller's own tokens", async () => {
    const fay = await signup(app, "fay@example.com");
    const gus = await signup(app, "gus@example.com");
    const blank = await app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: as(fay),
      payload: { name: "  " },
    });
    expect(blank.statusCode).toBe(400);
    const t = await newToken(fay, "laptop");
    const foreign = await app.inject({
      method: "DELETE",
      url: `/api/tokens/${t.id}`,
      headers: as(gus),
    });
    expect(foreign.statusCode).toBe(404);
    expect((await me(bearer(t.token))).statusCode).toBe(200);
  });
});

describe("a request's sign-in", () => {
  it("is looked up once, however many checks of the request need it", async () => {
    const cy = await signup(app, "lookups@example.com");
    const t = await newToken(cy, "laptop");
    const lookups = vi.spyOn(store.tokens, "findActiveWithUser");
    const sessions = vi.spyOn(store.sessions, "findWithUser");
    try {
      // A submission: the route, the class-membership check and the limits all need the user.
      const res = await app.inject({
        method: "POST",
        url: "/api/exercises/mini/add/submissions",
        headers: bearer(t.token),
        payload: { files: [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }] },
      });
      expect(res.statusCode).toBe(202);
      expect(lookups).toHaveBeenCalledTimes(1);
      // The same in the browser, signed in with a session.
      lookups.mockClear();
      const viaSession = await app.inject({
        method: "POST",
        url: "/api/exercises/mini/add/submissions",
        headers: as(cy),
        payload: { files: [{ path: "add.py", content: "def add(a, b):\n    return b + a\n" }] },
      });
      expect(viaSession.statusCode).toBe(202);
      expect(sessions).toHaveBeenCalledTimes(1);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
      sessions.mockRestore();
    }
  });
});

/**
 * The CLI's browser login (RFC 8628 device authorization) against a real server on SQLite, with
 * a clock the test moves: every branch of the token endpoint, approval, denial, expiry, reuse.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
let ada: Learner;
let bob: Learner;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-device-"));
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
  ada = await signup(app, "ada@example.com");
  bob = await signup(app, "bob@example.com");
});
afterAll(async () => {
  await app?.close();
  await queue?.close();
  await store?.close();
});

interface Started {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

async function start(hostname = "lena-laptop"): Promise<Started> {
  const res = await app.inject({
    method: "POST",
    url: "/api/cli/device",
    headers: { host: "dojo.example.com" },
    payload: { client_id: "pydojo-cli", hostname, client: "pydojo 0.1.0 (linux)" },
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers["cache-control"]).toBe("no-store");
  return res.json() as Started;
}

const poll = (deviceCode: string) =>
  app.inject({
    method: "POST",
    url: "/api/cli/token",
    payload: {
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: deviceCode,
      client_id: "pydojo-cli",
    },
  });

const decide = (learner: Learner, action: "approve" | "deny", userCode: string, csrf = true) =>
  app.inject({
    method: "POST",
    url: `/api/cli/device/${action}`,
    headers: as(learner, csrf),
    payload: { user_code: userCode },
  });

describe("device authorization (RFC 8628)", () => {
  it("answers a device code, an unambiguous 8-letter user code and where to enter it", async () => {
    const s = await start();
    expect(s.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(s.device_code.length).toBeGreaterThanOrEqual(40);
    expect(s).toMatchObject({
      verification_uri: "http://dojo.example.com/#/device",
      verification_uri_complete: `http://dojo.example.com/#/device?code=${s.user_code}`,
      expires_in: 600,
      interval: 5,
    });
    // Only a hash of the device code is stored.
    const stored = await store.devices.byUserCode(
      s.user_code.replace("-", ""),
      new Date(clock).toISOString(),
    );
    expect(stored).toMatchObject({ status: "pending", hostname: "lena-laptop" });
    expect(stored!.deviceCodeHash).not.toContain(s.device_code);
    expect(await store.devices.byDeviceCodeHash(s.device_code)).toBeNull();
  });

  it("says authorization_pending, then slow_down (interval + 5 s) when polled too fast", async () => {
    const s = await start();
    const first = await poll(s.device_code);
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({ error: "authorization_pending", interval: 5 });
    tick(1);
    const fast = await poll(s.device_code);
    expect(fast.statusCode).toBe(400);
    expect(fast.json()).toMatchObject({ error: "slow_down", interval: 10 });
    expect(fast.json().error_description).toMatch(/wait at least 10 s/);
    tick(6); // 6 s is enough for the old interval, not for the raised one
    expect((await poll(s.device_code)).json()).toMatchObject({ error: "slow_down", interval: 15 });
    tick(16);
    expect((await poll(s.device_code)).json()).toMatchObject({
      error: "authorization_pending",
      interval: 15,
    });
  });

  it("shows the learner what asked, and on approval gives the CLI a token exactly once", async () => {
    const s = await start("build-box");
    const info = await app.inject({
      method: "GET",
      url: `/api/cli/device/${s.user_code.toLowerCase()}`,
      headers: as(ada, false),
    });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({
      userCode: s.user_code,
      hostname: "build-box",
      client: "pydojo 0.1.0 (linux)",
      status: "pending",
    });
    const approved = await decide(ada, "approve", s.user_code);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toEqual({ status: "approved" });

    tick(5);
    const got = await poll(s.device_code);
    expect(got.statusCode).toBe(200);
    const body = got.json() as { access_token: string; token_type: string; name: string };
    expect(body).toMatchObject({
      token_type: "Bearer",
      name: "CLI on build-box",
      user: { email: "ada@example.com" },
    });
    expect(body.access_token).toMatch(/^pdj_/);
    const me = await app.inject({
      method: "GET",
      url: "/api/me",
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.json()).toMatchObject({ via: "token", user: { email: "ada@example.com" } });
    const listed = await app.inject({ method: "GET", url: "/api/tokens", headers: as(ada, false) });
    expect(listed.json().tokens.map((t: { name: string }) => t.name)).toContain("CLI on build-box");

    // Reuse is refused: the device code was consumed.
    tick(5);
    const again = await poll(s.device_code);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: "invalid_grant" });
    expect(again.json().error_description).toMatch(/already exchanged/);
    // And it can't be approved a second time.
    expect((await decide(bob, "approve", s.user_code)).statusCode).toBe(409);
  });

  it("answers access_denied after the learner denies, and a denied code can't be approved", async () => {
    const s = await start();
    const denied = await decide(bob, "deny", s.user_code);
    expect(denied.json()).toEqual({ status: "denied" });
    const res = await poll(s.device_code);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "access_denied" });
    const late = await decide(bob, "approve", s.user_code);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toMatch(/already denied/);
  });

  it("answers expired_token after 10 minutes; the page no longer finds it; expired codes are cleaned", async () => {
    const s = await start();
    tick(601);
    const res = await poll(s.device_code);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "expired_token" });
    const info = await app.inject({
      method: "GET",
      url: `/api/cli/device/${s.user_code}`,
      headers: as(ada, false),
    });
    expect(info.statusCode).toBe(404);
    expect(info.json().error.message).toMatch(/pydojo login/);
    expect((await decide(ada, "approve", s.user_code)).statusCode).toBe(404);
    await start(); // starting a new one deletes the expired ones
    const gone = await poll(s.device_code);
    expect(gone.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses bad token requests the way the RFC names them", async () => {
    const unknown = await poll("not-a-device-code");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: "invalid_grant" });
    const grant = await app.inject({
      method: "POST",
      url: "/api/cli/token",
      payload: { grant_type: "password", device_code: "x" },
    });
    expect(grant.json()).toMatchObject({ error: "unsupported_grant_type" });
    const missing = await app.inject({ method: "POST", url: "/api/cli/token", payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: "invalid_request" });
  });

  it("lets only a signed-in browser session decide, with the CSRF header", async () => {
    const s = await start();
    const anonymous = await app.inject({
      method: "POST",
      url: "/api/cli/device/approve",
      payload: { user_code: s.user_code },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await decide(ada, "approve", s.user_code, false)).statusCode).toBe(403);
    const made = await app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: as(ada),
      payload: { name: "script" },
    });
    const viaToken = await app.inject({
      method: "POST",
      url: "/api/cli/device/approve",
      headers: { authorization: `Bearer ${made.json().token}` },
      payload: { user_code: s.user_code },
    });
    expect(viaToken.statusCode).toBe(403);
    expect(viaToken.json().error.message).toMatch(/in the browser/);
    const malformed = await app.inject({
      method: "GET",
      url: "/api/cli/device/HELLO-0000",
      headers: as(ada, false),
    });
    expect(malformed.statusCode).toBe(400);
    expect((await poll(s.device_code)).json()).toMatchObject({ error: "authorization_pending" });
  });

  it("rate-limits starting logins per address", async () => {
    let last = null as Awaited<ReturnType<typeof app.inject>> | null;
    for (let i = 0; i < 25; i++)
      last = await app.inject({
        method: "POST",
        url: "/api/cli/device",
        remoteAddress: "203.0.113.9",
        payload: {},
      });
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
  });
});

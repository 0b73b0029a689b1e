/**
 * Login and sign-up rate limits: per client IP (password spraying) as well as per IP + email,
 * counted in the database so that every API process shares them (SQLite file, PostgreSQL).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { ContentCatalog } from "../../src/server/catalog.js";
import { loadConfig } from "../../src/server/config.js";
import { PostgresRateLimitCounter } from "../../src/storage/postgres/postgres-rate-limits.js";
import { PostgresStore } from "../../src/storage/postgres/postgres-store.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteRateLimitCounter } from "../../src/storage/sqlite/sqlite-rate-limits.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import { RedisRateLimitCounter } from "../../src/storage/redis-rate-limits.js";
import type { RateLimitCounter } from "../../src/storage/rate-limit-counter.js";
import { POSTGRES_URL, requirePostgres, TestSchemas } from "../storage/test-databases.js";
import { FIXTURE_CONTENT, startTestServer } from "./harness.js";

type App = Awaited<ReturnType<typeof buildApp>>;

const login = (app: App, email: string, ip = "203.0.113.7") =>
  app.inject({
    method: "POST",
    url: "/api/auth/login",
    remoteAddress: ip,
    payload: { email, password: "not the password at all" },
  });

describe("login limits on one server", () => {
  it("stops password spraying: many emails from one IP get 429, another IP still gets in", async () => {
    const server = await startTestServer({}, { worker: false });
    try {
      const statuses: number[] = [];
      let refused: Awaited<ReturnType<typeof login>> | null = null;
      for (let i = 0; i < 20; i++) {
        const res = await login(server.app, `victim${i}@example.com`);
        statuses.push(res.statusCode);
        if (res.statusCode === 429) refused ??= res;
      }
      // Every email was new, so only the per-IP limit (15 a minute by default) can refuse.
      expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(15)).toEqual([429, 429, 429, 429, 429]);
      expect(Number(refused!.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(refused!.headers["retry-after"])).toBeLessThanOrEqual(60);
      expect(refused!.json().error).toMatchObject({ code: "rate_limited" });
      expect(refused!.json().error.message).toMatch(
        /^too many login attempts from your network: try again in \d+ s$/,
      );
      // The limit is per IP: a learner elsewhere is not locked out.
      expect((await login(server.app, "victim0@example.com", "198.51.100.9")).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("counts an IPv6 network as one client, however many addresses it rotates through", async () => {
    const server = await startTestServer({}, { worker: false });
    try {
      const statuses = [];
      for (let i = 1; i <= 16; i++)
        statuses.push(
          (await login(server.app, `v6-${i}@example.com`, `2001:db8::${i}`)).statusCode,
        );
      expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
      expect(statuses[15]).toBe(429);
      // Another /64 is another client.
      expect((await login(server.app, "v6-x@example.com", "2001:db8:0:1::1")).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("limits guesses at one account, and sign-ups per IP", async () => {
    const server = await startTestServer(
      { loginLimitPerIp: 100, loginLimitPerAccount: 3, signupLimitPerIp: 2 },
      { worker: false },
    );
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await login(server.app, "Ada@Example.com ")).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const res = await login(server.app, "ada@example.com");
      expect(res.json().error.message).toMatch(/^too many login attempts for this account/);
      const signups = [];
      for (let i = 0; i < 3; i++) {
        const r = await server.app.inject({
          method: "POST",
          url: "/api/auth/signup",
          remoteAddress: "192.0.2.1",
          payload: {
            email: `new${i}@example.com`,
            password: "correct horse battery",
            displayName: "N",
          },
        });
        signups.push(r.statusCode);
      }
      expect(signups).toEqual([201, 201, 429]);
    } finally {
      await server.close();
    }
  });
});

const schemas = new TestSchemas("rate_limits");
afterAll(() => schemas.dropAll());

const REDIS_URL = process.env.PYDOJO_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe.each(["sqlite", "postgres", "redis"] as const)("two API processes on one %s", (engine) => {
  it("share the per-IP login count", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-limits-"));
    const config = loadConfig(
      { NODE_ENV: "test", PYDOJO_CONTENT_DIR: FIXTURE_CONTENT },
      { dataDir: dir },
      dir,
    );
    const catalog = await ContentCatalog.load(config.contentDir);
    const file = path.join(dir, "pydojo.sqlite");
    const schema = schemas.next();
    const closers: (() => Promise<void>)[] = [];
    const instance = async (): Promise<App> => {
      const store =
        engine === "postgres" ? new PostgresStore(POSTGRES_URL, { schema }) : new SqliteStore(file);
      await requirePostgres(() => store.migrate());
      const queue = new SqliteJobQueue(path.join(dir, `queue-${closers.length}.sqlite`));
      const rateLimits: RateLimitCounter =
        engine === "sqlite"
          ? new SqliteRateLimitCounter(file)
          : engine === "postgres"
            ? new PostgresRateLimitCounter(POSTGRES_URL, schema)
            : new RedisRateLimitCounter(REDIS_URL, `pydojo-test:${schema}:`);
      const app = await buildApp({ config, store, queue, catalog, rateLimits });
      closers.push(async () => {
        await app.close();
        await queue.close();
        await rateLimits.close();
        await store.close();
      });
      return app;
    };
    try {
      const first = await instance();
      const second = await instance();
      const statuses = [];
      // Alternate between the processes: each sees 8 attempts, together they see 16.
      for (let i = 0; i < 16; i++)
        statuses.push((await login(i % 2 ? second : first, `sprayed${i}@example.com`)).statusCode);
      expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
      expect(statuses[15]).toBe(429);
    } finally {
      for (const close of closers.reverse()) await close();
    }
  });
});

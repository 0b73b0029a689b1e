import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_SECRET, loadConfig } from "./config.js";

const root = "/opt/pydojo";

describe("loadConfig", () => {
  it("defaults to the embedded setup: SQLite in ./data, API and worker in one process, sandbox runner", () => {
    const c = loadConfig({}, {}, root);
    expect(c).toMatchObject({
      mode: "development",
      host: "127.0.0.1",
      port: 3000,
      databaseUrl: null,
      contentDir: "/opt/pydojo/content",
      runner: "sandbox",
      services: ["api", "worker"],
      secret: DEFAULT_SECRET,
      maxFileBytes: 65536,
    });
    expect(c.dataDir.endsWith("/data")).toBe(true);
  });

  it("has quick runs on unless PYDOJO_QUICK_RUNS turns them off", () => {
    expect(loadConfig({}, {}, root).quickRuns).toBe(true);
    for (const off of ["0", "false", "OFF"])
      expect(loadConfig({ PYDOJO_QUICK_RUNS: off }, {}, root).quickRuns).toBe(false);
    expect(loadConfig({ PYDOJO_QUICK_RUNS: "1" }, {}, root).quickRuns).toBe(true);
  });

  it("reads the fairness and rate-limit settings, and checks REDIS_URL", () => {
    expect(loadConfig({}, {}, root)).toMatchObject({
      maxPendingPerUser: 3,
      loginLimitPerIp: 15,
      loginLimitPerAccount: 10,
      signupLimitPerIp: 20,
      redisUrl: null,
    });
    const c = loadConfig(
      { PYDOJO_MAX_PENDING_PER_USER: "5", REDIS_URL: "redis://cache:6379" },
      {},
      root,
    );
    expect([c.maxPendingPerUser, c.redisUrl]).toEqual([5, "redis://cache:6379"]);
    expect(() => loadConfig({ REDIS_URL: "cache:6379" }, {}, root)).toThrow(
      new ConfigError(
        "REDIS_URL must be a redis:// or rediss:// URL (leave it unset to keep rate limits in the database)",
      ),
    );
    expect(() => loadConfig({ PYDOJO_MAX_PENDING_PER_USER: "0" }, {}, root)).toThrow(
      /maxPendingPerUser/,
    );
  });

  it("lets flags win over the environment", () => {
    expect(loadConfig({ PORT: "4000" }, { port: "5000" }, root).port).toBe(5000);
  });

  it("says what is wrong with a bad value", () => {
    expect(() => loadConfig({ PORT: "eighty" }, {}, root)).toThrow(
      new ConfigError("PORT must be a whole number, got 'eighty'"),
    );
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" }, {}, root)).toThrow(
      /must be a postgres:\/\/ URL/,
    );
  });

  it("refuses split services on SQLite", () => {
    expect(() => loadConfig({}, { services: "api" }, root)).toThrow(
      /set DATABASE_URL to scale out/,
    );
    expect(
      loadConfig({ DATABASE_URL: "postgres://h/db" }, { services: "api" }, root).services,
    ).toEqual(["api"]);
  });

  it("refuses production with the default secret, and says what to set", () => {
    expect(() => loadConfig({ NODE_ENV: "production" }, {}, root)).toThrow(/set PYDOJO_SECRET/);
  });

  it("refuses production with a runner other than the sandbox", () => {
    const env = { NODE_ENV: "production", PYDOJO_SECRET: "x".repeat(40), PYDOJO_RUNNER: "local" };
    expect(() => loadConfig(env, {}, root)).toThrow(/only with the sandbox runner/);
    expect(loadConfig({ ...env, PYDOJO_RUNNER: "sandbox" }, {}, root).mode).toBe("production");
  });
});

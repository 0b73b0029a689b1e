/**
 * Server configuration: loaded by a pure function from environment variables and flags, and
 * validated. Production refuses default secrets and runners that are unsafe for untrusted code.
 */
import path from "node:path";
import { z } from "zod";

export const DEFAULT_SECRET = "pydojo-development-secret-change-me";

export const configSchema = z.object({
  mode: z.enum(["development", "production", "test"]),
  host: z.string(),
  port: z.number().int().min(0).max(65535),
  dataDir: z.string(),
  databaseUrl: z.string().nullable(),
  /** Redis for the rate-limit counters (else they live in the database). */
  redisUrl: z.string().nullable(),
  contentDir: z.string(),
  runner: z.enum(["sandbox", "local", "pyodide"]),
  services: z.array(z.enum(["api", "worker"])).min(1),
  secret: z.string().min(16),
  trustProxy: z.boolean(),
  /**
   * Request logs: "json" writes one JSON line per request (pino, Fastify's logger) with a
   * request id, method, route, status and time; "off" none. Default: json in production.
   */
  log: z.enum(["json", "off"], "PYDOJO_LOG must be json or off"),
  /** Bearer token for GET /metrics (besides an admin's session); null: admins only. */
  metricsToken: z
    .string()
    .min(16, "PYDOJO_METRICS_TOKEN must be at least 16 characters")
    .nullable(),
  workerConcurrency: z.number().int().min(1).max(64),
  /**
   * Quick runs (decision 0016): a Run clicked while the page's Python is still starting is graded
   * by this process's spare graders. Off: such a Run waits for the browser's Python.
   */
  quickRuns: z.boolean(),
  maxQueueDepth: z.number().int().min(1),
  /** Submissions of one learner that may wait for a verdict at once (queued + running). */
  maxPendingPerUser: z.number().int().min(1),
  /** Login attempts per client IP per minute, whatever the email (password spraying). */
  loginLimitPerIp: z.number().int().min(1),
  /** Login attempts per client IP and email per minute (password guessing). */
  loginLimitPerAccount: z.number().int().min(1),
  /** Sign-ups per client IP per hour. */
  signupLimitPerIp: z.number().int().min(1),
  maxFileBytes: z.number().int().min(1),
  maxFiles: z.number().int().min(1),
  sessionDays: z.number().positive(),
  /** How long a worker holds a job before another may take it (longer than any grade). */
  jobLeaseMs: z.number().int().min(500),
  /** PostgreSQL schema for PyDojo's tables (pg-boss uses `<schema>_queue`). */
  databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]*$/, "must be a lowercase SQL identifier"),
});
export type ServerConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface ConfigFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  services?: string;
  runner?: string;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be a whole number, got '${value}'`);
  return n;
}

/** Builds the configuration from env + flags (flags win); throws ConfigError saying what to set. */
export function loadConfig(
  env: Record<string, string | undefined>,
  flags: ConfigFlags,
  packageRoot: string,
): ServerConfig {
  const mode = (
    env.NODE_ENV === "production" ? "production" : env.NODE_ENV === "test" ? "test" : "development"
  ) as ServerConfig["mode"];
  const services = (flags.services ?? env.PYDOJO_SERVICES ?? "api,worker")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const raw = {
    mode,
    host: flags.host ?? env.HOST ?? "127.0.0.1",
    port: int(flags.port ?? env.PORT, 3000, "PORT"),
    dataDir: path.resolve(flags.dataDir ?? env.PYDOJO_DATA_DIR ?? "data"),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    contentDir: path.resolve(env.PYDOJO_CONTENT_DIR ?? path.join(packageRoot, "content")),
    runner: flags.runner ?? env.PYDOJO_RUNNER ?? "sandbox",
    services,
    secret: env.PYDOJO_SECRET ?? DEFAULT_SECRET,
    trustProxy: env.PYDOJO_TRUST_PROXY === "1" || env.PYDOJO_TRUST_PROXY === "true",
    log: env.PYDOJO_LOG ?? (mode === "production" ? "json" : "off"),
    metricsToken: env.PYDOJO_METRICS_TOKEN || null,
    workerConcurrency: int(env.PYDOJO_WORKER_CONCURRENCY, 2, "PYDOJO_WORKER_CONCURRENCY"),
    quickRuns: !["0", "false", "off"].includes((env.PYDOJO_QUICK_RUNS ?? "").toLowerCase()),
    maxQueueDepth: int(env.PYDOJO_MAX_QUEUE_DEPTH, 500, "PYDOJO_MAX_QUEUE_DEPTH"),
    maxPendingPerUser: int(env.PYDOJO_MAX_PENDING_PER_USER, 3, "PYDOJO_MAX_PENDING_PER_USER"),
    loginLimitPerIp: int(env.PYDOJO_LOGIN_LIMIT_PER_IP, 15, "PYDOJO_LOGIN_LIMIT_PER_IP"),
    loginLimitPerAccount: int(
      env.PYDOJO_LOGIN_LIMIT_PER_ACCOUNT,
      10,
      "PYDOJO_LOGIN_LIMIT_PER_ACCOUNT",
    ),
    signupLimitPerIp: int(env.PYDOJO_SIGNUP_LIMIT_PER_IP, 20, "PYDOJO_SIGNUP_LIMIT_PER_IP"),
    maxFileBytes: int(env.PYDOJO_MAX_FILE_BYTES, 64 * 1024, "PYDOJO_MAX_FILE_BYTES"),
    maxFiles: int(env.PYDOJO_MAX_FILES, 8, "PYDOJO_MAX_FILES"),
    sessionDays: int(env.PYDOJO_SESSION_DAYS, 14, "PYDOJO_SESSION_DAYS"),
    jobLeaseMs: int(env.PYDOJO_JOB_LEASE_MS, 150_000, "PYDOJO_JOB_LEASE_MS"),
    databaseSchema: env.PYDOJO_DB_SCHEMA ?? "pydojo",
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${first.path.join(".")}: ${first.message}`);
  }
  const config = parsed.data;
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError(
      "DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)",
    );
  }
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) {
    throw new ConfigError(
      "REDIS_URL must be a redis:// or rediss:// URL (leave it unset to keep rate limits in the database)",
    );
  }
  if (
    !config.databaseUrl &&
    !(config.services.includes("api") && config.services.includes("worker"))
  ) {
    throw new ConfigError(
      "with the embedded SQLite database the API and the worker run in one process: use --services api,worker, or set DATABASE_URL to scale out",
    );
  }
  if (config.mode === "production") {
    if (config.secret === DEFAULT_SECRET) {
      throw new ConfigError(
        "production needs its own secret: set PYDOJO_SECRET to a long random string (e.g. `openssl rand -hex 32`)",
      );
    }
    if (config.runner !== "sandbox") {
      throw new ConfigError(
        `production grades untrusted code only with the sandbox runner: unset PYDOJO_RUNNER (now '${config.runner}') or set it to 'sandbox'`,
      );
    }
  }
  return config;
}

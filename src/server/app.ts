/**
 * The HTTP API, built by a factory that the tests call too. Routes are thin: parse, authorize,
 * call a use case, present. One error handler maps errors to statuses.
 */
import helmet from "@fastify/helmet";
import { VerdictSignal } from "./verdict-signal.js";
import rateLimit, { normalizeIP } from "@fastify/rate-limit";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../runners/paths.js";
import type { JobQueue, Store, User } from "../storage/store.js";
import { Accounts } from "./accounts.js";
import type { ContentCatalog } from "./catalog.js";
import type { ServerConfig } from "./config.js";
import { forbidden, HttpError, unauthorized } from "./errors.js";
import { nulField, readCookie, SESSION_COOKIE } from "./http.js";
import { tokenRefusal } from "./token-scope.js";
import { Metrics, registerMetrics } from "./metrics.js";
import { buildOpenApiDocument } from "./openapi.js";
import { MemoryRateLimitCounter, RateLimiter, type RateLimitCounter } from "./rate-limit.js";
import { registerAccountRoutes } from "./routes/account-routes.js";
import { registerAdminRoutes } from "./routes/admin-routes.js";
import { registerCohortRoutes } from "./routes/cohort-routes.js";
import { registerContentRoutes } from "./routes/content-routes.js";
import { registerLearningRoutes } from "./routes/learning-routes.js";
import { registerProjectRoutes } from "./routes/project-routes.js";
import { projectFileRules } from "../core/project.js";
import { registerSkillRoutes } from "./routes/skill-routes.js";
import { QuickRuns } from "./quick-runs.js";
import type { Runner } from "../runners/runner.js";
import { registerStaticRoutes, type StaticOptions } from "./routes/static-routes.js";

export interface AppDeps {
  config: ServerConfig;
  store: Store;
  queue: JobQueue;
  catalog: ContentCatalog;
  now?: () => Date;
  /** Where the web app and the harness it is served are (tests point these elsewhere). */
  web?: StaticOptions;
  /**
   * Rate-limit counters shared by every API process (a table in the database); default: this
   * process's memory.
   */
  rateLimits?: RateLimitCounter;
  /** This process's metrics (shared with its worker); default: the API's own. */
  metrics?: Metrics;
  /** Where request logs go when `config.log` is "json" (default: stdout). */
  logStream?: { write(line: string): void };
  /** Verdicts stored by this process's worker, for requests that wait for them. */
  verdicts?: VerdictSignal;
  /**
   * This process's grading runner and how many grades its worker runs at once, for quick runs
   * (quick-runs.ts); none where the API runs without a worker.
   */
  grading?: { runner: Runner; capacity: number; workerBusy?: () => number } | null;
}

/** An incoming X-Request-Id is kept when it is short and plain; otherwise a new id is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Fastify's logger (pino) as PyDojo logs: JSON lines, no cookies or tokens. */
function loggerOptions(deps: AppDeps) {
  if (deps.config.log !== "json") return false;
  return {
    level: "info",
    ...(deps.logStream ? { stream: deps.logStream } : {}),
    // Fastify's request serializer logs method, url, host and address, never headers; the
    // query string is dropped too (a device code or a search could be in it).
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split("?")[0],
        ip: req.ip,
      }),
    },
  };
}

export interface Auth {
  user: User;
  via: "session" | "token";
  csrfToken: string | null;
}

/** What every route module receives. */
export interface RouteContext extends Required<Omit<AppDeps, "logStream" | "grading">> {
  accounts: Accounts;
  quickRuns: QuickRuns;
  limiters: { login: RateLimiter; signup: RateLimiter };
  /** The caller, or a 401; for cookie sessions, unsafe methods also need the CSRF header. */
  requireUser(request: FastifyRequest): Promise<Auth>;
  optionalUser(request: FastifyRequest): Promise<Auth | null>;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const { config } = deps;
  const app = Fastify({
    logger: loggerOptions(deps),
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    // An exercise's files or a project's folder, JSON-escaped (up to twice as long).
    bodyLimit:
      Math.max(config.maxFiles * config.maxFileBytes, projectFileRules.maxTotalBytes) * 2 +
      64 * 1024,
  });
  const accounts = new Accounts(deps.store, config.secret, config.sessionDays, now);
  const metrics = deps.metrics ?? new Metrics(deps.queue);
  const registered: string[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat())
      if (method !== "HEAD") registered.push(`${method} ${route.url}`);
  });
  app.decorate("registeredRoutes", registered);
  // No NUL character in any id, query or body reaches a route (see http.ts nulField).
  app.addHook("preValidation", async (request) => {
    const field =
      nulField(request.params, "") ?? nulField(request.query, "") ?? nulField(request.body);
    if (field)
      throw new HttpError(400, "invalid_request", `${field}: must not contain NUL characters`);
  });
  // Every answer names its request, so a learner's report can be found in the logs.
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  // A request's auth is looked up once, however many checks ask for it (a route and the limits
  // or membership checks before it): each lookup is two or three queries.
  const authOf = new WeakMap<FastifyRequest, Promise<Auth | null>>();
  function optionalUser(request: FastifyRequest): Promise<Auth | null> {
    let auth = authOf.get(request);
    if (!auth) {
      auth = lookUpUser(request);
      authOf.set(request, auth);
    }
    return auth;
  }

  async function lookUpUser(request: FastifyRequest): Promise<Auth | null> {
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const user = await accounts.userForToken(header.slice(7).trim());
      if (!user)
        throw new HttpError(
          401,
          "invalid_token",
          "this API token is unknown or revoked: create a new one in your account settings and log in again",
        );
      // A token is the CLI's: account, admin and instructor routes need the browser session.
      const refusal = tokenRefusal(request.method, request.routeOptions.url);
      if (refusal) throw new HttpError(403, "token_not_allowed", refusal);
      metrics.userSeen(user.id);
      return { user, via: "token", csrfToken: null };
    }
    const token = readCookie(request, SESSION_COOKIE);
    if (!token) return null;
    const found = await accounts.sessionFor(token);
    if (found) metrics.userSeen(found.user.id);
    return found ? { user: found.user, via: "session", csrfToken: found.session.csrfToken } : null;
  }

  async function requireUser(request: FastifyRequest): Promise<Auth> {
    const auth = await optionalUser(request);
    if (!auth) throw unauthorized();
    if (auth.via === "session" && UNSAFE.has(request.method)) {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || sent !== auth.csrfToken) {
        throw forbidden("missing or wrong X-CSRF-Token header (read it from GET /api/me)");
      }
    }
    return auth;
  }

  const rateLimits = deps.rateLimits ?? new MemoryRateLimitCounter();
  const ctx: RouteContext = {
    ...deps,
    metrics,
    now,
    web: deps.web ?? {},
    accounts,
    rateLimits,
    verdicts: deps.verdicts ?? new VerdictSignal(),
    limiters: {
      login: new RateLimiter(config.loginLimitPerAccount, 60_000),
      signup: new RateLimiter(config.signupLimitPerIp, 3_600_000),
    },
    requireUser,
    optionalUser,
    quickRuns: new QuickRuns({
      runner: deps.grading?.runner ?? null,
      capacity: deps.grading?.capacity ?? 0,
      ...(deps.grading?.workerBusy ? { workerBusy: deps.grading.workerBusy } : {}),
      queue: deps.queue,
      rateLimits,
    }),
  };

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpError) {
      void reply
        .status(error.status)
        .headers(error.headers)
        .send({ error: { code: error.code, message: error.message } });
      return;
    }
    const code = (error as { code?: string }).code;
    const status = (error as { statusCode?: number }).statusCode;
    if (code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      void reply
        .status(413)
        .send({ error: { code: "too_large", message: "the request body is too large" } });
      return;
    }
    if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      void reply.status(415).send({
        error: {
          code: "unsupported_media_type",
          message: "send JSON with Content-Type: application/json",
        },
      });
      return;
    }
    if (status && status >= 400 && status < 500) {
      void reply
        .status(status)
        .send({ error: { code: "invalid_request", message: (error as Error).message } });
      return;
    }
    console.error(error);
    void reply.status(500).send({
      error: { code: "internal", message: "something went wrong on the server; try again" },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } });
  });

  await app.register(
    helmet,
    securityHeaders(
      path.join(deps.web?.webDir ?? path.join(packageRoot(), "web", "dist"), "index.html"),
    ),
  );
  await registerRateLimits(app, ctx);

  app.get("/healthz", async () => ({ ok: true, queueDepth: await deps.queue.depth() }));
  app.get("/api/openapi.json", async () => buildOpenApiDocument(registered));
  registerMetrics(app, ctx, metrics);
  registerAccountRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerCohortRoutes(app, ctx);
  registerContentRoutes(app, ctx);
  registerLearningRoutes(app, ctx);
  registerProjectRoutes(app, ctx);
  registerSkillRoutes(app, ctx);
  registerStaticRoutes(app, {
    ...deps.web,
    sourceMaps: deps.web?.sourceMaps ?? config.mode !== "production",
  });
  return app;
}

/**
 * Security headers on every response (@fastify/helmet). The Content-Security-Policy is what the
 * web app and its Pyodide worker need and no more: scripts, workers, styles, fetches only from
 * this origin; WebAssembly compiled from fetched bytes ('wasm-unsafe-eval', not 'unsafe-eval');
 * no plugins, no framing. COOP/COEP/CORP make the page cross-origin isolated (the Stop button's
 * SharedArrayBuffer); static-routes.ts sets the same values.
 */
export function securityHeaders(indexHtml: string) {
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'", ...inlineScriptHashes(indexHtml)],
        "worker-src": ["'self'"],
        // CodeMirror injects its themes as <style> elements and the pages set style=""
        // attributes. CSS can't run script, and img-src/font-src/connect-src keep it from
        // sending anything to another origin. (CodeMirror's EditorView.cspNonce with a per-page
        // nonce would let this drop 'unsafe-inline'.)
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: { policy: "require-corp" as const },
    crossOriginOpenerPolicy: { policy: "same-origin" as const },
    crossOriginResourcePolicy: { policy: "same-origin" as const },
    referrerPolicy: { policy: "no-referrer" as const },
    // Sent only over HTTPS by browsers' rules; a TLS-terminating proxy should set its own too.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    xFrameOptions: { action: "deny" as const },
  };
}

/**
 * What of the web app's index.html runs inline, allowed by hash, read from the built page at
 * start: its inline scripts (web/src/early.ts, put there by web/build.mjs) and any inline event
 * handlers ('unsafe-hashes'). A `<script type="application/json">` is data and needs none.
 */
function inlineScriptHashes(indexHtml: string): string[] {
  if (!existsSync(indexHtml)) return [];
  const html = readFileSync(indexHtml, "utf8");
  const hash = (source: string) =>
    `'sha256-${createHash("sha256").update(source).digest("base64")}'`;
  const scripts = [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes = ""]) => !/\bsrc=|\btype="(?!text\/javascript")/.test(attributes))
    .map((m) => hash(m[2]!));
  const handlers = [...html.matchAll(/\son[a-z]+="([^"]*)"/g)].map((m) =>
    hash(
      m[1]!
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&"),
    ),
  );
  return [
    ...new Set(scripts),
    ...(handlers.length > 0 ? ["'unsafe-hashes'", ...new Set(handlers)] : []),
  ];
}

/**
 * Login and sign-up limits (@fastify/rate-limit), counted in `ctx.rateLimits` so that every API
 * process shares them: login per client IP (password spraying: many emails, one IP) and per IP +
 * email (guessing one password), sign-up per IP. A refused request is a 429 with Retry-After.
 */
async function registerRateLimits(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const counter = ctx.rateLimits;
  // @fastify/rate-limit's store interface, on our shared counter.
  class SharedStore {
    incr(
      key: string,
      done: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      counter.hit(key, timeWindow).then(
        (hit) => done(null, { current: hit.count, ttl: Math.max(0, hit.resetAtMs - Date.now()) }),
        (error: Error) => done(error),
      );
    }
    child(): SharedStore {
      return this;
    }
  }
  await app.register(rateLimit, { global: false, store: SharedStore });
  const email = (request: FastifyRequest) => {
    const value = (request.body as { email?: unknown } | undefined)?.email;
    return typeof value === "string" ? value.trim().toLowerCase().slice(0, 254) : "";
  };
  const { config } = ctx;
  const minute = 60_000;
  // IPv6 clients are counted by their /64 (one network), so rotating addresses
  // inside it doesn't reset the count; IPv4-mapped addresses count as IPv4.
  const ip = (request: FastifyRequest) => normalizeIP(request.ip);
  const checks: Record<
    string,
    { limit: ReturnType<FastifyInstance["createRateLimit"]>; what: string }[]
  > = {
    "POST /api/auth/login": [
      {
        limit: app.createRateLimit({
          max: config.loginLimitPerIp,
          timeWindow: minute,
          keyGenerator: (r) => `login-ip:${ip(r)}`,
        }),
        what: "too many login attempts from your network",
      },
      {
        limit: app.createRateLimit({
          max: config.loginLimitPerAccount,
          timeWindow: minute,
          keyGenerator: (r) => `login-account:${ip(r)}:${email(r)}`,
        }),
        what: "too many login attempts for this account",
      },
    ],
    "POST /api/auth/signup": [
      {
        limit: app.createRateLimit({
          max: config.signupLimitPerIp,
          timeWindow: 60 * minute,
          keyGenerator: (r) => `signup-ip:${ip(r)}`,
        }),
        what: "too many sign-ups from your network",
      },
    ],
  };
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      const list = checks[`${method} ${route.url}`];
      if (!list) continue;
      const hook = async (request: FastifyRequest) => {
        for (const { limit, what } of list) {
          const result = await limit(request);
          if (!result.isAllowed && result.isExceeded) {
            const seconds = Math.max(1, result.ttlInSeconds);
            throw new HttpError(429, "rate_limited", `${what}: try again in ${seconds} s`, {
              "retry-after": String(seconds),
            });
          }
        }
      };
      route.preHandler = [route.preHandler ?? []].flat().concat(hook);
    }
  });
}

/**
 * The HTTP API, built by a factory that the tests call too. Routes are thin: parse, authorize,
 * call a use case, present. One error handler maps errors to statuses.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { JobQueue, Store, User } from "../storage/store.js";
import { Accounts } from "./accounts.js";
import type { ContentCatalog } from "./catalog.js";
import type { ServerConfig } from "./config.js";
import { forbidden, HttpError, unauthorized } from "./errors.js";
import { readCookie, SESSION_COOKIE } from "./http.js";
import { openApiDocument } from "./openapi.js";
import { RateLimiter } from "./rate-limit.js";
import { registerAccountRoutes } from "./routes/account-routes.js";
import { registerContentRoutes } from "./routes/content-routes.js";
import { registerLearningRoutes } from "./routes/learning-routes.js";
import { registerStaticRoutes, type StaticOptions } from "./routes/static-routes.js";

export interface AppDeps {
  config: ServerConfig;
  store: Store;
  queue: JobQueue;
  catalog: ContentCatalog;
  now?: () => Date;
  /** Where the web app and the harness it is served are (tests point these elsewhere). */
  web?: StaticOptions;
}

export interface Auth {
  user: User;
  via: "session" | "token";
  csrfToken: string | null;
}

/** What every route module receives. */
export interface RouteContext extends Required<AppDeps> {
  accounts: Accounts;
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
    logger: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.maxFiles * config.maxFileBytes * 2 + 16 * 1024,
  });
  const accounts = new Accounts(deps.store, config.secret, config.sessionDays, now);
  const registered: string[] = [];
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat())
      if (method !== "HEAD") registered.push(`${method} ${route.url}`);
  });
  app.decorate("registeredRoutes", registered);

  async function optionalUser(request: FastifyRequest): Promise<Auth | null> {
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const user = await accounts.userForToken(header.slice(7).trim());
      if (!user)
        throw new HttpError(
          401,
          "invalid_token",
          "this API token is unknown or revoked: create a new one in your account settings and log in again",
        );
      return { user, via: "token", csrfToken: null };
    }
    const token = readCookie(request, SESSION_COOKIE);
    if (!token) return null;
    const found = await accounts.sessionFor(token);
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

  const ctx: RouteContext = {
    ...deps,
    now,
    web: deps.web ?? {},
    accounts,
    limiters: { login: new RateLimiter(10, 60_000), signup: new RateLimiter(20, 3_600_000) },
    requireUser,
    optionalUser,
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

  app.get("/healthz", async () => ({ ok: true, queueDepth: await deps.queue.depth() }));
  app.get("/api/openapi.json", async () => openApiDocument);
  registerAccountRoutes(app, ctx);
  registerContentRoutes(app, ctx);
  registerLearningRoutes(app, ctx);
  registerStaticRoutes(app, deps.web);
  return app;
}

/**
 * Prometheus metrics (text format at GET /metrics, with prom-client): HTTP requests by route and
 * status, grade durations by runner, verdicts, the queue's depth and active users. Each process
 * counts what it does (an API process its requests, a worker its grades); scrape every process.
 * GET /metrics needs `Authorization: Bearer <PYDOJO_METRICS_TOKEN>` or an admin's session.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { GradeResult } from "../core/result.js";
import type { JobQueue } from "../storage/store.js";
import type { RouteContext } from "./app.js";
import { forbidden, HttpError } from "./errors.js";

/** How long after their last request a learner counts as active. */
const ACTIVE_WINDOW_MS = 15 * 60_000;

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "pydojo_http_requests_total",
    help: "HTTP requests answered, by method, route (its pattern) and status code",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  private readonly grades = new Histogram({
    name: "pydojo_grade_duration_seconds",
    help: "Time to grade one submission in the worker, by runner",
    labelNames: ["runner"] as const,
    buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly verdicts = new Counter({
    name: "pydojo_submissions_graded_total",
    help: "Submissions graded, by verdict (pass, fail, error, infra-error)",
    labelNames: ["verdict"] as const,
    registers: [this.registry],
  });
  private readonly seen = new Map<string, number>();

  constructor(queue: JobQueue | null, now: () => number = Date.now) {
    collectDefaultMetrics({ register: this.registry, prefix: "pydojo_process_" });
    if (queue)
      new Gauge({
        name: "pydojo_queue_depth",
        help: "Grading jobs waiting or running",
        registers: [this.registry],
        async collect() {
          this.set(await queue.depth());
        },
      });
    const seen = this.seen;
    new Gauge({
      name: "pydojo_active_users",
      help: "Signed-in users who made a request to this process in the last 15 minutes",
      registers: [this.registry],
      collect() {
        const since = now() - ACTIVE_WINDOW_MS;
        for (const [id, at] of seen) if (at < since) seen.delete(id);
        this.set(seen.size);
      },
    });
    this.now = now;
  }

  private readonly now: () => number;

  request(method: string, route: string, status: number): void {
    this.requests.inc({ method, route, status: String(status) });
  }

  userSeen(id: string): void {
    this.seen.set(id, this.now());
  }

  graded(runner: string, seconds: number, result: GradeResult | null): void {
    this.grades.observe({ runner }, seconds);
    this.verdicts.inc({ verdict: result ? result.status : "infra-error" });
  }
}

/** Counts every answered request, and serves GET /metrics to the token or an admin. */
export function registerMetrics(app: FastifyInstance, ctx: RouteContext, metrics: Metrics): void {
  app.addHook("onResponse", async (request, reply) => {
    // The route's pattern (/api/exercises/:id), never the raw URL: labels stay few.
    const route = request.routeOptions.url ?? "unmatched";
    metrics.request(request.method, route, reply.statusCode);
  });
  const token = ctx.config.metricsToken;
  app.get("/metrics", async (request, reply) => {
    const header = request.headers.authorization ?? "";
    const bearer = header.startsWith("Bearer ") ? Buffer.from(header.slice(7).trim()) : null;
    const allowed =
      token !== null &&
      bearer !== null &&
      bearer.length === Buffer.byteLength(token) &&
      timingSafeEqual(bearer, Buffer.from(token));
    if (!allowed) {
      const auth = bearer ? null : await ctx.optionalUser(request);
      if (!auth)
        throw new HttpError(
          401,
          "unauthorized",
          "metrics need Authorization: Bearer <PYDOJO_METRICS_TOKEN> (set it on the server) or an admin's session",
        );
      if (auth.user.role !== "admin") throw forbidden("only admins can read the metrics");
    }
    return reply
      .type(metrics.registry.contentType)
      .header("cache-control", "no-store")
      .send(await metrics.registry.metrics());
  });
}

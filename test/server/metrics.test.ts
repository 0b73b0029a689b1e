/**
 * GET /metrics: the Prometheus text format (read back by an independent parser), with HTTP
 * requests by route pattern and status, grade durations by runner and verdicts from a real
 * sandbox grade, the queue's depth and active users; only for the metrics token or an admin.
 */
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type TestServer } from "./harness.js";

const TOKEN = "metrics-token-for-the-test-0123456789";
let server: TestServer;

interface Family {
  name: string;
  type: string;
  metrics: {
    labels?: Record<string, string>;
    value?: string;
    count?: string;
    buckets?: Record<string, string>;
  }[];
}

beforeAll(async () => {
  server = await startTestServer({ metricsToken: TOKEN });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("metrics", () => {
  it("counts requests, grades and verdicts, readable by a Prometheus parser", async () => {
    const learner = await signup(server.app, "metrics@example.com");
    const submitted = await server.app.inject({
      method: "POST",
      url: "/api/exercises/mini/add/submissions",
      headers: as(learner),
      payload: { files: [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }] },
    });
    const { id } = submitted.json() as { id: string };
    const done = await server.app.inject({
      url: `/api/submissions/${id}?wait=20`,
      headers: as(learner, false),
    });
    expect((done.json() as { status: string }).status).toBe("graded");

    const res = await server.app.inject({
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(res.body) as Family[];
    const family = (name: string) => families.find((f) => f.name === name);

    const requests = family("pydojo_http_requests_total")!;
    expect(requests.type).toBe("COUNTER");
    expect(requests.metrics).toContainEqual({
      labels: {
        method: "POST",
        route: "/api/exercises/:course/:slug/submissions",
        status: String(submitted.statusCode),
      },
      value: "1",
    });
    // Route patterns, never raw URLs with ids in them.
    expect(requests.metrics.some((m) => m.labels?.route?.includes(id))).toBe(false);

    const grades = family("pydojo_grade_duration_seconds")!;
    expect(grades.type).toBe("HISTOGRAM");
    // (This parser keeps a labelled histogram's buckets; its labels and count are in the text.)
    expect(grades.metrics[0]!.buckets!["+Inf"]).toBe("1");
    expect(res.body).toMatch(/^pydojo_grade_duration_seconds_count\{runner="sandbox"\} 1$/m);
    expect(family("pydojo_submissions_graded_total")!.metrics).toContainEqual({
      labels: { verdict: "pass" },
      value: "1",
    });
    expect(family("pydojo_queue_depth")!.metrics).toEqual([{ value: "0" }]);
    expect(Number(family("pydojo_active_users")!.metrics[0]!.value)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("answers only the token or an admin", async () => {
    expect((await server.app.inject({ url: "/metrics" })).statusCode).toBe(401);
    const wrong = await server.app.inject({
      url: "/metrics",
      headers: { authorization: "Bearer nope" },
    });
    expect([wrong.statusCode, wrong.json().error.message]).toEqual([
      401,
      expect.stringContaining("PYDOJO_METRICS_TOKEN"),
    ]);
    const learner = await signup(server.app, "not-admin@example.com");
    expect(
      (await server.app.inject({ url: "/metrics", headers: as(learner, false) })).statusCode,
    ).toBe(403);
    await server.store.users.updateRole(learner.id, "admin");
    expect(
      (await server.app.inject({ url: "/metrics", headers: as(learner, false) })).statusCode,
    ).toBe(200);
  });
});

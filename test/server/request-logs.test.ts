/**
 * Structured request logs (PYDOJO_LOG=json, the default in production): one JSON line per
 * request with its id, method, path, status and time; the id is answered as X-Request-Id (a
 * client's own id is kept when it is plain); no cookie, token, password or query string in them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type TestServer } from "./harness.js";
import { buildApp } from "../../src/server/app.js";
import { ContentCatalog } from "../../src/server/catalog.js";
import type { FastifyInstance } from "fastify";

let server: TestServer;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  app = await buildApp({
    config: { ...server.config, log: "json" },
    store: server.store,
    queue: server.queue,
    catalog: await ContentCatalog.load(server.config.contentDir),
    logStream: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("request logs", () => {
  it("one JSON line per request with the request id, answered as X-Request-Id", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/api/courses?secret=hunter2",
      headers: { "x-request-id": "trace-abc.123" },
    });
    expect(res.headers["x-request-id"]).toBe("trace-abc.123");
    const done = entries().find((e) => e.reqId === "trace-abc.123" && "responseTime" in e);
    expect(done).toMatchObject({ level: 30, res: { statusCode: 200 } });
    const incoming = entries().find((e) => e.reqId === "trace-abc.123" && "req" in e);
    expect(incoming).toMatchObject({ req: { method: "GET", url: "/api/courses" } });
    expect(lines.join("\n")).not.toContain("hunter2");
  });

  it("makes its own id when the client's is not plain, and never logs credentials", async () => {
    const ada = await signup(app, "ada-logs@example.com", "correct horse battery");
    const res = await app.inject({
      method: "GET",
      url: "/api/me",
      headers: { ...as(ada), "x-request-id": "x".repeat(200) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const all = lines.join("\n");
    expect(all).not.toContain(ada.cookie.split("=")[1]);
    expect(all).not.toContain(ada.csrf);
    expect(all).not.toContain("correct horse battery");
  });
});

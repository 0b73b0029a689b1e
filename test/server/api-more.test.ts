/** More of the API: sessions end, OpenAPI covers every route, runner crashes are not the learner's fault. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import type { Runner } from "../../src/runners/runner.js";
import { documentedRoutes } from "../../src/server/openapi.js";
import { as, signup, startTestServer, type TestServer } from "./harness.js";

describe("sessions and passwords", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { worker: false });
  });
  afterAll(async () => server?.close());

  it("logs out, and a password change ends every session", async () => {
    const a = await signup(server.app, "frank@example.com");
    const out = await server.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: as(a),
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await server.app.inject({ method: "GET", url: "/api/me", headers: as(a, false) }))
        .statusCode,
    ).toBe(401);

    const login = async () => {
      const res = await server.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "frank@example.com", password: "correct horse battery" },
      });
      return {
        cookie: String(res.headers["set-cookie"]).split(";")[0]!,
        csrf: (res.json() as { csrfToken: string }).csrfToken,
        id: "",
      };
    };
    const phone = await login();
    const laptop = await login();
    const wrong = await server.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: as(laptop),
      payload: { currentPassword: "nope nope nope", newPassword: "a new long password" },
    });
    expect(wrong.statusCode).toBe(403);
    const changed = await server.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers: as(laptop),
      payload: { currentPassword: "correct horse battery", newPassword: "a new long password" },
    });
    expect(changed.statusCode).toBe(204);
    expect(
      (await server.app.inject({ method: "GET", url: "/api/me", headers: as(phone, false) }))
        .statusCode,
    ).toBe(401);
    const relogin = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "frank@example.com", password: "a new long password" },
    });
    expect(relogin.statusCode).toBe(200);
  });

  it("serves lesson Markdown (with any HTML in it) as JSON data, never as a page", async () => {
    const res = await server.app.inject({ method: "GET", url: "/api/lessons/mini/adding" });
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ id: "mini/adding", title: "Adding <numbers>" });
    expect(res.json().markdown).toContain('<script>alert("lesson")</script>');
  });

  it("documents every route in the OpenAPI description", async () => {
    const routes: string[] = [];
    const probe = await startTestServer({}, { worker: false });
    try {
      const printed = probe.app.printRoutes({ commonPrefix: false });
      expect(printed.length).toBeGreaterThan(0);
      const doc = (await probe.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
      expect(doc.openapi).toBe("3.1.0");
      for (const route of documentedRoutes()) routes.push(route);
      const registered = (probe.app as unknown as { registeredRoutes: string[] }).registeredRoutes;
      const api = registered.filter((r) => / \/(api|healthz)/.test(r));
      expect([...api].sort()).toEqual([...routes].sort());
      // Every documented route answers something other than "no route".
      for (const route of routes) {
        const [method, url] = route.split(" ") as [string, string];
        const concrete = url.replace(/:(\w+)/g, "x");
        const res = await probe.app.inject({ method: method as "GET", url: concrete });
        expect([route, res.json()?.error?.message ?? ""]).not.toEqual([
          route,
          `no route ${method} ${concrete}`,
        ]);
      }
    } finally {
      await probe.close();
    }
  });
});

describe("verdicts that cannot count", () => {
  it("a pass from an in-process runner (forgeable by the code it grades) earns nothing", async () => {
    const inProcess: Runner = {
      name: "pyodide",
      async grade(): Promise<GradeResult> {
        return {
          version: 3,
          status: "pass",
          message: null,
          tests: [
            {
              name: "add",
              status: "pass",
              message: null,
              output: null,
              test_code: "assert add(1, 2) == 3",
              task_id: null,
              duration_ms: 1,
              limit: null,
            },
          ],
          limit: null,
          runner: "pyodide",
          python: "3.14.0",
          isolation: "in-process",
          duration_ms: 1,
        };
      },
      async close() {},
    };
    const server = await startTestServer({}, { runner: inProcess });
    try {
      const learner = await signup(server.app, "ivan@example.com");
      const res = await server.app.inject({
        method: "POST",
        url: "/api/exercises/mini/add/submissions",
        headers: as(learner),
        payload: { files: [{ path: "add.py", content: "def add(a, b): return a + b\n" }] },
      });
      const { id } = res.json() as { id: string };
      const done = (
        await server.app.inject({
          method: "GET",
          url: `/api/submissions/${id}?wait=20`,
          headers: as(learner, false),
        })
      ).json();
      expect(done.status).toBe("infra-error");
      expect(done.error).toMatch(/not isolated/);
      const progress = (
        await server.app.inject({
          method: "GET",
          url: "/api/progress",
          headers: as(learner, false),
        })
      ).json();
      expect(progress.exercises).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("infrastructure failures", () => {
  it("marks a submission as an infrastructure error the learner can retry, not as their failure", async () => {
    let calls = 0;
    const broken: Runner = {
      name: "sandbox",
      async grade(): Promise<GradeResult> {
        calls += 1;
        throw new Error("the sandbox could not start");
      },
      async close() {},
    };
    const server = await startTestServer({}, { runner: broken });
    try {
      const learner = await signup(server.app, "gina@example.com");
      const res = await server.app.inject({
        method: "POST",
        url: "/api/exercises/mini/add/submissions",
        headers: as(learner),
        payload: { files: [{ path: "add.py", content: "def add(a, b): return a + b\n" }] },
      });
      const { id } = res.json() as { id: string };
      const done = (
        await server.app.inject({
          method: "GET",
          url: `/api/submissions/${id}?wait=20`,
          headers: as(learner, false),
        })
      ).json();
      expect(done.status).toBe("infra-error");
      expect(done.error).toMatch(/not your code's fault/);
      expect(done.error).not.toMatch(/submit again/);
      expect(calls).toBe(3);
      const progress = (
        await server.app.inject({
          method: "GET",
          url: "/api/progress",
          headers: as(learner, false),
        })
      ).json();
      expect(progress.exercises).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

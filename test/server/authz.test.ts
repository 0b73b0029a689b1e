/**
 * The server's HTTP surface attacked by a hostile learner and a hostile instructor (red-team
 * review, 2026-12-06), on SQLite and on PostgreSQL: what a stolen or scripted API token may do
 * (the CLI's work, nothing else), a locked project stage read through the exercise routes, a
 * project the learner hid still on their public profile, and malformed input (repeated query
 * parameters, NUL characters) that reached the database as a 500. Each attack runs against the
 * real app; each check also says what must keep working.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { ContentCatalog } from "../../src/server/catalog.js";
import { loadConfig } from "../../src/server/config.js";
import { PostgresStore } from "../../src/storage/postgres/postgres-store.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import type { Store } from "../../src/storage/store.js";
import { progress, result, submission } from "../storage/store-fixtures.js";
import { POSTGRES_URL, requirePostgres, TestSchemas } from "../storage/test-databases.js";
import { as, FIXTURE_CONTENT, signup, type Learner } from "./harness.js";

const PROJECT_CONTENT = path.resolve(import.meta.dirname, "../fixtures/project-content");
const PASSWORD = "correct horse battery";

const schemas = new TestSchemas("authz");
afterAll(() => schemas.dropAll());

interface Server {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** The real app on one engine (no worker: the attacks are on the HTTP surface). */
async function open(engine: "sqlite" | "postgres", contentDir = FIXTURE_CONTENT): Promise<Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-authz-"));
  const config = loadConfig(
    { NODE_ENV: "test", PYDOJO_CONTENT_DIR: contentDir },
    { dataDir: dir },
    dir,
  );
  const store: Store =
    engine === "postgres"
      ? new PostgresStore(POSTGRES_URL, { schema: schemas.next() })
      : new SqliteStore(path.join(dir, "pydojo.sqlite"));
  await requirePostgres(() => store.migrate());
  const queue = new SqliteJobQueue(path.join(dir, "queue.sqlite"));
  const catalog = await ContentCatalog.load(config.contentDir);
  const app = await buildApp({ config, store, queue, catalog });
  return {
    app,
    store,
    async close() {
      await app.close();
      await queue.close();
      await store.close();
    },
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function newToken(
  app: FastifyInstance,
  who: Learner,
): Promise<{ id: string; token: string }> {
  const res = await app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: as(who),
    payload: { name: "laptop" },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string };
}

describe.each(["sqlite", "postgres"] as const)("the HTTP surface on %s", (engine) => {
  let server: Server;
  let ada: Learner;
  let mia: Learner;
  let root: Learner;
  let cohortId: string;
  let inviteCode: string;

  beforeAll(async () => {
    server = await open(engine);
    ada = await signup(server.app, "ada@example.com", PASSWORD);
    mia = await signup(server.app, "mia@example.com", PASSWORD);
    root = await signup(server.app, "root@example.com", PASSWORD);
    await server.store.users.updateRole(mia.id, "mentor");
    await server.store.users.updateRole(root.id, "admin");
    const made = await server.app.inject({
      method: "POST",
      url: "/api/cohorts",
      headers: as(mia),
      payload: { name: "Evening class" },
    });
    cohortId = made.json().cohort.id;
    inviteCode = made.json().cohort.inviteCode;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const call = (
    headers: Record<string, string>,
    method: InjectOptions["method"],
    url: string,
    payload?: object,
  ) => server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it("an API token does the CLI's work: reads, drafts, submissions", async () => {
    const { token } = await newToken(server.app, ada);
    const files = [{ path: "add.py", content: "def add(a, b):\n    return a + b\n" }];
    for (const url of [
      "/api/me",
      "/api/progress",
      "/api/submissions",
      "/api/me/comments",
      "/api/me/skills",
      "/api/me/export",
    ])
      expect((await call(bearer(token), "GET", url)).statusCode, url).toBe(200);
    expect(
      (await call(bearer(token), "PUT", "/api/exercises/mini/add/draft", { files })).statusCode,
    ).toBe(200);
    expect(
      (await call(bearer(token), "POST", "/api/exercises/mini/add/submissions", { files }))
        .statusCode,
    ).toBe(202);
  });

  it("a stolen learner's token cannot take the account: no new tokens, password, profile, deletion, cohorts", async () => {
    const { id, token } = await newToken(server.app, ada);
    const attacks: [InjectOptions["method"], string, object?][] = [
      ["POST", "/api/tokens", { name: "persistence" }],
      ["DELETE", `/api/tokens/${id}`],
      [
        "POST",
        "/api/auth/password",
        { currentPassword: PASSWORD, newPassword: "the attacker's now" },
      ],
      ["PATCH", "/api/me", { displayName: "pwned", timeZone: "UTC" }],
      ["PUT", "/api/me/profile", { handle: "ada-exposed", public: true }],
      ["PUT", "/api/me/profile/hidden", { kind: "exercise", id: "mini/add", hidden: true }],
      ["POST", "/api/me/goal", { postingTitle: "x", path: ["mini/add"] }],
      ["DELETE", "/api/me", { password: PASSWORD, confirm: "delete my account" }],
      ["POST", "/api/cohorts/join", { code: inviteCode }],
      ["DELETE", `/api/me/cohorts/${cohortId}`],
      ["POST", "/api/me/comments/seen", {}],
    ];
    for (const [method, url, payload] of attacks) {
      const res = await call(bearer(token), method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe("token_not_allowed");
      expect(res.json().error.message).toMatch(/signed in in the browser/);
    }
    // Nothing changed: one token, the same password, name and profile, no cohort joined.
    const tokens = await server.store.tokens.listForUser(ada.id);
    expect(tokens.filter((t) => t.revokedAt === null).map((t) => t.id)).toContain(id);
    expect(tokens.some((t) => t.name === "persistence")).toBe(false);
    const login = await call({}, "POST", "/api/auth/login", {
      email: "ada@example.com",
      password: PASSWORD,
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.displayName).toBe("ada");
    expect(await server.store.profiles.get(ada.id)).toMatchObject({ public: false });
    expect(await server.store.cohorts.listForMember(ada.id)).toEqual([]);
    // The browser session still does all of it.
    expect(
      (await call(as(ada), "POST", "/api/cohorts/join", { code: inviteCode })).statusCode,
    ).toBe(200);
  });

  it("an admin's or instructor's token reads and changes nothing of others", async () => {
    const admin = await newToken(server.app, root);
    const mentor = await newToken(server.app, mia);
    const adminRoutes: [InjectOptions["method"], string, object?][] = [
      ["GET", "/api/admin/users"],
      ["PATCH", `/api/admin/users/${ada.id}`, { role: "admin" }],
      ["POST", `/api/admin/users/${ada.id}/password-reset`],
      ["GET", "/api/admin/audit"],
      ["GET", "/api/admin/queue"],
      ["POST", "/api/admin/queue/retry-infra"],
    ];
    const instructorRoutes: [InjectOptions["method"], string, object?][] = [
      ["GET", "/api/cohorts"],
      ["POST", "/api/cohorts", { name: "by token" }],
      ["GET", `/api/cohorts/${cohortId}`],
      ["GET", `/api/cohorts/${cohortId}/progress.csv`],
      ["GET", `/api/cohorts/${cohortId}/learners/${ada.id}/submissions`],
      ["POST", `/api/cohorts/${cohortId}/invite`],
      ["DELETE", `/api/cohorts/${cohortId}/members/${ada.id}`],
    ];
    for (const [who, routes] of [
      [admin, [...adminRoutes, ...instructorRoutes]],
      [mentor, instructorRoutes],
    ] as const)
      for (const [method, url, payload] of routes) {
        const res = await call(bearer(who.token), method, url, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe("token_not_allowed");
      }
    expect((await server.store.users.byId(ada.id))?.role).toBe("learner");
    const audit = (await server.store.audit.list(50)).map((e) => e.action);
    expect(audit.filter((a) => a !== "cohort.create")).toEqual([]);
    // The same calls from the browser session work.
    expect((await call(as(root), "GET", "/api/admin/users")).statusCode).toBe(200);
    expect((await call(as(mia), "GET", `/api/cohorts/${cohortId}`)).statusCode).toBe(200);
  });

  it("an instructor reads a hidden test's failure as the learner does, in a verdict stored before the redaction", async () => {
    const lou = await signup(server.app, "lou@example.com", PASSWORD);
    await call(as(lou), "POST", "/api/cohorts/join", { code: inviteCode });
    const old = result("fail");
    old.tests[0] = {
      ...old.tests[0]!,
      hidden: true,
      message: "assert add(31337, 4) == 31341",
      test_code: "assert add(31337, 4) == 31341",
    };
    await server.store.submissions.create(
      submission(`authz-old-${engine}`, lou.id, {
        exerciseId: "mini/add",
        status: "graded",
        result: old,
        gradedAt: new Date().toISOString(),
      }),
    );
    const read = await call(
      as(mia, false),
      "GET",
      `/api/cohorts/${cohortId}/learners/${lou.id}/submissions`,
    );
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain("31337");
    expect(read.json().submissions[0].failures).toEqual([
      { name: "test_adds", message: expect.stringMatching(/a hidden test failed/) },
    ]);
    expect((await call(as(lou, false), "GET", "/api/submissions")).body).not.toContain("31337");
  });

  it("a draft holds the exercise's files once each, as a submission does", async () => {
    const url = "/api/exercises/mini/add/draft";
    const twice = await call(as(ada), "PUT", url, {
      files: [
        { path: "add.py", content: "def add(a, b):\n    return a + b\n" },
        { path: "add.py", content: "import os\n" },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.code).toBe("duplicate_file");
    const many = await call(as(ada), "PUT", url, {
      files: Array.from({ length: 500 }, () => ({ path: "add.py", content: "x" })),
    });
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe("too_many_files");
    const other = await call(as(ada), "PUT", url, {
      files: [{ path: "add_test.py", content: "" }],
    });
    expect([other.statusCode, other.json().error.code]).toEqual([400, "unexpected_file"]);
  });

  it("a repeated or malformed query parameter is a 400, never a database error", async () => {
    for (const url of [
      "/api/submissions?exercise=mini/add&exercise=mini/greet",
      "/api/me/comments?exercise=a&exercise=b",
      `/api/cohorts/${cohortId}?inactiveDays=1&inactiveDays=2`,
    ]) {
      const who = url.startsWith("/api/cohorts") ? mia : ada;
      const res = await call(as(who, false), "GET", url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe("invalid_request");
    }
    const one = await call(as(ada, false), "GET", "/api/submissions?exercise=mini/add");
    expect(one.statusCode).toBe(200);
  });

  it("a NUL character in a body or an id is a 400 naming the field, never a database error", async () => {
    const nul = "a\u0000b";
    const attacks: [Record<string, string>, InjectOptions["method"], string, object?][] = [
      [
        {},
        "POST",
        "/api/auth/signup",
        { email: "nul@example.com", password: PASSWORD, displayName: nul },
      ],
      [{}, "POST", "/api/auth/login", { email: "a\u0000@example.com", password: PASSWORD }],
      [
        as(ada),
        "PUT",
        "/api/exercises/mini/add/draft",
        { files: [{ path: "add.py", content: nul }] },
      ],
      [
        as(ada),
        "POST",
        "/api/exercises/mini/add/submissions",
        { files: [{ path: "add.py", content: nul }] },
      ],
      [as(ada), "POST", "/api/tokens", { name: nul }],
      [as(ada), "PATCH", "/api/me", { displayName: nul, timeZone: "UTC" }],
      [as(mia), "POST", "/api/cohorts", { name: nul }],
    ];
    for (const [headers, method, url, payload] of attacks) {
      const res = await call(headers, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().error.message).toMatch(/NUL/);
    }
    for (const [who, method, url] of [
      [ada, "GET", "/api/submissions/a%00b"],
      [ada, "GET", "/api/submissions?exercise=a%00b"],
      [mia, "GET", "/api/cohorts/a%00b"],
      [null, "GET", "/api/profiles/a%00b"],
      [ada, "DELETE", "/api/tokens/a%00b"],
    ] as const) {
      const res = await call(who ? as(who) : {}, method, url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message).toMatch(/must not contain NUL/);
    }
  });
});

describe.each(["sqlite", "postgres"] as const)("projects on %s", (engine) => {
  let server: Server;
  let ada: Learner;

  beforeAll(async () => {
    server = await open(engine, PROJECT_CONTENT);
    ada = await signup(server.app, "ada@example.com", PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const get = (url: string, who: Learner | null = ada) =>
    server.app.inject({ method: "GET", url, headers: who ? as(who, false) : {} });

  it("a locked stage's ticket and tests are not served through the exercise routes", async () => {
    for (const who of [null, ada]) {
      const stage = await get("/api/exercises/studio/tally-stage-2", who);
      expect(stage.statusCode).toBe(200);
      const body = stage.json();
      expect(body).toMatchObject({ locked: true, instructions: null, tests: [], reference: null });
      expect(stage.body).not.toContain("reset()");
      expect(stage.body).not.toContain("test_02_reset");
      const hint = await get("/api/exercises/studio/tally-stage-2/hints/1", who);
      expect(hint.statusCode).toBe(403);
      expect(hint.json().error.message).toMatch(/stage is locked/);
    }
    // Unlocked (stage 1 passed), the ticket and the visible tests are served as on the project.
    await server.store.progress.put(
      progress(ada.id, "studio/tally-stage-1", {
        state: "passed",
        firstPassedAt: new Date().toISOString(),
      }),
    );
    const open = (await get("/api/exercises/studio/tally-stage-2")).json();
    expect(open.locked).toBe(false);
    expect(open.instructions).toContain("reset()");
    expect(open.tests.map((t: { path: string }) => t.path)).toContain("tests/test_02_reset.py");
    expect(JSON.stringify(open.tests)).not.toContain("hidden");
  });

  it("a project the learner hid (one of its stages) is not on their public profile, nor its code", async () => {
    const at = new Date().toISOString();
    for (const stage of ["studio/tally-stage-1", "studio/tally-stage-2"])
      await server.store.progress.put(
        progress(ada.id, stage, { state: "passed", firstPassedAt: at }),
      );
    await server.store.submissions.create(
      submission("authz-pass-2", ada.id, {
        exerciseId: "studio/tally-stage-2",
        files: [{ path: "tally/core.py", content: "SECRET_CODE = 1\n" }],
        status: "graded",
        result: result("pass"),
        gradedAt: at,
      }),
    );
    const set = await server.app.inject({
      method: "PUT",
      url: "/api/me/profile",
      headers: as(ada),
      payload: { handle: "ada-l", public: true },
    });
    expect(set.statusCode).toBe(200);
    const download = "/api/profiles/ada-l/projects/studio/tally/download";
    expect(
      (await get("/api/profiles/ada-l", null)).json().projects.map((p: { id: string }) => p.id),
    ).toEqual(["studio/tally"]);
    expect((await get(download, null)).statusCode).toBe(200);

    const hide = await server.app.inject({
      method: "PUT",
      url: "/api/me/profile/hidden",
      headers: as(ada),
      payload: { kind: "exercise", id: "studio/tally-stage-2", hidden: true },
    });
    expect(hide.statusCode).toBe(200);
    expect((await get("/api/profiles/ada-l", null)).json().projects).toEqual([]);
    expect((await get(download, null)).statusCode).toBe(404);
    const page = await get("/u/ada-l", null);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("studio/tally");
  });
});

/**
 * More of what a hostile server sends, and what someone may have planted around the learner's
 * folders, against the real CLI (bin/pydojo.js) and a real HTTP server on 127.0.0.1: hint answers
 * with escape sequences or the wrong types, a planted link where the CLI keeps its own notes or
 * its token, a token that would inject headers, listings of thousands of exercises, file names
 * that alias on Windows or macOS, values nested a million deep, and error messages of megabytes.
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  existsSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, exercise, loggedInHome, startFakeServer, type FakeServer } from "./fake-server.js";

let server: FakeServer;
let home: string;
let work: string;
let outside: string;

beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.routes.clear();
  server.requests.length = 0;
  home = loggedInHome(server.url);
  const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-content-"));
  work = path.join(root, "work");
  outside = path.join(root, "outside");
  mkdirSync(work);
  mkdirSync(outside);
  writeFileSync(path.join(outside, "victim"), "precious\n");
});

const pydojo = (args: string[], cwd = work, env: NodeJS.ProcessEnv = {}) =>
  cli(args, cwd, home, env);
const ESC = "\u001b";
const serve = (ex: unknown) => server.routes.set("GET /api/exercises/mini/add", { body: ex });

async function pulled(): Promise<string> {
  serve(exercise());
  expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
  return path.join(work, "mini", "add");
}

describe("pydojo hint", () => {
  it("never writes its notes through a link planted in .pydojo", async () => {
    const dir = await pulled();
    symlinkSync(path.join(outside, "victim"), path.join(dir, ".pydojo", "hints.json"));
    server.routes.set("GET /api/exercises/mini/add/hints/1", {
      body: { hint: "Use +.", shown: 1, total: 2 },
    });
    const r = await pydojo(["hint"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/hints\.json is a symbolic link: pydojo never follows links/);
    expect(readFileSync(path.join(outside, "victim"), "utf8")).toBe("precious\n");
  });

  it("refuses a hint answer with escape sequences in its numbers or the wrong types", async () => {
    const dir = await pulled();
    const answers = [
      { hint: "Use +.", shown: `1${ESC}]0;pwned${ESC}\\`, total: `${ESC}[2J2` },
      { hint: { text: "not text" }, shown: 1, total: 2 },
      { hint: "x", shown: 3, total: 2 },
    ];
    for (const body of answers) {
      server.routes.set("GET /api/exercises/mini/add/hints/1", { body });
      const r = await pydojo(["hint", "1"], dir);
      expect(r.code, JSON.stringify(body)).toBe(1);
      expect(r.err).toContain(`the server ${server.url} sent a malformed hint for mini/add`);
      expect(r.err).not.toContain("internal error");
      expect(r.out + r.err).not.toContain(ESC);
    }
    expect(existsSync(path.join(dir, ".pydojo", "hints.json"))).toBe(false);
  });
});

describe("the token on disk", () => {
  const me = {
    body: {
      user: { id: "u", email: "a@b.c", displayName: "Ada", role: "learner", timeZone: "UTC" },
      csrfToken: null,
      via: "token",
    },
  };

  it("replaces a planted link instead of writing the token through it, and keeps the folder private", async () => {
    const config = path.join(home, "pydojo", "config.json");
    const target = path.join(outside, "victim");
    chmodSync(target, 0o644);
    const { rmSync } = await import("node:fs");
    rmSync(config);
    symlinkSync(target, config);
    chmodSync(path.join(home, "pydojo"), 0o755);
    server.routes.set("GET /api/me", me);
    const r = await pydojo(["login", "--server", server.url, "--token", "pdj_secret_token"]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(lstatSync(config).isSymbolicLink()).toBe(false);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(home, "pydojo")).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(config, "utf8")).token).toBe("pdj_secret_token");
    expect(readdirSync(path.join(home, "pydojo"))).toEqual(["config.json"]);
    expect(r.out + r.err).not.toContain("pdj_secret_token");
  });

  it("refuses a token from the server that would inject headers or is enormous, and saves nothing", async () => {
    const config = path.join(home, "pydojo", "config.json");
    const before = readFileSync(config, "utf8");
    for (const token of ["pdj_x\r\nX-Injected: 1", "pdj_" + "x".repeat(100_000), ""]) {
      server.routes.set("POST /api/cli/device", {
        body: {
          device_code: "d",
          user_code: "ABCD-EFGH",
          verification_uri: server.url,
          verification_uri_complete: server.url,
          expires_in: 600,
          interval: 1,
        },
      });
      server.routes.set("POST /api/cli/token", {
        body: { access_token: token, name: "x", user: { email: "a@b.c", displayName: "A" } },
      });
      server.routes.set("GET /api/me", me);
      const r = await pydojo(["login", "--server", server.url, "--no-browser"]);
      expect(r.code, JSON.stringify(token.slice(0, 20))).toBe(1);
      expect(r.err).toContain(`the server ${server.url} sent a malformed token: nothing was saved`);
      expect(r.err).not.toContain("internal error");
      expect(readFileSync(config, "utf8")).toBe(before);
    }
    expect(server.requests.some((q) => q.authorization?.includes("X-Injected"))).toBe(false);
  });
});

describe("listings", () => {
  const course = (items: unknown[], modules?: unknown) => ({
    id: "mini",
    title: "Mini",
    description: "",
    modules: modules ?? [{ id: "basics", title: "Basics", summary: "", items }],
  });

  it("refuses a course listing thousands of exercises before pulling any", async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      type: "exercise",
      id: `mini/e${i}`,
      title: `E${i}`,
      minutes: 1,
    }));
    server.routes.set("GET /api/courses/mini", { body: course(items) });
    const r = await pydojo(["pull", "--course", "mini"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `the server ${server.url} sent a course mini with 5000 items, more than pydojo accepts (1000); nothing was pulled`,
    );
    expect(server.requests.filter((q) => q.path.startsWith("/api/exercises"))).toEqual([]);
    expect(readdirSync(work)).toEqual([]);
  });

  it("says a malformed course is malformed (not an internal error), in pull and status", async () => {
    for (const bad of [course([], "nope"), course([{ type: "exercise", id: 7 }]), null]) {
      server.routes.set("GET /api/courses", {
        body: { courses: [{ id: "mini", title: "Mini", description: "", modules: 1 }] },
      });
      server.routes.set("GET /api/courses/mini", { body: bad });
      server.routes.set("GET /api/progress", {
        body: { stats: { xp: 0, level: 1, streakDays: 0 }, exercises: [], activity: [] },
      });
      for (const args of [["pull", "--course", "mini"], ["status"]]) {
        const r = await pydojo(args);
        expect(r.code, `${args[0]} ${JSON.stringify(bad)}`).toBe(1);
        expect(r.err).toContain(`the server ${server.url} sent a malformed course mini`);
        expect(r.err).not.toContain("internal error");
      }
    }
  });
});

describe("progress", () => {
  it("says malformed progress is malformed (not an internal error) in status", async () => {
    server.routes.set("GET /api/courses", {
      body: { courses: [{ id: "mini", title: "Mini", description: "", modules: 1 }] },
    });
    server.routes.set("GET /api/courses/mini", {
      body: { id: "mini", title: "Mini", description: "", modules: [] },
    });
    for (const bad of [{}, { stats: null }, { stats: { xp: "lots", level: 1, streakDays: 0 } }]) {
      server.routes.set("GET /api/progress", { body: bad });
      const r = await pydojo(["status"]);
      expect(r.code, JSON.stringify(bad)).toBe(1);
      expect(r.err).toContain(`the server ${server.url} sent malformed progress`);
      expect(r.err).not.toContain("internal error");
    }
  });
});

describe("instructors' comments", () => {
  it("status leaves out a malformed comments answer (null, wrong types) and prints the rest", async () => {
    server.routes.set("GET /api/courses", {
      body: { courses: [{ id: "mini", title: "Mini", description: "", modules: 1 }] },
    });
    server.routes.set("GET /api/courses/mini", {
      body: { id: "mini", title: "Mini", description: "", modules: [] },
    });
    server.routes.set("GET /api/progress", {
      body: { stats: { xp: 0, level: 1, streakDays: 0 }, exercises: [], activity: [] },
    });
    const bad: unknown[] = [
      { unseen: 2, comments: null },
      { unseen: "2", comments: [] },
      {
        unseen: 1,
        comments: [null, { exerciseId: 7 }, { exerciseId: "mini/\u001b]0;owned\u0007add" }],
      },
    ];
    for (const body of bad) {
      server.routes.set("GET /api/me/comments", { body });
      const r = await pydojo(["status"]);
      expect(r.code, JSON.stringify(body)).toBe(0);
      expect(r.err).not.toContain("internal error");
      expect(r.out).not.toContain("\u001b]");
    }
    expect((await pydojo(["status"])).out).toContain(
      "1 new comment from your instructor on mini/add",
    );
  });
});

describe("file names that alias another file on some systems", () => {
  const cases: [string, unknown, string][] = [
    [
      "two names that differ only in case",
      { support: [{ path: "ADD.py", content: "print('x')\n" }] },
      'refused file name "ADD.py" from the server',
    ],
    [
      "a Windows device name",
      { support: [{ path: "CON.py", content: "" }] },
      'refused file name "CON.py" from the server',
    ],
    [
      "a name ending in a dot (Windows drops it)",
      { support: [{ path: "add.py.", content: "" }] },
      'refused file name "add.py." from the server',
    ],
  ];
  for (const [what, overrides, message] of cases) {
    it(`refuses ${what}, and writes nothing`, async () => {
      serve(exercise(overrides as Record<string, unknown>));
      const r = await pydojo(["pull", "mini/add"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(message);
      expect(readdirSync(work)).toEqual([]);
    });
  }
});

describe("values no printer expects", () => {
  it("names a value nested 900,000 deep without crashing", async () => {
    // (A million would be refused before parsing: more than a million objects and lists.)
    const deep = "[".repeat(900_000) + "]".repeat(900_000);
    server.routes.set("GET /api/exercises/mini/add", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(exercise()).replace('"implement"', deep));
      },
    });
    const r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("refused exercise kind");
    expect(r.err).not.toContain("internal error");
  });

  it("cuts an error message of megabytes to a readable length", async () => {
    server.routes.set("GET /api/exercises/mini/add", {
      status: 403,
      body: { error: { code: "forbidden", message: "no ".repeat(1_000_000) } },
    });
    const r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("pydojo pull: no no no");
    expect(r.err).toContain("(cut: the server's message was 3000000 characters long)");
    expect(r.err.length).toBeLessThan(3000);
  });
});

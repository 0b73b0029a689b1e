/**
 * What is public (docs/public-content.md): the course map, lessons, instructions, tests and the
 * first hint are open; further hints need a signed-in learner; no route ever serves a hidden
 * test file or a write-tests exercise's buggy variants and equivalents; source maps are not
 * served in production. Checked against the real course in content/.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentCatalog } from "../../src/server/catalog.js";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";

const CONTENT = path.resolve(import.meta.dirname, "../../content");
let server: TestServer;
let catalog: ContentCatalog;
let ada: Learner;

beforeAll(async () => {
  server = await startTestServer({ contentDir: CONTENT }, { worker: false });
  catalog = await ContentCatalog.load(CONTENT);
  ada = await signup(server.app, "ada@example.com");
});
afterAll(async () => {
  await server?.close();
});

const exercises = () => catalog.courses.flatMap((c) => c.modules.flatMap((m) => m.exercises));

describe("hints", () => {
  it("gives the first hint to anyone and the others to signed-in learners", async () => {
    const ex = exercises().find((e) => (e.hints?.match(/^## /gm)?.length ?? 0) >= 2)!;
    const base = `/api/exercises/${ex.meta!.id}/hints`;
    expect((await server.app.inject({ method: "GET", url: `${base}/1` })).statusCode).toBe(200);
    const second = await server.app.inject({ method: "GET", url: `${base}/2` });
    expect(second.statusCode).toBe(401);
    expect(second.json().error.message).toBe(
      "sign in to see more hints: the first hint is public, the others are for signed-in learners",
    );
    const signedIn = await server.app.inject({
      method: "GET",
      url: `${base}/2`,
      headers: as(ada, false),
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ shown: 2 });
  });
});

describe("hidden files", () => {
  it("are never served: variants, equivalents and hidden tests of write-tests exercises", async () => {
    const writeTests = exercises().filter((e) => e.meta?.kind === "write-tests");
    expect(writeTests.length).toBeGreaterThan(0);
    // Every hidden file's text, with a name for the failure message.
    const secrets: [string, string][] = [];
    for (const ex of writeTests) {
      // Variants, equivalents, declared mistakes and alternatives; a mistake whose whole text is
      // also in the starter, the instructions or the reference (shown after a pass: a mistake
      // that is its first test alone) is public anyway.
      const open = [...ex.stub, ...ex.reference]
        .map((f) => f.content)
        .concat(ex.instructions)
        .join("\n");
      for (const [file, text] of ex.variantFiles)
        if (!open.includes(text)) secrets.push([`${ex.meta!.id}/${file}`, text]);
      for (const t of ex.tests) secrets.push([`${ex.meta!.id}/${t.path}`, t.content]);
    }
    expect(secrets.length).toBeGreaterThan(writeTests.length * 2);

    // A learner who passed them all sees the most (the reference is shown after passing).
    for (const ex of writeTests) {
      await server.store.progress.put({
        userId: ada.id,
        exerciseId: ex.meta!.id,
        state: "passed",
        attempts: 1,
        bestPassed: 1,
        bestTotal: 1,
        firstPassedAt: new Date().toISOString(),
        xpAwarded: 0,
        updatedAt: new Date().toISOString(),
      });
    }
    const urls = ["/", "/app.js", "/harness/bundle.json", "/api/courses", "/api/openapi.json"];
    for (const course of catalog.courses) {
      urls.push(`/api/courses/${course.meta.id}`);
      for (const mod of course.modules) {
        for (const lesson of mod.lessons) urls.push(`/api/lessons/${lesson.meta.id}`);
        for (const ex of mod.exercises) {
          const id = ex.meta!.id;
          urls.push(`/api/exercises/${id}`, `/api/exercises/${id}/solutions`);
          for (let n = 1; n <= (ex.hints?.match(/^## /gm)?.length ?? 0); n++)
            urls.push(`/api/exercises/${id}/hints/${n}`);
        }
      }
    }
    // Guesses at the files themselves.
    for (const [name] of secrets) {
      const [course, slug, ...rest] = name.split("/");
      urls.push(`/${rest.join("/")}`, `/api/exercises/${course}/${slug}/${rest.join("/")}`);
      urls.push(`/content/${name}`, `/${path.basename(name)}`);
    }
    let checked = 0;
    for (const url of urls) {
      for (const headers of [{}, as(ada, false)]) {
        const res = await server.app.inject({ method: "GET", url, headers });
        const body = res.body;
        for (const [name, text] of secrets) {
          const asJson = JSON.stringify(text).slice(1, -1);
          expect([url, name, body.includes(text) || body.includes(asJson)]).toEqual([
            url,
            name,
            false,
          ]);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("are left out of an exercise's tests, starter and support even if its config lists them", async () => {
    // The write-tests kind's grading test lives in .meta/: never in the exercise's public files.
    const ex = exercises().find((e) => e.tests.some((t) => t.path.startsWith(".meta/")))!;
    const res = await server.app.inject({
      method: "GET",
      url: `/api/exercises/${ex.meta!.id}`,
      headers: as(ada, false),
    });
    const body = res.json() as Record<string, { path: string }[]>;
    for (const field of ["tests", "starter", "support"])
      expect(body[field]!.filter((f) => f.path.startsWith(".meta"))).toEqual([]);
  });
});

describe("source maps", () => {
  it("are served in development and not in production", async () => {
    const dev = await server.app.inject({ method: "GET", url: "/app.js.map" });
    expect(dev.statusCode).toBe(200);
    const prod = await startTestServer({ mode: "production" }, { worker: false });
    try {
      expect((await prod.app.inject({ method: "GET", url: "/app.js" })).statusCode).toBe(200);
      const map = await prod.app.inject({ method: "GET", url: "/app.js.map" });
      expect(map.statusCode).toBe(404);
      expect(map.body).not.toContain("sourcesContent");
    } finally {
      await prod.close();
    }
  });
});

/**
 * Which app an exercise serves in the request panel and `pydojo run` (httpAppOf): the `app`
 * field, else a web-app exercise's `make_app()` or `app` from its starter; and, on the bundled
 * content, every app the rule names is one the exercise's reference really defines (loaded
 * with the harness's serve.load_app in python3).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findExerciseDirs } from "../../src/content/discover.js";
import { loadExercise } from "../../src/content/exercise-loader.js";
import { httpAppOf } from "../../src/core/exercise.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const meta = (extra: Record<string, unknown> = {}) => ({
  tags: [] as string[],
  kind: "implement" as const,
  ...extra,
});
const file = (p: string, content: string) => ({ path: p, content });
const CLIENT_TEST = { content: "def test_home(client):\n    assert client.get('/').status == 200\n" };

describe("httpAppOf", () => {
  it("takes the app field as it is", () => {
    expect(httpAppOf(meta({ app: "shop:build()" }), ["shop.py"])).toBe("shop:build()");
  });

  it("finds make_app() or app in the starter of an exercise whose tests use client", () => {
    const factory = file("shop.py", "def make_app(store=None):\n    ...\n");
    expect(httpAppOf(meta(), ["shop.py"], { starter: [factory], tests: [CLIENT_TEST] })).toBe(
      "shop:make_app()",
    );
    const plain = file("shop.py", "async def app(scope, receive, send):\n    ...\n");
    expect(httpAppOf(meta(), ["shop.py"], { starter: [plain], tests: [CLIENT_TEST] })).toBe(
      "shop:app",
    );
    const assigned = file("shop.py", "from tiny import App\n\napp = App()\n");
    expect(
      httpAppOf(meta(), ["tiny.py", "shop.py"], {
        starter: [file("tiny.py", "class App:\n    pass\n"), assigned],
        tests: [{ content: "from pydojo_harness.http_client import client_for\n" }],
      }),
    ).toBe("shop:app");
    // A factory that needs an argument can't be called by the panel: not taken.
    const needs = file("shop.py", "def make_app(store):\n    ...\n");
    expect(httpAppOf(meta(), ["shop.py"], { starter: [needs], tests: [CLIENT_TEST] })).toBeNull();
  });

  it("is null for exercises that are not web apps, and for write-tests", () => {
    const plain = file("shop.py", "def app(environ, start_response):\n    ...\n");
    const unitTest = { content: "def test_total():\n    assert total([]) == 0\n" };
    expect(httpAppOf(meta(), ["shop.py"], { starter: [plain], tests: [unitTest] })).toBeNull();
    expect(
      httpAppOf(meta({ kind: "write-tests", tags: ["http"] }), ["test_shop.py"], {
        starter: [plain],
      }),
    ).toBeNull();
    // Tagged http, but the starter defines no app (HTML rendering, a factory with arguments).
    const render = file("pages.py", "def render_page(items):\n    ...\n");
    expect(httpAppOf(meta({ tags: ["http"] }), ["pages.py"], { starter: [render] })).toBeNull();
    const pkg = file("pkg/shop.py", "def make_app():\n    ...\n");
    expect(httpAppOf(meta({ tags: ["http"] }), ["pkg/shop.py"], { starter: [pkg] })).toBe(
      "pkg.shop:make_app()",
    );
  });

  it("names, on the bundled content, only apps the references define", async () => {
    const found: [string, string, string][] = [];
    for (const dir of await findExerciseDirs(path.join(ROOT, "content"))) {
      const ex = await loadExercise(dir);
      if (!ex.meta) continue;
      const app = httpAppOf(ex.meta, ex.config.files.solution, {
        starter: ex.stub,
        tests: ex.tests,
      });
      if (app) found.push([ex.meta.id, dir, app]);
    }
    const byId = Object.fromEntries(found.map(([id, , app]) => [id, app]));
    expect(byId).toMatchObject({
      "sample/json-api": "items_api:make_app()",
      "sample/wsgi-hello": "hello_app:app",
      "sample/asgi-endpoint": "word_stats:app",
    });
    expect(byId["sample/leap-year"]).toBeUndefined();
    // Each reference, written under the solution files' names, has the app the rule names.
    const script = [
      "import json, os, sys",
      `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, "harness"))})`,
      "from pydojo_harness import serve",
      "bad = []",
      "work, jobs = json.load(sys.stdin)",
      "for folder, spec in jobs:",
      "    sys.path.insert(0, folder)",
      "    for name in list(sys.modules):",
      "        if getattr(sys.modules[name], '__file__', '') and sys.modules[name].__file__.startswith(work):",
      "            sys.modules.pop(name)",
      "    try:",
      "        serve.load_app(spec)",
      "    except BaseException as exc:",
      "        bad.append([folder, spec, repr(exc)[:200]])",
      "    sys.path.remove(folder)",
      "print(json.dumps(bad))",
    ].join("\n");
    const work = mkdtempSync(path.join(os.tmpdir(), "pydojo-http-apps-"));
    const jobs = [];
    for (const [id, dir, app] of found) {
      const ex = await loadExercise(dir);
      const folder = path.join(work, id.replace(/\//g, "__"), "src");
      for (const f of [...ex.reference, ...ex.support]) {
        const target = path.join(folder, f.path);
        execFileSync("mkdir", ["-p", path.dirname(target)]);
        writeFileSync(target, f.content);
      }
      jobs.push([folder, app]);
    }
    const bad = JSON.parse(
      execFileSync("python3", ["-c", script], { input: JSON.stringify([work, jobs]), encoding: "utf8" }),
    ) as unknown[];
    expect(bad).toEqual([]);
  }, 60_000);
});

/**
 * `pydojo run` for real: the CLI serves a sample's app with this machine's python3, answers
 * requests, reloads when the file is saved (a SyntaxError is shown and served as a 500, and the
 * server lives on), and stops cleanly on Ctrl+C (SIGINT, exit 0).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, cli, exercise, loggedInHome, startFakeServer } from "./fake-server.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function copySample(name: string): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-run-")), name);
  cpSync(path.join(ROOT, "content/sample", name), dir, { recursive: true });
  return dir;
}

/** The CLI running in `dir`: its output so far, and a wait for the next text matching a pattern. */
function run(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, "run", ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  const out = { stdout: "", stderr: "", seen: 0, seenErr: 0 };
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on("data", (d: Buffer) => ((out.stdout += d.toString()), wake()));
  child.stderr.on("data", (d: Buffer) => ((out.stderr += d.toString()), wake()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  /** Resolves with the match once stdout (or stderr), after what earlier waits consumed, matches. */
  const next = (pattern: RegExp, stream: "stdout" | "stderr" = "stdout") =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const seen = stream === "stdout" ? "seen" : "seenErr";
      const check = () => {
        const match = pattern.exec(out[stream].slice(out[seen]));
        if (match) {
          out[seen] += match.index + match[0].length;
          resolve(match);
        } else if (child.exitCode !== null) {
          reject(new Error(`pydojo run exited (${child.exitCode}):\n${out.stdout}\n${out.stderr}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, out, next, exited };
}

/** A pulled project's folder, written by hand: a WSGI app in a package. */
function projectFolder(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-run-")), "calc");
  mkdirSync(path.join(dir, ".pydojo"), { recursive: true });
  mkdirSync(path.join(dir, "calc"));
  writeFileSync(
    path.join(dir, ".pydojo", "project.json"),
    JSON.stringify({
      kind: "project",
      id: "mini/calc",
      server: "http://127.0.0.1:9",
      title: "Calc",
      app: "calc.web:make_app()",
      stage: 1,
      stages: [{ n: 1, slug: "double", title: "Double" }],
      tests: [],
      managed: {},
      draftVersion: 0,
    }),
  );
  writeFileSync(path.join(dir, "calc", "__init__.py"), "");
  writeFileSync(
    path.join(dir, "calc", "web.py"),
    'def make_app():\n    def app(environ, start_response):\n        start_response("200 OK", [("Content-Type", "text/plain")])\n        return [b"version 1"]\n    return app\n',
  );
  return dir;
}

describe("pydojo run", () => {
  it("serves a project's app from its package and reloads when a file of the package changes", async () => {
    const dir = projectFolder();
    const server = run(dir);
    const [, url] = await server.next(/at (http:\/\/127\.0\.0\.1:\d+)\n/);
    expect(server.out.stdout).toContain("calc.web:make_app()");
    expect(await (await fetch(`${url}/`)).text()).toBe("version 1");
    const web = path.join(dir, "calc", "web.py");
    writeFileSync(web, readFileSync(web, "utf8").replace("version 1", "version 2"));
    await server.next(/^reloaded \(.*web\.py changed\)$/m);
    expect(await (await fetch(`${url}/`)).text()).toBe("version 2");
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
  });

  it("serves the WSGI app, reloads on save, survives a SyntaxError, and stops on Ctrl+C", async () => {
    const dir = copySample("json-api");
    const server = run(dir);
    const [, url] = await server.next(/at (http:\/\/127\.0\.0\.1:\d+)\n/);
    expect(server.out.stdout).toContain(`curl -i ${url}/`);
    expect(server.out.stdout).toContain("items_api:make_app()");

    // The starter: a list that is always empty.
    const first = await fetch(`${url}/items`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual([]);
    expect((await fetch(`${url}/items`, { method: "POST", body: "{}" })).status).toBe(200);

    // Saving a finished version: the next answers come from the new code.
    writeFileSync(path.join(dir, "items_api.py"), readFileSync(path.join(dir, ".meta/example.py")));
    await server.next(/^reloaded \(items_api\.py changed\)$/m);
    const created = await fetch(`${url}/items`, {
      method: "POST",
      body: JSON.stringify({ title: "Buy milk" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/items/1");
    await server.next(/POST \/items -> 201/, "stderr"); // the request's log line

    // A SyntaxError: said in the terminal, served as a 500, and the server stays up.
    writeFileSync(path.join(dir, "items_api.py"), "def make_app(:\n    pass\n");
    await server.next(/reloaded \(items_api\.py changed\), but your app could not be loaded/);
    expect(server.out.stderr).toMatch(/items_api\.py", line 1[\s\S]*SyntaxError/);
    const broken = await fetch(`${url}/items`);
    expect(broken.status).toBe(500);
    expect(await broken.text()).toContain("SyntaxError");

    // Fixed again: a fresh app (an empty list: the module was imported anew).
    writeFileSync(path.join(dir, "items_api.py"), readFileSync(path.join(dir, ".meta/example.py")));
    await server.next(/^reloaded \(items_api\.py changed\)$/m);
    expect(await (await fetch(`${url}/items`)).json()).toEqual([]);

    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
    expect(server.out.stdout).toContain("Stopped.");
  });

  it("serves an ASGI app with the harness's asyncio server, and shows an exception's traceback", async () => {
    const dir = copySample("asgi-endpoint");
    writeFileSync(
      path.join(dir, "word_stats.py"),
      readFileSync(path.join(dir, ".meta/example.py")),
    );
    const server = run(dir);
    const [, url] = await server.next(/\(word_stats:app, ASGI\) at (http:\/\/127\.0\.0\.1:\d+)\n/);
    const stats = await fetch(`${url}/stats`, { method: "POST", body: "one two\nthree" });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ words: 3, lines: 2 });
    const counted = await fetch(`${url}/count?to=3`);
    expect(await counted.text()).toBe("1\n2\n3\n");

    writeFileSync(
      path.join(dir, "word_stats.py"),
      "async def app(scope, receive, send):\n    return helper()\n\n\ndef helper():\n    raise ValueError('no stats today')\n",
    );
    await server.next(/^reloaded \(word_stats\.py changed\)$/m);
    const failed = await fetch(`${url}/stats`, { method: "POST", body: "x" });
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).toMatch(/word_stats\.py", line 6, in helper[\s\S]*ValueError: no stats today/);
    expect(text).not.toContain("pydojo_harness");
    await server.next(/ValueError: no stats today/, "stderr");

    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
  });

  it("says clearly when the port is in use, and refuses hosts other than loopback", async () => {
    const dir = copySample("wsgi-hello");
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const busy = run(dir, ["--port", String(port)]);
      expect(await busy.exited).toBe(1);
      expect(busy.out.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(busy.out.stderr).toContain("--port N");
    } finally {
      blocker.close();
    }

    const remote = await cli(["run", "--host", "192.168.1.20"], dir, os.tmpdir());
    expect(remote.code).toBe(2);
    expect(remote.err).toMatch(/not this machine's loopback.*--host 0\.0\.0\.0/);
    const badPort = await cli(["run", "--port", "http"], dir, os.tmpdir());
    expect(badPort.code).toBe(2);

    const open = run(dir, ["--host", "0.0.0.0"]);
    await open.next(/at http:\/\/0\.0\.0\.0:\d+/);
    expect(open.out.stderr).toMatch(/warning: --host 0\.0\.0\.0 serves your app to every machine/);
    open.child.kill("SIGINT");
    expect(await open.exited).toBe(0);

    const nowhere = await cli(["run"], os.tmpdir(), os.tmpdir());
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toMatch(/not an exercise folder/);
  });

  it("serves a pulled exercise's app as the server named it (a name that isn't one is ignored)", async () => {
    const server = await startFakeServer();
    try {
      const home = loggedInHome(server.url);
      const work = mkdtempSync(path.join(os.tmpdir(), "pydojo-run-pull-"));
      const factory =
        "def make_app():\n    def app(environ, start_response):\n        start_response('200 OK', [('Content-Type', 'text/plain')])\n        return [b'made by the factory']\n    return app\n";
      const ex = exercise({
        id: "web/factory",
        title: "Factory",
        solutionFiles: ["shop.py"],
        starter: [{ path: "shop.py", content: factory }],
        tests: [],
        app: "shop:make_app()",
      });
      server.routes.set("GET /api/exercises/web/factory", { body: ex });
      expect((await cli(["pull", "web/factory"], work, home)).code).toBe(0);
      const dir = path.join(work, "web", "factory");
      const served = run(dir, [], { XDG_CONFIG_HOME: home });
      const [, url] = await served.next(
        /\(shop:make_app\(\), WSGI\) at (http:\/\/127\.0\.0\.1:\d+)\n/,
      );
      expect(await (await fetch(`${url}/`)).text()).toBe("made by the factory");
      served.child.kill("SIGINT");
      expect(await served.exited).toBe(0);

      // A server that names an app outside the exercise's modules is not followed: the rule on
      // the files here finds the factory (the tests use the client fixture).
      server.routes.set("GET /api/exercises/web/factory", {
        body: {
          ...ex,
          app: "os:abort()",
          tests: [{ path: "shop_test.py", content: "def test_home(client):\n    pass\n" }],
        },
      });
      const again = mkdtempSync(path.join(os.tmpdir(), "pydojo-run-pull-"));
      expect((await cli(["pull", "web/factory"], again, home)).code).toBe(0);
      const other = run(path.join(again, "web", "factory"), [], { XDG_CONFIG_HOME: home });
      await other.next(/\(shop:make_app\(\), WSGI\) at http/);
      other.child.kill("SIGINT");
      expect(await other.exited).toBe(0);
    } finally {
      await server.close();
    }
  });
});

/**
 * The learner's local workflow end to end: the real CLI as a subprocess against a real server
 * (SQLite in a temp dir, sandbox grading) on a temporary data directory and config home.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type Learner, type TestServer } from "../server/harness.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/pydojo.js");
let server: TestServer;
let url: string;
let learner: Learner;
let token: string;
const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-cli-home-"));
const work = mkdtempSync(path.join(os.tmpdir(), "pydojo-cli-work-"));

/** Runs the CLI without blocking this process's event loop (the server runs here). */
function run(
  command: string,
  args: string[],
  cwd = work,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        encoding: "utf8",
        env: { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: "1" },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        });
      },
    );
  });
}
const pydojo = (args: string[], cwd = work) => run(process.execPath, [BIN, ...args], cwd);

beforeAll(async () => {
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  learner = await signup(server.app, "lena@example.com");
  const res = await server.app.inject({
    method: "POST",
    url: "/api/tokens",
    headers: as(learner),
    payload: { name: "cli" },
  });
  token = res.json().token;
});
afterAll(async () => server?.close());

describe("pydojo CLI against a real server", () => {
  it("logs in and keeps the token readable only by the user", async () => {
    const r = await pydojo(["login", "--server", url, "--token", token]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Logged in to http:\/\/127\.0\.0\.1:\d+ as lena <lena@example\.com>\./);
    const config = path.join(home, "pydojo", "config.json");
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, "utf8"))).toEqual({ server: url, token });
    expect((await pydojo(["whoami"])).out).toMatch(/^lena <lena@example\.com> \(learner\)/);
  });

  it("pulls, tests (fail), edits, tests (pass), submits, and shows the pass in status", async () => {
    expect((await pydojo(["pull", "mini/add"])).out).toBe("mini/add → ./mini/add/\n");
    const dir = path.join(work, "mini", "add");
    expect(readFileSync(path.join(dir, "add.py"), "utf8")).toBe(
      "def add(a, b):\n    raise NotImplementedError\n",
    );
    expect(existsSync(path.join(dir, "add_test.py"))).toBe(true);
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/^# Add\n/);

    const failing = await pydojo(["test"], dir);
    expect(failing.code).toBe(1); // like pytest: a failing test is a failing command
    expect(failing.out).toMatch(/FAIL: 0 passed, 2 failed/);
    // One header line: title, then where and how it ran, once.
    expect(failing.out.split("\n")[0]).toMatch(
      /^Add \(local runner, Python \d+\.\d+\.\d+, \d+ ms\)$/,
    );
    writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return a + b\n");
    const passing = await pydojo(["test"], dir);
    expect(passing.code).toBe(0);
    expect(passing.out).toMatch(/PASS: 2 passed, 0 failed/);

    const submitted = await pydojo(["submit"], dir);
    expect(submitted.code).toBe(0);
    expect(submitted.out).toMatch(/PASS: 2 passed, 0 failed/);
    expect(submitted.out.split("\n")[0]).toMatch(
      /^Add \(graded on the server, sandbox runner, Python [\d.]+, \d+ ms\)$/,
    );
    expect(submitted.out).toMatch(/\+20 XP \(total 20, level 1\)/);
    expect(submitted.out).toMatch(/Unlocked next: mini\/greet/);

    const status = JSON.parse((await pydojo(["status", "--json"])).out);
    expect(status).toMatchObject({ course: "mini", done: 1, total: 2, next: "mini/greet", xp: 20 });
  });

  it("never overwrites local edits when pulling again", async () => {
    const file = path.join(work, "mini", "add", "add.py");
    const edited = "def add(a, b):\n    # my own version\n    return b + a\n";
    writeFileSync(file, edited);
    const r = await pydojo(["pull", "mini/add"]);
    expect(r.out).toBe("mini/add → ./mini/add/  (kept your changes to add.py)\n");
    expect(readFileSync(file, "utf8")).toBe(edited);
  });

  it("keeps both versions when a draft changed here and on the website", async () => {
    expect((await pydojo(["pull", "greet"])).code).toBe(0);
    const dir = path.join(work, "mini", "greet");
    writeFileSync(path.join(dir, "greet.py"), "def greet(name):\n    return 'local ' + name\n");
    const web = await server.app.inject({
      method: "PUT",
      url: "/api/exercises/mini/greet/draft",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        files: [{ path: "greet.py", content: "def greet(name):\n    return 'web ' + name\n" }],
      },
    });
    expect(web.statusCode).toBe(200);
    const r = await pydojo(["sync"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      "mini/greet: changed here and on the website: kept your files, wrote the website's version to greet.server.py; merge greet.py with greet.server.py and delete the .server.py copy, then sync again\n",
    );
    expect(readFileSync(path.join(dir, "greet.py"), "utf8")).toContain("local");
    expect(readFileSync(path.join(dir, "greet.server.py"), "utf8")).toContain("web");
    // While the copy exists, a second sync refuses instead of overwriting the website's version.
    const again = await pydojo(["sync"], dir);
    expect(again.code).toBe(1);
    expect(again.err).toBe(
      "mini/greet: not synced: merge greet.py with greet.server.py and delete the .server.py copy, or run `pydojo sync --force` to keep yours\n",
    );
    expect(existsSync(path.join(dir, "greet.server.py"))).toBe(true);
    // After merging and deleting the copy, the next sync uploads the learner's file.
    rmSync(path.join(dir, "greet.server.py"));
    expect((await pydojo(["sync"], dir)).out).toBe("mini/greet: uploaded greet.py to your draft\n");
    const draft = (
      await server.app.inject({
        method: "GET",
        url: "/api/exercises/mini/greet/draft",
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    expect(draft.files[0].content).toContain("local");
    expect((await pydojo(["sync"], dir)).out).toBe("mini/greet: up to date\n");
  });

  it("shows a progress bar on a terminal, and clean JSON when piped", async () => {
    const tty = (
      await run("script", ["-qec", `node ${BIN} pull --course mini --dir ${work}`, "/dev/null"])
    ).out;
    expect(tty).toMatch(/\[#+-*\] \d\/2/);
    const piped = await pydojo(["pull", "--course", "mini", "--json"]);
    expect(piped.err).toBe("");
    expect(JSON.parse(piped.out).pulled.map((p: { id: string }) => p.id)).toEqual([
      "mini/add",
      "mini/greet",
    ]);
  });

  it("reads a token typed on a terminal (--token -) without echoing it", async () => {
    // `pydojo login` alone signs in through the browser; `--token -` reads one from the terminal.
    const child = spawn(
      "script",
      ["-qec", `node ${BIN} login --server ${url} --token -`, "/dev/null"],
      { env: { ...process.env, XDG_CONFIG_HOME: home } },
    );
    let screen = "";
    child.stdout.on("data", (d: Buffer) => (screen += d.toString()));
    // The prompt is silent: give the CLI time to switch the terminal to raw mode first.
    setTimeout(() => child.stdin.write(`${token}\r`), 3000);
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(screen).toMatch(/Logged in to .* as lena/);
    expect(screen).not.toContain(token);
  });

  it("says what to do when the token is revoked or the server is unreachable", async () => {
    const tokens = (
      await server.app.inject({ method: "GET", url: "/api/tokens", headers: as(learner, false) })
    ).json().tokens;
    await server.app.inject({
      method: "DELETE",
      url: `/api/tokens/${tokens[0].id}`,
      headers: as(learner),
    });
    const revoked = await pydojo(["whoami"]);
    expect(revoked.code).toBe(1);
    expect(revoked.err).toMatch(
      /your API token was revoked or has expired: create a new one on the website and run 'pydojo login'/,
    );
    const down = await pydojo(["login", "--server", "http://127.0.0.1:9", "--token", "pdj_x"]);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/cannot reach the PyDojo server at http:\/\/127\.0\.0\.1:9/);
    expect((await pydojo(["test"], os.tmpdir())).err).toMatch(
      /is not inside a pulled exercise folder/,
    );
  });
});

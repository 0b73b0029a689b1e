/**
 * The learner's CLI on its own: the one-file bundle (packages/pydojo-cli/build.mjs), packed by
 * the build, served by the PyDojo server at /cli/pydojo-cli.tgz and installed from there with
 * `npm install -g --prefix <tmp> <site>/cli/pydojo-cli.tgz`, then run as `pydojo` against a
 * scripted server: --help, pull, and `pydojo test` with the local runner. No server dependency
 * may be in the bundle.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../server/harness.js";
import { exercise, loggedInHome, ROOT, startFakeServer, type FakeServer } from "./fake-server.js";

const PACKAGE = path.join(ROOT, "packages/pydojo-cli");
const tmp = mkdtempSync(path.join(os.tmpdir(), "pydojo-standalone-"));
const prefix = path.join(tmp, "prefix");
const installed = path.join(prefix, "bin", "pydojo");
let server: FakeServer;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PACKAGE, "build.mjs")], { cwd: ROOT, stdio: "pipe" });
  const npmEnv = { ...process.env, npm_config_cache: path.join(tmp, "npm-cache") };
  // Installed the way the Account page says: from the PyDojo server's own address.
  const site = await startTestServer({}, { worker: false });
  try {
    const url = await site.app.listen({ port: 0, host: "127.0.0.1" });
    await new Promise<void>((resolve, reject) =>
      execFile(
        "npm",
        [
          "install",
          "-g",
          "--prefix",
          prefix,
          "--no-audit",
          "--no-fund",
          `${url}/cli/pydojo-cli.tgz`,
        ],
        { encoding: "utf8", env: npmEnv },
        (error, _out, err) => (error ? reject(new Error(err)) : resolve()),
      ),
    );
  } finally {
    await site.close();
  }
  server = await startFakeServer();
}, 120_000);
afterAll(async () => server?.close());

describe("the standalone learner's CLI", () => {
  it("bundles no server code or server dependency", () => {
    const meta = JSON.parse(readFileSync(path.join(ROOT, "dist/cli-standalone/meta.json"), "utf8"));
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((i) => i.endsWith("src/cli/pull-command.ts"))).toBe(true);
    const forbidden = inputs.filter((i) =>
      /node_modules\/(fastify|@fastify|better-sqlite3|argon2|pg|pg-boss|pyodide)\/|src\/(server|storage)\//.test(
        i,
      ),
    );
    expect(forbidden).toEqual([]);
  });

  it("installs as one file plus the harness, with no dependencies", () => {
    const dir = path.join(prefix, "lib", "node_modules", "pydojo-cli");
    expect(readdirSync(dir).sort()).toEqual(["harness", "package.json", "pydojo.mjs"]);
    expect(existsSync(path.join(dir, "node_modules"))).toBe(false);
    expect(existsSync(path.join(dir, "harness", "pydojo_harness", "judge.py"))).toBe(true);
  });

  it("runs --help and --version, and says server commands need the full package", () => {
    const help = execFileSync(installed, ["--help"], { encoding: "utf8" });
    expect(help).toContain("pydojo pull <exercise>");
    expect(execFileSync(installed, ["--version"], { encoding: "utf8" }).trim()).toBe(
      JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
    );
    let failure: { status: number; stderr: string } | null = null;
    try {
      execFileSync(installed, ["serve"], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toContain(
      "this is the learner's CLI; install the full pydojo package to run a server",
    );
  });

  it("pulls an exercise and runs its tests with the local runner", async () => {
    const home = loggedInHome(server.url);
    const work = mkdtempSync(path.join(tmp, "work-"));
    server.routes.set("GET /api/exercises/mini/add", { body: exercise() });
    const pulled = await runInstalled(["pull", "mini/add"], work, home);
    expect(pulled.code).toBe(0);
    const dir = path.join(work, "mini", "add");
    const failing = await runInstalled(["test"], dir, home);
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/^Add \(local runner, Python [\d.]+, \d+ ms\)\n/);
    writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return a + b\n");
    const passing = await runInstalled(["test", "--json"], dir, home);
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.out)).toMatchObject({ status: "pass", runner: "local" });
  });
});

function runInstalled(args: string[], cwd: string, home: string) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(
      installed,
      args,
      { cwd, encoding: "utf8", env: { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: "1" } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        }),
    );
  });
}

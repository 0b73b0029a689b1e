/** The CLI as a user runs it: exit codes and messages on good and bad input. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, "bin", "pydojo.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });

describe("pydojo CLI", () => {
  it("grades the starter and exits 0 although tests fail", () => {
    const r = run("grade", "content/sample/hello-world", "--runner", "local", "--json");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      version: 3,
      status: "fail",
      runner: "local",
      isolation: "isolated",
    });
  });

  it("grades a given solution file", () => {
    const r = run(
      "grade",
      "content/sample/hello-world",
      "--solution",
      "content/sample/hello-world/.meta/example.py",
      "--runner",
      "sandbox",
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PASS: 6 passed, 0 failed/);
  });

  it("rejects a missing folder, an unknown runner and an unknown option with exit 2", () => {
    expect(run("grade", "no/such/dir")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/no exercise folder at no\/such\/dir/),
    });
    expect(run("grade", "content/sample/hello-world", "--runner", "fast")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/unknown runner 'fast': choose one of sandbox, local, pyodide/),
    });
    expect(run("grade", "content/sample/hello-world", "--frobnicate").status).toBe(2);
    expect(run("launch").status).toBe(2);
  });

  it("check prints one line per exercise and the closing count", () => {
    const r = run("check", "content/sample", "--runner", "sandbox");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /\n\d+ passed, 0 failed\nchecked on the sandbox runner \(CPython\)[^\n]*--runner pyodide.\n$/,
    );
    expect(r.stdout.split("\n").filter((l) => l.startsWith("✓")).length).toBeGreaterThanOrEqual(7);
  });
});

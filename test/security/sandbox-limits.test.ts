/**
 * The sandbox and the machine: a grade cannot fill the host's memory through the sandbox's
 * tmpfs mounts, and the sandbox works wherever PyDojo is installed (a checkout in a 0700
 * folder, as root). Both run for real through bubblewrap.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner } from "../../src/runners/create-runner.js";
import { packageRoot } from "../../src/runners/paths.js";
import { DEFAULT_LIMITS, type Runner } from "../../src/runners/runner.js";
import { TMPFS_LIMITS } from "../../src/runners/sandbox-runner.js";

const MB = 1024 * 1024;

describe("sandbox tmpfs mounts are bounded", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox", { prestart: 0 });
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("filling /tmp, /work, /dev/shm and /dev stops at their sizes", async () => {
    const solution = `import os

def fill(folder):
    """Writes 1 MB chunks into new files until the folder refuses; returns the bytes written."""
    chunk = b"x" * (1 << 20)
    written = 0
    for i in range(400):
        try:
            with open(os.path.join(folder, f"fill-{i}"), "wb") as f:
                for _ in range(8):
                    f.write(chunk)
                    f.flush()
                    written += len(chunk)
        except OSError:
            return written
    return written
`;
    const tests = `from solution import fill

def test_tmp():
    assert fill("/tmp") <= ${TMPFS_LIMITS.tmp}

def test_work():
    assert fill("/work") <= ${TMPFS_LIMITS.work}

def test_shm():
    assert fill("/dev/shm") <= ${TMPFS_LIMITS.shm}

def test_dev():
    assert fill("/dev") == 0
`;
    const r = await runner.grade({
      tests: [{ path: "solution_test.py", content: tests }],
      solution: [{ path: "solution.py", content: solution }],
      solutionModules: ["solution"],
      limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 20, timeoutSeconds: 60 },
    });
    expect(r.tests.map((t) => [t.name, t.status, t.message])).toEqual([
      ["tmp", "pass", null],
      ["work", "pass", null],
      ["shm", "pass", null],
      ["dev", "pass", null],
    ]);
    expect(TMPFS_LIMITS.tmp + TMPFS_LIMITS.work + TMPFS_LIMITS.shm).toBeLessThanOrEqual(200 * MB);
  });
});

describe("a checkout in a folder other users cannot enter", () => {
  // Only root drops to another uid, which is what cannot enter the folder; as another user
  // the sandbox runs as that user, who can read their own folder.
  const asRoot = process.getuid?.() === 0;
  it.runIf(asRoot)("grades in the sandbox from a 0700 folder, as root", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-private-"));
    try {
      expect(statSync(root).mode & 0o777).toBe(0o700);
      const pkg = packageRoot();
      for (const part of ["package.json", "bin", "dist", "harness", "content/sample"])
        cpSync(path.join(pkg, part), path.join(root, part), { recursive: true });
      symlinkSync(path.join(pkg, "node_modules"), path.join(root, "node_modules"));
      const done = spawnSync(
        process.execPath,
        ["bin/pydojo.js", "grade", "content/sample/hello-world", "--runner", "sandbox", "--json"],
        { cwd: root, encoding: "utf8", timeout: 60_000 },
      );
      expect(done.stderr).not.toMatch(/Permission denied/);
      const result = JSON.parse(done.stdout) as { tests: unknown[]; message: string | null };
      expect(result.message ?? "").not.toMatch(/Permission denied|stopped without a result/);
      expect(result.tests.length).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * `pydojo admin backup` and `restore` on SQLite: a consistent copy of a live database taken
 * while submissions are being graded, restored into a fresh data folder with everything there;
 * and the refusals (an existing file, a database in use, something that is not a PyDojo
 * database), through the real CLI.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { backupSqlite, restoreSqlite } from "../../src/app/sqlite-backup.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import { as, signup, startTestServer, type TestServer } from "./harness.js";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../bin/pydojo.js");
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "pydojo-backup-"));

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: "", NODE_ENV: "test" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("backup and restore (SQLite)", () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
  });

  it("copies a database while it grades, and the copy restores with everything in it", async () => {
    server = await startTestServer();
    const learners = await Promise.all(
      [0, 1, 2].map((i) => signup(server.app, `backup-${i}@example.com`)),
    );
    const submit = (i: number) =>
      server.app.inject({
        method: "POST",
        url: "/api/exercises/mini/add/submissions",
        headers: as(learners[i % 3]!),
        payload: {
          files: [{ path: "add.py", content: `def add(a, b):\n    return a + b + 0 * ${i}\n` }],
        },
      });
    // Submissions before the backup, and more going on while it runs.
    const before = await Promise.all([0, 1, 2, 3].map(submit));
    expect(before.map((r) => r.statusCode).every((c) => c === 202 || c === 200)).toBe(true);
    const live = path.join(server.config.dataDir, "pydojo.sqlite");
    const during = Promise.all([4, 5, 6].map(submit));
    const target = path.join(tmp(), "pydojo-backup.sqlite");
    const progress: number[] = [];
    const summary = await backupSqlite(live, target, { onProgress: (done) => progress.push(done) });
    await during;
    expect(progress.length).toBeGreaterThan(0);
    expect(summary.users).toBe(3);
    expect(summary.submissions).toBeGreaterThanOrEqual(4);

    // Restore into a fresh data folder, as after losing the server's disk.
    const fresh = tmp();
    const { kept } = restoreSqlite(target, path.join(fresh, "pydojo.sqlite"));
    expect(kept).toBeNull();
    const store = new SqliteStore(path.join(fresh, "pydojo.sqlite"));
    await store.migrate();
    for (const i of [0, 1, 2]) {
      const user = await store.users.byEmail(`backup-${i}@example.com`);
      expect(user?.id).toBe(learners[i]!.id);
    }
    await store.close();
  }, 120_000);

  it("refuses to overwrite, to restore over a database in use, and to restore what is not a PyDojo database", async () => {
    const live = path.join(server.config.dataDir, "pydojo.sqlite");
    const target = path.join(tmp(), "copy.sqlite");
    await backupSqlite(live, target);
    await expect(backupSqlite(live, target)).rejects.toThrow(
      /exists: choose another file, or add --force/,
    );
    // The server is running: its log is not empty.
    expect(() => restoreSqlite(target, live)).toThrow(/looks in use .* stop the server first/);
    const junk = path.join(tmp(), "notes.txt");
    writeFileSync(junk, "not a database at all, just some notes that are long enough");
    expect(() => restoreSqlite(junk, path.join(tmp(), "pydojo.sqlite"))).toThrow(
      /not a SQLite database|is damaged|cannot be read/,
    );
  });

  it("works from the CLI, keeps the database it replaces, and sends PostgreSQL users to pg_dump", async () => {
    const dataDir = path.join(server.config.dataDir);
    const file = path.join(tmp(), "cli.sqlite");
    const backup = await cli(["admin", "backup", file, "--data-dir", dataDir]);
    expect([backup.code, backup.stdout]).toEqual([
      0,
      expect.stringMatching(
        /^Backed up .* \(\d+\.\d\d MB, schema version \d+, 3 users, \d+ submissions\)\.\n$/,
      ),
    ]);
    const again = await cli(["admin", "backup", file, "--data-dir", dataDir]);
    expect([again.code, again.stderr]).toEqual([
      2,
      expect.stringContaining("exists: choose another file"),
    ]);
    const target = tmp();
    writeFileSync(path.join(target, "pydojo.sqlite"), "");
    const restored = await cli(["admin", "restore", file, "--data-dir", target]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /The database it replaced is kept as .*pydojo\.sqlite\.before-restore-/,
    );
    expect(readdirSync(target).some((n) => n.startsWith("pydojo.sqlite.before-restore-"))).toBe(
      true,
    );
    const { stderr, code } = await run(process.execPath, [CLI, "admin", "backup", file], {
      env: { ...process.env, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect([code, stderr]).toEqual([2, expect.stringContaining("pg_dump --format=custom")]);
  }, 60_000);
});

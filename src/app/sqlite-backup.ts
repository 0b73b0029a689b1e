/**
 * Backups of the SQLite database: a consistent copy of a live database with SQLite's online
 * backup API (pages copied in steps, so a running server keeps grading), and a restore that
 * checks the copy and keeps the database it replaces. PostgreSQL has pg_dump/pg_restore
 * (docs/deployment.md).
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { assertNotNewer, type Migration } from "../storage/migration.js";
import { SQLITE_MIGRATIONS } from "../storage/sqlite/migrations.js";

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export interface BackupSummary {
  bytes: number;
  schemaVersion: number;
  users: number;
  submissions: number;
}

/** Checks that `file` is a whole PyDojo database this code can run; returns what it holds. */
export function inspectBackup(
  file: string,
  migrations: readonly Migration[] = SQLITE_MIGRATIONS,
): BackupSummary {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} is not a SQLite database: ${(error as Error).message}`);
  }
  try {
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok")
      throw new BackupError(`${file} is damaged: integrity_check says ${String(check)}`);
    const hasTable = (name: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
      undefined;
    if (!hasTable("schema_migrations") || !hasTable("users"))
      throw new BackupError(
        `${file} is a SQLite database, but not a PyDojo one (no users or schema_migrations table)`,
      );
    const versions = (
      db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]
    ).map((r) => Number(r.version));
    assertNotNewer(versions, migrations);
    const count = (table: string) =>
      hasTable(table)
        ? Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n)
        : 0;
    return {
      bytes: statSync(file).size,
      schemaVersion: Math.max(0, ...versions),
      users: count("users"),
      submissions: count("submissions"),
    };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    if ((error as Error).name === "DatabaseTooNewError")
      throw new BackupError((error as Error).message);
    throw new BackupError(`${file} cannot be read: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Copies the live database `source` to `target` with the online backup API, `onProgress`
 * after each step. Refuses to overwrite `target` unless `force`.
 */
export async function backupSqlite(
  source: string,
  target: string,
  options: { force?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<BackupSummary> {
  if (!existsSync(source))
    throw new BackupError(
      `no database at ${source}: is --data-dir (or PYDOJO_DATA_DIR) the server's?`,
    );
  if (existsSync(target) && !options.force)
    throw new BackupError(`${target} exists: choose another file, or add --force to replace it`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        options.onProgress?.(totalPages - remainingPages, totalPages);
        return 256; // pages per step: the server's writes get in between steps
      },
    });
  } finally {
    db.close();
  }
  const summary = inspectBackup(partial);
  renameSync(partial, target); // a backup file is whole or absent, never half-written
  return summary;
}

/**
 * Puts a backup in place of the database at `target` (the server must be stopped). The
 * database it replaces is kept beside it as `<target>.before-restore-<time>`; returns that
 * path (null when there was none).
 */
export function restoreSqlite(
  backup: string,
  target: string,
  options: { force?: boolean; now?: Date } = {},
): { summary: BackupSummary; kept: string | null } {
  const summary = inspectBackup(backup);
  if (existsSync(`${target}-wal`) && statSync(`${target}-wal`).size > 0 && !options.force)
    throw new BackupError(
      `the database at ${target} looks in use (${target}-wal is not empty): stop the server first. ` +
        "If no server is running (it crashed), add --force.",
    );
  let kept: string | null = null;
  if (existsSync(target)) {
    kept = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}`;
    renameSync(target, kept);
  }
  // The replaced database's log goes with it (after a crash it may hold its last writes).
  for (const suffix of ["-wal", "-shm"]) {
    if (kept && existsSync(`${target}${suffix}`))
      renameSync(`${target}${suffix}`, `${kept}${suffix}`);
    else rmSync(`${target}${suffix}`, { force: true });
  }
  copyFileSync(backup, `${target}.partial`);
  renameSync(`${target}.partial`, target);
  return { summary, kept };
}

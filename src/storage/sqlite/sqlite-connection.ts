/** Opening an SQLite connection the way both the store and the job queue need it. */
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";

/** How long a writer may wait for another connection's write lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * WAL lets readers proceed while one connection writes; `synchronous = NORMAL` is WAL's usual
 * pairing (a commit survives a process crash; an OS crash may lose the last few commits, never
 * corrupt the file).
 */
export function openSqlite(file: string): Db {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("synchronous = NORMAL");
  return db;
}

/** Prepared statements, compiled once per connection and SQL text. */
export class StatementCache {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(readonly db: Db) {}

  get(sql: string): Statement<unknown[], unknown> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

const sqliteCode = (error: unknown): string =>
  typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";

/** A UNIQUE or PRIMARY KEY constraint failed. */
export const isUniqueViolation = (error: unknown): boolean =>
  ["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"].includes(sqliteCode(error));

/** Another connection holds the lock this one needs. */
export const isBusy = (error: unknown): boolean => sqliteCode(error).startsWith("SQLITE_BUSY");

/**
 * Runs a synchronous operation, retrying it while the database is busy — waiting with timers
 * rather than in SQLite's busy handler, which sleeps on the event loop's thread. That matters
 * when the lock holder is this same process (a store transaction awaiting between statements):
 * blocking the thread would stop that transaction from ever finishing. `op` must be atomic
 * (one statement or one transaction) so that retrying it is safe.
 */
export async function retryWhileBusy<T>(op: () => T, timeoutMs = BUSY_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      return op();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    }
    // Jitter, so that processes retrying together don't keep colliding.
    await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
  }
}

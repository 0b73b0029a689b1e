/** What the SQLite repositories need from their store: statements and a way to run them. */
import type { Statement } from "better-sqlite3";
import { ConflictError } from "../store.js";
import type { Row } from "../rows.js";
import { isUniqueViolation } from "./sqlite-connection.js";

export interface SqliteContext {
  /**
   * Runs synchronous statements: behind the store's mutex outside a transaction, directly (after
   * checking the transaction is still open) inside one.
   */
  run<T>(op: () => T): Promise<T>;
  stmt(sql: string): Statement<unknown[], unknown>;
}

export const one = (statement: Statement<unknown[], unknown>, ...params: unknown[]) =>
  (statement.get(...params) as Row | undefined) ?? null;

export const all = (statement: Statement<unknown[], unknown>, ...params: unknown[]) =>
  statement.all(...params) as Row[];

/** Runs an insert, reporting a unique-constraint failure as a ConflictError. */
export function insertOrConflict(insert: () => unknown, message: string): void {
  try {
    insert();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(message);
    throw error;
  }
}

export const mapRow = <T>(row: Row | null, fn: (r: Row) => T): T | null =>
  row === null ? null : fn(row);

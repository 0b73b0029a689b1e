/** What the PostgreSQL repositories need: a way to run a query (on the pool or on one client). */
import { ConflictError } from "../store.js";
import type { Row } from "../rows.js";

export type RunQuery = (
  sql: string,
  params: unknown[],
) => Promise<{ rows: Row[]; rowCount: number | null }>;

/** Query helpers over a pool or over the client of an open transaction. */
export class PgContext {
  constructor(private readonly query: RunQuery) {}

  async one(sql: string, params: unknown[] = []): Promise<Row | null> {
    return (await this.query(sql, params)).rows[0] ?? null;
  }

  async all(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.query(sql, params)).rows;
  }

  /** Runs a statement and returns how many rows it changed. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  /** Runs an insert, reporting a unique-constraint failure as a ConflictError. */
  async insert(sql: string, params: unknown[], conflict: string): Promise<Row | null> {
    try {
      return await this.one(sql, params);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(conflict);
      throw error;
    }
  }
}

export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "code" in error && error.code === "23505";

export const mapRow = <T>(row: Row | null, fn: (r: Row) => T): T | null =>
  row === null ? null : fn(row);

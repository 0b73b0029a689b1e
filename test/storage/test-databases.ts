/** Where the storage tests find their databases: temp SQLite files and the machine's PostgreSQL. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** PostgreSQL is required (locally and in CI); override with PYDOJO_TEST_DATABASE_URL. */
export const POSTGRES_URL =
  process.env.PYDOJO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function tempSqliteFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-storage-")), "db.sqlite");
}

/** Unique schema names for one test file, dropped together by `dropAll`. */
export class TestSchemas {
  private readonly prefix: string;
  private readonly names: string[] = [];

  constructor(kind: string) {
    this.prefix = `${kind}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  }

  next(): string {
    const name = `${this.prefix}_${this.names.length}`;
    this.names.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    if (this.names.length === 0) return;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await requirePostgres(() => client.connect());
    try {
      for (const name of this.names) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    } finally {
      await client.end();
    }
  }
}

/** Rethrows a connection failure with what to do about it. */
export async function requirePostgres<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (error) {
    throw new Error(
      `these tests need PostgreSQL at ${POSTGRES_URL} (start it, or set PYDOJO_TEST_DATABASE_URL): ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  }
}

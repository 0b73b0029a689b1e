/**
 * The PostgreSQL storage adapter (pg): the same Kysely repositories as SQLite
 * (kysely/kysely-store.ts), for many API and worker processes sharing one database. Every
 * connection's `search_path` is the configured schema, so one database can hold several
 * deployments (or one throwaway schema per test run).
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { assertNotNewer } from "../migration.js";
import type { Database } from "../kysely/database.js";
import { postgresDialect } from "../kysely/dialect.js";
import { KyselyStore } from "../kysely/kysely-store.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";

export interface PostgresStoreOptions {
  /** Schema holding the tables (created by `migrate()`); default "public". */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

/** The PostgreSQL Store. Call `migrate()` before use. */
export class PostgresStore extends KyselyStore {
  private readonly pool: pg.Pool;
  private readonly schema: string;

  constructor(connectionString: string, options: PostgresStoreOptions = {}) {
    const schema = options.schema ?? "public";
    // Interpolated into SQL and into the connection options, so only plain lowercase names.
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      // Set at connection start-up, so no query can ever run before it (unlike a "connect" hook).
      options: `-c search_path=${schema}`,
    });
    // An idle client losing its connection (server restart) is reported here; without a
    // listener the pool would crash the process. The next query opens a new connection.
    pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
    super(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), postgresDialect);
    this.pool = pool;
    this.schema = schema;
  }

  /**
   * Applies pending migrations in one transaction under an advisory lock (keyed by schema), so
   * processes starting together take turns: the second finds everything applied. DDL is
   * transactional in PostgreSQL, so a failed migration leaves nothing half-done.
   */
  async migrate(): Promise<void> {
    this.guard.assertOutside();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      await client.query(
        "SELECT pg_advisory_xact_lock(hashtext('pydojo-migrations'), hashtext($1))",
        [this.schema],
      );
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
      );
      const { rows } = await client.query<{ version: number }>(
        "SELECT version FROM schema_migrations",
      );
      const applied = new Set(rows.map((r) => Number(r.version)));
      assertNotNewer(applied, POSTGRES_MIGRATIONS);
      for (const migration of POSTGRES_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [
          migration.version,
          new Date().toISOString(),
        ]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}

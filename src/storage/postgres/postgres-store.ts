/**
 * The PostgreSQL storage adapter (pg): the same repositories as SQLite, for many API and worker
 * processes sharing one database. `schema` isolates a deployment (or a test run).
 */
import pg from "pg";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import { PostgresRepos, type Queryable } from "./postgres-repos.js";
import type { Store } from "../store.js";

export class PostgresStore extends PostgresRepos implements Store {
  private readonly pool: pg.Pool;
  private readonly schema: string;

  constructor(connectionString: string, options: { schema?: string; max?: number } = {}) {
    const schema = options.schema ?? "public";
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      options: `-c search_path=${schema}`,
    });
    super(pool as Queryable);
    this.pool = pool;
    this.schema = schema;
  }

  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const view = new PostgresRepos(client as Queryable);
      const txStore: Store = Object.assign(view, {
        transaction: <U>(inner: (s: Store) => Promise<U>) => inner(txStore),
        migrate: async () => {},
        close: async () => {},
      });
      const result = await fn(txStore);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Applies pending migrations under an advisory lock, so concurrent starts are safe. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query("SELECT pg_advisory_lock(hashtext('pydojo-migrations'))");
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
      );
      const { rows } = await client.query<{ v: number | null }>(
        "SELECT MAX(version) AS v FROM schema_migrations",
      );
      const current = rows[0]?.v ?? 0;
      for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
        const version = index + 1;
        if (version <= current) continue;
        await client.query("BEGIN");
        await client.query(sql);
        await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [
          version,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      }
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      await client
        .query("SELECT pg_advisory_unlock(hashtext('pydojo-migrations'))")
        .catch(() => {});
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

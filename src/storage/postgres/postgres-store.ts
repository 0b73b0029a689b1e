/**
 * The PostgreSQL storage adapter (pg): the same Kysely repositories as SQLite
 * (kysely/kysely-store.ts), for many API and worker processes sharing one database. Every
 * connection's `search_path` is the configured schema, so one database can hold several
 * deployments (or one throwaway schema per test run).
 */
import { CompiledQuery, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { assertNotNewer } from "../migration.js";
import type { KyselyContext } from "../kysely/context.js";
import type { Database } from "../kysely/database.js";
import { postgresDialect } from "../kysely/dialect.js";
import { KyselyStore, type Repos } from "../kysely/kysely-store.js";
import { KyselyProfileRepo } from "../kysely/profile-repo.js";
import { KyselySubmissionRepo } from "../kysely/submission-repo.js";
import {
  KyselyDeviceCodeRepo,
  KyselySessionRepo,
  KyselyTokenRepo,
  KyselyUserRepo,
} from "../kysely/account-repos.js";
import { KyselyDraftRepo, KyselyProgressRepo } from "../kysely/learning-repos.js";
import {
  KyselyAdminUserRepo,
  KyselyAuditRepo,
  KyselyPasswordResetRepo,
} from "../kysely/admin-repos.js";
import { PostgresCohortRepo, PostgresCommentRepo } from "./postgres-cohort-repos.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import { PgContext } from "./postgres-context.js";

const postgresRepos = (c: KyselyContext): Repos => {
  const l = new PgContext(async (sql, params) => {
    const result = await c.db.executeQuery(CompiledQuery.raw(sql, params));
    return {
      rows: result.rows as Record<string, unknown>[],
      rowCount: Number(result.numAffectedRows ?? result.rows.length),
    };
  });
  return {
    users: new KyselyUserRepo(c),
    profiles: new KyselyProfileRepo(c),
    admin: new KyselyAdminUserRepo(c),
    audit: new KyselyAuditRepo(c),
    resets: new KyselyPasswordResetRepo(c),
    sessions: new KyselySessionRepo(c),
    tokens: new KyselyTokenRepo(c),
    devices: new KyselyDeviceCodeRepo(c),
    submissions: new KyselySubmissionRepo(c),
    progress: new KyselyProgressRepo(c),
    drafts: new KyselyDraftRepo(c),
    cohorts: new PostgresCohortRepo(l),
    comments: new PostgresCommentRepo(l),
  };
};

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
    super(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), postgresDialect, (c) =>
      postgresRepos(c),
    );
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

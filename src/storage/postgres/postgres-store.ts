/**
 * The PostgreSQL storage adapter (pg): the same repositories as SQLite, for many API and worker
 * processes sharing one database. Every connection's `search_path` is the configured schema, so
 * one database can hold several deployments (or one throwaway schema per test run).
 */
import pg from "pg";
import { Mutex } from "../mutex.js";
import type {
  AdminUserRepo,
  AuditRepo,
  CohortRepo,
  CommentRepo,
  DeviceCodeRepo,
  PasswordResetRepo,
  ProfileRepo,
  DraftRepo,
  ProgressRepo,
  SessionRepo,
  Store,
  SubmissionRepo,
  TokenRepo,
  UserRepo,
} from "../store.js";
import { PostgresCohortRepo, PostgresCommentRepo } from "./postgres-cohort-repos.js";
import { TransactionGuard, TransactionScope } from "../transaction-scope.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import { assertNotNewer } from "../migration.js";
import {
  PostgresDeviceCodeRepo,
  PostgresSessionRepo,
  PostgresTokenRepo,
  PostgresUserRepo,
} from "./postgres-account-repos.js";
import {
  PostgresAdminUserRepo,
  PostgresAuditRepo,
  PostgresPasswordResetRepo,
} from "./postgres-admin-repos.js";
import { PgContext, type RunQuery } from "./postgres-context.js";
import { PostgresDraftRepo, PostgresProgressRepo } from "./postgres-learning-repos.js";
import { PostgresProfileRepo } from "./postgres-profile-repo.js";
import { PostgresSubmissionRepo } from "./postgres-submission-repo.js";

type Repos = Pick<
  Store,
  | "users"
  | "profiles"
  | "admin"
  | "audit"
  | "resets"
  | "sessions"
  | "tokens"
  | "devices"
  | "submissions"
  | "progress"
  | "drafts"
  | "cohorts"
  | "comments"
>;

const postgresRepos = (query: RunQuery): Repos => {
  const c = new PgContext(query);
  return {
    users: new PostgresUserRepo(c),
    profiles: new PostgresProfileRepo(c),
    admin: new PostgresAdminUserRepo(c),
    audit: new PostgresAuditRepo(c),
    resets: new PostgresPasswordResetRepo(c),
    sessions: new PostgresSessionRepo(c),
    tokens: new PostgresTokenRepo(c),
    devices: new PostgresDeviceCodeRepo(c),
    submissions: new PostgresSubmissionRepo(c),
    progress: new PostgresProgressRepo(c),
    drafts: new PostgresDraftRepo(c),
    cohorts: new PostgresCohortRepo(c),
    comments: new PostgresCommentRepo(c),
  };
};

export interface PostgresStoreOptions {
  /** Schema holding the tables (created by `migrate()`); default "public". */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

/** The PostgreSQL Store. Call `migrate()` before use. */
export class PostgresStore implements Store {
  readonly users: UserRepo;
  readonly profiles: ProfileRepo;
  readonly admin: AdminUserRepo;
  readonly audit: AuditRepo;
  readonly resets: PasswordResetRepo;
  readonly sessions: SessionRepo;
  readonly tokens: TokenRepo;
  readonly devices: DeviceCodeRepo;
  readonly submissions: SubmissionRepo;
  readonly progress: ProgressRepo;
  readonly drafts: DraftRepo;
  readonly cohorts: CohortRepo;
  readonly comments: CommentRepo;
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly guard = new TransactionGuard();

  constructor(connectionString: string, options: PostgresStoreOptions = {}) {
    const schema = options.schema ?? "public";
    // Interpolated into SQL and into the connection options, so only plain lowercase names.
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    this.schema = schema;
    this.pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      // Set at connection start-up, so no query can ever run before it (unlike a "connect" hook).
      options: `-c search_path=${schema}`,
    });
    // An idle client losing its connection (server restart) is reported here; without a
    // listener the pool would crash the process. The next query opens a new connection.
    this.pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
    const repos = postgresRepos(async (sql, params) => {
      this.guard.assertOutside();
      return this.pool.query(sql, params);
    });
    this.users = repos.users;
    this.profiles = repos.profiles;
    this.admin = repos.admin;
    this.audit = repos.audit;
    this.resets = repos.resets;
    this.sessions = repos.sessions;
    this.tokens = repos.tokens;
    this.devices = repos.devices;
    this.submissions = repos.submissions;
    this.progress = repos.progress;
    this.drafts = repos.drafts;
    this.cohorts = repos.cohorts;
    this.comments = repos.comments;
  }

  /** Runs `fn` on one pooled client between BEGIN and COMMIT (ROLLBACK if it throws). */
  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    this.guard.assertOutside();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const scope = new TransactionScope();
      const result = await this.guard.run(scope, () => fn(this.transactionStore(client, scope)));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: release(error) discards it.
      client.release(broken);
    }
  }

  /**
   * The store handed to a transaction's callback: queries go to the transaction's client; a
   * nested `transaction` is a savepoint, so its failure undoes only its own work (and leaves
   * the outer transaction usable, where an error would otherwise abort it).
   */
  private transactionStore(client: pg.PoolClient, scope: TransactionScope): Store {
    const nested = new Mutex();
    const tx: Store = {
      ...postgresRepos(async (sql, params) => {
        scope.assertOpen(); // after COMMIT the client may already serve someone else
        return client.query(sql, params);
      }),
      transaction: (inner) =>
        nested.run(async () => {
          scope.assertOpen();
          const name = scope.nextSavepoint();
          await client.query(`SAVEPOINT ${name}`);
          try {
            const result = await inner(this.transactionStore(client, scope));
            await client.query(`RELEASE SAVEPOINT ${name}`);
            return result;
          } catch (error) {
            // If even this fails the connection is gone; the outer transaction's ROLLBACK
            // handles that, and the caller should see the original error.
            await client
              .query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`)
              .catch(() => {});
            throw error;
          }
        }),
      migrate: () => Promise.reject(new Error("migrate() cannot run inside a transaction")),
      close: () => Promise.reject(new Error("close() cannot run inside a transaction")),
    };
    return tx;
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
    await this.pool.end();
  }
}

/**
 * The embedded storage adapter: SQLite through better-sqlite3, whose calls are synchronous and
 * are wrapped in promises here. One connection per store.
 *
 * Transactions: better-sqlite3's own `db.transaction()` takes a synchronous function, but the
 * port's callback is async (it awaits between statements), so a transaction is an explicit
 * `BEGIN IMMEDIATE` … `COMMIT`/`ROLLBACK` on the connection. While it is open, every other
 * caller of this store would otherwise run its statements on the same connection — inside
 * someone else's transaction, committed or rolled back with it. A mutex therefore serialises
 * the store: outside a transaction each statement takes the mutex; a transaction holds it from
 * BEGIN to COMMIT. IMMEDIATE takes the write lock at BEGIN, so two processes' transactions take
 * turns instead of failing to upgrade a read lock half-way.
 *
 * Keep one SqliteStore per file per process: another connection of this process waiting for
 * this store's write lock would block the thread that has to release it (see sqlite-queue.ts).
 */
import type { Database as Db } from "better-sqlite3";
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
import { SqliteCohortRepo, SqliteCommentRepo } from "./sqlite-cohort-repos.js";
import { TransactionGuard, TransactionScope } from "../transaction-scope.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { assertNotNewer } from "../migration.js";
import {
  SqliteDeviceCodeRepo,
  SqliteSessionRepo,
  SqliteTokenRepo,
  SqliteUserRepo,
} from "./sqlite-account-repos.js";
import {
  SqliteAdminUserRepo,
  SqliteAuditRepo,
  SqlitePasswordResetRepo,
} from "./sqlite-admin-repos.js";
import { openSqlite, StatementCache } from "./sqlite-connection.js";
import type { SqliteContext } from "./sqlite-context.js";
import { SqliteDraftRepo, SqliteProgressRepo } from "./sqlite-learning-repos.js";
import { SqliteProfileRepo } from "./sqlite-profile-repo.js";
import { SqliteSubmissionRepo } from "./sqlite-submission-repo.js";

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

const sqliteRepos = (c: SqliteContext): Repos => ({
  users: new SqliteUserRepo(c),
  profiles: new SqliteProfileRepo(c),
  admin: new SqliteAdminUserRepo(c),
  audit: new SqliteAuditRepo(c),
  resets: new SqlitePasswordResetRepo(c),
  sessions: new SqliteSessionRepo(c),
  tokens: new SqliteTokenRepo(c),
  devices: new SqliteDeviceCodeRepo(c),
  submissions: new SqliteSubmissionRepo(c),
  progress: new SqliteProgressRepo(c),
  drafts: new SqliteDraftRepo(c),
  cohorts: new SqliteCohortRepo(c),
  comments: new SqliteCommentRepo(c),
});

/** The SQLite Store; `file` is a path or ":memory:". Call `migrate()` before use. */
export class SqliteStore implements Store {
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
  private readonly db: Db;
  private readonly statements: StatementCache;
  private readonly mutex = new Mutex();
  private readonly guard = new TransactionGuard();

  constructor(file: string) {
    this.db = openSqlite(file);
    this.statements = new StatementCache(this.db);
    const repos = sqliteRepos({
      run: async (op) => {
        this.guard.assertOutside();
        return this.mutex.run(op);
      },
      stmt: (sql) => this.statements.get(sql),
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

  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    this.guard.assertOutside();
    return this.mutex.run(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      const scope = new TransactionScope();
      try {
        const result = await this.guard.run(scope, () => fn(this.transactionStore(scope)));
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        // Some errors (e.g. SQLITE_FULL) already rolled back; a second ROLLBACK would throw
        // and hide the original error.
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  /**
   * The store handed to a transaction's callback: statements run directly on the connection
   * (the transaction holds the mutex); a nested `transaction` is a savepoint, so its failure
   * undoes only its own work. Each level has its own mutex so sibling savepoints don't interleave.
   */
  private transactionStore(scope: TransactionScope): Store {
    const nested = new Mutex();
    const tx: Store = {
      ...sqliteRepos({
        run: async (op) => {
          scope.assertOpen();
          return op();
        },
        stmt: (sql) => this.statements.get(sql),
      }),
      transaction: (inner) =>
        nested.run(() => this.savepoint(scope, () => inner(this.transactionStore(scope)))),
      migrate: () => Promise.reject(new Error("migrate() cannot run inside a transaction")),
      close: () => Promise.reject(new Error("close() cannot run inside a transaction")),
    };
    return tx;
  }

  private async savepoint<T>(scope: TransactionScope, fn: () => Promise<T>): Promise<T> {
    scope.assertOpen();
    const name = scope.nextSavepoint();
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  /** Applies pending migrations in one IMMEDIATE transaction: concurrent processes take turns. */
  async migrate(): Promise<void> {
    this.guard.assertOutside();
    await this.mutex.run(() =>
      this.db
        .transaction(() => {
          this.db.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
          );
          const rows = this.db.prepare("SELECT version FROM schema_migrations").all() as {
            version: number;
          }[];
          const applied = new Set(rows.map((r) => Number(r.version)));
          assertNotNewer(applied, SQLITE_MIGRATIONS);
          const record = this.db.prepare(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
          );
          for (const migration of SQLITE_MIGRATIONS) {
            if (applied.has(migration.version)) continue;
            this.db.exec(migration.sql);
            record.run(migration.version, new Date().toISOString());
          }
        })
        .immediate(),
    );
  }

  async close(): Promise<void> {
    this.guard.assertOutside();
    await this.mutex.run(() => this.db.close());
  }
}

/**
 * What SqliteStore and PostgresStore share: the repositories over one Kysely instance, and
 * transactions through Kysely's `db.transaction()` (on SQLite, Kysely serialises the single
 * connection: a transaction holds it from BEGIN to COMMIT while other callers wait their turn).
 * The adapters add only how they connect, migrate and close.
 *
 * While `fn` runs inside `transaction(fn)`, the outer store refuses to be used (it would wait for
 * the transaction — on SQLite for the connection, on PostgreSQL possibly for a row lock it holds
 * — and never report the deadlock); the store passed to `fn` refuses to be used once the
 * transaction has ended (transaction-scope.ts).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { Mutex } from "../mutex.js";
import type {
  AdminUserRepo,
  AuditRepo,
  CohortRepo,
  CommentRepo,
  DeviceCodeRepo,
  DraftRepo,
  PasswordResetRepo,
  ProfileRepo,
  ProgressRepo,
  SessionRepo,
  Store,
  SubmissionRepo,
  TokenRepo,
  UserRepo,
} from "../store.js";
import { TransactionGuard, TransactionScope } from "../transaction-scope.js";
import {
  KyselyDeviceCodeRepo,
  KyselySessionRepo,
  KyselyTokenRepo,
  KyselyUserRepo,
} from "./account-repos.js";
import { KyselyAdminUserRepo, KyselyAuditRepo, KyselyPasswordResetRepo } from "./admin-repos.js";
import { KyselyCohortRepo, KyselyCommentRepo } from "./cohort-repos.js";
import type { KyselyContext } from "./context.js";
import { KyselyDraftRepo, KyselyProgressRepo } from "./learning-repos.js";
import { KyselyProfileRepo } from "./profile-repo.js";
import { KyselySubmissionRepo } from "./submission-repo.js";
import type { Database } from "./database.js";
import type { StoreDialect } from "./dialect.js";

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

/** The repositories, written once for both engines. */
const kyselyRepos = (c: KyselyContext): Repos => ({
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
  cohorts: new KyselyCohortRepo(c),
  comments: new KyselyCommentRepo(c),
});

export abstract class KyselyStore implements Store {
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
  protected readonly guard = new TransactionGuard();

  protected constructor(
    protected readonly kysely: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {
    const guard = this.guard;
    const r = kyselyRepos({
      get db() {
        guard.assertOutside();
        return kysely;
      },
      d: dialect,
    });
    this.users = r.users;
    this.profiles = r.profiles;
    this.admin = r.admin;
    this.audit = r.audit;
    this.resets = r.resets;
    this.sessions = r.sessions;
    this.tokens = r.tokens;
    this.devices = r.devices;
    this.submissions = r.submissions;
    this.progress = r.progress;
    this.drafts = r.drafts;
    this.cohorts = r.cohorts;
    this.comments = r.comments;
  }

  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    this.guard.assertOutside();
    return this.kysely.transaction().execute((trx) => {
      const scope = new TransactionScope();
      return this.guard.run(scope, () => fn(this.transactionStore(trx, scope)));
    });
  }

  /**
   * The store handed to a transaction's callback: queries go to the transaction; a nested
   * `transaction` is a savepoint, so its failure undoes only its own work (and leaves the outer
   * transaction usable). Each level has its own mutex so sibling savepoints don't interleave.
   */
  private transactionStore(trx: Transaction<Database>, scope: TransactionScope): Store {
    const nested = new Mutex();
    return {
      ...kyselyRepos({
        get db() {
          scope.assertOpen(); // after COMMIT the connection may already serve someone else
          return trx;
        },
        d: this.dialect,
      }),
      transaction: (inner) =>
        nested.run(async () => {
          scope.assertOpen();
          const name = sql.raw(scope.nextSavepoint());
          await sql`SAVEPOINT ${name}`.execute(trx);
          try {
            const result = await inner(this.transactionStore(trx, scope));
            await sql`RELEASE SAVEPOINT ${name}`.execute(trx);
            return result;
          } catch (error) {
            // If this fails the transaction is already gone (SQLite rolls back by itself on
            // some errors); the outer transaction's end handles it, and the caller should see
            // the original error.
            await sql`ROLLBACK TO SAVEPOINT ${name}`
              .execute(trx)
              .then(() => sql`RELEASE SAVEPOINT ${name}`.execute(trx))
              .catch(() => {});
            throw error;
          }
        }),
      migrate: () => Promise.reject(new Error("migrate() cannot run inside a transaction")),
      close: () => Promise.reject(new Error("close() cannot run inside a transaction")),
    };
  }

  abstract migrate(): Promise<void>;
  abstract close(): Promise<void>;
}

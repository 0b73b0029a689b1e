/**
 * The embedded storage adapter: SQLite through better-sqlite3 (synchronous calls, wrapped in
 * promises by Kysely's dialect). One connection per store; the repositories and transactions
 * are the shared Kysely ones (kysely/kysely-store.ts). Kysely serialises the single connection:
 * outside a transaction each query takes it in turn; a transaction holds it from BEGIN
 * IMMEDIATE to COMMIT, so no other caller's statement runs inside someone else's transaction.
 *
 * Keep one SqliteStore per file per process: another connection of this process waiting for
 * this store's write lock would block the thread that has to release it (see sqlite-queue.ts).
 */
import type { Database as Db } from "better-sqlite3";
import { Kysely } from "kysely";
import { assertNotNewer } from "../migration.js";
import type { Database } from "../kysely/database.js";
import { sqliteDialect } from "../kysely/dialect.js";
import { KyselyStore } from "../kysely/kysely-store.js";
import { StoreSqliteDialect } from "../kysely/sqlite-dialect.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { openSqlite, StatementCache } from "./sqlite-connection.js";

/** The SQLite Store; `file` is a path or ":memory:". Call `migrate()` before use. */
export class SqliteStore extends KyselyStore {
  private readonly db: Db;

  constructor(file: string) {
    const db = openSqlite(file);
    const statements = new StatementCache(db);
    const kysely = new Kysely<Database>({ dialect: new StoreSqliteDialect(db, statements) });
    super(kysely, sqliteDialect);
    this.db = db;
  }

  /** Applies pending migrations in one IMMEDIATE transaction: concurrent processes take turns. */
  async migrate(): Promise<void> {
    this.guard.assertOutside();
    await this.kysely.connection().execute(async () =>
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
    await this.kysely.connection().execute(async () => this.db.close());
  }
}

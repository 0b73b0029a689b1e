/**
 * The embedded storage adapter: SQLite through better-sqlite3 (synchronous calls wrapped in
 * promises). One connection per store; a mutex serialises statements while a transaction is
 * open, because better-sqlite3 transactions can't span the `await`s of an async callback and
 * statements from other requests must not land inside someone else's transaction.
 */
import Database from "better-sqlite3";
import type { Database as Db } from "better-sqlite3";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { SqliteRepos } from "./sqlite-repos.js";
import type { Store } from "../store.js";

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

export function openSqlite(file: string): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  return db;
}

export class SqliteStore extends SqliteRepos implements Store {
  private readonly mutex: Mutex;

  constructor(file: string) {
    const db = openSqlite(file);
    const mutex = new Mutex();
    super(db, (fn) => mutex.run(fn));
    this.mutex = mutex;
  }

  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.db.exec("BEGIN IMMEDIATE");
      const view = new SqliteRepos(this.db, async (op) => op());
      const txStore: Store = Object.assign(view, {
        transaction: <U>(inner: (s: Store) => Promise<U>) => inner(txStore),
        migrate: async () => {},
        close: async () => {},
      });
      try {
        const result = await fn(txStore);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        this.db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  async migrate(): Promise<void> {
    await this.mutex.run(() => {
      this.db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
      );
      const apply = this.db.transaction(() => {
        const row = this.db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as {
          v: number | null;
        };
        const current = row.v ?? 0;
        SQLITE_MIGRATIONS.forEach((sql, index) => {
          const version = index + 1;
          if (version <= current) return;
          this.db.exec(sql);
          this.db
            .prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
            .run(version, new Date().toISOString());
        });
      });
      apply.immediate();
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(() => this.db.close());
  }
}

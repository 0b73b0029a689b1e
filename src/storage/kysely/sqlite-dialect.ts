/**
 * Kysely's better-sqlite3 dialect with what the store needs on top: transactions BEGIN
 * IMMEDIATE (the write lock is taken at BEGIN, so two processes' transactions take turns instead
 * of failing to upgrade a read lock half-way), no second ROLLBACK after SQLite already rolled
 * back by itself (e.g. SQLITE_FULL: it would hide the original error), and prepared statements
 * compiled once per SQL text.
 */
import type { Database as Db } from "better-sqlite3";
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
} from "kysely";
import type { StatementCache } from "../sqlite/sqlite-connection.js";

class StoreSqliteDriver extends SqliteDriver {
  constructor(
    private readonly raw: Db,
    database: SqliteDatabase,
  ) {
    super({ database });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("BEGIN IMMEDIATE"));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.raw.inTransaction) await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }
}

export class StoreSqliteDialect extends SqliteDialect {
  private readonly database: SqliteDatabase;

  constructor(
    private readonly raw: Db,
    statements: StatementCache,
  ) {
    const database: SqliteDatabase = {
      prepare: (text) => statements.get(text),
      close: () => raw.close(),
    };
    super({ database });
    this.database = database;
  }

  override createDriver(): Driver {
    return new StoreSqliteDriver(this.raw, this.database);
  }
}

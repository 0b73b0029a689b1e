/**
 * Everything the repositories do differently on SQLite and PostgreSQL, in one place: how a
 * boolean and a JSON document come back, which error is a unique violation, the column that
 * keeps insertion order, case-insensitive e-mail, binary ordering of text, row locks and the
 * per-user lock of a grading transaction. The repositories (kysely/*-repos.ts) are written once
 * against this interface.
 */
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from "kysely";
import { isUniqueViolation as isSqliteUniqueViolation } from "../sqlite/sqlite-connection.js";
import type { Database } from "./database.js";

export interface StoreDialect {
  readonly engine: "sqlite" | "postgres";
  /** A boolean as the engine stores it. */
  bool(value: boolean): boolean | number;
  /** A stored boolean (0/1 or true/false) as a boolean. */
  isTrue(value: unknown): boolean;
  /** A JSON column's value as a JavaScript value. */
  json(value: unknown): unknown;
  isUniqueViolation(error: unknown): boolean;
  /** The submissions column that breaks ties in insertion order (rowid / seq). */
  readonly insertionOrder: "rowid" | "seq";
  /** `users.email` equals `email`, ignoring (ASCII) case, in a way that uses the unique index. */
  emailIs(email: string): Expression<SqlBool>;
  /** A text column ordered by bytes (PostgreSQL's default collation may not be). */
  binary(column: string): Expression<string>;
  /** `FOR UPDATE SKIP LOCKED` where rows can be locked (PostgreSQL); unchanged on SQLite. */
  skipLocked<DB, TB extends keyof DB, O>(
    query: SelectQueryBuilder<DB, TB, O>,
  ): SelectQueryBuilder<DB, TB, O>;
  /** Inside a transaction: serialises gradings of one user until it ends. */
  lockUser(db: Kysely<Database>, userId: string): Promise<void>;
}

export const sqliteDialect: StoreDialect = {
  engine: "sqlite",
  bool: (value) => (value ? 1 : 0),
  isTrue: (value) => Number(value ?? 0) === 1,
  json: (value) => JSON.parse(String(value)),
  isUniqueViolation: isSqliteUniqueViolation,
  insertionOrder: "rowid",
  // The column is COLLATE NOCASE, so its unique index and this comparison ignore (ASCII) case.
  emailIs: (email) => sql<SqlBool>`email = ${email}`,
  // SQLite's default collation is BINARY already.
  binary: (column) => sql.ref<string>(column),
  skipLocked: (query) => query,
  // Transactions begin IMMEDIATE, which already makes writers take turns on the whole file.
  lockUser: async () => {},
};

export const postgresDialect: StoreDialect = {
  engine: "postgres",
  bool: (value) => value,
  isTrue: (value) => value === true,
  // pg parses json and jsonb columns itself.
  json: (value) => value,
  isUniqueViolation: (error) =>
    typeof error === "object" && error !== null && "code" in error && error.code === "23505",
  insertionOrder: "seq",
  // Uses the unique index on lower(email), which also makes registration case-insensitive.
  emailIs: (email) => sql<SqlBool>`lower(email) = lower(${email})`,
  binary: (column) => sql<string>`${sql.ref(column)} COLLATE "C"`,
  skipLocked: (query) => query.forUpdate().skipLocked(),
  // A transaction-scoped advisory lock: held until COMMIT/ROLLBACK. Two keys (a namespace and
  // the user) so it can't collide with other advisory locks (migrations, pg-boss).
  lockUser: async (db, userId) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('pydojo-progress'), hashtext(${userId}))`.execute(
      db,
    );
  },
};

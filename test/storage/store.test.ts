/** The storage contract on SQLite (a temp file per test) and on the real PostgreSQL. */
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseTooNewError } from "../../src/storage/migration.js";
import { POSTGRES_MIGRATIONS } from "../../src/storage/postgres/migrations.js";
import { PostgresStore } from "../../src/storage/postgres/postgres-store.js";
import { SQLITE_MIGRATIONS } from "../../src/storage/sqlite/migrations.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import { storeContract } from "./store-contract.js";
import { POSTGRES_URL, requirePostgres, TestSchemas, tempSqliteFile } from "./test-databases.js";

// One schema per test (each test starts empty), all named after this file's run and dropped
// at its end.
const schemas = new TestSchemas("pydojo_test");
afterAll(() => schemas.dropAll());

storeContract("sqlite", async () => {
  const store = new SqliteStore(tempSqliteFile());
  await store.migrate();
  return store;
});

storeContract("postgres", async () => {
  const store = new PostgresStore(POSTGRES_URL, { schema: schemas.next(), max: 4 });
  try {
    await requirePostgres(() => store.migrate());
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
});

describe("migrations", () => {
  it("sqlite: two stores migrating one file at once apply each migration once", async () => {
    const file = tempSqliteFile();
    const stores = [new SqliteStore(file), new SqliteStore(file)];
    await Promise.all(stores.map((s) => s.migrate()));
    await Promise.all(stores.map((s) => s.close()));
    const db = new Database(file, { readonly: true });
    const versions = db.prepare("SELECT version FROM schema_migrations ORDER BY version").all();
    db.close();
    expect(versions).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it("postgres: four stores migrating one schema at once apply each migration once", async () => {
    const schema = schemas.next();
    const stores = Array.from({ length: 4 }, () => new PostgresStore(POSTGRES_URL, { schema }));
    await requirePostgres(() => Promise.all(stores.map((s) => s.migrate())));
    await Promise.all(stores.map((s) => s.close()));
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const { rows } = await client.query(
      `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
    );
    await client.end();
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it("sqlite and postgres: refuse a database migrated by a newer PyDojo, saying what to do", async () => {
    const file = tempSqliteFile();
    const first = new SqliteStore(file);
    await first.migrate();
    await first.close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(
      999,
      "2030-01-01",
    );
    db.close();
    const again = new SqliteStore(file);
    await expect(again.migrate()).rejects.toThrow(DatabaseTooNewError);
    await expect(again.migrate()).rejects.toThrow(
      /schema version 999, but this PyDojo knows versions up to \d+: .*restore a backup/,
    );
    await again.close();

    const schema = schemas.next();
    const pgFirst = new PostgresStore(POSTGRES_URL, { schema });
    await requirePostgres(() => pgFirst.migrate());
    await pgFirst.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(
      `INSERT INTO ${schema}.schema_migrations (version, applied_at) VALUES (999, 'x')`,
    );
    await client.end();
    const pgAgain = new PostgresStore(POSTGRES_URL, { schema });
    await expect(pgAgain.migrate()).rejects.toThrow(DatabaseTooNewError);
    await pgAgain.close();
  });

  it("postgres: refuses a schema name that isn't a plain identifier", () => {
    expect(() => new PostgresStore(POSTGRES_URL, { schema: "x; DROP SCHEMA public" })).toThrow(
      /invalid schema name/,
    );
  });
});

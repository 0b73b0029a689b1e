/** The storage contract on SQLite (temp files) and on the machine's real PostgreSQL. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll } from "vitest";
import { PostgresStore } from "../../src/storage/postgres/postgres-store.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import type { Store } from "../../src/storage/store.js";
import { storeContract } from "./store-contract.js";

export const POSTGRES_URL =
  process.env.PYDOJO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const opened: Store[] = [];
const schemas: string[] = [];

storeContract("sqlite", async () => {
  const store = new SqliteStore(
    path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-store-")), "db.sqlite"),
  );
  await store.migrate();
  opened.push(store);
  return store;
});

storeContract("postgres", async () => {
  const schema = `pydojo_test_${process.pid}_${schemas.length}_${Math.random().toString(36).slice(2, 8)}`;
  schemas.push(schema);
  const store = new PostgresStore(POSTGRES_URL, { schema, max: 3 });
  try {
    await store.migrate();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${POSTGRES_URL} is required for these tests: ${(error as Error).message}`,
    );
  }
  opened.push(store);
  return store;
});

afterAll(async () => {
  for (const store of opened) await store.close();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** What the Kysely repositories need from their store: a query builder and the dialect helper. */
import type { Kysely } from "kysely";
import { ConflictError } from "../store.js";
import type { Database } from "./database.js";
import type { StoreDialect } from "./dialect.js";

export interface KyselyContext {
  /**
   * The store's Kysely instance, or the open transaction's. Reading it checks that it may be
   * used here (the outer store inside its own transaction, or a transaction that has ended,
   * throw: transaction-scope.ts).
   */
  readonly db: Kysely<Database>;
  readonly d: StoreDialect;
}

/** Runs a write, reporting a unique-constraint failure as a ConflictError. */
export async function orConflict<T>(
  c: KyselyContext,
  write: Promise<T>,
  message: string,
): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (c.d.isUniqueViolation(error)) throw new ConflictError(message);
    throw error;
  }
}

/** How many rows an UPDATE/DELETE/INSERT changed. */
export const changed = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

/**
 * Queries built and compiled once per engine, then run with new parameters: Kysely otherwise
 * builds and compiles a query on every call (~20 µs, as much as SQLite takes to run a small
 * one), which the hot paths (every request's session look-up, the progress page, grading)
 * can't afford. The builder is called once with placeholder objects for its arguments; the
 * compiled query's parameters that are placeholders are replaced by the call's arguments.
 * Only for queries whose shape doesn't depend on the arguments (no lists, no branches); the
 * builder must declare each argument (its `length` counts them).
 */
import type { CompiledQuery, Compilable, Kysely, QueryResult } from "kysely";
import type { KyselyContext } from "./context.js";
import type { Database } from "./database.js";
import type { StoreDialect } from "./dialect.js";

/** Stands for the builder's `index`th argument in the compiled parameters. */
class Slot {
  constructor(readonly index: number) {}
}

export class Prepared<A extends unknown[], O> {
  private readonly compiled = new Map<StoreDialect["engine"], CompiledQuery<O>>();

  constructor(
    private readonly build: (db: Kysely<Database>, d: StoreDialect, ...args: A) => Compilable<O>,
  ) {}

  async execute(c: KyselyContext, args: A): Promise<QueryResult<O>> {
    const db = c.db; // checks the transaction scope
    let compiled = this.compiled.get(c.d.engine);
    if (!compiled) {
      const slots = Array.from({ length: this.build.length - 2 }, (_, i) => new Slot(i));
      compiled = this.build(db, c.d, ...(slots as A)).compile();
      const used = new Set(
        compiled.parameters.flatMap((p) => (p instanceof Slot ? [p.index] : [])),
      );
      if (used.size !== slots.length)
        throw new Error(`a prepared query must use every argument as a parameter: ${compiled.sql}`);
      this.compiled.set(c.d.engine, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    return db.executeQuery<O>({ ...compiled, parameters });
  }

  async all(c: KyselyContext, ...args: A): Promise<O[]> {
    return (await this.execute(c, args)).rows;
  }

  async first(c: KyselyContext, ...args: A): Promise<O | undefined> {
    return (await this.execute(c, args)).rows[0];
  }

  /** How many rows an INSERT, UPDATE or DELETE changed. */
  async changed(c: KyselyContext, ...args: A): Promise<number> {
    return Number((await this.execute(c, args)).numAffectedRows ?? 0n);
  }
}

export const prepared = <A extends unknown[], O>(
  build: (db: Kysely<Database>, d: StoreDialect, ...args: A) => Compilable<O>,
): Prepared<A, O> => new Prepared(build);

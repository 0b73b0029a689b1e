/**
 * Bookkeeping shared by both adapters' transactions. While `fn` runs inside `transaction(fn)`,
 * calling the outer store (instead of the store passed to `fn`) would wait for the transaction
 * to finish — on SQLite for the single connection (Kysely serialises it), on PostgreSQL possibly
 * behind a row lock the transaction holds — a deadlock that never reports itself. The guard turns that into an error.
 * A scope also refuses use of a transaction's store after the transaction has ended.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One open transaction; `open` turns false when it commits or rolls back. */
export class TransactionScope {
  open = true;
  private savepoints = 0;

  /** Fails when the transaction this scope belongs to has ended. */
  assertOpen(): void {
    if (!this.open) throw new Error("this transaction has already ended: use the store, not tx");
  }

  nextSavepoint(): string {
    this.savepoints += 1;
    return `sp_${this.savepoints}`;
  }
}

/** Detects calls to a store from inside one of its own transactions. */
export class TransactionGuard {
  private readonly current = new AsyncLocalStorage<TransactionScope>();

  async run<T>(scope: TransactionScope, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.current.run(scope, fn);
    } finally {
      scope.open = false;
    }
  }

  assertOutside(): void {
    if (this.current.getStore()?.open)
      throw new Error(
        "called the outer store inside its own transaction: use the store passed to transaction()",
      );
  }
}

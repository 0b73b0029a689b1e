/**
 * Rate-limit counters in the store's SQLite file (table `rate_limits`, made by the store's
 * migration 4: call `store.migrate()` first), so every process on the file shares them. Its own
 * connection, which waits for locks with timers (see sqlite-queue.ts for why).
 */
import type { Database as Db } from "better-sqlite3";
import type { RateLimitCounter, RateLimitHit } from "../rate-limit-counter.js";
import { openSqlite, retryWhileBusy, StatementCache } from "./sqlite-connection.js";

// One statement: the window restarts when the stored one has ended.
const HIT = `
  INSERT INTO rate_limits (key, count, reset_at) VALUES (@key, 1, @now + @window)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN reset_at <= @now THEN 1 ELSE count + 1 END,
    reset_at = CASE WHEN reset_at <= @now THEN @now + @window ELSE reset_at END
  RETURNING count, reset_at`;

export class SqliteRateLimitCounter implements RateLimitCounter {
  private readonly db: Db;
  private readonly statements: StatementCache;
  private hits = 0;

  constructor(
    file: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = openSqlite(file);
    this.db.pragma("busy_timeout = 0");
    this.statements = new StatementCache(this.db);
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const now = this.now();
    const row = (await retryWhileBusy(() =>
      this.statements.get(HIT).get({ key, now, window: windowMs }),
    )) as { count: number; reset_at: number };
    // Ended windows are dropped now and then, so the table stays as small as the active keys.
    if (++this.hits % 500 === 0) {
      await retryWhileBusy(() =>
        this.statements.get("DELETE FROM rate_limits WHERE reset_at <= ?").run(now),
      );
    }
    return { count: row.count, resetAtMs: row.reset_at };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

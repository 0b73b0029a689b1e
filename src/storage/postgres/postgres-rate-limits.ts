/**
 * Rate-limit counters in PostgreSQL (table `rate_limits` in PyDojo's schema, made by the store's
 * migration 4: call `store.migrate()` first), shared by every API process on the database.
 */
import pg from "pg";
import type { RateLimitCounter, RateLimitHit } from "../rate-limit-counter.js";

const HIT = `
  INSERT INTO rate_limits (key, count, reset_at) VALUES ($1, 1, $2::bigint + $3::bigint)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.reset_at <= $2::bigint THEN 1 ELSE rate_limits.count + 1 END,
    reset_at = CASE WHEN rate_limits.reset_at <= $2::bigint THEN $2::bigint + $3::bigint
                    ELSE rate_limits.reset_at END
  RETURNING count, reset_at`;

export class PostgresRateLimitCounter implements RateLimitCounter {
  private readonly pool: pg.Pool;
  private hits = 0;

  constructor(
    connectionString: string,
    schema = "public",
    private readonly now: () => number = Date.now,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    this.pool = new pg.Pool({ connectionString, max: 2, options: `-c search_path=${schema}` });
    this.pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const now = this.now();
    const { rows } = await this.pool.query<{ count: number; reset_at: string }>(HIT, [
      key,
      now,
      windowMs,
    ]);
    if (++this.hits % 500 === 0)
      await this.pool.query("DELETE FROM rate_limits WHERE reset_at <= $1", [now]);
    return { count: Number(rows[0]!.count), resetAtMs: Number(rows[0]!.reset_at) };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

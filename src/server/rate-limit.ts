/**
 * Rate limiting. Counters are fixed windows per key (e.g. "login-ip:<ip>"), kept where every
 * API process sees them: a small table in the database (SQLite file or PostgreSQL), so two
 * processes behind one load balancer share one count. `MemoryRateLimitCounter` is for a single
 * process (and tests); `RateLimiter` is the synchronous in-memory limiter the routes used first.
 */

import type { RateLimitCounter, RateLimitHit } from "../storage/rate-limit-counter.js";

export type { RateLimitCounter, RateLimitHit };

/** Counters in this process's memory (one process only). */
export class MemoryRateLimitCounter implements RateLimitCounter {
  private readonly windows = new Map<string, RateLimitHit>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAtMs <= t) {
      w = { count: 0, resetAtMs: t + windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) {
        for (const [k, old] of this.windows) if (old.resetAtMs <= t) this.windows.delete(k);
      }
    }
    w.count += 1;
    return { ...w };
  }

  async close(): Promise<void> {}
}

/** Whole seconds until a counted window ends (at least 1): a 429's Retry-After and message. */
export function secondsUntilReset(hit: RateLimitHit): number {
  return Math.max(1, Math.ceil((hit.resetAtMs - Date.now()) / 1000));
}

/** A fixed-window rate limiter kept in memory, per key (e.g. "login:<ip>"). */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a hit; returns 0 if allowed, else the seconds to wait. */
  hit(key: string): number {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      this.windows.set(key, { start: t, count: 1 });
      if (this.windows.size > 10_000) this.prune(t);
      return 0;
    }
    w.count += 1;
    return w.count > this.limit ? Math.ceil((w.start + this.windowMs - t) / 1000) : 0;
  }

  private prune(t: number): void {
    for (const [key, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(key);
  }
}

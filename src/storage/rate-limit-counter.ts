/** The port for shared rate-limit counters (adapters: sqlite/, postgres/; in memory: server/rate-limit.ts). */

/** One counted hit: the count in the current window and when that window ends (ms). */
export interface RateLimitHit {
  count: number;
  resetAtMs: number;
}

/** A shared fixed-window counter. */
export interface RateLimitCounter {
  /** Counts a hit on `key`; a window of `windowMs` starts at the first hit after the last ended. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  close(): Promise<void>;
}

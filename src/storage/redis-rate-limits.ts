/**
 * Rate-limit counters in Redis (when REDIS_URL is set): one key per counter that expires with
 * its window, counted by a Lua script so the increment and the expiry are one atomic step, and
 * every API process on the Redis shares them.
 */
import { Redis } from "ioredis";
import type { RateLimitCounter, RateLimitHit } from "./rate-limit-counter.js";

// Returns the count and the window's remaining milliseconds; the first hit starts the window.
const HIT = `
  local count = redis.call('INCR', KEYS[1])
  local ttl = redis.call('PTTL', KEYS[1])
  if count == 1 or ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  return { count, ttl }`;

export class RedisRateLimitCounter implements RateLimitCounter {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = "pydojo:rate:",
  ) {
    // Fail a hit quickly instead of queueing it while Redis is away.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.redis.on("error", (error: Error) => console.error("Redis:", error.message));
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, windowMs)) as [
      number,
      number,
    ];
    return { count, resetAtMs: Date.now() + ttl };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

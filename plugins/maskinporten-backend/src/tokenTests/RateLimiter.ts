/**
 * A sliding-window counter per key, held in memory. Token tests hit a real Maskinporten,
 * so a button pressed in a loop must not become a flood; per-replica limits are enough for that.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  #lastPrune = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit and returns 0, or returns the milliseconds until the next hit is allowed. */
  tryAcquire(key: string, nowMs: number): number {
    const windowStart = nowMs - this.windowMs;
    const recent = (this.#hits.get(key) ?? []).filter(t => t > windowStart);
    if (recent.length >= this.limit) {
      this.#hits.set(key, recent);
      return recent[0] + this.windowMs - nowMs;
    }
    recent.push(nowMs);
    this.#hits.set(key, recent);
    // Forget idle keys at most once per window: a full scan on every call is what made a
    // large map expensive, and keys idle for a window hold nothing worth keeping.
    if (nowMs - this.#lastPrune >= this.windowMs) {
      this.#lastPrune = nowMs;
      this.#prune(windowStart);
    }
    return 0;
  }

  #prune(windowStart: number) {
    for (const [key, hits] of this.#hits) {
      if (hits.every(t => t <= windowStart)) {
        this.#hits.delete(key);
      }
    }
  }
}

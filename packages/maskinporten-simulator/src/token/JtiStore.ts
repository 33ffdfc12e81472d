import type { SimulatorClock } from '../clock';

/**
 * Remembers the `jti` of every accepted grant until that grant could no longer
 * be accepted anyway (its `exp` has passed), so memory stays bounded by the
 * request rate times the 130-second window (iat skew plus grant lifetime).
 * `jti`s are global: RFC 7519 asks that they be unique across issuers.
 */
export class JtiStore {
  readonly #clock: SimulatorClock;
  /** jti → unix seconds after which it may be forgotten; insertion-ordered. */
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;
  #lastPrune = Number.NEGATIVE_INFINITY;

  constructor(clock: SimulatorClock, maxEntries = 100_000) {
    this.#clock = clock;
    this.#maxEntries = maxEntries;
  }

  has(jti: string): boolean {
    const forgetAfter = this.#seen.get(jti);
    return forgetAfter !== undefined && forgetAfter >= this.#nowSeconds();
  }

  remember(jti: string, forgetAfterSeconds: number): void {
    this.#prune();
    this.#seen.set(jti, forgetAfterSeconds);
    // Safety net against a frozen ManualClock: drop the oldest entries.
    while (this.#seen.size > this.#maxEntries) {
      const oldest = this.#seen.keys().next().value as string;
      this.#seen.delete(oldest);
    }
  }

  get size(): number {
    return this.#seen.size;
  }

  #nowSeconds(): number {
    return this.#clock.now().getTime() / 1000;
  }

  #prune(): void {
    const now = this.#nowSeconds();
    if (now - this.#lastPrune < 1 && this.#lastPrune <= now) {
      return;
    }
    this.#lastPrune = now;
    for (const [jti, forgetAfter] of this.#seen) {
      if (forgetAfter < now) {
        this.#seen.delete(jti);
      }
    }
  }
}

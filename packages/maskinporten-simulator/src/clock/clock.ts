/**
 * The simulator's notion of "now". Every time-dependent rule (grant lifetime,
 * clock skew, key expiry, access-token expiry, jti memory) reads this clock, so
 * tests can move time without waiting.
 *
 * @public
 */
export interface SimulatorClock {
  now(): Date;
}

/**
 * The wall clock.
 *
 * @public
 */
export const systemClock: SimulatorClock = {
  now: () => new Date(),
};

/**
 * A clock that only moves when told to.
 *
 * @public
 */
export class ManualClock implements SimulatorClock {
  #ms: number;

  constructor(start: Date = new Date()) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(date: Date): void {
    this.#ms = date.getTime();
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** Seconds since the epoch (fractional) according to the clock. */
export function nowSeconds(clock: SimulatorClock): number {
  return clock.now().getTime() / 1000;
}

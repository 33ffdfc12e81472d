import { randomUUID } from 'node:crypto';
import { ServiceUnavailableError } from '@backstage/errors';
import { Knex } from 'knex';

const LOCKS = 'maskinporten_locks';

export interface LeaseLockOptions {
  /** How long a holder may keep the lock before others may take it over (crash safety). */
  leaseMs?: number;
  /** How long to wait for a busy lock before answering 503. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * Named locks in the `maskinporten_locks` table, so one mechanism serialises work across
 * replicas and processes on SQLite and PostgreSQL alike, without holding a database
 * connection or transaction open while the work calls other systems. A lease expires, so a
 * holder that was killed blocks others for at most `leaseMs`; every wait is bounded.
 */
export class LeaseLocks {
  readonly #db: Knex;
  readonly #leaseMs: number;
  readonly #waitMs: number;
  readonly #pollMs: number;

  constructor(db: Knex, options: LeaseLockOptions = {}) {
    this.#db = db;
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
    this.#waitMs = options.waitMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 50;
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const deadline = Date.now() + this.#waitMs;
    while (!(await this.#tryAcquire(name, holder))) {
      if (Date.now() >= deadline) {
        throw new ServiceUnavailableError(
          `Another operation on ${name} is still running; try again shortly`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, this.#pollMs * (0.5 + Math.random())));
    }
    try {
      return await fn();
    } finally {
      await this.#db(LOCKS).where({ name, holder }).delete();
    }
  }

  async #tryAcquire(name: string, holder: string): Promise<boolean> {
    const now = Date.now();
    const expiresAt = now + this.#leaseMs;
    await this.#db(LOCKS)
      .insert({ name, holder, expires_at_ms: expiresAt })
      .onConflict('name')
      .ignore();
    const row = await this.#db(LOCKS).where({ name }).first('holder');
    if (row?.holder === holder) {
      return true;
    }
    // A lease whose holder died: take it over, atomically, only while it is still expired.
    const taken = await this.#db(LOCKS)
      .where({ name })
      .andWhere('expires_at_ms', '<', now)
      .update({ holder, expires_at_ms: expiresAt });
    return taken === 1;
  }
}

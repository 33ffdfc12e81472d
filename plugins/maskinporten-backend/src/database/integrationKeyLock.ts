import { Knex } from 'knex';
import { normalizeRef } from './columns';

/** How long a transaction waits for a PostgreSQL lock before giving up (503, not a hang). */
export const LOCK_TIMEOUT_MS = 10_000;

/**
 * Serialises, inside `tx`, everything that counts and inserts one integration's keys (key
 * generation, rotation, provisioning), so that the five-key limit holds across replicas.
 * PostgreSQL: a transaction-scoped advisory lock, waited for at most LOCK_TIMEOUT_MS.
 * SQLite serialises writers itself (and its busy timeout bounds the wait).
 */
export async function lockIntegrationKeys(
  tx: Knex.Transaction,
  integration: { entityRef: string; environment: string },
): Promise<void> {
  if (tx.client.config.client !== 'pg') {
    return;
  }
  await tx.raw(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
  await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
    `maskinporten-keys|${normalizeRef(integration.entityRef)}|${integration.environment}`,
  ]);
}

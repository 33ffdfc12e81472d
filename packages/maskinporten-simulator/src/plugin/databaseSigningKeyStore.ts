import type { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { checkStoredSigningKeys, SigningKeyStore, StoredSigningKeys } from '../signing';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

export const SIGNING_KEYS_TABLE = 'maskinporten_simulator_signing_keys';

/**
 * Keeps the plugin's signing keys in its own database, one row. In the example portal the
 * database is Backstage's in-memory SQLite, which `backstage-cli repo start` carries over
 * the backend's restarts on file changes (docs/adr/0004-example-portal-offline.md), so a
 * cached JWKS stays valid while developing; with PostgreSQL the keys outlive any restart.
 */
export async function databaseSigningKeyStore(
  database: DatabaseService,
  logger: LoggerService,
  /** The row's key: two simulators in one backend may be given the same database. */
  pluginId: string,
): Promise<SigningKeyStore> {
  const knex: Knex = await database.getClient();
  await ensureTable(knex);
  const row: { signing_keys: string } | undefined = await knex(SIGNING_KEYS_TABLE)
    .where({ plugin_id: pluginId })
    .first();
  let stored: StoredSigningKeys | undefined;
  if (row) {
    try {
      stored = checkStoredSigningKeys(JSON.parse(row.signing_keys), 'stored signing keys');
    } catch (err) {
      logger.warn(`Maskinporten simulator: ignoring unreadable ${(err as Error).message}; making a new signing key`);
    }
  }
  return {
    load: () => stored,
    async save(keys) {
      stored = keys;
      try {
        await knex(SIGNING_KEYS_TABLE)
          .insert({ plugin_id: pluginId, signing_keys: JSON.stringify(keys), updated_at: new Date().toISOString() })
          .onConflict('plugin_id')
          .merge();
      } catch (err) {
        logger.warn(`Maskinporten simulator: could not save its signing key: ${(err as Error).message}`);
      }
    },
  };
}

async function ensureTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(SIGNING_KEYS_TABLE)) {
    return;
  }
  try {
    await knex.schema.createTable(SIGNING_KEYS_TABLE, table => {
      table.string('plugin_id').primary();
      table.text('signing_keys').notNullable();
      table.string('updated_at').notNullable();
    });
  } catch (err) {
    // Another simulator plugin sharing the database made it first.
    if (!(await knex.schema.hasTable(SIGNING_KEYS_TABLE))) {
      throw err;
    }
  }
}

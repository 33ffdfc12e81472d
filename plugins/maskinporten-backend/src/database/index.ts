import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ClientClaimStore } from './ClientClaimStore';
import { ExpiryStateStore } from './ExpiryStateStore';
import { GatewayDeploymentStore } from './GatewayDeploymentStore';
import { IntegrationIndexStore } from './IntegrationIndexStore';
import { KeyStore } from './KeyStore';
import { LeaseLockOptions, LeaseLocks } from './LeaseLocks';
import { ProvisioningStore } from './ProvisioningStore';
import { RotationStore } from './RotationStore';
import { TokenTestStore } from './TokenTestStore';

export * from './ClientClaimStore';
export * from './ExpiryStateStore';
export * from './GatewayDeploymentStore';
export * from './IntegrationIndexStore';
export * from './KeyStore';
export * from './LeaseLocks';
export * from './ProvisioningStore';
export * from './RotationStore';
export * from './TokenTestStore';
export { normalizeRef } from './columns';

/** The plugin's knex migrations (plain JS, run on SQLite and PostgreSQL alike). */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@maskinporten-backstage/plugin-maskinporten-backend',
  'migrations',
);

/** One store per table; `maskinporten_keys` is written by `keys` alone. */
export interface MaskinportenStores {
  db: Knex;
  keys: KeyStore;
  tokenTests: TokenTestStore;
  index: IntegrationIndexStore;
  claims: ClientClaimStore;
  rotations: RotationStore;
  provisioning: ProvisioningStore;
  expiry: ExpiryStateStore;
  deployments: GatewayDeploymentStore;
  locks: LeaseLocks;
}

/** Runs the migrations (unless the database service skips them) and builds every store. */
export async function createStores(
  database: Pick<DatabaseService, 'getClient'> & { migrations?: DatabaseService['migrations'] },
  options: { lockOptions?: LeaseLockOptions } = {},
): Promise<MaskinportenStores> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  }
  return storesOn(db, options);
}

/** The stores over an already migrated database. */
export function storesOn(db: Knex, options: { lockOptions?: LeaseLockOptions } = {}): MaskinportenStores {
  const keys = new KeyStore(db);
  return {
    db,
    keys,
    tokenTests: new TokenTestStore(db),
    index: new IntegrationIndexStore(db),
    claims: new ClientClaimStore(db),
    rotations: new RotationStore(db, keys, options.lockOptions),
    provisioning: new ProvisioningStore(db, keys),
    expiry: new ExpiryStateStore(db),
    deployments: new GatewayDeploymentStore(db),
    locks: new LeaseLocks(db, options.lockOptions),
  };
}

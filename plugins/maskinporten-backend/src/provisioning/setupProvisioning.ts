import {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { DigdirSelfService } from '../digdir/types';
import { KeyEncryption } from '../keys/KeyEncryption';
import { ProvisioningService } from './ProvisioningService';
import { ProvisioningStore } from './ProvisioningStore';
import { ClientClaims } from '../access/clientClaims';

/** Builds the provisioning service; its table is created with the key store's migrations. */
export async function setupProvisioning(options: {
  maskinportenConfig: MaskinportenConfig;
  database: DatabaseService;
  catalog: CatalogService;
  auth: AuthService;
  keyEncryption: KeyEncryption;
  logger: LoggerService;
  /** Digdir's self-service API; built from `maskinporten.environments.*.selfService` when absent. */
  digdir?: DigdirSelfService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  clientClaims: ClientClaims;
}): Promise<ProvisioningService> {
  const { maskinportenConfig, logger } = options;
  return new ProvisioningService({
    config: maskinportenConfig,
    store: new ProvisioningStore(await options.database.getClient()),
    catalog: options.catalog,
    auth: options.auth,
    keyEncryption: options.keyEncryption,
    digdir:
      options.digdir ??
      new DigdirSelfServiceClient({
        environments: maskinportenConfig.environments.values(),
        grantLifetimeSeconds: maskinportenConfig.grantLifetimeSeconds,
        logger,
      }),
    userInfo: options.userInfo,
    permissions: options.permissions,
    clientClaims: options.clientClaims,
    logger,
  });
}

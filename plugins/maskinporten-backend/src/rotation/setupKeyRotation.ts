import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { MaskinportenStore } from '../database/MaskinportenStore';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { DigdirSelfService } from '../digdir/types';
import { KeyEncryption } from '../keys/KeyEncryption';
import { KeyRotationService } from './KeyRotationService';
import { RotationStore } from './RotationStore';
import { ClientClaims } from '../access/clientClaims';
import { readRotationConfig } from './readRotationConfig';

/** The scheduled task's id; `scope: 'global'` makes one replica run it at a time. */
export const KEY_ROTATION_TASK_ID = 'maskinporten-key-rotation';

/**
 * Builds key rotation and schedules `maskinporten-key-rotation` (advance open rotations,
 * automatic rotations, renewal). Call after the migrations have run.
 */
export async function setupKeyRotation(options: {
  config: RootConfigService;
  maskinportenConfig: MaskinportenConfig;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  store: MaskinportenStore;
  keyEncryption: KeyEncryption;
  /** Digdir's self-service API; built from `maskinporten.environments.*.selfService` when absent. */
  digdir?: DigdirSelfService;
  clientClaims: ClientClaims;
}): Promise<KeyRotationService> {
  const { config, maskinportenConfig, logger, scheduler } = options;
  const rotationConfig = readRotationConfig(config);
  const digdir =
    options.digdir ??
    new DigdirSelfServiceClient({
      environments: maskinportenConfig.environments.values(),
      grantLifetimeSeconds: maskinportenConfig.grantLifetimeSeconds,
      logger,
    });
  const rotation = new KeyRotationService({
    config: maskinportenConfig,
    rotationConfig,
    store: options.store,
    rotations: new RotationStore(await options.database.getClient()),
    digdir,
    keyEncryption: options.keyEncryption,
    logger,
    clientClaims: options.clientClaims,
  });
  await scheduler.scheduleTask({
    id: KEY_ROTATION_TASK_ID,
    ...rotationConfig.schedule,
    scope: 'global',
    fn: async () => {
      const { advanced, started, renewed } = await rotation.runScheduled();
      if (advanced + started + renewed > 0) {
        logger.info(
          `Key rotation run: ${advanced} rotation(s) advanced, ${started} started, ${renewed} client(s) renewed`,
        );
      }
    },
  });
  return rotation;
}

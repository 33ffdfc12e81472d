import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  RootInstanceMetadataService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ExpiryThresholds } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenStore } from '../database/MaskinportenStore';
import { ExpiryScanner } from './ExpiryScanner';
import { ExpiryScanTask } from './ExpiryScanTask';
import { ExpiryStateStore } from './ExpiryStateStore';
import { createExpiryNotifier } from './notifiers';
import { readExpiryScanConfig } from './readExpiryScanConfig';

/**
 * Builds the expiry scan and puts it on the schedule. Call after the store has run the
 * migrations (`DatabaseMaskinportenStore.create`).
 */
export async function setupExpiryScan(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  notifications: NotificationService;
  instanceMetadata: RootInstanceMetadataService;
  store: MaskinportenStore;
  thresholds: ExpiryThresholds;
  now?: () => Date;
}): Promise<ExpiryScanTask> {
  const { config, logger, scheduler, store, thresholds, now } = options;
  const scanConfig = readExpiryScanConfig(config);
  const notifier = await createExpiryNotifier({
    delivery: scanConfig.delivery,
    notifications: options.notifications,
    logger,
    instanceMetadata: options.instanceMetadata,
    config,
  });
  if (notifier.channel === 'log') {
    logger.info(
      'Maskinporten expiry scan: the notifications plugin is not installed, so key expiry changes are logged instead',
    );
  }
  const states = new ExpiryStateStore(await options.database.getClient());
  const scanner = new ExpiryScanner({ store, states, notifier, logger, thresholds, now });
  const task = new ExpiryScanTask({ scheduler, scanner, states, config: scanConfig, logger, now });
  await task.schedule();
  return task;
}

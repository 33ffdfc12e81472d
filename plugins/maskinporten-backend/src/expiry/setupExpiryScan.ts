import {
  LoggerService,
  RootConfigService,
  RootInstanceMetadataService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ExpiryThresholds } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenNotifierChannel } from '@maskinporten-backstage/plugin-maskinporten-node';
import { MaskinportenStores } from '../database';
import { ExpiryScanner } from './ExpiryScanner';
import { ExpiryScanTask } from './ExpiryScanTask';
import { defaultExpiryChannel } from './notifiers';
import { readExpiryScanConfig } from './readExpiryScanConfig';

/**
 * Builds the expiry scan and puts it on the schedule: the built-in channel (notifications, or
 * the log when that plugin is absent) plus every channel a module added.
 */
export async function setupExpiryScan(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  notifications: NotificationService;
  instanceMetadata: RootInstanceMetadataService;
  stores: MaskinportenStores;
  thresholds: ExpiryThresholds;
  channels: MaskinportenNotifierChannel[];
  /** After each scan and (re)scheduling: the status readers see may have changed. */
  onChange?: () => void;
  now?: () => Date;
}): Promise<ExpiryScanTask> {
  const { config, logger, scheduler, stores, thresholds, now } = options;
  const scanConfig = readExpiryScanConfig(config);
  const builtIn = await defaultExpiryChannel({
    delivery: scanConfig.delivery,
    language: scanConfig.language,
    notifications: options.notifications,
    logger,
    instanceMetadata: options.instanceMetadata,
    config,
  });
  if (builtIn.id === 'log') {
    logger.info(
      'Maskinporten expiry scan: the notifications plugin is not installed, so key expiry changes are logged instead',
    );
  }
  const scanner = new ExpiryScanner({
    index: stores.index,
    keys: stores.keys,
    states: stores.expiry,
    deployments: stores.deployments,
    channels: [builtIn, ...options.channels],
    logger,
    thresholds,
    now,
  });
  const task = new ExpiryScanTask({
    scheduler,
    scanner,
    states: stores.expiry,
    config: scanConfig,
    logger,
    now,
    onChange: options.onChange,
  });
  await task.schedule();
  return task;
}

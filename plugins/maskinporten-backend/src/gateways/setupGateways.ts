import {
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import {
  MaskinportenGatewayTarget,
  MaskinportenKeyCustody,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import { EntityAccess } from '../access/entityAccess';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { LeaseLocks, MaskinportenStores } from '../database';
import { GraviteeGatewayTarget } from '../gravitee/target/GraviteeGatewayTarget';
import { GatewayPhase } from '../rotation/gatewayPhase';
import { GatewayDeploymentService } from './GatewayDeploymentService';
import { GatewayDriftCheck } from './GatewayDriftCheck';
import { GatewayTargets } from './GatewayTargets';

const DEFAULT_DRIFT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};

/**
 * Everything that makes gateways follow the key: the targets (Gravitee, when its management
 * API is configured, then those modules added), the scheduled drift check
 * (`maskinporten-gateway-drift`, one replica per run), the card's service and the rotation's
 * gateway phase.
 */
export async function setupGateways(options: {
  config: MaskinportenConfig;
  rootConfig: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  stores: MaskinportenStores;
  custody: MaskinportenKeyCustody;
  access: EntityAccess;
  extensionTargets: MaskinportenGatewayTarget[];
  now: () => Date;
}) {
  const { config, logger, stores, now } = options;
  const deploy = config.gravitee.deploy;
  const builtIn = deploy
    ? [new GraviteeGatewayTarget({ config: deploy, logger, title: 'Gravitee' })]
    : [];
  const targets = new GatewayTargets([...builtIn, ...options.extensionTargets]);
  const drift = new GatewayDriftCheck({ deployments: stores.deployments, keys: stores.keys, index: stores.index, targets, logger, now });

  const block = options.rootConfig.getOptionalConfig('maskinporten.lifecycle.gatewayDrift');
  const schedule = block?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(block.getConfig('schedule'))
    : DEFAULT_DRIFT_SCHEDULE;
  await options.scheduler.scheduleTask({
    id: 'maskinporten-gateway-drift',
    ...schedule,
    // One replica reads the gateways back; the observations live in the shared database.
    scope: 'global',
    fn: async () => {
      if (targets.size === 0) return;
      const result = await drift.run();
      if (result.drifted + result.failed > 0) {
        logger.info(
          `Gateway drift check: ${result.checked} read back, ${result.drifted} drifted, ${result.failed} unreadable, ${result.skipped} kept by hand`,
        );
      }
    },
  });

  const service = new GatewayDeploymentService({
    config,
    access: options.access,
    deployments: stores.deployments,
    keys: stores.keys,
    targets,
    drift,
    now,
  });
  const phase = new GatewayPhase({
    deployments: stores.deployments,
    targets,
    keys: stores.keys,
    custody: options.custody,
    environments: config.environments,
    logger,
    now,
    // Short waits: a runner that finds another carrying the rotation leaves it to that one.
    locks: new LeaseLocks(stores.db, { waitMs: 2000, leaseMs: 10 * 60_000 }),
  });
  if (targets.size > 0) {
    logger.info(`Gateway targets: ${targets.list().map(t => `${t.id} (${t.managed ? 'redeploys' : 'read only'})`).join(', ')}`);
  }
  return { targets, drift, service, phase };
}

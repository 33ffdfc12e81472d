import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { MaskinportenEnvironment } from '../config/readMaskinportenConfig';
import { DigdirSelfService } from '../digdir/types';
import { BackdatedKeySeeder, SeedingService } from './BackdatedKeySeeder';
import { readExamplesConfig, simulatorEnvironments } from './readExamplesConfig';

/**
 * Wires `maskinporten.examples.backdatedKeys` into a backend. Development only: backdated
 * keys are fake history, so anywhere else the block is ignored with a warning. Runs on a
 * short local schedule because the catalog ingests the example entities, and the backend
 * (with the simulator) starts listening, only after plugins have initialised.
 */
export async function startExampleKeySeeding(options: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  auth: AuthService;
  serviceAt: (now: Date) => SeedingService;
  environments: Iterable<MaskinportenEnvironment>;
  digdir: DigdirSelfService;
  nodeEnv?: string;
}): Promise<BackdatedKeySeeder | undefined> {
  const { backdatedKeys } = readExamplesConfig(options.config);
  if (backdatedKeys.length === 0) {
    return undefined;
  }
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV;
  if (nodeEnv !== 'development') {
    options.logger.warn(
      `maskinporten.examples.backdatedKeys is ignored: example keys are only seeded when NODE_ENV is development (it is ${nodeEnv ?? 'unset'})`,
    );
    return undefined;
  }
  const seeder = new BackdatedKeySeeder({
    entries: backdatedKeys,
    digdir: options.digdir,
    simulatorEnvironments: simulatorEnvironments(options.environments),
    serviceAt: options.serviceAt,
    credentials: () => options.auth.getOwnServiceCredentials(),
    logger: options.logger,
  });
  await options.scheduler.scheduleTask({
    id: 'maskinporten-example-keys',
    frequency: { seconds: 5 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 3 },
    scope: 'local',
    fn: async () => {
      if (!seeder.done) {
        await seeder.runOnce();
      }
    },
  });
  return seeder;
}

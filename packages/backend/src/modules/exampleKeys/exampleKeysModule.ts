import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { maskinportenStartupTaskExtensionPoint } from '@maskinporten-backstage/plugin-maskinporten-node';
import { BackdatedKeySeeder } from './BackdatedKeySeeder';
import { readExamplesConfig, simulatorRegistrations } from './readExamplesConfig';

/**
 * Development-only example data for the example portal: `maskinporten.examples.backdatedKeys`
 * gives integrations keys created as if days ago, so the portal shows every expiry state.
 * Backdated keys are fake history, so outside NODE_ENV=development the block is ignored with a
 * warning. Runs on a short local schedule because the catalog ingests the example entities,
 * and the simulators start listening, only after the plugins have initialised.
 */
export const exampleKeysModule = createBackendModule({
  pluginId: 'maskinporten',
  moduleId: 'example-keys',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        startup: maskinportenStartupTaskExtensionPoint,
      },
      async init({ config, logger, scheduler, startup }) {
        const { backdatedKeys } = readExamplesConfig(config);
        if (backdatedKeys.length === 0) {
          return;
        }
        if (process.env.NODE_ENV !== 'development') {
          logger.warn(
            `maskinporten.examples.backdatedKeys is ignored: example keys are only seeded when NODE_ENV is development (it is ${
              process.env.NODE_ENV ?? 'unset'
            })`,
          );
          return;
        }
        startup.addStartupTask(async context => {
          const seeder = new BackdatedKeySeeder({
            entries: backdatedKeys,
            context,
            simulators: simulatorRegistrations(config),
            logger,
          });
          await scheduler.scheduleTask({
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
        });
      },
    });
  },
});

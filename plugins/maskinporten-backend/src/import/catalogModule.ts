import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { DigdirClientProvider } from './DigdirClientProvider';
import { readImportConfig } from './readImportConfig';

/**
 * Catalog module: imports the organisation's existing Maskinporten clients from Digdir's
 * self-service API as `maskinporten-client` Resources (config `maskinporten.import`). The
 * scheduler runs it on one replica at a time (global scope).
 *
 * @public
 */
export const catalogModuleMaskinportenDigdirImport = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'maskinporten-digdir-import',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const importConfig = readImportConfig(config);
        const maskinporten = readMaskinportenConfig(config);
        const digdir = new DigdirSelfServiceClient({
          environments: maskinporten.environments.values(),
          grantLifetimeSeconds: maskinporten.grantLifetimeSeconds,
          logger,
        });
        const environments = [...maskinporten.environments.keys()];
        for (const environment of importConfig.environments ?? []) {
          if (!digdir.isConfigured(environment)) {
            throw new Error(
              `maskinporten.import.environments: "${environment}" has no maskinporten.environments.${environment}.selfService to import from`,
            );
          }
        }
        catalog.addEntityProvider(
          new DigdirClientProvider({
            digdir,
            config: importConfig,
            environments,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(importConfig.schedule),
          }),
        );
      },
    });
  },
});

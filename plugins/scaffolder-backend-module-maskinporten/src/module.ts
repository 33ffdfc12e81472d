import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMaskinportenIntegrationAction } from './actions/createIntegration';
import { createWriteLocalCatalogAction } from './actions/writeLocalCatalog';

/**
 * Scaffolder actions for Maskinporten: `maskinporten:integration:create` and, for portals
 * without a Git host, `maskinporten:catalog:write-local`.
 *
 * @public
 */
export const scaffolderModuleMaskinporten = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'maskinporten',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, config, permissions, catalog }) {
        scaffolder.addActions(
          createMaskinportenIntegrationAction({ discovery, auth }),
          createWriteLocalCatalogAction({ config, catalog, auth, permissions }),
        );
      },
    });
  },
});

import authPlugin from '@backstage/plugin-auth-backend';
import guestProviderModule from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModelModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogModule from '@backstage/plugin-search-backend-module-catalog';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  createMaskinportenSimulatorPlugin,
  maskinportenSimulatorPlugin,
} from '@maskinporten-backstage/maskinporten-simulator';
import maskinportenPlugin, { catalogModuleMaskinportenDigdirImport } from '@maskinporten-backstage/plugin-maskinporten-backend';
import scaffolderMaskinportenModule from '@maskinporten-backstage/plugin-scaffolder-backend-module-maskinporten';
import { exampleKeysModule, webhookNotifierModule } from './modules';
import { ownerPermissionPolicyModule } from './permissionPolicy';

/**
 * The example portal's plugins and modules, shared by `src/index.ts` and the test that runs
 * the whole portal (`src/mcp/mcpClient.test.ts`), so the test runs exactly this backend.
 */
export function examplePortalFeatures(options: {
  /** The Maskinporten simulators as the `local`, `test` and `prod` environments. */
  simulators: boolean;
  /** Backdated example keys (development only). */
  exampleKeys: boolean;
}): BackendFeature[] {
  const features = [
    authPlugin,
    guestProviderModule,
    catalogPlugin,
    scaffolderEntityModelModule,
    permissionPlugin,
    ownerPermissionPolicyModule,
    scaffolderPlugin,
    scaffolderMaskinportenModule,
    notificationsPlugin,
    signalsPlugin,
    searchPlugin,
    searchCatalogModule,
    maskinportenPlugin,
    // Registered actions (backend.actions.pluginSources) as MCP tools at /api/mcp-actions/v1;
    // README "Use it from your assistant".
    mcpActionsPlugin,
    // A second channel for expiry notices, as a deployer would add one (src/modules/webhookNotifier).
    webhookNotifierModule,
  ];
  if (options.exampleKeys) {
    // Backdated example keys in every expiry state (src/modules/exampleKeys).
    features.push(exampleKeysModule);
  }
  if (options.simulators) {
    // `local` and `test` use the first simulator, `prod` the second, so a grant for one
    // environment is refused by the other (MP-110). The import from Digdir reads their
    // hand-made clients (maskinporten.import in app-config.simulator.yaml).
    features.push(
      catalogModuleMaskinportenDigdirImport,
      maskinportenSimulatorPlugin,
      createMaskinportenSimulatorPlugin({
        pluginId: 'maskinporten-simulator-prod',
        configKey: 'maskinportenSimulatorProd',
      }),
    );
  }
  return features;
}

import { createBackend } from '@backstage/backend-defaults';
import { graviteeSimulatorPlugin } from '@maskinporten-backstage/gravitee-simulator';
import {
  createMaskinportenSimulatorPlugin,
  maskinportenSimulatorPlugin,
} from '@maskinporten-backstage/maskinporten-simulator';
import { ownerPermissionPolicyModule } from './permissionPolicy';
import { exampleKeysModule, webhookNotifierModule } from './modules';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(ownerPermissionPolicyModule);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@maskinporten-backstage/plugin-scaffolder-backend-module-maskinporten'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@maskinporten-backstage/plugin-maskinporten-backend'));
// A second channel for expiry notices, as a deployer would add one (src/modules/webhookNotifier).
backend.add(webhookNotifierModule);
// The example portal's Maskinporten environments are simulators: unauthenticated stand-ins
// with a well-known admin token, so they only run in development. `local` and `test` use the
// first, `prod` the second, so a grant for one environment is refused by the other (MP-110).
if (process.env.NODE_ENV === 'development') {
  // Backdated example keys in every expiry state (src/modules/exampleKeys).
  backend.add(exampleKeysModule);
  backend.add(maskinportenSimulatorPlugin);
  // Gravitee: the management API double and a gateway that runs token services, so the card
  // can deploy, test through the gateway and rotate with redeploys offline.
  backend.add(graviteeSimulatorPlugin);
  backend.add(
    createMaskinportenSimulatorPlugin({
      pluginId: 'maskinporten-simulator-prod',
      configKey: 'maskinportenSimulatorProd',
    }),
  );
}

backend.start();

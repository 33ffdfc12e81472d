import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  SimulatorClientSeed,
  createMaskinportenSimulatorRouter,
} from '@maskinporten-backstage/maskinporten-simulator';

/**
 * A second simulator with its own issuer, so the example portal's `prod` environment is a
 * separate Maskinporten from `local`/`test`: keys, clients and `aud` do not carry over, just
 * like between Digdir's test and production. Configured under `maskinportenSimulatorProd`
 * with the same keys as `maskinportenSimulator`. Development backends only.
 */
export const prodSimulatorPlugin = createBackendPlugin({
  pluginId: 'maskinporten-simulator-prod',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ httpRouter, config, discovery, logger }) {
        const baseUrl = await discovery.getExternalBaseUrl('maskinporten-simulator-prod');
        const issuer = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
        const block = config.getOptionalConfig('maskinportenSimulatorProd');
        httpRouter.use(
          createMaskinportenSimulatorRouter({
            issuer,
            adminToken: block?.getOptionalString('adminToken'),
            scopes: block?.getOptionalStringArray('scopes'),
            clients: block?.getOptionalConfigArray('clients')?.map(readClient),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        logger.info(`Maskinporten simulator "prod" (development only) ready: issuer ${issuer}`);
      },
    });
  },
});

function readClient(client: Config): SimulatorClientSeed {
  return {
    clientId: client.getString('clientId'),
    scopes: client.getStringArray('scopes'),
    clientName: client.getOptionalString('clientName'),
    description: client.getOptionalString('description'),
  };
}

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createSimulatorCore } from '../server';
import { readSimulatorConfig } from './config';

/**
 * The Maskinporten simulator as a Backstage backend plugin, for development
 * backends only. It serves the token endpoint, metadata, keys and the
 * self-service API under `/api/maskinporten-simulator/`, unauthenticated.
 *
 * @public
 */
export const maskinportenSimulatorPlugin = createBackendPlugin({
  pluginId: 'maskinporten-simulator',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ httpRouter, config, discovery, logger }) {
        const baseUrl = await discovery.getExternalBaseUrl('maskinporten-simulator');
        const issuer = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
        const core = createSimulatorCore({ ...readSimulatorConfig(config), issuer });
        httpRouter.use(core.router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        logger.info(
          `Maskinporten simulator (development only) ready: issuer ${issuer}, token endpoint ${issuer}token, self-service API ${issuer}api/v1`,
        );
      },
    });
  },
});

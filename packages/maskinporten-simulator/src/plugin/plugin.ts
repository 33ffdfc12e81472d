import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createSimulatorCore } from '../server';
import { readSimulatorConfig } from './config';
import { databaseSigningKeyStore } from './databaseSigningKeyStore';

/**
 * A Maskinporten simulator as a Backstage backend plugin, for development backends only.
 * It serves the token endpoint, metadata, keys and the self-service API under
 * `/api/<pluginId>/`, unauthenticated, with that URL as its issuer. Several can run in one
 * backend (say, one for `test` and one for `prod`): each is its own Maskinporten, so keys,
 * clients and `aud` do not carry over between them.
 *
 * @public
 */
export function createMaskinportenSimulatorPlugin(options: {
  pluginId: string;
  /** The config block with clients, scopes and admin token. */
  configKey: string;
}) {
  const { pluginId, configKey } = options;
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          config: coreServices.rootConfig,
          discovery: coreServices.discovery,
          logger: coreServices.logger,
          database: coreServices.database,
        },
        async init({ httpRouter, config, discovery, logger, database }) {
          const baseUrl = await discovery.getExternalBaseUrl(pluginId);
          const issuer = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
          const simulatorOptions = readSimulatorConfig(config, configKey);
          // The signing key survives restarts: in the configured file, else in the plugin's database.
          const signingKeyStore = simulatorOptions.signingKeyFile
            ? undefined
            : await databaseSigningKeyStore(database, logger, pluginId);
          const core = createSimulatorCore({ ...simulatorOptions, signingKeyStore, issuer });
          httpRouter.use(core.router);
          httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          logger.info(
            `Maskinporten simulator (development only) ready: issuer ${issuer}, token endpoint ${issuer}token, self-service API ${issuer}api/v1`,
          );
        },
      });
    },
  });
}

/**
 * The Maskinporten simulator at `/api/maskinporten-simulator/`, configured under
 * `maskinportenSimulator`.
 *
 * @public
 */
export const maskinportenSimulatorPlugin = createMaskinportenSimulatorPlugin({
  pluginId: 'maskinporten-simulator',
  configKey: 'maskinportenSimulator',
});

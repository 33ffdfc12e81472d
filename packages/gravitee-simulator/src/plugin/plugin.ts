import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import express from 'express';
import { resolve } from 'node:path';
import { GatewayDouble } from '../gateway/GatewayDouble';
import { APIM_RELEASES, ApimRelease } from '../management/apimReleases';
import { GatewayLink, ManagementApiDouble } from '../management/ManagementApiDouble';
import { RealGateway } from '../realGateway/RealGateway';

/**
 * Gravitee for a development backend (the example portal's `npm start`): the management API
 * double at `/api/gravitee-simulator/management/…` and a gateway at
 * `/api/gravitee-simulator/gateway/…`, unauthenticated (the management double checks its own
 * bearer token). The gateway is the real APIM 4.10.8 gateway when `realGateway` names an
 * assembled one (`npm run test:gravitee` builds it; requests are passed on to it), else the
 * gateway double. State lives in memory: a restart forgets deployed APIs, and the backend's
 * drift check then reports them missing until they are deployed again.
 *
 * @public
 */
export const graviteeSimulatorPlugin = createBackendPlugin({
  pluginId: 'gravitee-simulator',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ httpRouter, config, logger, lifecycle }) {
        const block = config.getOptionalConfig('graviteeSimulator');
        const release = (block?.getOptionalString('release') ?? '4.10') as ApimRelease;
        if (!(release in APIM_RELEASES)) {
          throw new Error(`graviteeSimulator.release must be one of ${Object.keys(APIM_RELEASES).join(', ')}`);
        }
        // Relative paths are relative to the backend's working directory (packages/backend under `npm start`).
        const homeSetting = block?.getOptionalString('realGateway.home');
        const javaHomeSetting = block?.getOptionalString('realGateway.javaHome');
        const home = homeSetting ? resolve(homeSetting) : undefined;
        const javaHome = javaHomeSetting ? resolve(javaHomeSetting) : undefined;
        let link: GatewayLink;
        let gatewayApp: express.Handler;
        let gatewayName: string;
        if (home && javaHome) {
          const real = await RealGateway.start({ home, javaHome });
          lifecycle.addShutdownHook(() => real.stop());
          link = real;
          gatewayApp = forwardTo(real.url);
          gatewayName = `the real APIM 4.10.8 gateway (${real.url})`;
        } else {
          const double = new GatewayDouble();
          link = double;
          gatewayApp = double.app;
          gatewayName = 'the gateway double';
        }
        const management = ManagementApiDouble.create({
          token: block?.getOptionalString('token') ?? 'gravitee-simulator-token',
          release,
          gateway: link,
          applications: (block?.getOptionalConfigArray('applications') ?? []).map(a => ({
            id: a.getString('id'),
            name: a.getString('name'),
          })),
        });
        const router = express.Router();
        router.use('/gateway', gatewayApp);
        router.use(management.app);
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        logger.info(
          `Gravitee simulator (development only): management API double of APIM ${APIM_RELEASES[release]} at /api/gravitee-simulator/management, ${gatewayName} at /api/gravitee-simulator/gateway`,
        );
      },
    });
  },
});

/** Passes consumers' requests on to the real gateway, path and headers as they came. */
function forwardTo(base: string): express.Handler {
  return (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'connection', 'content-length'].includes(name)) continue;
      for (const v of [value].flat()) headers.append(name, v);
    }
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(`${base}${req.url}`, {
          method: req.method,
          headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
          signal: AbortSignal.timeout(30_000),
        });
        res.status(upstream.status);
        const type = upstream.headers.get('content-type');
        if (type) res.type(type);
        res.send(Buffer.from(await upstream.arrayBuffer()));
      } catch (error) {
        res.status(502).json({ message: `The real gateway did not answer: ${(error as Error).message}` });
      }
    });
  };
}

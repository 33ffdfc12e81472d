import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  MaskinportenIntegration,
  maskinportenPermissions,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { readMaskinportenConfig } from './config/readMaskinportenConfig';
import { DatabaseMaskinportenStore } from './database/DatabaseMaskinportenStore';
import { MaskinportenService } from './integrations/MaskinportenService';
import { resolveKeyEncryption } from './keys/resolveKeyEncryption';
import { runModeFrom } from './config/runMode';
import { assertProductionSafety } from './config/assertProductionSafety';
import { createRouter } from './service/router';
import { CallerPolicy } from './access/callerPolicy';
import { ClientClaims } from './access/clientClaims';
import { ClientClaimStore } from './database/ClientClaimStore';
import { IntegrationIndexer } from './catalog/IntegrationIndexer';
import { GraviteeDeploymentStore } from './gravitee/deploy/GraviteeDeploymentStore';
import { startExampleKeySeeding } from './examples';
import { setupKeyRotation } from './rotation/setupKeyRotation';
import { notificationService } from '@backstage/plugin-notifications-node';
import { setupExpiryScan } from './expiry/setupExpiryScan';
import { setupProvisioning } from './provisioning/setupProvisioning';
import { DigdirSelfServiceClient } from './digdir/DigdirSelfServiceClient';

/**
 * The Maskinporten backend plugin: key custody, JWKS export, token tests, Gravitee
 * definitions, expiry scans, rotation and provisioning.
 *
 * @public
 */
export const maskinportenPlugin = createBackendPlugin({
  pluginId: 'maskinporten',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
        userInfo: coreServices.userInfo,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        auth,
        scheduler,
        catalog,
        notifications,
        instanceMetadata,
        userInfo,
      }) {
        const maskinportenConfig = readMaskinportenConfig(config);
        if (maskinportenConfig.environments.size === 0) {
          logger.warn(
            'No maskinporten.environments configured: every integration will be reported as invalid.',
          );
        }
        // Anything but an explicit development or test run counts as production, so a
        // deployment that forgets NODE_ENV cannot fall back to simulator settings.
        const mode = runModeFrom(process.env.NODE_ENV);
        assertProductionSafety(maskinportenConfig, mode);
        const keyEncryption = resolveKeyEncryption({ config: maskinportenConfig, logger, mode });
        // Runs every migration, the Gravitee deployments table included.
        const store = await DatabaseMaskinportenStore.create({ database });
        const graviteeDeployments = new GraviteeDeploymentStore(await database.getClient());
        // One client for rotation and provisioning, so they share one admin-token cache.
        const digdir = new DigdirSelfServiceClient({
          environments: maskinportenConfig.environments.values(),
          grantLifetimeSeconds: maskinportenConfig.grantLifetimeSeconds,
          logger,
        });
        const clientClaims = new ClientClaims({
          claims: new ClientClaimStore(await database.getClient()),
          declarations: store,
          digdir,
        });
        const rotation = await setupKeyRotation({
          config,
          maskinportenConfig,
          logger,
          database,
          scheduler,
          store,
          keyEncryption,
          digdir,
          clientClaims,
        });
        const serviceOptions = {
          rotationView: (integration: MaskinportenIntegration) => rotation.current(integration),
          config: maskinportenConfig,
          store,
          catalog,
          permissions,
          keyEncryption,
          logger,
          graviteeDeployments,
          clientClaims,
        };
        const service = new MaskinportenService(serviceOptions);
        if (maskinportenConfig.gravitee.deploy) {
          logger.info(
            `Gravitee deploy enabled: ${maskinportenConfig.gravitee.deploy.managementUrl} (default format ${maskinportenConfig.gravitee.deployFormat})`,
          );
        }

        const indexer = new IntegrationIndexer({
          catalog,
          auth,
          store,
          logger,
          environments: service.environments,
        });
        await scheduler.scheduleTask({
          id: 'maskinporten-integration-index',
          frequency: { seconds: maskinportenConfig.indexRefreshSeconds },
          timeout: { minutes: 10 },
          // One replica syncs; the index lives in the shared database.
          scope: 'global',
          fn: async () => {
            await indexer.sync();
          },
        });

        const expiryScan = await setupExpiryScan({
          config,
          logger,
          database,
          scheduler,
          notifications,
          instanceMetadata,
          store,
          thresholds: service.thresholds,
        });

        const provisioning = await setupProvisioning({
          maskinportenConfig,
          database,
          catalog,
          auth,
          keyEncryption,
          logger,
          digdir,
          userInfo,
          permissions,
          clientClaims,
        });
        const callerPolicy = CallerPolicy.fromConfig(config);
        logger.info(`Service callers: ${callerPolicy.describe() || 'none'}`);
        permissionsRegistry.addPermissions(maskinportenPermissions);
        httpRouter.use(
          await createRouter({
            service,
            httpAuth,
            auditor,
            store,
            indexer,
            permissions,
            expiryScan,
            provisioning,
            rotation,
            callerPolicy,
            logger,
            requestTimeoutMs: config.getOptionalNumber('maskinporten.http.requestTimeoutSeconds')
              ? config.getNumber('maskinporten.http.requestTimeoutSeconds') * 1000
              : undefined,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Development-only example data: `maskinporten.examples.backdatedKeys`.
        await startExampleKeySeeding({
          config,
          logger,
          scheduler,
          auth,
          environments: maskinportenConfig.environments.values(),
          digdir,
          // The same service on a backdated clock, so example keys go through normal creation.
          serviceAt: now => new MaskinportenService({ ...serviceOptions, now: () => now }),
        });
      },
    });
  },
});

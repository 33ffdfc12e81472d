import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { maskinportenPermissions } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  maskinportenGatewayTargetExtensionPoint,
  maskinportenKeyCustodyExtensionPoint,
  maskinportenNotifierExtensionPoint,
  maskinportenStartupTaskExtensionPoint,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import { MaskinportenExtensions, createMaskinportenBackend } from './service/createMaskinportenBackend';

/**
 * The Maskinporten backend plugin: key custody, JWKS export, token tests, Gravitee
 * definitions, expiry scans, rotation and provisioning. Deployers extend it through the
 * extension points in `@maskinporten-backstage/plugin-maskinporten-node`.
 *
 * @public
 */
export const maskinportenPlugin = createBackendPlugin({
  pluginId: 'maskinporten',
  register(env) {
    const extensions: MaskinportenExtensions = {
      channels: [],
      gatewayTargets: [],
      startupTasks: [],
    };
    env.registerExtensionPoint(maskinportenKeyCustodyExtensionPoint, {
      setKeyCustody(custody) {
        if (extensions.custody) {
          throw new Error('Maskinporten key custody was set twice; install one key custody module');
        }
        extensions.custody = custody;
      },
    });
    env.registerExtensionPoint(maskinportenNotifierExtensionPoint, {
      addNotifier(channel) {
        extensions.channels.push(channel);
      },
    });
    env.registerExtensionPoint(maskinportenGatewayTargetExtensionPoint, {
      addGatewayTarget(target) {
        extensions.gatewayTargets.push(target);
      },
    });
    env.registerExtensionPoint(maskinportenStartupTaskExtensionPoint, {
      addStartupTask(task) {
        extensions.startupTasks.push(task);
      },
    });

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
        signals: signalsServiceRef,
        instanceMetadata: coreServices.rootInstanceMetadata,
        userInfo: coreServices.userInfo,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({ httpRouter, permissionsRegistry, ...deps }) {
        const backend = await createMaskinportenBackend(deps, extensions);
        permissionsRegistry.addPermissions(maskinportenPermissions);
        httpRouter.use(backend.router);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        await backend.runStartupTasks();
      },
    });
  },
});

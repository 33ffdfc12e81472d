import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  RootInstanceMetadataService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { ExpiryThresholds } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenGatewayTarget,
  MaskinportenKeyCustody,
  MaskinportenNotifierChannel,
  MaskinportenStartupTask,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import express from 'express';
import Router from 'express-promise-router';
import { CallerPolicy } from '../access/callerPolicy';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess } from '../access/entityAccess';
import { RouteAccess } from '../access/routeAccess';
import { registerActions } from '../actions/registerActions';
import { assertProductionSafety } from '../config/assertProductionSafety';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { runModeFrom } from '../config/runMode';
import { createStores } from '../database';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { registerExpiryRoutes } from '../expiry/routes';
import { setupExpiryScan } from '../expiry/setupExpiryScan';
import { GraviteeDeploymentStore } from '../gravitee/deploy/GraviteeDeploymentStore';
import { GraviteeService } from '../gravitee/GraviteeService';
import { registerGraviteeRoutes } from '../gravitee/routes';
import { KeyIssuer } from '../keys/KeyIssuer';
import { KeysService } from '../keys/KeysService';
import { resolveKeyEncryption } from '../keys/resolveKeyEncryption';
import { registerKeyRoutes } from '../keys/routes';
import { EntityIntegrations } from '../listing/EntityIntegrations';
import { IntegrationIndexer } from '../listing/IntegrationIndexer';
import { ListingCursors } from '../listing/listingCursors';
import { registerListingRoutes } from '../listing/routes';
import { ProvisioningService } from '../provisioning/ProvisioningService';
import { registerProvisioningRoutes } from '../provisioning/routes';
import { KeyRotationService } from '../rotation/KeyRotationService';
import { readRotationConfig } from '../rotation/readRotationConfig';
import { registerRotationRoutes } from '../rotation/routes';
import { ScopeCatalog } from '../scopes/ScopeCatalog';
import { registerScopeRoutes } from '../scopes/routes';
import { AdoptionService } from '../import/AdoptionService';
import { registerImportRoutes } from '../import/routes';
import { TokenTester } from '../tokenTests/TokenTester';
import { TokenTestService } from '../tokenTests/TokenTestService';
import { registerTokenTestRoutes } from '../tokenTests/routes';
import { mapErrors, requestDeadline } from './errorMapping';
import { createStartupContext } from './startupContext';
import { ChangeSignals } from './changeSignals';
import { ENTITY_ROUTE } from './routeContext';

/** The Backstage services the plugin depends on. */
export interface MaskinportenBackendDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  notifications: NotificationService;
  /** Tells open cards and pages what changed (optional: they fall back to re-reading). */
  signals?: SignalsService;
  instanceMetadata: RootInstanceMetadataService;
  userInfo: UserInfoService;
  actionsRegistry: ActionsRegistryService;
}

/** What backend modules added through the extension points. */
export interface MaskinportenExtensions {
  custody?: MaskinportenKeyCustody;
  channels: MaskinportenNotifierChannel[];
  gatewayTargets: MaskinportenGatewayTarget[];
  startupTasks: MaskinportenStartupTask[];
}

/** How long after a start the index follows the catalog every few seconds, at least... */
const STARTUP_FOLLOW_MS = 3 * 60_000;
/** ...and at most, while the catalog is still ingesting. */
const STARTUP_FOLLOW_MAX_MS = 30 * 60_000;

/** Every request is answered within this (503 after): the slowest legitimate route, short of a hang. */
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * The composition root: reads config, builds one of each service over one set of stores,
 * schedules the background jobs, and returns the router. Each capability's routes live in its
 * own folder (keys, tokenTests, listing, gravitee, rotation, expiry, provisioning).
 */
export async function createMaskinportenBackend(deps: MaskinportenBackendDeps, extensions: MaskinportenExtensions) {
  const { config, logger, scheduler, catalog, permissions, auth } = deps;
  const maskinportenConfig = readMaskinportenConfig(config);
  if (maskinportenConfig.environments.size === 0) {
    logger.warn('No maskinporten.environments configured: every integration will be reported as invalid.');
  }
  // Anything but an explicit development or test run counts as production, so a deployment
  // that forgets NODE_ENV cannot fall back to simulator settings.
  const mode = runModeFrom(process.env.NODE_ENV);
  assertProductionSafety(maskinportenConfig, mode);
  // The config secret also seals listing cursors, so it is needed even with another custody.
  const keyEncryption = resolveKeyEncryption({ config: maskinportenConfig, logger, mode });
  const custody = extensions.custody ?? keyEncryption;
  const now = () => new Date();
  const environments = [...maskinportenConfig.environments.keys()];
  const thresholds: ExpiryThresholds = {
    warningDays: maskinportenConfig.keys.warningDays,
    criticalDays: maskinportenConfig.keys.criticalDays,
  };

  const stores = await createStores(deps.database);
  // One client for rotation and provisioning, so they share one admin-token cache.
  const digdir = new DigdirSelfServiceClient({
    environments: maskinportenConfig.environments.values(),
    grantLifetimeSeconds: maskinportenConfig.grantLifetimeSeconds,
    logger,
  });
  const claims = new ClientClaims({ claims: stores.claims, declarations: stores.index, digdir });
  // What the organisation may use, per environment: the scope picker, provisioning and the card ask it.
  const scopes = new ScopeCatalog({ digdir });
  const entities = new EntityAccess({ catalog, permissions, environments });
  const issuer = new KeyIssuer({ keys: stores.keys, index: stores.index, custody, config: maskinportenConfig.keys });
  const tester = new TokenTester({ config: maskinportenConfig, custody, tokenTests: stores.tokenTests, logger });

  const rotationConfig = readRotationConfig(config);
  const rotation = new KeyRotationService({
    rotationConfig,
    keys: stores.keys,
    index: stores.index,
    rotations: stores.rotations,
    issuer,
    tester,
    digdir,
    clientClaims: claims,
    logger,
  });
  await scheduler.scheduleTask({
    id: 'maskinporten-key-rotation',
    ...rotationConfig.schedule,
    // One replica at a time; every step is a compare-and-set anyway.
    scope: 'global',
    fn: async () => {
      const { advanced, started, renewed } = await rotation.runScheduled();
      if (advanced + started + renewed > 0) {
        logger.info(`Key rotation run: ${advanced} rotation(s) advanced, ${started} started, ${renewed} client(s) renewed`);
      }
    },
  });

  const indexer = new IntegrationIndexer({ catalog, auth, keys: stores.keys, index: stores.index, logger, environments });
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

  // After a start the catalog ingests for a while: follow it closely until it settles, so the
  // page lists integrations as soon as the catalog has them. A sync that finds nothing changed
  // writes nothing, so this costs a catalog walk every few seconds. It follows for at least
  // three minutes, and on while syncs still find changes (a large catalog ingests for longer),
  // up to half an hour.
  const startedAt = Date.now();
  let stillIngesting = true;
  await scheduler.scheduleTask({
    id: 'maskinporten-integration-index-startup',
    frequency: { seconds: 5 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 1 },
    scope: 'local',
    fn: async () => {
      const elapsed = Date.now() - startedAt;
      if (elapsed < STARTUP_FOLLOW_MS || (stillIngesting && elapsed < STARTUP_FOLLOW_MAX_MS)) {
        const { written, removed } = await indexer.sync();
        stillIngesting = written + removed > 0;
      }
    },
  });

  const changes = new ChangeSignals({ signals: deps.signals, logger });
  const expiryScan = await setupExpiryScan({
    onChange: () => changes.expiryScanChanged(),
    config,
    logger,
    scheduler,
    notifications: deps.notifications,
    instanceMetadata: deps.instanceMetadata,
    stores,
    thresholds,
    channels: extensions.channels,
  });

  const entityIntegrations = new EntityIntegrations({
    access: entities,
    catalog,
    keys: stores.keys,
    tokenTests: stores.tokenTests,
    claims,
    thresholds,
    scopes,
    isSelfService: environment => rotation.isSelfService(environment),
    rotationViews: integrations => rotation.currentFor(integrations),
    now,
  });
  const keysService = new KeysService({ access: entities, claims, keys: stores.keys, issuer, thresholds });
  const tokenTests = new TokenTestService({
    config: maskinportenConfig,
    access: entities,
    claims,
    keys: stores.keys,
    issuer,
    tester,
  });
  const gravitee = new GraviteeService({
    config: maskinportenConfig,
    access: entities,
    claims,
    keys: stores.keys,
    custody,
    thresholds,
    logger,
    deployments: new GraviteeDeploymentStore(stores.db),
  });
  if (maskinportenConfig.gravitee.deploy) {
    logger.info(
      `Gravitee deploy enabled: ${maskinportenConfig.gravitee.deploy.managementUrl} (default format ${maskinportenConfig.gravitee.deployFormat})`,
    );
  }
  const provisioning = new ProvisioningService({
    config: maskinportenConfig,
    store: stores.provisioning,
    keys: stores.keys,
    issuer,
    catalog,
    auth,
    digdir,
    userInfo: deps.userInfo,
    permissions,
    clientClaims: claims,
    scopes,
    tester,
    logger,
  });

  const callerPolicy = CallerPolicy.fromConfig(config);
  logger.info(`Service callers: ${callerPolicy.describe() || 'none'}`);
  const context = { access: new RouteAccess(deps.httpAuth, callerPolicy), auditor: deps.auditor };
  const requestTimeoutSeconds = config.getOptionalNumber('maskinporten.http.requestTimeoutSeconds');

  const router = Router();
  router.use(requestDeadline(requestTimeoutSeconds ? requestTimeoutSeconds * 1000 : DEFAULT_REQUEST_TIMEOUT_MS));
  // Gravitee definitions with an inline key run to tens of kilobytes; everything else is small.
  router.use('/v1/gravitee', express.json({ limit: '1mb' }));
  router.use(express.json({ limit: '64kb' }));
  router.use(ENTITY_ROUTE, changes.afterEntityChange());
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const listing = {
    stores,
    permissions,
    claims,
    cursors: new ListingCursors(keyEncryption),
    environments,
    thresholds,
    openRotations: (refs: string[]) => rotation.openFor(refs),
    now,
  };
  registerListingRoutes(router, { ...context, ...listing, indexer, entityIntegrations });
  registerKeyRoutes(router, { ...context, keys: keysService });
  registerTokenTestRoutes(router, { ...context, tokenTests });
  registerGraviteeRoutes(router, { ...context, gravitee });
  registerRotationRoutes(router, { ...context, entities, rotation });
  registerExpiryRoutes(router, { ...context, expiryScan });
  registerProvisioningRoutes(router, { ...context, entities, provisioning });
  registerScopeRoutes(router, { ...context, scopes, environments });
  registerImportRoutes(router, {
    ...context,
    adoption: new AdoptionService({ entities, claims, digdir, views: entityIntegrations }),
  });
  router.use(mapErrors(logger));
  // The same services behind the actions registry (and so MCP), under the same caller policy.
  registerActions(deps.actionsRegistry, {
    policy: callerPolicy,
    auditor: deps.auditor,
    logger,
    userInfo: deps.userInfo,
    entities,
    entityIntegrations,
    listing,
    tokenTests,
    gravitee,
    rotation,
  });

  const startupContext = createStartupContext({
    auth,
    entities,
    entityIntegrations,
    issuer,
    claims,
    keys: stores.keys,
    environments,
  });
  return {
    router,
    indexer,
    async runStartupTasks() {
      for (const task of extensions.startupTasks) {
        try {
          await task(startupContext);
        } catch (error) {
          logger.warn(`A Maskinporten startup task failed: ${(error as Error).message}`);
        }
      }
    },
  };
}

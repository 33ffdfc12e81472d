/**
 * Gravitee for tests and development: a version-faithful double of APIM's management API
 * (releases 4.5, 4.8, 4.10 and 4.12), a gateway double that runs Maskinporten token services,
 * a launcher for the real APIM 4.10.8 gateway that `npm run test:gravitee` assembles, and a
 * development backend plugin that serves them to the example portal.
 *
 * @packageDocumentation
 */
export { ManagementApiDouble } from './management/ManagementApiDouble';
export type {
  DoubleApi,
  DoubleApplication,
  DoubleCall,
  GatewayLink,
  ManagementApiDoubleOptions,
} from './management/ManagementApiDouble';
export { APIM_RELEASES, generateForEnvironment, routesOf } from './management/apimReleases';
export type { ApimRelease, ReleaseRoutes } from './management/apimReleases';
export type { LocalSyncFile, DoubleSubscription } from './management/gatewayEvent';
export { GatewayDouble } from './gateway/GatewayDouble';
export { RealGateway } from './realGateway/RealGateway';
export { graviteeSimulatorPlugin } from './plugin/plugin';

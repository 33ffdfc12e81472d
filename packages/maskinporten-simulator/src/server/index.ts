export {
  createMaskinportenSimulatorRouter,
  createSimulatorCore,
  authorizationServerMetadata,
} from './createRouter';
export type { SimulatorCore } from './createRouter';
export { MaskinportenSimulator } from './MaskinportenSimulator';
export type { SimulatorStartOptions } from './MaskinportenSimulator';
export type { SimulatorOptions } from './options';
export {
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_DELEGATION_SOURCE,
  DEFAULT_ORG_NUMBER,
  MAX_KEY_PROPAGATION_DELAY_SECONDS,
} from './options';

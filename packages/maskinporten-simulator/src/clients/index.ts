export { ClientRegistry, checkLifetime } from './ClientRegistry';
export type { ResolvedKey, ClientRegistryOptions } from './ClientRegistry';
export {
  validateKeySet,
  validatePublicJwk,
  SUPPORTED_ALGORITHMS,
  MAX_KEYS_PER_CLIENT,
  KEY_LIFETIME_SECONDS,
  MIN_MODULUS_BITS,
} from './jwks';
export type { SimulatorPublicJwk, ValidatedJwk } from './jwks';
export { JWT_BEARER_GRANT_TYPE } from './types';
export type {
  SimulatorClientSeed,
  SimulatorClient,
  SimulatorKey,
  ClientInput,
} from './types';

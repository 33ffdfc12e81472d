export { ClientRegistry, checkLifetime } from './ClientRegistry';
export type { ResolvedKey, ClientRegistryOptions } from './ClientRegistry';
export { ClientKeySet } from './ClientKeySet';
export type { StoredKey } from './ClientKeySet';
export {
  validateKeySet,
  validatePublicJwk,
  isValidKid,
  isBase64Url,
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

import type { JWK } from 'jose';
import type { SimulatorPublicJwk } from './jwks';

/** The grant type Maskinporten clients use. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * A client to register when the simulator starts.
 *
 * @public
 */
export interface SimulatorClientSeed {
  clientId: string;
  scopes: string[];
  clientName?: string;
  description?: string;
  /** Organisations (9-digit numbers) that have delegated to this client, allowed as `consumer_org`. */
  consumerOrgs?: string[];
  /** Public JWKs registered at start (they expire 365 days after start). */
  keys?: JWK[];
  /** Lifetime of access tokens issued to this client; defaults to the simulator's. */
  accessTokenLifetimeSeconds?: number;
  /**
   * The client's enterprise certificate (PEM). A client without registered keys may then
   * sign grants with header `x5c` (this certificate first) instead of `kid`, the way
   * Digdir's self-service admin clients do.
   */
  certificate?: string;
}

/**
 * A key registered on a client.
 *
 * @public
 */
export interface SimulatorKey {
  jwk: SimulatorPublicJwk;
  /** When the registration expires, unix seconds (posted + 365 days). */
  exp: number;
  /** When the key was (last) posted, ISO 8601. */
  registered: string;
}

/**
 * A client as the simulator keeps it. Returned as a copy; changing it has no effect.
 *
 * @public
 */
export interface SimulatorClient {
  clientId: string;
  clientName: string;
  description: string;
  scopes: string[];
  consumerOrgs: string[];
  integrationType: 'maskinporten';
  applicationType: string;
  tokenEndpointAuthMethod: 'private_key_jwt';
  grantTypes: string[];
  accessTokenLifetime: number;
  active: boolean;
  /** ISO 8601 */
  created: string;
  /** ISO 8601 */
  lastUpdated: string;
  keys: SimulatorKey[];
  /** The enterprise certificate (PEM) accepted as `x5c`, if configured. */
  certificate?: string;
  /** When a key set was first posted, ISO 8601. */
  jwksCreated?: string;
  /** When the key set last changed, ISO 8601. */
  jwksLastUpdated?: string;
}

/** Fields a client is created or updated with (validated self-service input). */
export interface ClientInput {
  clientName: string;
  description: string;
  scopes: string[];
  applicationType: string;
  grantTypes: string[];
  accessTokenLifetime?: number;
}

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
  /** Public JWKs registered at start (they expire 365 days after start and work at once). */
  keys?: JWK[];
  /** Lifetime of access tokens issued to this client; defaults to the simulator's. */
  accessTokenLifetimeSeconds?: number;
}

/**
 * A key registered on a client.
 *
 * @public
 */
export interface SimulatorKey {
  jwk: SimulatorPublicJwk;
  /** When the registration expires, unix seconds (at most posted + 365 days). */
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
  /** As posted; Maskinporten clients have no use for them, but they survive a round trip. */
  authorizationLifetime: number;
  refreshTokenLifetime: number;
  clientUri?: string;
  ssoDisabled: boolean;
  active: boolean;
  /** ISO 8601 */
  created: string;
  /** ISO 8601 */
  lastUpdated: string;
  /** The key set as the self-service API shows it (the newest upload). */
  keys: SimulatorKey[];
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
  authorizationLifetime?: number;
  refreshTokenLifetime?: number;
  clientUri?: string;
  ssoDisabled?: boolean;
}

import { CustomErrorBase } from '@backstage/errors';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';

/**
 * The contract between Digdir's self-service API client and its users (key rotation,
 * renewal, the scaffolder provisioning route). Implemented in `DigdirSelfServiceClient`.
 */


/** A Maskinporten client as Digdir's self-service API describes it. */
export interface DigdirClientRecord {
  clientId: string;
  clientName: string;
  /** Stable description: how an earlier, interrupted creation is found again. */
  description: string;
  scopes: string[];
  active: boolean;
}

/** A key as Digdir's API returns it: the public JWK plus its expiry (unix seconds). */
export interface RegisteredJwk extends PublicJwk {
  exp?: number;
  /**
   * The enterprise certificate chain the key is locked to, when it was posted with one
   * (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin, "Bruk av asymmetrisk nøkkel").
   * Re-posting the key keeps it.
   */
  x5c?: string[];
}

/** A scope in Digdir's public scope catalogue (`GET /scopes/all`). */
export interface DigdirScope {
  name: string;
  description: string;
  /** Organisation number of the API provider that owns the scope. */
  ownerOrgno?: string;
  /** Anyone may use it without asking the owner for access. */
  accessibleForAll: boolean;
}

/** A scope the organisation has been granted (`GET /scopes/access/all`). */
export interface DigdirScopeAccess {
  scope: string;
  /** `APPROVED` when usable; Digdir lists other states (e.g. `DENIED`) too. */
  state: string;
}

export interface CreateDigdirClientInput {
  clientName: string;
  /** Must be stable for the integration, e.g. `backstage:<entity ref>:<environment>`. */
  description: string;
  scopes: string[];
}

export interface DigdirSelfService {
  /** Whether `maskinporten.environments.<environment>.selfService` is configured. */
  isConfigured(environment: string): boolean;
  /** The active Maskinporten client with this description; a deactivated one is never returned. */
  findClientByDescription(
    environment: string,
    description: string,
  ): Promise<DigdirClientRecord | undefined>;
  /** Returns the client with this description, creating it only when none exists. */
  ensureClient(
    environment: string,
    input: CreateDigdirClientInput,
  ): Promise<{ client: DigdirClientRecord; created: boolean }>;
  getClient(environment: string, clientId: string): Promise<DigdirClientRecord | undefined>;
  /** Every active Maskinporten client of the organisation. */
  listClients(environment: string): Promise<DigdirClientRecord[]>;
  /** The public scope catalogue, Maskinporten scopes only. */
  listScopes(environment: string): Promise<DigdirScope[]>;
  /** The scopes the organisation has been granted. */
  listScopeAccess(environment: string): Promise<DigdirScopeAccess[]>;
  /** The registered keys with their `exp`. Empty when none are registered. */
  getJwks(environment: string, clientId: string): Promise<RegisteredJwk[]>;
  /**
   * Replaces the whole key set and returns it as read back from Digdir (with `exp`).
   * Throws `TooManyKeysError` before sending anything when given more than five keys.
   * An empty set deletes all keys (`DELETE …/jwks`).
   */
  replaceJwks(
    environment: string,
    clientId: string,
    keys: PublicJwk[],
  ): Promise<RegisteredJwk[]>;
}

/**
 * Digdir could not be reached or kept failing (5xx, timeouts) after bounded retries.
 * Nothing is known to have changed; a later run can safely repeat the operation.
 */
export class DigdirUnavailableError extends CustomErrorBase {
  name = 'DigdirUnavailableError' as const;
  readonly statusCode = 503;
}

/** Digdir answered 4xx: the request itself is wrong (scope not granted, bad key, …). */
export class DigdirRejectedError extends CustomErrorBase {
  name = 'DigdirRejectedError' as const;
  readonly statusCode = 502;
}

export class TooManyKeysError extends CustomErrorBase {
  name = 'TooManyKeysError' as const;
  readonly statusCode = 409;
}

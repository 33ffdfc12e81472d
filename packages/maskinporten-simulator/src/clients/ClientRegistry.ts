import { randomUUID } from 'node:crypto';
import type { CertificateTrust } from '../certificates';
import type { SimulatorClock } from '../clock';
import { inputError, notFoundError } from '../errors';
import { isOrgNumber } from '../scopes/scopeNames';
import { ClientKeySet, StoredKey } from './ClientKeySet';
import { KEY_LIFETIME_SECONDS, validateKeySet, ValidatedJwk } from './jwks';
import {
  ClientInput,
  JWT_BEARER_GRANT_TYPE,
  SimulatorClient,
  SimulatorClientSeed,
} from './types';

interface StoredClient extends Omit<SimulatorClient, 'keys' | 'jwksCreated' | 'jwksLastUpdated'> {
  keySet: ClientKeySet;
}

/** The result of a key lookup used by the token endpoint. */
export type ResolvedKey = StoredKey;

export interface ClientRegistryOptions {
  clock: SimulatorClock;
  defaultAccessTokenLifetime: number;
  /** The simulated organisation, owner of every client (`client_orgno`). */
  orgNumber: string;
  /** Throws a 400 naming `scopes` when a client may not hold one of them. */
  checkScopes: (scopes: string[]) => void;
  /** Trusted CAs for keys posted with `x5c`. */
  certificateTrust: CertificateTrust;
  /** How long a posted key set takes to reach the token endpoint; default 0. */
  keyPropagationDelayMs?: number;
}

function copyClient(client: StoredClient): SimulatorClient {
  const { keySet, ...rest } = client;
  return {
    ...rest,
    scopes: [...client.scopes],
    consumerOrgs: [...client.consumerOrgs],
    grantTypes: [...client.grantTypes],
    keys: keySet.latest().map(({ jwk, exp, registered }) => ({
      jwk: { ...jwk, ...(jwk.x5c && { x5c: [...jwk.x5c] }) },
      exp,
      registered,
    })),
    ...(keySet.created && { jwksCreated: keySet.created }),
    ...(keySet.lastUpdated && { jwksLastUpdated: keySet.lastUpdated }),
  };
}

/**
 * In-memory registry of clients and their keys. Every mutation is checked
 * against Digdir's rules; violations throw 400/404 {@link SimulatorHttpError}s.
 */
export class ClientRegistry {
  readonly #clients = new Map<string, StoredClient>();
  readonly #options: ClientRegistryOptions;

  constructor(options: ClientRegistryOptions) {
    this.#options = options;
  }

  /** Every scope some client holds (the catalogue when none is configured). */
  heldScopes(): string[] {
    return [...this.#clients.values()].flatMap(c => c.scopes);
  }

  /** Registers a client with a chosen id (start-up seeds and tests). Its keys work at once. */
  addClient(seed: SimulatorClientSeed): SimulatorClient {
    if (typeof seed.clientId !== 'string' || seed.clientId === '') {
      throw inputError('clientId is required');
    }
    if (this.#clients.has(seed.clientId)) {
      throw inputError(`client ${seed.clientId} already exists`);
    }
    if (!Array.isArray(seed.scopes) || seed.scopes.some(s => typeof s !== 'string')) {
      throw inputError(`client ${seed.clientId}: scopes must be an array of strings`);
    }
    this.#options.checkScopes(seed.scopes);
    const consumerOrgs = seed.consumerOrgs ?? [];
    for (const org of consumerOrgs) {
      if (!isOrgNumber(org)) {
        throw inputError(
          `client ${seed.clientId}: consumerOrgs entry "${org}" is not a 9-digit organisation number`,
        );
      }
    }
    const lifetime = seed.accessTokenLifetimeSeconds ?? this.#options.defaultAccessTokenLifetime;
    checkLifetime(lifetime, 'accessTokenLifetimeSeconds');
    const validatedKeys = seed.keys?.length ? validateKeySet(seed.keys) : [];
    this.#checkKidsGloballyUnique(seed.clientId, validatedKeys);
    const client = this.#newClient(seed.clientId, {
      clientName: seed.clientName ?? seed.clientId,
      description: seed.description ?? `Simulated client ${seed.clientId}`,
      scopes: seed.scopes,
      applicationType: 'web',
      grantTypes: [JWT_BEARER_GRANT_TYPE],
      accessTokenLifetime: lifetime,
    });
    client.consumerOrgs = [...consumerOrgs];
    if (validatedKeys.length > 0) {
      // Seeds are configuration that has long propagated.
      client.keySet.replace(this.#toStoredKeys(validatedKeys), this.#options.clock.now(), 0);
    }
    return copyClient(client);
  }

  /** Creates a client with a generated id (`POST /clients`). */
  createClient(input: ClientInput): SimulatorClient {
    this.#options.checkScopes(input.scopes);
    return copyClient(this.#newClient(randomUUID(), input));
  }

  /** Replaces a client's settings (`PUT /clients/{id}`): fields not sent get their defaults. */
  updateClient(clientId: string, input: ClientInput): SimulatorClient {
    const client = this.#getWritable(clientId);
    this.#options.checkScopes(input.scopes);
    Object.assign(client, this.#settings(input), {
      lastUpdated: this.#options.clock.now().toISOString(),
    });
    return copyClient(client);
  }

  /** Deactivates a client (`DELETE /clients/{id}`); its grants then fail with MP-100. */
  deactivateClient(clientId: string): SimulatorClient {
    const client = this.#getStored(clientId);
    if (client.active) {
      client.active = false;
      client.lastUpdated = this.#options.clock.now().toISOString();
    }
    return copyClient(client);
  }

  getClient(clientId: string): SimulatorClient | undefined {
    const client = this.#clients.get(clientId);
    return client ? copyClient(client) : undefined;
  }

  listClients(): SimulatorClient[] {
    return [...this.#clients.values()].map(copyClient);
  }

  /** Replaces the whole key set (`POST`/`PUT /clients/{id}/jwks`). Validates before changing anything. */
  replaceKeys(clientId: string, keys: unknown): SimulatorClient {
    const client = this.#getWritable(clientId);
    const validated = validateKeySet(keys);
    this.#checkKidsGloballyUnique(clientId, validated);
    const stored = this.#toStoredKeys(validated);
    client.keySet.replace(stored, this.#options.clock.now(), this.#options.keyPropagationDelayMs ?? 0);
    return copyClient(client);
  }

  /** Removes every key (`DELETE /clients/{id}/jwks`). */
  deleteKeys(clientId: string): SimulatorClient {
    const client = this.#getWritable(clientId);
    client.keySet.replace([], this.#options.clock.now(), this.#options.keyPropagationDelayMs ?? 0);
    return copyClient(client);
  }

  /** The active client with this id, or undefined (unknown or deactivated). */
  findActiveClient(clientId: string): SimulatorClient | undefined {
    const client = this.#clients.get(clientId);
    return client?.active ? copyClient(client) : undefined;
  }

  /** The keys the token endpoint accepts for the client now (propagated uploads only). */
  effectiveKeys(clientId: string): StoredKey[] {
    const client = this.#clients.get(clientId);
    return client ? client.keySet.effective(this.#options.clock.now().getTime()) : [];
  }

  /** The key registered under `kid` that the token endpoint accepts now. */
  findKey(clientId: string, kid: string): ResolvedKey | undefined {
    return this.effectiveKeys(clientId).find(k => k.jwk.kid === kid);
  }

  #newClient(clientId: string, input: ClientInput): StoredClient {
    const now = this.#options.clock.now().toISOString();
    const client: StoredClient = {
      clientId,
      ...this.#settings(input),
      consumerOrgs: [],
      integrationType: 'maskinporten',
      tokenEndpointAuthMethod: 'private_key_jwt',
      active: true,
      created: now,
      lastUpdated: now,
      keySet: new ClientKeySet(),
    };
    this.#clients.set(clientId, client);
    return client;
  }

  #settings(input: ClientInput) {
    return {
      clientName: input.clientName,
      description: input.description,
      scopes: [...input.scopes],
      applicationType: input.applicationType,
      grantTypes: [...input.grantTypes],
      accessTokenLifetime: input.accessTokenLifetime ?? this.#options.defaultAccessTokenLifetime,
      authorizationLifetime: input.authorizationLifetime ?? 0,
      refreshTokenLifetime: input.refreshTokenLifetime ?? 0,
      clientUri: input.clientUri,
      ssoDisabled: input.ssoDisabled ?? false,
    };
  }

  /**
   * Gives each key its `exp`. A key lives at most a year from when it is posted ("maks ett
   * års levetid", https://docs.digdir.no/docs/Maskinporten/maskinporten_autentisering); a
   * posted `exp` within that year is kept, so a client that re-posts the keys it read (as
   * okdata-maskinporten-api does in `create_client_key`) does not renew them by accident.
   * A key posted with `x5c` must chain to a trusted CA and belong to the organisation.
   */
  #toStoredKeys(validated: ValidatedJwk[]): StoredKey[] {
    const now = this.#options.clock.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const maxExp = nowSeconds + KEY_LIFETIME_SECONDS;
    return validated.map(({ jwk, keyObject, requestedExp, certificates }, i) => {
      if (certificates) {
        const check = this.#options.certificateTrust.check(certificates, nowSeconds, this.#options.orgNumber);
        if (!check.ok) {
          throw inputError(`keys[${i}] (kid "${jwk.kid}"): x5c: ${check.message}`, `keys[${i}].x5c`);
        }
      }
      return {
        jwk,
        keyObject,
        certificates,
        exp: requestedExp === undefined ? maxExp : Math.min(requestedExp, maxExp),
        registered: now.toISOString(),
      };
    });
  }

  #checkKidsGloballyUnique(clientId: string, keys: ValidatedJwk[]): void {
    keys.forEach(({ jwk }, i) => {
      for (const other of this.#clients.values()) {
        if (other.clientId !== clientId && other.keySet.latest().some(k => k.jwk.kid === jwk.kid)) {
          throw inputError(
            `kid "${jwk.kid}" is already registered on another client; kids must be globally unique`,
            `keys[${i}].kid`,
          );
        }
      }
    });
  }

  #getStored(clientId: string): StoredClient {
    const client = this.#clients.get(clientId);
    if (!client) {
      throw notFoundError(`client ${clientId} not found`);
    }
    return client;
  }

  #getWritable(clientId: string): StoredClient {
    const client = this.#getStored(clientId);
    if (!client.active) {
      throw inputError(`client ${clientId} is deactivated and cannot be changed`);
    }
    return client;
  }
}

export function checkLifetime(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw inputError(`${field} must be a positive integer (seconds)`, field);
  }
}

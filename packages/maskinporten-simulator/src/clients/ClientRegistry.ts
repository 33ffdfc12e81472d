import { randomUUID, KeyObject, X509Certificate } from 'node:crypto';
import type { SimulatorClock } from '../clock';
import { inputError, notFoundError } from '../errors';
import {
  KEY_LIFETIME_SECONDS,
  validateKeySet,
  ValidatedJwk,
} from './jwks';
import {
  ClientInput,
  JWT_BEARER_GRANT_TYPE,
  SimulatorClient,
  SimulatorClientSeed,
  SimulatorKey,
} from './types';

const ORG_NUMBER_PATTERN = /^\d{9}$/;

interface StoredKey extends SimulatorKey {
  keyObject: KeyObject;
}

interface StoredClient extends Omit<SimulatorClient, 'keys'> {
  keys: StoredKey[];
}

/** The result of a key lookup used by the token endpoint. */
export interface ResolvedKey {
  key: SimulatorKey;
  keyObject: KeyObject;
}

export interface ClientRegistryOptions {
  clock: SimulatorClock;
  defaultAccessTokenLifetime: number;
  /** When set, clients may only hold scopes from this catalogue. */
  scopeCatalogue?: string[];
}

function copyClient(client: StoredClient): SimulatorClient {
  return {
    ...client,
    scopes: [...client.scopes],
    consumerOrgs: [...client.consumerOrgs],
    grantTypes: [...client.grantTypes],
    keys: client.keys.map(({ jwk, exp, registered }) => ({
      jwk: { ...jwk },
      exp,
      registered,
    })),
  };
}

/**
 * In-memory registry of clients and their keys. Every mutation is checked
 * against Digdir's rules; violations throw 400/404 {@link SimulatorHttpError}s.
 */
export class ClientRegistry {
  readonly #clients = new Map<string, StoredClient>();
  /** Parsed enterprise certificates by client id (kept apart so copies stay plain data). */
  readonly #certificates = new Map<string, X509Certificate>();
  readonly #clock: SimulatorClock;
  readonly #defaultLifetime: number;
  readonly #catalogue?: Set<string>;

  constructor(options: ClientRegistryOptions) {
    this.#clock = options.clock;
    this.#defaultLifetime = options.defaultAccessTokenLifetime;
    this.#catalogue = options.scopeCatalogue
      ? new Set(options.scopeCatalogue)
      : undefined;
  }

  /** The configured scope catalogue, or every scope held by a client when none is configured. */
  scopeCatalogue(): string[] {
    if (this.#catalogue) {
      return [...this.#catalogue];
    }
    const all = new Set<string>();
    for (const client of this.#clients.values()) {
      client.scopes.forEach(s => all.add(s));
    }
    return [...all].sort();
  }

  /** Registers a client with a chosen id (start-up seeds and tests). */
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
    this.#checkScopes(seed.scopes);
    const consumerOrgs = seed.consumerOrgs ?? [];
    for (const org of consumerOrgs) {
      if (!ORG_NUMBER_PATTERN.test(org)) {
        throw inputError(
          `client ${seed.clientId}: consumerOrgs entry "${org}" is not a 9-digit organisation number`,
        );
      }
    }
    const lifetime = seed.accessTokenLifetimeSeconds ?? this.#defaultLifetime;
    checkLifetime(lifetime, 'accessTokenLifetimeSeconds');
    const validatedKeys = seed.keys?.length ? validateKeySet(seed.keys) : [];
    this.#checkKidsGloballyUnique(seed.clientId, validatedKeys);
    let certificate: X509Certificate | undefined;
    if (seed.certificate !== undefined) {
      try {
        certificate = new X509Certificate(seed.certificate);
      } catch {
        throw inputError(`client ${seed.clientId}: certificate is not a PEM X.509 certificate`);
      }
      if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
        throw inputError(
          `client ${seed.clientId}: certificate must hold an RSA key (grants are RS256/384/512)`,
        );
      }
    }

    const now = this.#clock.now().toISOString();
    const client: StoredClient = {
      clientId: seed.clientId,
      clientName: seed.clientName ?? seed.clientId,
      description: seed.description ?? `Simulated client ${seed.clientId}`,
      scopes: [...seed.scopes],
      consumerOrgs: [...consumerOrgs],
      integrationType: 'maskinporten',
      applicationType: 'web',
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: [JWT_BEARER_GRANT_TYPE],
      accessTokenLifetime: lifetime,
      active: true,
      created: now,
      lastUpdated: now,
      keys: [],
      ...(certificate && { certificate: certificate.toString() }),
    };
    this.#clients.set(client.clientId, client);
    if (certificate) {
      this.#certificates.set(client.clientId, certificate);
    }
    if (validatedKeys.length > 0) {
      this.#storeKeys(client, validatedKeys);
    }
    return copyClient(client);
  }

  /** Creates a client with a generated id (`POST /clients`). */
  createClient(input: ClientInput): SimulatorClient {
    this.#checkScopes(input.scopes);
    const lifetime = input.accessTokenLifetime ?? this.#defaultLifetime;
    const now = this.#clock.now().toISOString();
    const client: StoredClient = {
      clientId: randomUUID(),
      clientName: input.clientName,
      description: input.description,
      scopes: [...input.scopes],
      consumerOrgs: [],
      integrationType: 'maskinporten',
      applicationType: input.applicationType,
      tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: [...input.grantTypes],
      accessTokenLifetime: lifetime,
      active: true,
      created: now,
      lastUpdated: now,
      keys: [],
    };
    this.#clients.set(client.clientId, client);
    return copyClient(client);
  }

  /** Replaces a client's settings (`PUT /clients/{id}`). */
  updateClient(clientId: string, input: ClientInput): SimulatorClient {
    const client = this.#getWritable(clientId);
    this.#checkScopes(input.scopes);
    client.clientName = input.clientName;
    client.description = input.description;
    client.scopes = [...input.scopes];
    client.applicationType = input.applicationType;
    client.grantTypes = [...input.grantTypes];
    client.accessTokenLifetime = input.accessTokenLifetime ?? this.#defaultLifetime;
    client.lastUpdated = this.#clock.now().toISOString();
    return copyClient(client);
  }

  /** Deactivates a client (`DELETE /clients/{id}`); its grants then fail with MP-100. */
  deactivateClient(clientId: string): SimulatorClient {
    const client = this.#getStored(clientId);
    if (client.active) {
      client.active = false;
      client.lastUpdated = this.#clock.now().toISOString();
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

  /** Replaces the whole key set (`POST /clients/{id}/jwks`). Validates before changing anything. */
  replaceKeys(clientId: string, keys: unknown): SimulatorClient {
    const client = this.#getWritable(clientId);
    const validated = validateKeySet(keys);
    this.#checkKidsGloballyUnique(clientId, validated);
    this.#storeKeys(client, validated);
    return copyClient(client);
  }

  /** Removes every key (`DELETE /clients/{id}/jwks`). */
  deleteKeys(clientId: string): SimulatorClient {
    const client = this.#getWritable(clientId);
    client.keys = [];
    client.jwksLastUpdated = this.#clock.now().toISOString();
    return copyClient(client);
  }

  /** The active client with this id, or undefined (unknown or deactivated). */
  findActiveClient(clientId: string): SimulatorClient | undefined {
    const client = this.#clients.get(clientId);
    return client?.active ? copyClient(client) : undefined;
  }

  /** The enterprise certificate configured for the client, if any. */
  findCertificate(clientId: string): X509Certificate | undefined {
    return this.#certificates.get(clientId);
  }

  /** The key registered under `kid` on the client, with its verification key. */
  findKey(clientId: string, kid: string): ResolvedKey | undefined {
    const stored = this.#clients
      .get(clientId)
      ?.keys.find(k => k.jwk.kid === kid);
    if (!stored) {
      return undefined;
    }
    const { keyObject, ...key } = stored;
    return { key: { ...key, jwk: { ...key.jwk } }, keyObject };
  }

  #storeKeys(client: StoredClient, validated: ValidatedJwk[]): void {
    const now = this.#clock.now();
    const nowIso = now.toISOString();
    const exp = Math.floor(now.getTime() / 1000) + KEY_LIFETIME_SECONDS;
    client.keys = validated.map(({ jwk, keyObject }) => ({
      jwk,
      keyObject,
      exp,
      registered: nowIso,
    }));
    client.jwksCreated ??= nowIso;
    client.jwksLastUpdated = nowIso;
  }

  #checkScopes(scopes: string[]): void {
    if (!this.#catalogue) {
      return;
    }
    const unknown = scopes.filter(s => !this.#catalogue!.has(s));
    if (unknown.length > 0) {
      throw inputError(
        `scopes: ${unknown.map(s => `"${s}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the scope catalogue`,
      );
    }
  }

  #checkKidsGloballyUnique(clientId: string, keys: ValidatedJwk[]): void {
    for (const { jwk } of keys) {
      for (const other of this.#clients.values()) {
        if (other.clientId !== clientId && other.keys.some(k => k.jwk.kid === jwk.kid)) {
          throw inputError(
            `kid "${jwk.kid}" is already registered on another client; kids must be globally unique`,
          );
        }
      }
    }
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
    throw inputError(`${field} must be a positive integer (seconds)`);
  }
}

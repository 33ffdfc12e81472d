import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { MAX_KEYS_PER_CLIENT, PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenEnvironment,
  MAX_GRANT_LIFETIME_SECONDS,
  readMaskinportenConfig,
} from '../config/readMaskinportenConfig';
import { JWT_BEARER_GRANT_TYPE } from '../tokenTests/tokenClient';
import { AdminTokens } from './adminTokens';
import { EnvironmentState, SelfServiceHttp, TransientFailure } from './selfServiceHttp';
import {
  hasKeysArray,
  isAdoptable,
  isClientBody,
  publicMembers,
  toClientRecord,
  toRegisteredJwk,
} from './selfServiceResponses';
import {
  CreateDigdirClientInput,
  DigdirClientRecord,
  DigdirScope,
  DigdirScopeAccess,
  DigdirSelfService,
  RegisteredJwk,
  TooManyKeysError,
} from './types';

export interface DigdirSelfServiceClientOptions {
  /** The configured environments; those without `selfService` are simply not automated. */
  environments: Iterable<MaskinportenEnvironment>;
  /** Lifetime of the admin client's grants (`exp - iat`). Default 120. */
  grantLifetimeSeconds?: number;
  logger?: LoggerService;
  /** "Now" for grants and the token cache; tests share the simulator's clock. */
  clock?: { now(): Date };
  fetchImpl?: typeof fetch;
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const jwksPath = (clientId: string) => `/clients/${encodeURIComponent(clientId)}/jwks`;

/**
 * Digdir's self-service API over HTTP, one configured host per Maskinporten environment.
 *
 * - Every call is bounded by `timeoutMs`, body included.
 * - Network errors, timeouts, 429 and 5xx are retried up to `retries` times with exponential
 *   backoff and jitter; then `DigdirUnavailableError` (503). Any other 4xx is a
 *   `DigdirRejectedError` (502) carrying what Digdir said: the `errors[]` messages with their
 *   fields and the correlation id (selfServiceResponses.ts, `describeError`).
 * - With an admin client, access tokens come from the same environment's token endpoint and
 *   are cached until shortly before `expires_in`; a 401 drops the cached token and the call
 *   is repeated once with a new one (adminTokens.ts).
 * - Tokens, private keys and request bodies never appear in messages or logs.
 */
export class DigdirSelfServiceClient implements DigdirSelfService {
  readonly #states = new Map<string, EnvironmentState>();
  readonly #http: SelfServiceHttp;

  /** Builds the client from `maskinporten.*` config (validated; errors name the key). */
  static fromConfig(
    config: Config,
    options: Omit<DigdirSelfServiceClientOptions, 'environments' | 'grantLifetimeSeconds'> = {},
  ): DigdirSelfServiceClient {
    const maskinporten = readMaskinportenConfig(config);
    return new DigdirSelfServiceClient({
      ...options,
      environments: maskinporten.environments.values(),
      grantLifetimeSeconds: maskinporten.grantLifetimeSeconds,
    });
  }

  constructor(options: DigdirSelfServiceClientOptions) {
    for (const environment of options.environments) {
      if (environment.selfService) {
        this.#states.set(environment.name, {
          environment,
          config: environment.selfService,
          host: new URL(environment.selfService.baseUrl).host,
        });
      }
    }
    const fetchImpl = options.fetchImpl ?? fetch;
    this.#http = new SelfServiceHttp({
      fetchImpl,
      logger: options.logger,
      tokens: new AdminTokens({
        grantLifetimeSeconds: options.grantLifetimeSeconds ?? MAX_GRANT_LIFETIME_SECONDS,
        clock: options.clock ?? { now: () => new Date() },
        fetchImpl,
      }),
    });
  }

  isConfigured(environment: string): boolean {
    return this.#states.has(environment);
  }

  /**
   * The active Maskinporten client with this description. Digdir leaves deactivated clients
   * out of `GET /clients` unless `inactive=true` is asked ("Deaktiverte entiteter vil ikke
   * komme opp i GET utlistinger som default", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten);
   * a listed client marked `active: false` is skipped as well, so a deleted client is never
   * adopted again.
   */
  async findClientByDescription(
    environment: string,
    description: string,
  ): Promise<DigdirClientRecord | undefined> {
    const state = this.#state(environment);
    const { body } = await this.#http.retrying(state, 'GET /clients', () =>
      this.#http.exchange(state, 'GET', '/clients'),
    );
    if (!Array.isArray(body)) {
      throw this.#http.unexpected(state, 'GET /clients', 'a JSON array of clients');
    }
    const match = body.find(c => isClientBody(c) && isAdoptable(c, description));
    return match ? toClientRecord(match) : undefined;
  }

  async ensureClient(
    environment: string,
    input: CreateDigdirClientInput,
  ): Promise<{ client: DigdirClientRecord; created: boolean }> {
    const state = this.#state(environment);
    checkCreateInput(input);
    const existing = await this.findClientByDescription(environment, input.description);
    if (existing) {
      return { client: existing, created: false };
    }
    const body = {
      integration_type: 'maskinporten',
      application_type: 'web',
      client_name: input.clientName,
      description: input.description,
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: [JWT_BEARER_GRANT_TYPE],
      scopes: input.scopes,
    };
    return this.#http.retrying(state, 'POST /clients', async attempt => {
      if (attempt > 0) {
        // The earlier POST may have created the client and only its answer was lost:
        // posting again blindly would make a twin.
        const created = await this.findClientByDescription(environment, input.description);
        if (created) {
          return { client: created, created: true };
        }
      }
      const response = await this.#http.exchange(state, 'POST', '/clients', body);
      if (!isClientBody(response.body)) {
        throw new TransientFailure('POST /clients answered without a client_id');
      }
      return { client: toClientRecord(response.body), created: true };
    });
  }

  /**
   * Every active Maskinporten client of the organisation. Digdir lists deactivated clients
   * only with `inactive=true`, which we never ask for; a listed client marked inactive, or of
   * another integration type, is left out too.
   */
  async listClients(environment: string): Promise<DigdirClientRecord[]> {
    const state = this.#state(environment);
    const { body } = await this.#http.retrying(state, 'GET /clients', () =>
      this.#http.exchange(state, 'GET', '/clients'),
    );
    if (!Array.isArray(body)) {
      throw this.#http.unexpected(state, 'GET /clients', 'a JSON array of clients');
    }
    return body
      .filter(isClientBody)
      .filter(c => c.active !== false && (c.integration_type === undefined || c.integration_type === 'maskinporten'))
      .map(toClientRecord);
  }

  /**
   * The public scope catalogue: `GET /scopes/all?integration_type=maskinporten&inactive=false`
   * (an open endpoint, "Åpent endepunkt", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten).
   */
  async listScopes(environment: string): Promise<DigdirScope[]> {
    const state = this.#state(environment);
    const { body } = await this.#http.retrying(state, 'GET /scopes/all', () =>
      this.#http.exchange(state, 'GET', '/scopes/all?integration_type=maskinporten&inactive=false'),
    );
    if (!Array.isArray(body)) {
      throw this.#http.unexpected(state, 'GET /scopes/all', 'a JSON array of scopes');
    }
    return body
      .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && typeof s.name === 'string')
      .map(s => ({
        name: s.name as string,
        description: typeof s.description === 'string' ? s.description : '',
        ...(typeof s.owner_orgno === 'string' && { ownerOrgno: s.owner_orgno }),
        accessibleForAll: s.accessible_for_all === true,
      }));
  }

  /** The organisation's scope grants: `GET /scopes/access/all?integration_type=maskinporten`. */
  async listScopeAccess(environment: string): Promise<DigdirScopeAccess[]> {
    const state = this.#state(environment);
    const { body } = await this.#http.retrying(state, 'GET /scopes/access/all', () =>
      this.#http.exchange(state, 'GET', '/scopes/access/all?integration_type=maskinporten'),
    );
    if (!Array.isArray(body)) {
      throw this.#http.unexpected(state, 'GET /scopes/access/all', 'a JSON array of scope grants');
    }
    return body
      .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && typeof a.scope === 'string')
      .map(a => ({ scope: a.scope as string, state: typeof a.state === 'string' ? a.state : 'APPROVED' }));
  }

  async getClient(
    environment: string,
    clientId: string,
  ): Promise<DigdirClientRecord | undefined> {
    const state = this.#state(environment);
    const path = `/clients/${encodeURIComponent(clientId)}`;
    const response = await this.#http.retrying(state, 'GET /clients/{id}', () =>
      this.#http.exchange(state, 'GET', path, undefined, { notFoundIsAnswer: true }),
    );
    if (response.status === 404) {
      return undefined;
    }
    if (!isClientBody(response.body)) {
      throw this.#http.unexpected(state, 'GET /clients/{id}', 'a client with client_id');
    }
    return toClientRecord(response.body);
  }

  async getJwks(environment: string, clientId: string): Promise<RegisteredJwk[]> {
    const state = this.#state(environment);
    const { body } = await this.#http.retrying(state, 'GET /clients/{id}/jwks', () =>
      this.#http.exchange(state, 'GET', jwksPath(clientId)),
    );
    return this.#readJwks(state, 'GET /clients/{id}/jwks', body);
  }

  /**
   * Replaces the whole key set. Keys go with their public members and, for a key locked to
   * an enterprise certificate, its `x5c`; never with `exp`, so that Digdir starts each key's
   * year again (a posted `exp` would be kept).
   */
  async replaceJwks(
    environment: string,
    clientId: string,
    keys: PublicJwk[],
  ): Promise<RegisteredJwk[]> {
    if (keys.length > MAX_KEYS_PER_CLIENT) {
      throw new TooManyKeysError(
        `Cannot register ${keys.length} keys on client ${clientId}: Maskinporten holds at most ${MAX_KEYS_PER_CLIENT} keys per client, and a posted set replaces the whole set. Nothing was sent.`,
      );
    }
    keys.forEach((key, i) => {
      const found = PRIVATE_JWK_MEMBERS.filter(m => m in (key as object));
      if (found.length > 0) {
        throw new InputError(
          `keys[${i}] (kid "${key.kid}") has private member(s) ${found.join(', ')}; only public keys are registered with Digdir. Nothing was sent.`,
        );
      }
    });
    const state = this.#state(environment);

    if (keys.length === 0) {
      const { body } = await this.#http.retrying(state, 'DELETE /clients/{id}/jwks', () =>
        this.#http.exchange(state, 'DELETE', jwksPath(clientId)),
      );
      return hasKeysArray(body) ? this.#readJwks(state, 'DELETE /clients/{id}/jwks', body) : [];
    }

    // Posting the same set again is harmless (it only renews exp), so plain retries are safe.
    const payload = { keys: keys.map(publicMembers) };
    const { body } = await this.#http.retrying(state, 'POST /clients/{id}/jwks', () =>
      this.#http.exchange(state, 'POST', jwksPath(clientId), payload),
    );
    if (hasKeysArray(body)) {
      const registered = this.#readJwks(state, 'POST /clients/{id}/jwks', body);
      if (registered.length > 0 && registered.every(k => typeof k.exp === 'number')) {
        return registered;
      }
    }
    // The answer did not say when the keys expire: read the set back.
    return this.getJwks(environment, clientId);
  }

  #state(environment: string): EnvironmentState {
    const state = this.#states.get(environment);
    if (!state) {
      throw new InputError(
        `Digdir's self-service API is not configured for environment "${environment}" (maskinporten.environments.${environment}.selfService)`,
      );
    }
    return state;
  }

  #readJwks(state: EnvironmentState, operation: string, body: unknown): RegisteredJwk[] {
    if (!hasKeysArray(body)) {
      throw this.#http.unexpected(state, operation, 'a JSON object with a keys array');
    }
    return body.keys.map(toRegisteredJwk);
  }
}

function checkCreateInput(input: CreateDigdirClientInput) {
  if (typeof input.clientName !== 'string' || input.clientName.trim() === '') {
    throw new InputError('clientName is required to create a Digdir client');
  }
  if (typeof input.description !== 'string' || input.description.trim() === '') {
    throw new InputError(
      'description is required to create a Digdir client (it is how an interrupted creation is found again)',
    );
  }
  if (
    !Array.isArray(input.scopes) ||
    input.scopes.length === 0 ||
    input.scopes.some(s => typeof s !== 'string' || s === '' || /\s/.test(s))
  ) {
    throw new InputError('scopes must be a non-empty list of scopes to create a Digdir client');
  }
}


import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenEnvironment,
  MAX_GRANT_LIFETIME_SECONDS,
  readMaskinportenConfig,
} from '../config/readMaskinportenConfig';
import { signGrant } from '../maskinporten/grant';
import { JWT_BEARER_GRANT_TYPE, requestToken } from '../maskinporten/tokenClient';
import { SelfServiceConfig } from './readSelfServiceConfig';
import {
  CreateDigdirClientInput,
  DigdirClientRecord,
  DigdirRejectedError,
  DigdirSelfService,
  DigdirUnavailableError,
  MAX_REGISTERED_KEYS,
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

/** Never cache an admin token closer to its expiry than this (or a quarter of its life). */
const TOKEN_EXPIRY_MARGIN_SECONDS = 30;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const jwksPath = (clientId: string) => `/clients/${encodeURIComponent(clientId)}/jwks`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A failure worth another attempt: network error, timeout, 429, 5xx or an unreadable 2xx.
 * Only its message (host, status, error code) ever reaches logs or the final error.
 */
class TransientFailure extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

interface Exchange {
  status: number;
  body: unknown;
}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is not used any more. */
  renewAt: number;
}

/** Per-environment state: its config and the admin client's cached access token. */
interface EnvironmentState {
  environment: MaskinportenEnvironment;
  config: SelfServiceConfig;
  host: string;
  token?: CachedToken;
  tokenInFlight?: Promise<string>;
}

/**
 * Digdir's self-service API over HTTP, one configured host per Maskinporten environment.
 *
 * - Every call is bounded by `timeoutMs`, body included.
 * - Network errors, timeouts, 429 and 5xx are retried up to `retries` times with exponential
 *   backoff and jitter; then `DigdirUnavailableError` (503). Any other 4xx is a
 *   `DigdirRejectedError` (502) carrying Digdir's `error` and `error_description`.
 * - With an admin client, access tokens come from the same environment's token endpoint and
 *   are cached until shortly before `expires_in`; a 401 drops the cached token and the call
 *   is repeated once with a new one.
 * - Tokens, private keys and request bodies never appear in messages or logs.
 */
export class DigdirSelfServiceClient implements DigdirSelfService {
  readonly #states = new Map<string, EnvironmentState>();
  readonly #grantLifetimeSeconds: number;
  readonly #logger?: LoggerService;
  readonly #clock: { now(): Date };
  readonly #fetch: typeof fetch;

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
    this.#grantLifetimeSeconds = options.grantLifetimeSeconds ?? MAX_GRANT_LIFETIME_SECONDS;
    this.#logger = options.logger;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#fetch = options.fetchImpl ?? fetch;
  }

  isConfigured(environment: string): boolean {
    return this.#states.has(environment);
  }

  async findClientByDescription(
    environment: string,
    description: string,
  ): Promise<DigdirClientRecord | undefined> {
    const state = this.#state(environment);
    const { body } = await this.#retrying(state, 'GET /clients', () =>
      this.#exchange(state, 'GET', '/clients'),
    );
    if (!Array.isArray(body)) {
      throw this.#unexpected(state, 'GET /clients', 'a JSON array of clients');
    }
    const matches = body
      .filter(c => isClientBody(c) && c.description === description)
      .map(c => toClientRecord(c));
    // A deactivated client keeps its description; a live one with the same description wins.
    return matches.find(c => c.active) ?? matches[0];
  }

  async ensureClient(
    environment: string,
    input: CreateDigdirClientInput,
  ): Promise<{ client: DigdirClientRecord; created: boolean }> {
    const state = this.#state(environment);
    checkCreateInput(input);
    const existing = await this.findClientByDescription(environment, input.description);
    if (existing?.active) {
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
    return this.#retrying(state, 'POST /clients', async attempt => {
      if (attempt > 0) {
        // The earlier POST may have created the client and only its answer was lost:
        // posting again blindly would make a twin.
        const created = await this.findClientByDescription(environment, input.description);
        if (created?.active) {
          return { client: created, created: true };
        }
      }
      const response = await this.#exchange(state, 'POST', '/clients', body);
      if (!isClientBody(response.body)) {
        throw new TransientFailure('POST /clients answered without a client_id');
      }
      return { client: toClientRecord(response.body), created: true };
    });
  }

  async getClient(
    environment: string,
    clientId: string,
  ): Promise<DigdirClientRecord | undefined> {
    const state = this.#state(environment);
    const path = `/clients/${encodeURIComponent(clientId)}`;
    const response = await this.#retrying(state, 'GET /clients/{id}', () =>
      this.#exchange(state, 'GET', path, undefined, { notFoundIsAnswer: true }),
    );
    if (response.status === 404) {
      return undefined;
    }
    if (!isClientBody(response.body)) {
      throw this.#unexpected(state, 'GET /clients/{id}', 'a client with client_id');
    }
    return toClientRecord(response.body);
  }

  async getJwks(environment: string, clientId: string): Promise<RegisteredJwk[]> {
    const state = this.#state(environment);
    const { body } = await this.#retrying(state, 'GET /clients/{id}/jwks', () =>
      this.#exchange(state, 'GET', jwksPath(clientId)),
    );
    return this.#readJwks(state, 'GET /clients/{id}/jwks', body);
  }

  async replaceJwks(
    environment: string,
    clientId: string,
    keys: PublicJwk[],
  ): Promise<RegisteredJwk[]> {
    if (keys.length > MAX_REGISTERED_KEYS) {
      throw new TooManyKeysError(
        `Cannot register ${keys.length} keys on client ${clientId}: Maskinporten holds at most ${MAX_REGISTERED_KEYS} keys per client, and a posted set replaces the whole set. Nothing was sent.`,
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
      const { body } = await this.#retrying(state, 'DELETE /clients/{id}/jwks', () =>
        this.#exchange(state, 'DELETE', jwksPath(clientId)),
      );
      return hasKeysArray(body) ? this.#readJwks(state, 'DELETE /clients/{id}/jwks', body) : [];
    }

    // Posting the same set again is harmless (it only renews exp), so plain retries are safe.
    const payload = { keys: keys.map(publicMembers) };
    const { body } = await this.#retrying(state, 'POST /clients/{id}/jwks', () =>
      this.#exchange(state, 'POST', jwksPath(clientId), payload),
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
      throw this.#unexpected(state, operation, 'a JSON object with a keys array');
    }
    return body.keys.map(key => {
      const jwk: RegisteredJwk = publicMembers(key as PublicJwk);
      const exp = (key as { exp?: unknown }).exp;
      if (typeof exp === 'number') {
        jwk.exp = exp;
      }
      return jwk;
    });
  }

  #unexpected(state: EnvironmentState, operation: string, expected: string) {
    return new DigdirUnavailableError(
      `Digdir's self-service API at ${state.host} answered ${operation} with something other than ${expected}`,
    );
  }

  /** Runs `attempt` until it succeeds, fails for good, or `retries` extra attempts are spent. */
  async #retrying<T>(
    state: EnvironmentState,
    operation: string,
    attempt: (index: number) => Promise<T>,
  ): Promise<T> {
    const attempts = state.config.retries + 1;
    let last: TransientFailure | undefined;
    for (let index = 0; index < attempts; index++) {
      if (last) {
        const delay = this.#backoff(state, index, last.retryAfterMs);
        this.#logger?.warn(
          `Digdir self-service ${operation} at ${state.host} failed (attempt ${index} of ${attempts}): ${last.message}; retrying in ${delay} ms`,
        );
        await sleep(delay);
      }
      try {
        return await attempt(index);
      } catch (error) {
        if (!(error instanceof TransientFailure)) {
          throw error;
        }
        last = error;
      }
    }
    throw new DigdirUnavailableError(
      `Digdir's self-service API at ${state.host} did not answer after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last!.message}`,
    );
  }

  /** Exponential backoff with jitter; a server's Retry-After counts, up to one call's timeout. */
  #backoff(state: EnvironmentState, retry: number, retryAfterMs?: number): number {
    const base = state.config.backoffMs * 2 ** (retry - 1);
    const jittered = Math.round(base / 2 + Math.random() * (base / 2));
    return retryAfterMs === undefined
      ? jittered
      : Math.max(jittered, Math.min(retryAfterMs, state.config.timeoutMs));
  }

  /** One call, plus one repeat with a fresh token after a 401 when an admin client is used. */
  async #exchange(
    state: EnvironmentState,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    options: { notFoundIsAnswer?: boolean } = {},
  ): Promise<Exchange> {
    const operation = `${method} ${path}`;
    let response = await this.#send(state, method, path, body, await this.#bearer(state));
    if (response.status === 401 && state.config.auth.kind === 'adminClient') {
      state.token = undefined;
      response = await this.#send(state, method, path, body, await this.#bearer(state));
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      return response;
    }
    if (status === 404 && options.notFoundIsAnswer) {
      return response;
    }
    if (status === 429 || status >= 500) {
      throw new TransientFailure(
        `${operation} answered HTTP ${status}${describeError(response.body)}`,
        response.retryAfterMs,
      );
    }
    if (status === 401 || status === 403) {
      const credentials =
        state.config.auth.kind === 'adminToken'
          ? `the admin token (maskinporten.environments.${state.environment.name}.selfService.auth.adminToken)`
          : `admin client ${state.config.auth.clientId}'s access token`;
      throw new DigdirRejectedError(
        `Digdir's self-service API at ${state.host} refused ${credentials} for ${operation}: HTTP ${status}${describeError(response.body)}`,
      );
    }
    throw new DigdirRejectedError(
      `Digdir's self-service API at ${state.host} rejected ${operation}: HTTP ${status}${describeError(response.body)}`,
    );
  }

  async #send(
    state: EnvironmentState,
    method: string,
    path: string,
    body: unknown,
    bearer: string,
  ): Promise<Exchange & { retryAfterMs?: number }> {
    const { timeoutMs } = state.config;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${state.config.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        signal,
      });
      // The body shares the deadline: a server that sends headers and then stalls times out too.
      text = await response.text();
    } catch (error) {
      if (signal.aborted) {
        throw new TransientFailure(`${method} ${path} gave no answer within ${timeoutMs} ms`);
      }
      throw new TransientFailure(`${method} ${path} could not connect (${networkCause(error)})`);
    }
    let parsed: unknown;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (response.ok) {
          throw new TransientFailure(`${method} ${path} answered HTTP ${response.status} without JSON`);
        }
      }
    }
    return {
      status: response.status,
      body: parsed,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  }

  /** The bearer token for the environment: the static admin token, or a cached access token. */
  async #bearer(state: EnvironmentState): Promise<string> {
    const { auth } = state.config;
    if (auth.kind === 'adminToken') {
      return auth.adminToken;
    }
    const now = this.#clock.now().getTime();
    if (state.token && now < state.token.renewAt) {
      return state.token.accessToken;
    }
    // Concurrent calls share one token request.
    if (!state.tokenInFlight) {
      state.tokenInFlight = this.#fetchToken(state).finally(() => {
        state.tokenInFlight = undefined;
      });
    }
    return state.tokenInFlight;
  }

  async #fetchToken(state: EnvironmentState): Promise<string> {
    const { auth, timeoutMs } = state.config;
    if (auth.kind !== 'adminClient') {
      throw new Error('unreachable: no admin client configured');
    }
    const { environment } = state;
    const tokenHost = new URL(environment.tokenEndpoint).host;
    const issuedAt = this.#clock.now();
    const assertion = await signGrant({
      issuer: environment.issuer,
      clientId: auth.clientId,
      scopes: auth.scopes,
      ...(auth.certificateChain ? { x5c: auth.certificateChain } : { kid: auth.keyId }),
      privateKey: auth.privateKey,
      now: issuedAt,
      lifetimeSeconds: this.#grantLifetimeSeconds,
    });
    let accessToken: string | undefined;
    const result = await requestToken({
      tokenEndpoint: environment.tokenEndpoint,
      assertion,
      timeoutMs,
      fetchImpl: this.#fetch,
      onAccessToken: token => {
        accessToken = token;
      },
    });
    switch (result.kind) {
      case 'success': {
        const expiresIn = result.expiresIn ?? MAX_GRANT_LIFETIME_SECONDS;
        const margin = Math.min(TOKEN_EXPIRY_MARGIN_SECONDS, expiresIn / 4);
        state.token = {
          accessToken: accessToken!,
          renewAt: issuedAt.getTime() + (expiresIn - margin) * 1000,
        };
        return accessToken!;
      }
      case 'rejected':
        if (result.status === 429) {
          throw new TransientFailure(`the token endpoint at ${tokenHost} answered HTTP 429 (${result.error})`);
        }
        throw new DigdirRejectedError(
          `Maskinporten at ${tokenHost} refused the self-service admin client ${auth.clientId} (maskinporten.environments.${environment.name}.selfService.auth): ${result.error}${result.errorDescription ? `: ${result.errorDescription}` : ''}`,
        );
      case 'timeout':
        throw new TransientFailure(
          `the token endpoint at ${tokenHost} gave no answer within ${result.timeoutMs} ms`,
        );
      case 'unreachable':
        throw new TransientFailure(
          `the token endpoint at ${tokenHost} could not be reached (${result.detail})`,
        );
      default:
        throw new TransientFailure(`the token endpoint at ${tokenHost}: ${result.detail}`);
    }
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
    input.scopes.some(s => typeof s !== 'string' || !/^\S+$/.test(s))
  ) {
    throw new InputError('scopes must be a non-empty list of scopes to create a Digdir client');
  }
}

function isClientBody(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { client_id?: unknown }).client_id === 'string'
  );
}

function hasKeysArray(body: unknown): body is { keys: unknown[] } {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as { keys?: unknown }).keys)
  );
}

function toClientRecord(raw: Record<string, unknown>): DigdirClientRecord {
  return {
    clientId: String(raw.client_id),
    clientName: typeof raw.client_name === 'string' ? raw.client_name : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    scopes: Array.isArray(raw.scopes) ? raw.scopes.filter(s => typeof s === 'string') : [],
    // Digdir lists deactivated clients too; only an explicit false means deactivated.
    active: raw.active !== false,
  };
}

function publicMembers(key: PublicJwk): PublicJwk {
  return { kty: key.kty, alg: key.alg, use: key.use, kid: key.kid, e: key.e, n: key.n };
}

/** Digdir's `error` and `error_description`, when the body carries them. */
function describeError(body: unknown): string {
  if (typeof body !== 'object' || body === null) {
    return '';
  }
  const { error, error_description: description } = body as Record<string, unknown>;
  const parts = [error, description].filter(p => typeof p === 'string' && p !== '');
  return parts.length > 0 ? ` (${parts.join(': ')})` : '';
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'network error';
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MaskinportenEnvironment } from '../config/readMaskinportenConfig';
import type { AdminTokens } from './adminTokens';
import type { SelfServiceConfig } from './readSelfServiceConfig';
import { describeError } from './selfServiceResponses';
import { DigdirRejectedError, DigdirUnavailableError } from './types';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A failure worth another attempt: network error, timeout, 429, 5xx or an unreadable 2xx.
 * Only its message (host, status, error code) ever reaches logs or the final error.
 */
export class TransientFailure extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

export interface Exchange {
  status: number;
  body: unknown;
}

/** Per-environment state: its config and the admin client's cached access token. */
export interface EnvironmentState {
  environment: MaskinportenEnvironment;
  config: SelfServiceConfig;
  host: string;
  token?: { accessToken: string; renewAt: number };
  tokenInFlight?: Promise<string>;
}

/**
 * HTTP to one configured self-service host: bounded calls, bounded retries with backoff,
 * one repeat with a fresh admin token after a 401, and errors that say what Digdir said
 * (never tokens, keys or request bodies).
 */
export class SelfServiceHttp {
  readonly #tokens: AdminTokens;
  readonly #fetch: typeof fetch;
  readonly #logger?: LoggerService;

  constructor(options: { tokens: AdminTokens; fetchImpl: typeof fetch; logger?: LoggerService }) {
    this.#tokens = options.tokens;
    this.#fetch = options.fetchImpl;
    this.#logger = options.logger;
  }

  /** Runs `attempt` until it succeeds, fails for good, or `retries` extra attempts are spent. */
  async retrying<T>(
    state: EnvironmentState,
    operation: string,
    attempt: (index: number) => Promise<T>,
  ): Promise<T> {
    const attempts = state.config.retries + 1;
    let last: TransientFailure | undefined;
    for (let index = 0; index < attempts; index++) {
      if (last) {
        const delay = backoff(state, index, last.retryAfterMs);
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

  /** One call, plus one repeat with a fresh token after a 401 when an admin client is used. */
  async exchange(
    state: EnvironmentState,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    options: { notFoundIsAnswer?: boolean } = {},
  ): Promise<Exchange> {
    const operation = `${method} ${path}`;
    let response = await this.#send(state, method, path, body, await this.#tokens.bearer(state));
    if (response.status === 401 && state.config.auth.kind === 'adminClient') {
      this.#tokens.drop(state);
      response = await this.#send(state, method, path, body, await this.#tokens.bearer(state));
    }
    const { status } = response;
    if ((status >= 200 && status < 300) || (status === 404 && options.notFoundIsAnswer)) {
      return response;
    }
    if (status === 429 || status >= 500) {
      throw new TransientFailure(`${operation} answered HTTP ${status}${describeError(response.body)}`, response.retryAfterMs);
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

  unexpected(state: EnvironmentState, operation: string, expected: string): DigdirUnavailableError {
    return new DigdirUnavailableError(
      `Digdir's self-service API at ${state.host} answered ${operation} with something other than ${expected}`,
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
}

/** Exponential backoff with jitter; a server's Retry-After counts, up to one call's timeout. */
function backoff(state: EnvironmentState, retry: number, retryAfterMs?: number): number {
  const base = state.config.backoffMs * 2 ** (retry - 1);
  const jittered = Math.round(base / 2 + Math.random() * (base / 2));
  return retryAfterMs === undefined
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, state.config.timeoutMs));
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

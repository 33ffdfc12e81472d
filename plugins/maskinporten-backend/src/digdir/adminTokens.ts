import type { EnvironmentState } from './selfServiceHttp';
import { TransientFailure } from './selfServiceHttp';
import { DigdirRejectedError } from './types';
import { MAX_GRANT_LIFETIME_SECONDS } from '../config/readMaskinportenConfig';
import { signGrant } from '../tokenTests/grant';
import { requestToken } from '../tokenTests/tokenClient';

/** Never cache an admin token closer to its expiry than this (or a quarter of its life). */
const TOKEN_EXPIRY_MARGIN_SECONDS = 30;

/**
 * Bearer tokens for the self-service API: the static admin token (simulator only), or an
 * access token of the admin client from the same environment's token endpoint, cached
 * until shortly before `expires_in`. Concurrent calls share one token request.
 */
export class AdminTokens {
  readonly #grantLifetimeSeconds: number;
  readonly #clock: { now(): Date };
  readonly #fetch: typeof fetch;

  constructor(options: { grantLifetimeSeconds: number; clock: { now(): Date }; fetchImpl: typeof fetch }) {
    this.#grantLifetimeSeconds = options.grantLifetimeSeconds;
    this.#clock = options.clock;
    this.#fetch = options.fetchImpl;
  }

  /** Forgets the cached token, after the API refused it (401). */
  drop(state: EnvironmentState): void {
    state.token = undefined;
  }

  async bearer(state: EnvironmentState): Promise<string> {
    const { auth } = state.config;
    if (auth.kind === 'adminToken') {
      return auth.adminToken;
    }
    const now = this.#clock.now().getTime();
    if (state.token && now < state.token.renewAt) {
      return state.token.accessToken;
    }
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
        throw new TransientFailure(`the token endpoint at ${tokenHost} gave no answer within ${result.timeoutMs} ms`);
      case 'unreachable':
        throw new TransientFailure(`the token endpoint at ${tokenHost} could not be reached (${result.detail})`);
      default:
        throw new TransientFailure(`the token endpoint at ${tokenHost}: ${result.detail}`);
    }
  }
}

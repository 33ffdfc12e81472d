import { createPrivateKey, randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { TokenTestResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenKeyCustody } from '@maskinporten-backstage/plugin-maskinporten-node';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { StoredKey, TokenTestStore } from '../database';
import { signGrant } from './grant';
import { requestToken } from './tokenClient';
import { explainTokenResponse } from './explainTokenResponse';
import { KeyPropagationOptions, requestTokenWhileKeyPropagates } from './keyPropagation';

/** The integration as a grant needs it: every claim Maskinporten will check. */
export interface TokenTestTarget {
  entityRef: string;
  environment: string;
  clientId: string;
  scopes: string[];
  resources?: string[];
  consumerOrg?: string;
}

/**
 * The one place a token is requested from Maskinporten: build the grant from the whole
 * integration (scopes, `resource`, `consumer_org`), sign it with the key, send it, explain
 * the answer and record it. Token tests from the card and rotation's verification both come
 * here, so a verification cannot pass where the integration's real requests would fail.
 */
export class TokenTester {
  readonly #config: MaskinportenConfig;
  readonly #custody: MaskinportenKeyCustody;
  readonly #tokenTests: TokenTestStore;
  readonly #logger: LoggerService;
  readonly #fetch?: typeof fetch;

  constructor(options: {
    config: MaskinportenConfig;
    custody: MaskinportenKeyCustody;
    tokenTests: TokenTestStore;
    logger: LoggerService;
    fetchImpl?: typeof fetch;
  }) {
    this.#config = options.config;
    this.#custody = options.custody;
    this.#tokenTests = options.tokenTests;
    this.#logger = options.logger;
    this.#fetch = options.fetchImpl;
  }

  async test(
    target: TokenTestTarget,
    key: StoredKey,
    options: {
      scopes?: string[];
      requestedBy: string;
      now: Date;
      /** Wait out Digdir's key propagation (a key just registered); off unless given. */
      propagation?: KeyPropagationOptions;
    },
  ): Promise<TokenTestResult> {
    const environment = this.#config.environments.get(target.environment);
    if (!environment) {
      throw new Error(`Environment ${target.environment} is not configured under maskinporten.environments`);
    }
    const privateKey = createPrivateKey(await this.#custody.open(key.privateKeyCiphertext, key.kid));
    const started = performance.now();
    // A key registered a moment ago may not have reached the token endpoint yet (MP-100):
    // with `propagation`, ask again with a fresh grant each time, for as long as Digdir's
    // propagation takes; without it, once.
    const { result: response } = await requestTokenWhileKeyPropagates(
      async now =>
        requestToken({
          tokenEndpoint: environment.tokenEndpoint,
          assertion: await signGrant({
            issuer: environment.issuer,
            clientId: target.clientId,
            scopes: options.scopes ?? target.scopes,
            kid: key.kid,
            privateKey,
            now,
            lifetimeSeconds: this.#config.grantLifetimeSeconds,
            resources: target.resources,
            consumerOrg: target.consumerOrg,
          }),
          timeoutMs: this.#config.tokenTests.timeoutMs,
          fetchImpl: this.#fetch,
        }),
      options.propagation ?? { maxWaitMs: 0, now: () => options.now },
    );
    const result: TokenTestResult = {
      id: randomUUID(),
      entityRef: target.entityRef,
      environment: target.environment,
      clientId: target.clientId,
      kid: key.kid,
      requestedBy: options.requestedBy,
      requestedAt: options.now.toISOString(),
      durationMs: Math.round(performance.now() - started),
      ...explainTokenResponse(response, environment.name, key),
    };
    await this.#tokenTests.insert(result);
    this.#logger.info(
      `Token test for ${target.entityRef} (${target.environment}, kid ${key.kid}) by ${options.requestedBy}: ${result.outcome}${
        result.errorCode ? ` ${result.errorCode}` : ''
      }`,
    );
    return result;
  }
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  TokenTestResult,
  maskinportenTokenTestPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess, describePrincipal } from '../access/entityAccess';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { KeyStore } from '../database';
import { KeyIssuer } from '../keys/KeyIssuer';
import { pickSigningKey, usableKeys } from '../keys/keyViews';
import { RateLimitedError } from './errors';
import { RateLimiter } from './RateLimiter';
import { TokenTester } from './TokenTester';

/**
 * "Test token" on the card: checks who asks and what, picks the key, keeps within the rate
 * limit, and lets the token tester do the rest. A success is the first proof that Digdir
 * holds the key, so a pending key becomes active.
 */
export class TokenTestService {
  readonly #access: EntityAccess;
  readonly #claims: Pick<ClientClaims, 'assertHeld'>;
  readonly #keys: KeyStore;
  readonly #issuer: KeyIssuer;
  readonly #tester: TokenTester;
  readonly #limiter: RateLimiter;
  readonly #now: () => Date;

  constructor(options: {
    config: MaskinportenConfig;
    access: EntityAccess;
    claims: Pick<ClientClaims, 'assertHeld'>;
    keys: KeyStore;
    issuer: KeyIssuer;
    tester: TokenTester;
    now?: () => Date;
  }) {
    this.#access = options.access;
    this.#claims = options.claims;
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#tester = options.tester;
    this.#now = options.now ?? (() => new Date());
    this.#limiter = new RateLimiter(
      options.config.tokenTests.rateLimitPerWindow,
      options.config.tokenTests.rateLimitWindowSeconds * 1000,
    );
  }

  async run(
    entityRef: string,
    request: { scopes?: string[]; kid?: string },
    credentials: BackstageCredentials,
  ): Promise<TokenTestResult> {
    const { integration } = await this.#access.authorizedIntegration(
      entityRef,
      maskinportenTokenTestPermission,
      credentials,
    );
    const clientId = integration.clientId;
    if (!clientId) {
      throw new ConflictError(
        `${integration.entityRef} has no client id yet. Register the client in Samarbeidsportalen and add the annotation maskinporten.no/client-id.`,
      );
    }
    await this.#claims.assertHeld(integration, describePrincipal(credentials));
    const scopes = request.scopes ?? integration.scopes;
    const unknownScopes = scopes.filter(s => !integration.scopes.includes(s));
    if (unknownScopes.length > 0) {
      throw new InputError(
        `scopes: ${unknownScopes.join(', ')} not declared on the entity; choose from ${integration.scopes.join(', ')}`,
      );
    }

    const now = this.#now();
    const keys = await this.#keys.list(integration);
    const key = request.kid ? keys.find(k => k.kid === request.kid) : pickSigningKey(keys, now);
    if (request.kid && !key) {
      throw new InputError(`kid: no key "${request.kid}" belongs to ${integration.entityRef}`);
    }
    if (key && !usableKeys([key], now).length) {
      throw new ConflictError(
        `kid: the key "${key.kid}" is ${key.state === 'revoked' ? 'revoked' : 'expired'}; test a usable key instead`,
      );
    }
    if (!key) {
      throw new ConflictError(
        `${integration.entityRef} has no usable key held by Backstage. Generate a key and upload the JWK array to Samarbeidsportalen first.`,
      );
    }

    const waitMs = this.#limiter.tryAcquire(`${integration.entityRef}|${integration.environment}`, now.getTime());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new RateLimitedError(
        `Too many token tests for ${integration.entityRef}; try again in ${seconds} s`,
        seconds,
      );
    }

    const result = await this.#tester.test({ ...integration, clientId }, key, {
      scopes,
      requestedBy: describePrincipal(credentials),
      now,
    });
    if (result.outcome === 'success' && key.state === 'pending') {
      await this.#keys.activate(key.kid, now);
      await this.#issuer.refreshIndexedExpiry(integration, now);
    }
    return result;
  }
}

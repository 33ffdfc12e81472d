import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  CreateKeyResponse,
  ExpiryThresholds,
  MAX_KEYS_PER_CLIENT,
  PublicJwk,
  maskinportenIntegrationAdminPermission,
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess, describePrincipal } from '../access/entityAccess';
import { KeyLimitError, KeyStore } from '../database';
import { KeyIssuer } from './KeyIssuer';
import { toJwkSet, toKeyView } from './keyViews';

/** The card's key actions: generate a key, show the public set, and (admins) assign a client. */
export class KeysService {
  readonly #access: EntityAccess;
  readonly #claims: ClientClaims;
  readonly #keys: KeyStore;
  readonly #issuer: KeyIssuer;
  readonly #thresholds: ExpiryThresholds;
  readonly #now: () => Date;

  constructor(options: {
    access: EntityAccess;
    claims: ClientClaims;
    keys: KeyStore;
    issuer: KeyIssuer;
    thresholds: ExpiryThresholds;
    now?: () => Date;
  }) {
    this.#access = options.access;
    this.#claims = options.claims;
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#thresholds = options.thresholds;
    this.#now = options.now ?? (() => new Date());
  }

  async createKey(entityRef: string, credentials: BackstageCredentials): Promise<CreateKeyResponse> {
    const { integration } = await this.#access.authorizedIntegration(
      entityRef,
      maskinportenKeyCreatePermission,
      credentials,
    );
    await this.#claims.assertHeld(integration, describePrincipal(credentials));
    const now = this.#now();
    let key;
    try {
      key = await this.#issuer.issue(integration, { createdBy: describePrincipal(credentials), now });
    } catch (error) {
      if (error instanceof KeyLimitError) {
        throw new ConflictError(
          `${integration.entityRef} already has ${MAX_KEYS_PER_CLIENT} unexpired keys, the most Maskinporten allows per client. Retire a key before generating another.`,
        );
      }
      throw error;
    }
    const stored = key!;
    return {
      key: toKeyView(stored, now, this.#thresholds),
      jwk: toJwkSet([stored], now)[0],
      jwks: toJwkSet(await this.#keys.list(integration), now),
    };
  }

  async getJwks(entityRef: string, credentials: BackstageCredentials): Promise<PublicJwk[]> {
    const { integration } = await this.#access.authorizedIntegration(
      entityRef,
      maskinportenIntegrationReadPermission,
      credentials,
    );
    return toJwkSet(await this.#keys.list(integration), this.#now());
  }

  /**
   * An administrator's decision: the entity's declared client id now belongs to this
   * integration, whoever held or declared it before (ends a client-id conflict).
   */
  async assignClient(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entityRef: string; environment: string; clientId: string }> {
    const { integration } = await this.#access.integration(entityRef, credentials);
    await this.#access.authorizeBasic(maskinportenIntegrationAdminPermission, credentials);
    if (!integration.clientId) {
      throw new ConflictError(
        `${integration.entityRef} declares no client id (maskinporten.no/client-id) to assign`,
      );
    }
    const assigned = {
      entityRef: integration.entityRef,
      environment: integration.environment,
      clientId: integration.clientId,
    };
    await this.#claims.assign(assigned, describePrincipal(credentials));
    return assigned;
  }
}

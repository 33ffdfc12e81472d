import {
  MaskinportenIntegration,
  MaskinportenKeyState,
  PublicJwk,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** A key as stored. The private half is only ever held here as ciphertext. */
export interface StoredKey {
  id: string;
  kid: string;
  entityRef: string;
  environment: string;
  clientId?: string;
  algorithm: string;
  modulusLength: number;
  publicJwk: PublicJwk;
  privateKeyCiphertext: string;
  encryptionSecretId: string;
  state: MaskinportenKeyState;
  createdBy?: string;
  createdAt: Date;
  registeredAt?: Date;
  expiresAt?: Date;
}

export interface IntegrationRef {
  entityRef: string;
  environment: string;
}

/** Keys that still count against Maskinporten's limit of five per client. */
export const LIVE_KEY_STATES: MaskinportenKeyState[] = ['pending', 'active', 'retiring'];

export class KeyLimitError extends Error {
  name = 'KeyLimitError';
}

/** One row of the integration index that backs the self-service listing. */
export interface IndexedIntegration {
  integration: MaskinportenIntegration;
  title?: string;
  /** Lower-case entity ref of the owner. */
  owner?: string;
  /** Expiry of the key that decides when the integration breaks. */
  expiresAt?: Date;
}

/** Keyset position: the sort key of the last row of the previous page. */
export interface IntegrationPosition {
  expirySort: number;
  entityRef: string;
}

export interface IntegrationQuery {
  owners: string[];
  environment?: string;
  expiresBefore?: Date;
  /** Lower-case text matched anywhere in ref, title, owner, client id and scopes. */
  search?: string;
  limit: number;
  after?: IntegrationPosition;
}

export interface MaskinportenStore {
  /**
   * Stores a new key unless the integration already has `maxLiveKeys` unexpired live keys.
   * Checks and writes in one transaction: either the key is stored whole or not at all.
   */
  insertKey(key: StoredKey, options: { maxLiveKeys: number; now: Date }): Promise<void>;
  /** Newest first. */
  listKeys(integration: IntegrationRef): Promise<StoredKey[]>;
  getKey(kid: string): Promise<StoredKey | undefined>;
  /** Records that Maskinporten accepted the key: pending becomes active. */
  markKeyActive(kid: string, at: Date): Promise<void>;
  insertTokenTest(result: TokenTestResult): Promise<void>;
  latestTokenTest(integration: IntegrationRef): Promise<TokenTestResult | undefined>;

  /** Newest first, for many integrations at once. */
  listKeysFor(entityRefs: string[]): Promise<StoredKey[]>;
  /** The latest token test of each given integration, at most one per entity and environment. */
  latestTokenTestsFor(entityRefs: string[]): Promise<TokenTestResult[]>;

  /** Inserts or replaces index rows and stamps them with the sync generation. */
  upsertIntegrations(rows: IndexedIntegration[], generation: string, now: Date): Promise<void>;
  /** Removes index rows a completed sync did not see: entities deleted or de-annotated. */
  deleteIntegrationsOutside(generation: string): Promise<number>;
  /** Index rows (entity refs, lower-case) that declare any of these client ids. */
  integrationsDeclaringClients(
    clients: Array<{ environment: string; clientId: string }>,
  ): Promise<Array<{ environment: string; clientId: string; entityRef: string }>>;
  /** Keeps the index's sort key in step when a key is created or activated. */
  setIntegrationExpiry(entityRef: string, expiresAt: Date | undefined): Promise<void>;
  queryIntegrations(
    query: IntegrationQuery,
  ): Promise<Array<IndexedIntegration & { position: IntegrationPosition }>>;
}

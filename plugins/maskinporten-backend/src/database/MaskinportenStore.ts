import {
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
}

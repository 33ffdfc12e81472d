import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { parseEntityRef } from '@backstage/catalog-model';
import { MAX_KEYS_PER_CLIENT } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenKeyCustody } from '@maskinporten-backstage/plugin-maskinporten-node';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { IntegrationIndexStore, KeyLimitError, KeyStore, StoredKey } from '../database';
import { createKid, generateRsaKey } from './generateKeyPair';
import { integrationExpiryKey } from './keyViews';

const DAY_MS = 86_400_000;

/** Which integration a key is for. */
export interface KeyTarget {
  entityRef: string;
  environment: string;
  clientId?: string;
}

/**
 * The one place keys are made: generate (off the event loop), seal with the key custody,
 * and store under the per-integration key lock within Maskinporten's five-key limit. Key
 * generation from the card, rotation and provisioning all come here, so a kid, an expiry
 * estimate or the limit cannot differ between them.
 */
export class KeyIssuer {
  readonly #keys: KeyStore;
  readonly #index: IntegrationIndexStore;
  readonly #custody: MaskinportenKeyCustody;
  readonly #config: MaskinportenConfig['keys'];

  constructor(options: {
    keys: KeyStore;
    index: IntegrationIndexStore;
    custody: MaskinportenKeyCustody;
    config: MaskinportenConfig['keys'];
  }) {
    this.#keys = options.keys;
    this.#index = options.index;
    this.#custody = options.custody;
    this.#config = options.config;
  }

  /**
   * Makes and stores a pending key. `within` runs in the same transaction before the key is
   * inserted (a rotation claiming its step, a provisioning request row); when it answers
   * false nothing is stored and `undefined` is returned. Throws KeyLimitError when the
   * integration already has five unexpired keys.
   */
  async issue(
    target: KeyTarget,
    options: {
      createdBy: string;
      now: Date;
      within?: (tx: Knex.Transaction, key: StoredKey) => Promise<boolean>;
    },
  ): Promise<StoredKey | undefined> {
    const { now } = options;
    // Cheap refusal before an expensive key generation; the insert checks again under the lock.
    const live = await this.#keys.countLive(target, now);
    if (live >= MAX_KEYS_PER_CLIENT) {
      throw new KeyLimitError(
        `The integration already has ${live} live keys; Maskinporten allows at most ${MAX_KEYS_PER_CLIENT} per client`,
      );
    }
    const generated = await generateRsaKey({
      kid: createKid({
        prefix: this.#config.kidPrefix,
        environment: target.environment,
        entityName: parseEntityRef(target.entityRef).name,
        now,
      }),
      modulusLength: this.#config.modulusLength,
    });
    const key: StoredKey = {
      id: randomUUID(),
      kid: generated.kid,
      entityRef: target.entityRef,
      environment: target.environment,
      clientId: target.clientId,
      algorithm: generated.publicJwk.alg,
      modulusLength: generated.modulusLength,
      publicJwk: generated.publicJwk,
      privateKeyCiphertext: await this.#custody.seal(generated.privateKeyPem, generated.kid),
      encryptionSecretId: this.#custody.currentKeyId,
      state: 'pending',
      createdBy: options.createdBy,
      createdAt: now,
      // Digdir starts the year when the key is posted; until that is known we assume
      // today, which can only make the warning come early, never late.
      expiresAt: new Date(now.getTime() + this.#config.lifetimeDays * DAY_MS),
    };
    const stored = await this.#keys.transaction(async (keys, tx) => {
      if (options.within && !(await options.within(tx, key))) {
        return false;
      }
      await keys.insertWithinLimit(key, { maxLiveKeys: MAX_KEYS_PER_CLIENT, now });
      return true;
    });
    if (!stored) {
      return undefined;
    }
    await this.refreshIndexedExpiry(target, now);
    return key;
  }

  /** Keeps the listing's sort key on the key that decides when the integration breaks. */
  async refreshIndexedExpiry(target: KeyTarget, now: Date): Promise<void> {
    const keys = await this.#keys.list(target);
    await this.#index.setExpiry(target.entityRef, integrationExpiryKey(keys, now)?.expiresAt);
  }
}

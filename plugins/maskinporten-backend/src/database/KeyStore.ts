import { Knex } from 'knex';
import {
  MaskinportenKeyState,
  PublicJwk,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { chunks, normalizeRef, toDate } from './columns';

const KEYS = 'maskinporten_keys';
const CHUNK = 200;
const NEWEST_FIRST = [
  { column: 'created_at', order: 'desc' as const },
  { column: 'kid', order: 'desc' as const },
];

/** How long a transaction waits for another's per-integration key lock (PostgreSQL). */
export const LOCK_TIMEOUT_MS = 10_000;

/** A key as stored. The private half is only ever held here sealed by the key custody. */
export interface StoredKey {
  id: string;
  kid: string;
  entityRef: string;
  environment: string;
  clientId?: string;
  algorithm: string;
  modulusLength: number;
  publicJwk: PublicJwk;
  /** The private key PEM as sealed by the key custody (never plain text). */
  privateKeyCiphertext: string;
  /** Which custody key sealed it, so a rotated custody key can still open old rows. */
  encryptionSecretId: string;
  state: MaskinportenKeyState;
  createdBy?: string;
  createdAt: Date;
  registeredAt?: Date;
  expiresAt?: Date;
}

/**
 * A key without its sealed private half: what views, the index, the expiry scan and
 * rotation views need. Reading many keys never reads the sealed private keys (about 2 KB a
 * row), so lists stay cheap and key material stays out of memory it has no use in.
 */
export type KeyRecord = Omit<StoredKey, 'privateKeyCiphertext' | 'encryptionSecretId'>;

/** Every column but the sealed private key and its custody id. */
const RECORD_COLUMNS = [
  'id',
  'kid',
  'entity_ref',
  'environment',
  'client_id',
  'algorithm',
  'modulus_length',
  'public_jwk',
  'state',
  'created_by',
  'created_at',
  'registered_at',
  'expires_at',
];

export interface IntegrationRef {
  entityRef: string;
  environment: string;
}

/** Keys that still count against Maskinporten's limit of five per client. */
export const LIVE_KEY_STATES: MaskinportenKeyState[] = ['pending', 'active', 'retiring'];

export class KeyLimitError extends Error {
  name = 'KeyLimitError';
}

/** A live key the renewal looks at: active, near expiry, with the client it is registered on. */
export interface RenewalCandidate {
  entityRef: string;
  environment: string;
  clientId: string;
  kid: string;
  expiresAt?: Date;
}

type KeyRow = {
  id: string;
  kid: string;
  entity_ref: string;
  environment: string;
  client_id: string | null;
  algorithm: string;
  modulus_length: number;
  public_jwk: string;
  private_key_ciphertext: string;
  encryption_secret_id: string;
  state: string;
  created_by: string | null;
  created_at: Date | string | number;
  registered_at: Date | string | number | null;
  expires_at: Date | string | number | null;
};

/**
 * The `maskinporten_keys` table, and the only code that reads or writes it. Writes that must
 * commit together with another table's (a rotation step, a provisioning request) run through
 * `transaction`, which hands out a store bound to the same transaction.
 */
export class KeyStore {
  constructor(private readonly db: Knex) {}

  /** The same store inside the caller's transaction. */
  in(tx: Knex.Transaction): KeyStore {
    return new KeyStore(tx);
  }

  /** Runs `fn` in one transaction (the caller's, when this store is already bound to one). */
  async transaction<T>(fn: (keys: KeyStore, tx: Knex.Transaction) => Promise<T>): Promise<T> {
    if ((this.db as Knex.Transaction).isTransaction) {
      return fn(this, this.db as Knex.Transaction);
    }
    return this.db.transaction(tx => fn(new KeyStore(tx), tx));
  }

  /**
   * Stores a new key unless the integration already has `maxLiveKeys` unexpired live keys.
   * The count and the insert are atomic across replicas: on PostgreSQL under a transaction-
   * scoped advisory lock per integration (waited for at most LOCK_TIMEOUT_MS); SQLite
   * serialises writers itself.
   */
  async insertWithinLimit(key: StoredKey, options: { maxLiveKeys: number; now: Date }): Promise<void> {
    await this.transaction(async (keys, tx) => {
      if (tx.client.config.client === 'pg') {
        await tx.raw(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
        await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
          `maskinporten-keys|${normalizeRef(key.entityRef)}|${key.environment}`,
        ]);
      }
      const count = await keys.countLive(key, options.now);
      if (count >= options.maxLiveKeys) {
        throw new KeyLimitError(
          `The integration already has ${count} live keys; Maskinporten allows at most ${options.maxLiveKeys} per client`,
        );
      }
      await tx(KEYS).insert(toKeyRow(key));
    });
  }

  /** Live keys that have not expired: what counts against the five-key limit. */
  async countLive(integration: IntegrationRef, now: Date): Promise<number> {
    const [{ count }] = await this.db(KEYS)
      .where({ entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
      .whereIn('state', LIVE_KEY_STATES)
      .andWhere(q => q.whereNull('expires_at').orWhere('expires_at', '>', now))
      .count({ count: '*' });
    return Number(count);
  }

  /** Keys of an entity in any environment and state (a name that still has keys is taken). */
  async countForEntity(entityRef: string): Promise<number> {
    const [{ count }] = await this.db(KEYS)
      .where({ entity_ref: normalizeRef(entityRef) })
      .count({ count: '*' });
    return Number(count);
  }

  /** Newest first. */
  async list(integration: IntegrationRef): Promise<StoredKey[]> {
    const rows: KeyRow[] = await this.db(KEYS)
      .where({ entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
      .orderBy(NEWEST_FIRST);
    return rows.map(fromKeyRow);
  }

  /** Newest first, for many integrations at once; without the sealed private keys. */
  async listFor(entityRefs: string[]): Promise<KeyRecord[]> {
    const rows: KeyRow[] = [];
    for (const chunk of chunks(entityRefs.map(normalizeRef), CHUNK)) {
      rows.push(...(await this.db(KEYS).select(RECORD_COLUMNS).whereIn('entity_ref', chunk).orderBy(NEWEST_FIRST)));
    }
    return rows.map(fromRecordRow);
  }

  async get(kid: string): Promise<StoredKey | undefined> {
    const row: KeyRow | undefined = await this.db(KEYS).where({ kid }).first();
    return row ? fromKeyRow(row) : undefined;
  }

  /** The public half of a key; the sealed private key is not even read. */
  async publicJwk(kid: string): Promise<PublicJwk | undefined> {
    const row: { public_jwk: string } | undefined = await this.db(KEYS)
      .where({ kid })
      .select('public_jwk')
      .first();
    if (!row) {
      return undefined;
    }
    const jwk = JSON.parse(row.public_jwk) as PublicJwk;
    return { kty: jwk.kty, alg: jwk.alg, use: jwk.use, kid: jwk.kid, e: jwk.e, n: jwk.n };
  }

  /** Maskinporten accepted the key: pending becomes active (registered now, unless known). */
  async activate(kid: string, at: Date): Promise<void> {
    await this.db(KEYS).where({ kid, state: 'pending' }).update({ state: 'active' });
    await this.db(KEYS).where({ kid }).whereNull('registered_at').update({ registered_at: at });
  }

  /** A newer key took over: these start retiring. */
  async retire(kids: string[]): Promise<void> {
    if (kids.length > 0) {
      await this.db(KEYS).whereIn('kid', kids).whereIn('state', ['pending', 'active']).update({ state: 'retiring' });
    }
  }

  /** These leave service for good (only those still in one of `from`). */
  async revoke(kids: string[], from: MaskinportenKeyState[] = LIVE_KEY_STATES): Promise<void> {
    if (kids.length > 0) {
      await this.db(KEYS).whereIn('kid', kids).whereIn('state', from).update({ state: 'revoked' });
    }
  }

  /** What Digdir answered after a post: each key's `exp`, and when it was posted. */
  async recordRegistration(integration: IntegrationRef, expiries: Map<string, Date>, now: Date) {
    for (const [kid, expiresAt] of expiries) {
      await this.db(KEYS)
        .where({ kid, entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
        .whereIn('state', LIVE_KEY_STATES)
        .update({ expires_at: expiresAt, registered_at: now });
    }
  }

  /**
   * These keys were posted to Digdir by someone else than a rotation (a startup task seeding
   * examples): when, without Digdir's expiry, which stays the one the key was issued with.
   */
  async recordPosted(integration: IntegrationRef, kids: string[], at: Date) {
    if (kids.length > 0) {
      await this.db(KEYS)
        .whereIn('kid', kids)
        .where({ entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
        .whereIn('state', LIVE_KEY_STATES)
        .update({ registered_at: at });
    }
  }

  /** Digdir holds the key on this client now (provisioning created the client). */
  async recordClient(kid: string, registration: { clientId: string; registeredAt: Date; expiresAt?: Date }) {
    await this.db(KEYS)
      .where({ kid })
      .update({
        client_id: registration.clientId,
        registered_at: registration.registeredAt,
        // Digdir's own expiry (a year after posting) replaces our estimate.
        ...(registration.expiresAt ? { expires_at: registration.expiresAt } : {}),
      });
  }

  /** Active keys with a client id that expire before `before` (already expired ones too). */
  async listActiveExpiringBefore(before: Date): Promise<RenewalCandidate[]> {
    const rows: KeyRow[] = await this.db(KEYS)
      .where({ state: 'active' })
      .whereNotNull('client_id')
      .whereNotNull('expires_at')
      .andWhere('expires_at', '<=', before)
      .orderBy('expires_at', 'asc');
    return rows.map(fromKeyRow).map(key => ({
      entityRef: key.entityRef,
      environment: key.environment,
      clientId: key.clientId!,
      kid: key.kid,
      expiresAt: key.expiresAt,
    }));
  }
}

function toKeyRow(key: StoredKey): KeyRow {
  return {
    id: key.id,
    kid: key.kid,
    entity_ref: normalizeRef(key.entityRef),
    environment: key.environment,
    client_id: key.clientId ?? null,
    algorithm: key.algorithm,
    modulus_length: key.modulusLength,
    public_jwk: JSON.stringify(key.publicJwk),
    private_key_ciphertext: key.privateKeyCiphertext,
    encryption_secret_id: key.encryptionSecretId,
    state: key.state,
    created_by: key.createdBy ?? null,
    created_at: key.createdAt,
    registered_at: key.registeredAt ?? null,
    expires_at: key.expiresAt ?? null,
  };
}

function fromKeyRow(row: KeyRow): StoredKey {
  return {
    ...fromRecordRow(row),
    privateKeyCiphertext: row.private_key_ciphertext,
    encryptionSecretId: row.encryption_secret_id,
  };
}

function fromRecordRow(row: Omit<KeyRow, 'private_key_ciphertext' | 'encryption_secret_id'>): KeyRecord {
  return {
    id: row.id,
    kid: row.kid,
    entityRef: row.entity_ref,
    environment: row.environment,
    clientId: row.client_id ?? undefined,
    algorithm: row.algorithm,
    modulusLength: Number(row.modulus_length),
    publicJwk: JSON.parse(row.public_jwk),
    state: row.state as MaskinportenKeyState,
    createdBy: row.created_by ?? undefined,
    createdAt: toDate(row.created_at),
    registeredAt: row.registered_at === null ? undefined : toDate(row.registered_at),
    expiresAt: row.expires_at === null ? undefined : toDate(row.expires_at),
  };
}

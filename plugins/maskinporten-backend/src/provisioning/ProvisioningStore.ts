import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { StoredKey } from '../database/MaskinportenStore';
import { toKeyRow } from '../database/DatabaseMaskinportenStore';
import { normalizeRef, toDate } from '../database/columns';

const REQUESTS = 'maskinporten_provisioning_requests';
const KEYS = 'maskinporten_keys';

/** One provisioning request, as remembered under its idempotency key. */
export interface ProvisioningRecord {
  idempotencyKey: string;
  fingerprint: string;
  entityRef: string;
  environment: string;
  kid: string;
  scopes: string[];
  clientId?: string;
  registerWithDigdir: boolean;
  /** When Digdir confirmed the key set; unset until then (or when not registering). */
  registeredAt?: Date;
  createdBy?: string;
  createdAt: Date;
}

type RequestRow = {
  idempotency_key: string;
  fingerprint: string;
  entity_ref: string;
  environment: string;
  kid: string;
  scopes: string;
  client_id: string | null;
  register_with_digdir: boolean | number;
  registered_at: Date | string | number | null;
  created_by: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

/** The request row and the key it made, written together or not at all. */
export class ProvisioningStore {
  constructor(private readonly db: Knex) {}

  async find(idempotencyKey: string): Promise<ProvisioningRecord | undefined> {
    const row: RequestRow | undefined = await this.db(REQUESTS)
      .where({ idempotency_key: idempotencyKey })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Records the request and inserts its key in one transaction. When a request with the same
   * idempotency key got there first, nothing is written and that request is returned
   * (`created: false`); the caller's freshly generated key is then simply dropped.
   * Throws ConflictError when the integration already has keys from anything else.
   */
  async createWithKey(
    record: ProvisioningRecord,
    key: StoredKey,
  ): Promise<{ record: ProvisioningRecord; created: boolean }> {
    const entityRef = normalizeRef(record.entityRef);
    try {
      return await this.db.transaction(async tx => {
        // The same lock the key store takes before counting keys, so a provisioning request
        // and a key generation for the same integration cannot interleave across replicas.
        // SQLite already serialises writers.
        if (this.db.client.config.client === 'pg') {
          await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
            `maskinporten-keys|${entityRef}|${record.environment}`,
          ]);
        }
        const earlier: RequestRow | undefined = await tx(REQUESTS)
          .where({ idempotency_key: record.idempotencyKey })
          .first();
        if (earlier) {
          return { record: fromRow(earlier), created: false };
        }
        const [{ count }] = await tx(KEYS)
          .where({ entity_ref: entityRef, environment: record.environment })
          .count({ count: '*' });
        if (Number(count) > 0) {
          throw new ConflictError(
            `entityRef: ${record.entityRef} already has keys in ${record.environment}; choose another name, or generate keys from the entity's Maskinporten card`,
          );
        }
        await tx(REQUESTS).insert(toRow(record));
        await tx(KEYS).insert(toKeyRow(key));
        return { record, created: true };
      });
    } catch (error) {
      // Two requests with the same idempotency key for different integrations take different
      // locks; the primary key decides, and the loser answers with the winner's row.
      const winner = await this.find(record.idempotencyKey);
      if (winner && winner.kid !== key.kid) {
        return { record: winner, created: false };
      }
      throw error;
    }
  }

  /** Digdir holds the key set now: remember the client on the request and the key. */
  async markRegistered(
    idempotencyKey: string,
    registration: { kid: string; clientId: string; registeredAt: Date; expiresAt?: Date },
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(REQUESTS).where({ idempotency_key: idempotencyKey }).update({
        client_id: registration.clientId,
        registered_at: registration.registeredAt,
        updated_at: registration.registeredAt,
      });
      await tx(KEYS)
        .where({ kid: registration.kid })
        .update({
          client_id: registration.clientId,
          registered_at: registration.registeredAt,
          // Digdir's own expiry (a year after posting) replaces our estimate.
          ...(registration.expiresAt ? { expires_at: registration.expiresAt } : {}),
        });
    });
  }

  /** The encrypted private key, for the one token request that checks a registration. */
  async privateKeyCiphertext(kid: string): Promise<string | undefined> {
    const row: { private_key_ciphertext: string } | undefined = await this.db(KEYS)
      .where({ kid })
      .select('private_key_ciphertext')
      .first();
    return row?.private_key_ciphertext;
  }

  /** The public half of a key. */
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
}

function toRow(record: ProvisioningRecord): RequestRow {
  return {
    idempotency_key: record.idempotencyKey,
    fingerprint: record.fingerprint,
    entity_ref: normalizeRef(record.entityRef),
    environment: record.environment,
    kid: record.kid,
    scopes: record.scopes.join(' '),
    client_id: record.clientId ?? null,
    register_with_digdir: record.registerWithDigdir,
    registered_at: record.registeredAt ?? null,
    created_by: record.createdBy ?? null,
    created_at: record.createdAt,
    updated_at: record.createdAt,
  };
}

function fromRow(row: RequestRow): ProvisioningRecord {
  return {
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    entityRef: row.entity_ref,
    environment: row.environment,
    kid: row.kid,
    scopes: row.scopes.split(' ').filter(Boolean),
    clientId: row.client_id ?? undefined,
    registerWithDigdir: Boolean(row.register_with_digdir),
    registeredAt: row.registered_at === null ? undefined : toDate(row.registered_at),
    createdBy: row.created_by ?? undefined,
    createdAt: toDate(row.created_at),
  };
}

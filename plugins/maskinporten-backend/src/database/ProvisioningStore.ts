import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import { KeyStore } from './KeyStore';
import { normalizeRef, toDate } from './columns';

const REQUESTS = 'maskinporten_provisioning_requests';

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

/** The `maskinporten_provisioning_requests` table: one row per idempotency key. */
export class ProvisioningStore {
  constructor(
    private readonly db: Knex,
    private readonly keys: KeyStore,
  ) {}

  async find(idempotencyKey: string): Promise<ProvisioningRecord | undefined> {
    const row: RequestRow | undefined = await this.db(REQUESTS)
      .where({ idempotency_key: idempotencyKey })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Records the request inside `tx`, the transaction the key issuer stores the request's key
   * in. When a request with the same idempotency key got there first nothing is written and
   * that request is returned (`created: false`), so the caller's freshly made key is dropped.
   * Throws ConflictError when the entity name was provisioned before or still has keys.
   */
  async reserve(
    tx: Knex.Transaction,
    record: ProvisioningRecord,
  ): Promise<{ record: ProvisioningRecord; created: boolean }> {
    const entityRef = normalizeRef(record.entityRef);
    const earlier: RequestRow | undefined = await tx(REQUESTS)
      .where({ idempotency_key: record.idempotencyKey })
      .first();
    if (earlier) {
      return { record: fromRow(earlier), created: false };
    }
    // An entity name is provisioned once: a second request for it (any environment,
    // anyone) would attach keys to an integration someone else is creating.
    const other: RequestRow | undefined = await tx(REQUESTS).where({ entity_ref: entityRef }).first();
    if (other) {
      throw new ConflictError(
        `entityRef: ${record.entityRef} was already provisioned (${other.environment}, by ${other.created_by ?? 'someone'}); choose another name`,
      );
    }
    if ((await this.keys.in(tx).countForEntity(entityRef)) > 0) {
      throw new ConflictError(
        `entityRef: ${record.entityRef} already has keys; choose another name, or generate keys from the entity's Maskinporten card`,
      );
    }
    await tx(REQUESTS).insert(toRow(record));
    return { record, created: true };
  }

  /** Digdir holds the key set now: remember the client on the request and the key. */
  async markRegistered(
    idempotencyKey: string,
    registration: { kid: string; clientId: string; registeredAt: Date; expiresAt?: Date },
  ): Promise<void> {
    await this.keys.transaction(async (keys, tx) => {
      await tx(REQUESTS).where({ idempotency_key: idempotencyKey }).update({
        client_id: registration.clientId,
        registered_at: registration.registeredAt,
        updated_at: registration.registeredAt,
      });
      await keys.recordClient(registration.kid, registration);
    });
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

import { Knex } from 'knex';
import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { KeyRotationPhase } from '@maskinporten-backstage/plugin-maskinporten-common';
import { IntegrationRef, KeyStore } from './KeyStore';
import { LeaseLockOptions, LeaseLocks } from './LeaseLocks';
import { chunks, normalizeRef, toDate } from './columns';

const ROTATIONS = 'maskinporten_key_rotations';
const OPEN = 'open';

export type RotationMode = 'self-service' | 'manual';

export const OPEN_PHASES: KeyRotationPhase[] = [
  'started',
  'generated',
  'registered',
  'awaiting-upload',
  'verified',
  'gateways',
];

/** Phases after verification, before retirement: the new key signs, the old ones are still registered. */
export const RETIRING_PHASES: KeyRotationPhase[] = ['verified', 'gateways'];

export interface RotationRecord {
  id: string;
  entityRef: string;
  environment: string;
  clientId: string;
  scopes: string[];
  /** The integration's `resource` audiences and `consumer_org`, sent in the verification grant. */
  resources: string[];
  consumerOrg?: string;
  mode: RotationMode;
  phase: KeyRotationPhase;
  open: boolean;
  newKid?: string;
  oldKids: string[];
  attempts: number;
  lastError?: string;
  startedBy: string;
  createdAt: Date;
  updatedAt: Date;
  registeredAt?: Date;
  verifiedAt?: Date;
  retireAfter?: Date;
  completedAt?: Date;
  /** Who forced the retirement past gateways still on an old key. */
  forcedBy?: string;
}

type RotationRow = {
  id: string;
  entity_ref: string;
  environment: string;
  client_id: string;
  scopes: string;
  grant_claims: string | null;
  mode: string;
  phase: string;
  open_slot: string | null;
  new_kid: string | null;
  old_kids: string;
  attempts: number;
  last_error: string | null;
  started_by: string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
  registered_at: Date | string | number | null;
  verified_at: Date | string | number | null;
  retire_after: Date | string | number | null;
  completed_at: Date | string | number | null;
  forced_by?: string | null;
};

/**
 * Rotation rows and the key writes that must happen atomically with them. Every phase change
 * is a compare-and-set on the phase, so two replicas advancing the same rotation cannot both
 * apply a step: the loser sees `false` and re-reads.
 */
export class RotationStore {
  private readonly locks: LeaseLocks;

  constructor(
    private readonly db: Knex,
    private readonly keys: KeyStore,
    lockOptions?: LeaseLockOptions,
  ) {
    this.locks = new LeaseLocks(db, lockOptions);
  }

  /**
   * Inserts the rotation unless the integration already has an open one; the unique index on
   * (entity_ref, environment, open_slot) decides. Returns the open rotation either way.
   */
  async createOrGetOpen(
    record: RotationRecord,
  ): Promise<{ rotation: RotationRecord; created: boolean }> {
    try {
      await this.db(ROTATIONS).insert(toRow(record));
      return { rotation: record, created: true };
    } catch (error) {
      if (!isDatabaseConflictError(error)) {
        throw error;
      }
    }
    const open = await this.getOpen(record);
    if (!open) {
      // It ended between our insert and this read; a retry will insert.
      return this.createOrGetOpen(record);
    }
    return { rotation: open, created: false };
  }

  async get(id: string): Promise<RotationRecord | undefined> {
    const row: RotationRow | undefined = await this.db(ROTATIONS).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async getOpen(integration: IntegrationRef): Promise<RotationRecord | undefined> {
    const row: RotationRow | undefined = await this.db(ROTATIONS)
      .where({
        entity_ref: normalizeRef(integration.entityRef),
        environment: integration.environment,
        open_slot: OPEN,
      })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** The open rotation, else the most recent one. */
  async current(integration: IntegrationRef): Promise<RotationRecord | undefined> {
    const row: RotationRow | undefined = await this.db(ROTATIONS)
      .where({
        entity_ref: normalizeRef(integration.entityRef),
        environment: integration.environment,
      })
      .orderByRaw('CASE WHEN open_slot IS NULL THEN 1 ELSE 0 END')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** The open rotations of these integrations only: a page's worth, in one query per 200. */
  async openFor(entityRefs: string[]): Promise<RotationRecord[]> {
    const rows: RotationRow[] = [];
    for (const chunk of chunks(entityRefs.map(normalizeRef), 200)) {
      rows.push(...(await this.db(ROTATIONS).where({ open_slot: OPEN }).whereIn('entity_ref', chunk)));
    }
    return rows.map(fromRow);
  }

  /**
   * Each of these integrations' current rotation (the open one, else the most recent), in one
   * query per 200 entities: the card asks for all its integrations at once.
   */
  async currentFor(integrations: IntegrationRef[]): Promise<RotationRecord[]> {
    const wanted = new Set(integrations.map(i => `${normalizeRef(i.entityRef)}|${i.environment}`));
    const best = new Map<string, RotationRow>();
    for (const chunk of chunks([...new Set(integrations.map(i => normalizeRef(i.entityRef)))], 200)) {
      const rows: RotationRow[] = await this.db(ROTATIONS)
        .whereIn('entity_ref', chunk)
        .orderByRaw('CASE WHEN open_slot IS NULL THEN 1 ELSE 0 END')
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
      for (const row of rows) {
        const id = `${row.entity_ref}|${row.environment}`;
        if (wanted.has(id) && !best.has(id)) {
          best.set(id, row);
        }
      }
    }
    return [...best.values()].map(fromRow);
  }

  async listOpen(): Promise<RotationRecord[]> {
    const rows: RotationRow[] = await this.db(ROTATIONS)
      .where({ open_slot: OPEN })
      .orderBy('updated_at', 'asc');
    return rows.map(fromRow);
  }

  /**
   * Inside the key issuer's transaction: records the new key's kid on the rotation, so that
   * the key and the step commit together, a crash afterwards resumes with this key, and a
   * concurrent generator's key is never stored. False when the rotation has already moved
   * past `started` (then the issuer stores nothing).
   */
  async claimGeneration(tx: Knex.Transaction, rotationId: string, kid: string, now: Date): Promise<boolean> {
    const updated = await tx(ROTATIONS)
      .where({ id: rotationId, phase: 'started' })
      .whereNull('new_kid')
      .update({ phase: 'generated', new_kid: kid, updated_at: now, last_error: null, attempts: 0 });
    return updated > 0;
  }

  /** Compare-and-set on the phase; false when another runner got there first. */
  async transition(
    id: string,
    from: KeyRotationPhase,
    patch: Partial<Pick<RotationRecord, 'phase' | 'registeredAt' | 'lastError' | 'attempts'>> & {
      now: Date;
    },
  ): Promise<boolean> {
    const updated = await this.db(ROTATIONS)
      .where({ id, phase: from })
      .update({
        ...(patch.phase ? { phase: patch.phase } : {}),
        ...(patch.registeredAt ? { registered_at: patch.registeredAt } : {}),
        ...('lastError' in patch ? { last_error: patch.lastError ?? null } : {}),
        ...('attempts' in patch ? { attempts: patch.attempts } : {}),
        updated_at: patch.now,
      });
    return updated > 0;
  }

  /** A step failed in a way a later run may fix: count it and keep the phase. */
  async recordFailure(id: string, phase: KeyRotationPhase, message: string, now: Date) {
    await this.db(ROTATIONS)
      .where({ id, phase })
      .update({ last_error: message, attempts: this.db.raw('attempts + 1'), updated_at: now });
  }

  /**
   * The new key passed a token test: it becomes active, the old ones start retiring, and the
   * grace period starts, all at once.
   */
  async markVerified(
    rotation: RotationRecord,
    options: { now: Date; retireAfter: Date },
  ): Promise<boolean> {
    return this.keys.transaction(async (keys, tx) => {
      const updated = await tx(ROTATIONS)
        .where({ id: rotation.id })
        .whereIn('phase', ['registered', 'awaiting-upload'])
        .update({
          phase: 'verified',
          verified_at: options.now,
          retire_after: options.retireAfter,
          last_error: null,
          attempts: 0,
          updated_at: options.now,
        });
      if (updated === 0) {
        return false;
      }
      await keys.activate(rotation.newKid!, options.now);
      await keys.retire(rotation.oldKids);
      return true;
    });
  }

  /**
   * The old keys have left the registered set: they are revoked and the rotation ends.
   * `forcedBy` names who retired them although linked gateways still signed with them.
   */
  async markRetired(rotation: RotationRecord, now: Date, forcedBy?: string): Promise<boolean> {
    return this.keys.transaction(async (keys, tx) => {
      const updated = await tx(ROTATIONS)
        .where({ id: rotation.id })
        .whereIn('phase', RETIRING_PHASES)
        .update({
          phase: 'retired',
          open_slot: null,
          completed_at: now,
          updated_at: now,
          last_error: null,
          ...(forcedBy ? { forced_by: forcedBy } : {}),
        });
      if (updated === 0) {
        return false;
      }
      await keys.revoke(rotation.oldKids);
      return true;
    });
  }

  /**
   * Ends an open rotation early (cancelled or failed). A new key that never passed
   * verification is revoked so it neither counts against the limit nor gets exported.
   */
  async end(
    rotation: RotationRecord,
    options: { phase: 'cancelled' | 'failed'; from: KeyRotationPhase[]; now: Date; message?: string },
  ): Promise<boolean> {
    return this.keys.transaction(async (keys, tx) => {
      const updated = await tx(ROTATIONS)
        .where({ id: rotation.id })
        .whereIn('phase', options.from)
        .update({
          phase: options.phase,
          open_slot: null,
          completed_at: options.now,
          updated_at: options.now,
          ...(options.message ? { last_error: options.message } : {}),
        });
      if (updated === 0) {
        return false;
      }
      if (rotation.newKid) {
        await keys.revoke([rotation.newKid], ['pending']);
      }
      return true;
    });
  }

  /**
   * Runs `fn` (Digdir calls) holding a lease on the client, so that read-modify-write of one
   * client's key set is serialised across replicas, processes and every operation that posts
   * the set (rotation steps, renewal), on SQLite and PostgreSQL alike.
   */
  async withClientLock<T>(environment: string, clientId: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`digdir-client|${environment}|${clientId}`, fn);
  }
}

function toRow(record: RotationRecord): RotationRow {
  return {
    id: record.id,
    entity_ref: normalizeRef(record.entityRef),
    environment: record.environment,
    client_id: record.clientId,
    scopes: record.scopes.join(' '),
    grant_claims: JSON.stringify({ resources: record.resources, consumerOrg: record.consumerOrg }),
    mode: record.mode,
    phase: record.phase,
    open_slot: record.open ? OPEN : null,
    new_kid: record.newKid ?? null,
    old_kids: JSON.stringify(record.oldKids),
    attempts: record.attempts,
    last_error: record.lastError ?? null,
    started_by: record.startedBy,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    registered_at: record.registeredAt ?? null,
    verified_at: record.verifiedAt ?? null,
    retire_after: record.retireAfter ?? null,
    completed_at: record.completedAt ?? null,
  };
}

function grantClaims(json: string | null): { resources: string[]; consumerOrg?: string } {
  const parsed = json ? (JSON.parse(json) as { resources?: string[]; consumerOrg?: string }) : {};
  return { resources: parsed.resources ?? [], ...(parsed.consumerOrg && { consumerOrg: parsed.consumerOrg }) };
}

function optionalDate(value: Date | string | number | null): Date | undefined {
  return value === null ? undefined : toDate(value);
}

function fromRow(row: RotationRow): RotationRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    clientId: row.client_id,
    scopes: row.scopes.split(' ').filter(Boolean),
    ...grantClaims(row.grant_claims),
    mode: row.mode as RotationMode,
    phase: row.phase as KeyRotationPhase,
    open: row.open_slot === OPEN,
    newKid: row.new_kid ?? undefined,
    oldKids: JSON.parse(row.old_kids),
    attempts: Number(row.attempts),
    lastError: row.last_error ?? undefined,
    startedBy: row.started_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    registeredAt: optionalDate(row.registered_at),
    verifiedAt: optionalDate(row.verified_at),
    retireAfter: optionalDate(row.retire_after),
    completedAt: optionalDate(row.completed_at),
    forcedBy: row.forced_by ?? undefined,
  };
}

import { Knex } from 'knex';
import { GraviteeFormat } from '../types';
import { normalizeRef, toDate } from '../../database/columns';

const TABLE = 'maskinporten_gravitee_deployments';

export type GraviteeDeploymentStatus = 'deployed' | 'failed' | 'in-progress';

/** The last deploy of one integration's token service, in one format. */
export interface GraviteeDeploymentRecord {
  entityRef: string;
  environment: string;
  format: GraviteeFormat;
  /** Gravitee's API id; absent until the first import has answered. */
  apiId?: string;
  /** The APIM version of the last deploy (migration `20261206010000`). */
  apimVersion?: string;
  status: GraviteeDeploymentStatus;
  lastError?: string;
  deployedBy?: string;
  updatedAt: Date;
}

export interface GraviteeDeploymentKey {
  entityRef: string;
  environment: string;
  format: GraviteeFormat;
}

type Row = {
  entity_ref: string;
  environment: string;
  format: string;
  api_id: string | null;
  apim_version?: string | null;
  status: string;
  last_error: string | null;
  deployed_by: string | null;
  updated_at: Date | string | number;
};

/**
 * Table `maskinporten_gravitee_deployments` (migrations `20261125010000`, `20261206010000`). The migrations run
 * in `DatabaseMaskinportenStore.create`; this store only reads and writes rows.
 */
export class GraviteeDeploymentStore {
  constructor(private readonly db: Knex) {}

  async get(key: GraviteeDeploymentKey): Promise<GraviteeDeploymentRecord | undefined> {
    const row: Row | undefined = await this.db(TABLE).where(toKeyColumns(key)).first();
    return row ? fromRow(row) : undefined;
  }

  /** The most recently updated deployment of the integration, in any format (or in `format`). */
  async latest(options: {
    entityRef: string;
    environment: string;
    format?: GraviteeFormat;
  }): Promise<GraviteeDeploymentRecord | undefined> {
    const query = this.db(TABLE).where({
      entity_ref: normalizeRef(options.entityRef),
      environment: options.environment,
    });
    if (options.format) {
      query.andWhere({ format: options.format });
    }
    const row: Row | undefined = await query
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'format', order: 'desc' },
      ])
      .first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Inserts or updates the row for the key. `apiId: undefined` keeps a stored id: an id, once
   * known, is only replaced by another id (after the API was deleted in Gravitee). The same
   * holds for `apimVersion`.
   */
  async upsert(
    key: GraviteeDeploymentKey,
    update: {
      apiId?: string;
      apimVersion?: string;
      status: GraviteeDeploymentStatus;
      lastError?: string;
      deployedBy?: string;
      at: Date;
    },
  ): Promise<void> {
    const changes: Partial<Row> = {
      status: update.status,
      last_error: update.lastError ?? null,
      deployed_by: update.deployedBy ?? null,
      updated_at: update.at,
    };
    if (update.apiId !== undefined) {
      changes.api_id = update.apiId;
    }
    if (update.apimVersion !== undefined) {
      changes.apim_version = update.apimVersion;
    }
    await this.db(TABLE)
      .insert({ ...toKeyColumns(key), api_id: null, ...changes })
      .onConflict(['entity_ref', 'environment', 'format'])
      .merge(changes);
  }
}

function toKeyColumns(key: GraviteeDeploymentKey) {
  return {
    entity_ref: normalizeRef(key.entityRef),
    environment: key.environment,
    format: key.format,
  };
}

function fromRow(row: Row): GraviteeDeploymentRecord {
  return {
    entityRef: row.entity_ref,
    environment: row.environment,
    format: row.format as GraviteeFormat,
    apiId: row.api_id ?? undefined,
    apimVersion: row.apim_version ?? undefined,
    status: row.status as GraviteeDeploymentStatus,
    lastError: row.last_error ?? undefined,
    deployedBy: row.deployed_by ?? undefined,
    updatedAt: toDate(row.updated_at),
  };
}



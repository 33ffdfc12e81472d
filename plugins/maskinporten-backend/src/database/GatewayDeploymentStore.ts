import { Knex } from 'knex';
import { isDatabaseConflictError } from '@backstage/backend-plugin-api';
import { GatewayDriftFinding, GatewayTestRecord } from '@maskinporten-backstage/plugin-maskinporten-common';
import { IntegrationRef } from './KeyStore';
import { chunks, normalizeRef } from './columns';
import {
  GatewayDeploymentRow as Row,
  emptyRow,
  fromRow,
  linkKey,
  slotColumns,
} from './gatewayDeploymentRows';

const TABLE = 'maskinporten_gateway_deployments';

export type GatewayDeploymentOrigin = 'deployed' | 'adopted' | 'manual';
export type GatewayDeploymentState = 'deploying' | 'deployed' | 'failed';

export { MANUAL_TARGET, linkKey } from './gatewayDeploymentRows';

/** One token service of an integration on one gateway. */
export interface GatewayDeploymentRecord {
  id: string;
  entityRef: string;
  environment: string;
  target: string;
  origin: GatewayDeploymentOrigin;
  apiId?: string;
  name?: string;
  contextPath?: string;
  definitionVersion?: string;
  gatewayVersion?: string;
  /** What it signs with, as last deployed by the backend or confirmed by its owner. */
  kid?: string;
  keyFingerprint?: string;
  state: GatewayDeploymentState;
  lastError?: string;
  deployedAt?: Date;
  deployedBy?: string;
  lastTest?: GatewayTestRecord;
  /** The kid of the last successful token request through it. */
  verifiedKid?: string;
  observedKid?: string;
  observedFingerprint?: string;
  findings: GatewayDriftFinding[];
  checkedAt?: Date;
  checkError?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The backend's own deploy of an integration to a target, in one format. */
export interface DeploySlot extends IntegrationRef {
  target: string;
  format: string;
}


export class GatewayDeploymentConflictError extends Error {
  name = 'GatewayDeploymentConflictError';
  constructor(message: string, readonly existing?: GatewayDeploymentRecord) {
    super(message);
  }
}

/**
 * Table `maskinporten_gateway_deployments` (migration `20261210000000`). An API belongs to one
 * integration (`link_key` is unique); the backend's own deploys keep one row per integration,
 * target and format (`deploy_slot`), found again by `slot`.
 */
export class GatewayDeploymentStore {
  constructor(private readonly db: Knex) {}

  async get(id: string): Promise<GatewayDeploymentRecord | undefined> {
    const row: Row | undefined = await this.db(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async listFor(integration: IntegrationRef): Promise<GatewayDeploymentRecord[]> {
    const rows: Row[] = await this.db(TABLE)
      .where({ entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map(fromRow);
  }

  /** Every deployment of these entities, in one query per 200. */
  async listForRefs(entityRefs: string[]): Promise<GatewayDeploymentRecord[]> {
    const rows: Row[] = [];
    for (const chunk of chunks([...new Set(entityRefs.map(normalizeRef))], 200)) {
      rows.push(...(await this.db(TABLE).whereIn('entity_ref', chunk).orderBy([{ column: 'created_at' }, { column: 'id' }])));
    }
    return rows.map(fromRow);
  }

  /** One page of every deployment, by id (the drift check walks them all). */
  async page(options: { after?: string; limit: number }): Promise<GatewayDeploymentRecord[]> {
    const query = this.db(TABLE).orderBy('id').limit(options.limit);
    if (options.after) {
      query.where('id', '>', options.after);
    }
    return ((await query) as Row[]).map(fromRow);
  }

  async slot(slot: DeploySlot): Promise<GatewayDeploymentRecord | undefined> {
    const row: Row | undefined = await this.db(TABLE).where(slotColumns(slot)).first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Creates or updates the row of the backend's own deploy. `apiId` and `gatewayVersion`, once
   * known, are only replaced by other values.
   */
  async upsertSlot(
    slot: DeploySlot,
    update: {
      id: string;
      apiId?: string;
      gatewayVersion?: string;
      state: GatewayDeploymentState;
      lastError?: string;
      deployedBy?: string;
      kid?: string;
      keyFingerprint?: string;
      contextPath?: string;
      name?: string;
      at: Date;
    },
  ): Promise<void> {
    const changes: Partial<Row> = {
      state: update.state,
      last_error: update.lastError ?? null,
      updated_at: update.at,
      ...(update.deployedBy !== undefined && { deployed_by: update.deployedBy }),
      ...(update.apiId !== undefined && { api_id: update.apiId, link_key: `${slot.target}|${update.apiId}` }),
      ...(update.gatewayVersion !== undefined && { gateway_version: update.gatewayVersion }),
      ...(update.contextPath !== undefined && { context_path: update.contextPath }),
      ...(update.name !== undefined && { name: update.name }),
      ...(update.state === 'deployed' && {
        deployed_at: update.at,
        ...(update.kid !== undefined && { kid: update.kid, key_fingerprint: update.keyFingerprint ?? null }),
      }),
    };
    const insert: Row = {
      ...emptyRow(update.id, slot, 'deployed', update.at),
      deploy_slot: `deploy:${slot.format}`,
      definition_version: slot.format,
      ...changes,
    } as Row;
    try {
      await this.db(TABLE)
        .insert(insert)
        .onConflict(['target', 'entity_ref', 'environment', 'deploy_slot'])
        .merge(changes);
    } catch (error) {
      if (isDatabaseConflictError(error) && update.apiId) {
        throw new GatewayDeploymentConflictError(
          `${slot.target} API ${update.apiId} is already linked to another integration`,
          await this.byLink(`${slot.target}|${update.apiId}`),
        );
      }
      throw error;
    }
  }

  /** Links an API the owner adopted, or one kept by hand. Refuses an API another row holds. */
  async link(record: {
    id: string;
    integration: IntegrationRef;
    target: string;
    origin: 'adopted' | 'manual';
    apiId: string;
    name?: string;
    contextPath?: string;
    definitionVersion?: string;
    gatewayVersion?: string;
    kid?: string;
    keyFingerprint?: string;
    linkedBy: string;
    at: Date;
  }): Promise<GatewayDeploymentRecord> {
    const key = linkKey(record.target, record.apiId, record.integration);
    const row: Row = {
      ...emptyRow(record.id, { ...record.integration, target: record.target }, record.origin, record.at),
      api_id: record.apiId,
      link_key: key,
      name: record.name ?? null,
      context_path: record.contextPath ?? null,
      definition_version: record.definitionVersion ?? null,
      gateway_version: record.gatewayVersion ?? null,
      kid: record.kid ?? null,
      key_fingerprint: record.keyFingerprint ?? null,
      deployed_by: record.linkedBy,
    };
    try {
      await this.db(TABLE).insert(row);
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        throw new GatewayDeploymentConflictError(
          `${record.target} API ${record.apiId} is already linked`,
          await this.byLink(key),
        );
      }
      throw error;
    }
    return fromRow(row);
  }

  async unlink(id: string): Promise<boolean> {
    return (await this.db(TABLE).where({ id }).delete()) > 0;
  }

  /** A redeploy started, finished or failed. A finished one records what it now signs with. */
  async recordDeploy(
    id: string,
    update: {
      state: GatewayDeploymentState;
      kid?: string;
      keyFingerprint?: string;
      gatewayVersion?: string;
      definitionVersion?: string;
      lastError?: string;
      by: string;
      at: Date;
    },
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        state: update.state,
        last_error: update.lastError ?? null,
        updated_at: update.at,
        ...(update.state === 'deployed' && {
          kid: update.kid ?? null,
          key_fingerprint: update.keyFingerprint ?? null,
          deployed_at: update.at,
          deployed_by: update.by,
        }),
        ...(update.gatewayVersion !== undefined && { gateway_version: update.gatewayVersion }),
        ...(update.definitionVersion !== undefined && { definition_version: update.definitionVersion }),
      });
  }

  /** A step after the deploy failed (read back, token request): noted without changing what it signs with. */
  async recordError(id: string, message: string, at: Date): Promise<void> {
    await this.db(TABLE).where({ id }).update({ last_error: message, updated_at: at });
  }

  /** The owner says the deployment now signs with `kid` (a gateway the backend cannot reach). */
  async recordConfirmation(id: string, update: { kid: string; keyFingerprint?: string; by: string; at: Date }) {
    await this.db(TABLE).where({ id }).update({
      kid: update.kid,
      key_fingerprint: update.keyFingerprint ?? null,
      state: 'deployed',
      last_error: null,
      deployed_at: update.at,
      deployed_by: update.by,
      updated_at: update.at,
    });
  }

  /** The outcome of a token request through the deployment. */
  async recordTest(id: string, test: GatewayTestRecord): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        last_test: JSON.stringify(test),
        ...(test.outcome === 'success' && { last_error: null, ...(test.kid && { verified_kid: test.kid }) }),
        updated_at: new Date(test.at),
      });
  }

  /** What the drift check read back (or why it could not). */
  async recordObservation(
    id: string,
    observation: {
      kid?: string;
      fingerprint?: string;
      findings: GatewayDriftFinding[];
      name?: string;
      contextPath?: string;
      gatewayVersion?: string;
      error?: string;
      at: Date;
    },
  ): Promise<void> {
    // `at` is when the read began: a deploy or confirmation since then is newer than what was
    // read, so the observation is dropped rather than recorded over it.
    await this.db(TABLE)
      .where({ id })
      .andWhere(q => q.whereNull('deployed_at').orWhere('deployed_at', '<=', observation.at))
      .update({
        checked_at: observation.at,
        check_error: observation.error ?? null,
        ...(observation.error === undefined && {
          observed_kid: observation.kid ?? null,
          observed_fingerprint: observation.fingerprint ?? null,
          findings: JSON.stringify(observation.findings),
          ...(observation.name !== undefined && { name: observation.name }),
          ...(observation.contextPath !== undefined && { context_path: observation.contextPath }),
          ...(observation.gatewayVersion !== undefined && { gateway_version: observation.gatewayVersion }),
        }),
      });
  }

  private async byLink(key: string): Promise<GatewayDeploymentRecord | undefined> {
    const row: Row | undefined = await this.db(TABLE).where({ link_key: key }).first();
    return row ? fromRow(row) : undefined;
  }
}

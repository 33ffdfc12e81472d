import { Knex } from 'knex';
import { MaskinportenIntegration } from '@maskinporten-backstage/plugin-maskinporten-common';
import { chunks, normalizeRef } from './columns';
import { IntegrationRef } from './KeyStore';

const INTEGRATIONS = 'maskinporten_integrations';
const CHUNK = 200;
/** Sort key for integrations without any key: after every real expiry. */
export const NO_EXPIRY_SORT = 8_640_000_000_000_000;

/** One row of the integration index that backs the self-service listing. */
export interface IndexedIntegration {
  integration: MaskinportenIntegration;
  title?: string;
  /** Lower-case entity ref of the owner. */
  owner?: string;
  /** Expiry of the key that decides when the integration breaks. */
  expiresAt?: Date;
  /** The catalog's `metadata.etag` of the entity the row was built from. */
  etag?: string;
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

type IntegrationRow = {
  entity_ref: string;
  environment: string;
  title: string | null;
  owner: string | null;
  client_id: string | null;
  scopes: string;
  integration_json: string;
  search_text: string;
  expiry_sort: number | string;
  entity_etag: string | null;
  synced_at: Date | string | number;
};

/**
 * The `maskinporten_integrations` table: an index of the catalog's integrations, so that
 * listing, filtering, sorting by expiry and paging run in SQL.
 */
export class IntegrationIndexStore {
  constructor(private readonly db: Knex) {}

  /** Inserts or replaces these rows (only the ones a sync found changed). */
  async upsert(rows: IndexedIntegration[], now: Date): Promise<void> {
    for (const chunk of chunks(rows, CHUNK)) {
      await this.db(INTEGRATIONS)
        .insert(chunk.map(row => toRow(row, now)))
        .onConflict('entity_ref')
        .merge();
    }
  }

  /** Every row's entity ref and the catalog etag it was built from, in one primary-key scan. */
  async etags(): Promise<Map<string, string | undefined>> {
    const rows: Array<{ entity_ref: string; entity_etag: string | null }> = await this.db(INTEGRATIONS).select(
      'entity_ref',
      'entity_etag',
    );
    return new Map(rows.map(row => [row.entity_ref, row.entity_etag ?? undefined]));
  }

  /** Removes the rows of these entities (deleted from the catalog or de-annotated), by primary key. */
  async delete(entityRefs: string[]): Promise<number> {
    let removed = 0;
    for (const chunk of chunks(entityRefs.map(normalizeRef), CHUNK)) {
      removed += await this.db(INTEGRATIONS).whereIn('entity_ref', chunk).delete();
    }
    return removed;
  }

  /** Whether nothing is indexed yet (right after a first start). */
  async isEmpty(): Promise<boolean> {
    return (await this.db(INTEGRATIONS).select('entity_ref').first()) === undefined;
  }

  /** Keeps the sort key in step when a key is created, activated, renewed or retired. */
  async setExpiry(entityRef: string, expiresAt: Date | undefined): Promise<void> {
    await this.db(INTEGRATIONS)
      .where({ entity_ref: normalizeRef(entityRef) })
      .update({ expiry_sort: expiresAt?.getTime() ?? NO_EXPIRY_SORT });
  }

  /** The integration as last indexed from the catalog (no catalog round trip). */
  async get(integration: IntegrationRef): Promise<IndexedIntegration | undefined> {
    const row: IntegrationRow | undefined = await this.db(INTEGRATIONS)
      .where({ entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** Index rows (lower-case entity refs) that declare any of these client ids. */
  async declaringClients(
    clients: Array<{ environment: string; clientId: string }>,
  ): Promise<Array<{ environment: string; clientId: string; entityRef: string }>> {
    if (clients.length === 0) {
      return [];
    }
    const rows = await this.db(INTEGRATIONS)
      .where(builder => {
        for (const { environment, clientId } of clients) {
          builder.orWhere({ environment, client_id: clientId });
        }
      })
      .select('environment', 'client_id', 'entity_ref');
    return rows.map(row => ({
      environment: row.environment,
      clientId: row.client_id,
      entityRef: row.entity_ref,
    }));
  }

  async query(query: IntegrationQuery): Promise<Array<IndexedIntegration & { position: IntegrationPosition }>> {
    const builder = this.db<IntegrationRow>(INTEGRATIONS);
    if (query.owners.length > 0) {
      builder.whereIn('owner', query.owners.map(normalizeRef));
    }
    if (query.environment) {
      builder.where('environment', query.environment);
    }
    if (query.expiresBefore) {
      builder.where('expiry_sort', '<=', query.expiresBefore.getTime());
    }
    if (query.search) {
      const escaped = query.search.replace(/[\\%_]/g, c => `\\${c}`);
      builder.whereRaw(`search_text LIKE ? ESCAPE '\\'`, [`%${escaped}%`]);
    }
    if (query.after) {
      const { expirySort, entityRef } = query.after;
      // The leading `>=` lets both databases seek into the (expiry_sort, entity_ref) index
      // instead of scanning from its start on deep pages.
      builder
        .where('expiry_sort', '>=', expirySort)
        .andWhere(q => q.where('expiry_sort', '>', expirySort).orWhere('entity_ref', '>', entityRef));
    }
    const rows: IntegrationRow[] = await builder
      .orderBy([
        { column: 'expiry_sort', order: 'asc' },
        { column: 'entity_ref', order: 'asc' },
      ])
      .limit(query.limit);
    return rows.map(row => ({
      ...fromRow(row),
      position: { expirySort: Number(row.expiry_sort), entityRef: row.entity_ref },
    }));
  }
}

function fromRow(row: IntegrationRow): IndexedIntegration {
  return {
    integration: JSON.parse(row.integration_json) as MaskinportenIntegration,
    title: row.title ?? undefined,
    owner: row.owner ?? undefined,
    expiresAt:
      Number(row.expiry_sort) === NO_EXPIRY_SORT ? undefined : new Date(Number(row.expiry_sort)),
    etag: row.entity_etag ?? undefined,
  };
}

function toRow(row: IndexedIntegration, now: Date): IntegrationRow {
  const { integration } = row;
  const entityRef = normalizeRef(integration.entityRef);
  return {
    entity_ref: entityRef,
    environment: integration.environment,
    title: row.title ?? null,
    owner: row.owner ? normalizeRef(row.owner) : null,
    client_id: integration.clientId ?? null,
    scopes: integration.scopes.join(' '),
    integration_json: JSON.stringify({ ...integration, entityRef }),
    search_text: [entityRef, row.title, row.owner, integration.clientId, ...integration.scopes]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase('en-US'),
    expiry_sort: row.expiresAt?.getTime() ?? NO_EXPIRY_SORT,
    entity_etag: row.etag ?? null,
    synced_at: now,
  };
}

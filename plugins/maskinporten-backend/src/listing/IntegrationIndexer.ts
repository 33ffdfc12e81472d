import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MASKINPORTEN_ANNOTATIONS,
  parseMaskinportenIntegration,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { IndexedIntegration, IntegrationIndexStore, KeyStore } from '../database';
import { integrationExpiryKey } from '../keys/keyViews';
import { groupBy, integrationKey } from '../lib/grouping';

/** Every entity carrying at least one Maskinporten annotation. */
export const MASKINPORTEN_ENTITY_FILTER = MASKINPORTEN_ANNOTATIONS.map(annotation => ({
  [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
}));

/** The owner as a full entity ref, so owner filters match however `spec.owner` was written. */
export function ownerOf(entity: Entity): string | undefined {
  const related = entity.relations?.find(relation => relation.type === 'ownedBy')?.targetRef;
  if (related) {
    return related;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.length === 0) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

export interface SyncResult {
  /** Integrations the catalog has now. */
  indexed: number;
  /** Rows written because they were new or their entity changed (0 when nothing changed). */
  written: number;
  /** Rows removed because their entity is gone or no longer declares an integration. */
  removed: number;
}

/** The entity fields a sync needs; the catalog sends nothing else. */
export const SYNC_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'metadata.etag',
  'spec.owner',
  'spec.type',
  'relations',
];

/**
 * Mirrors the catalog's Maskinporten entities into the integration index, following the
 * catalog rather than rewriting itself: each entity's `metadata.etag` is compared with the one
 * the row was built from, only new and changed rows are written, and rows of entities no
 * longer seen are deleted by primary key. A sync where nothing changed reads the catalog and
 * the index once and writes nothing. (The catalog backend publishes no entity-change events in
 * this release, only `experimental.catalog.conflict` and `.errors`, so an etag comparison is
 * the cheap change check.)
 */
export class IntegrationIndexer {
  #running?: Promise<SyncResult>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      keys: KeyStore;
      index: IntegrationIndexStore;
      logger: LoggerService;
      environments: string[];
      now?: () => Date;
    },
  ) {}

  /** Runs a sync, or joins the one already running in this process. */
  sync(): Promise<SyncResult> {
    if (!this.#running) {
      this.#running = this.#sync().finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  /** Syncs first when nothing is indexed yet: a first read never shows an empty list a sync would fill. */
  async syncIfEmpty(): Promise<void> {
    if (await this.options.index.isEmpty()) {
      await this.sync();
    }
  }

  async #sync(): Promise<SyncResult> {
    const { catalog, auth, keys: keyStore, index, logger, environments } = this.options;
    const now = this.options.now?.() ?? new Date();
    const credentials = await auth.getOwnServiceCredentials();
    const known = await index.etags();
    const seen = new Set<string>();
    let written = 0;
    for await (const page of catalog.streamEntities(
      { filter: MASKINPORTEN_ENTITY_FILTER, fields: SYNC_FIELDS },
      { credentials },
    )) {
      const changed: IndexedIntegration[] = [];
      for (const entity of page) {
        const parsed = parseMaskinportenIntegration(entity, { environments });
        if (parsed.kind !== 'integration') continue;
        const ref = parsed.integration.entityRef.toLocaleLowerCase('en-US');
        seen.add(ref);
        const etag = entity.metadata.etag;
        if (etag !== undefined && known.get(ref) === etag) continue;
        changed.push({
          integration: parsed.integration,
          title: entity.metadata.title ?? entity.metadata.name,
          owner: ownerOf(entity),
          etag,
        });
      }
      if (changed.length === 0) continue;
      const keysByIntegration = groupBy(await keyStore.listFor(changed.map(row => row.integration.entityRef)), integrationKey);
      for (const row of changed) {
        row.expiresAt = integrationExpiryKey(keysByIntegration.get(integrationKey(row.integration)) ?? [], now)?.expiresAt;
      }
      await index.upsert(changed, now);
      written += changed.length;
    }
    const removed = await index.delete([...known.keys()].filter(ref => !seen.has(ref)));
    if (written + removed > 0) {
      logger.info(`Maskinporten integration index: ${seen.size} indexed, ${written} written, ${removed} removed`);
    }
    return { indexed: seen.size, written, removed };
  }
}

import { randomUUID } from 'node:crypto';
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
  indexed: number;
  removed: number;
}

/**
 * Mirrors the catalog's Maskinporten entities into the integration index. Each sync stamps
 * every row it sees with a fresh generation and then deletes rows of older generations, so
 * entities that were deleted or lost their annotations disappear in the same pass.
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

  async #sync(): Promise<SyncResult> {
    const { catalog, auth, keys: keyStore, index, logger, environments } = this.options;
    const now = this.options.now?.() ?? new Date();
    const credentials = await auth.getOwnServiceCredentials();
    const generation = randomUUID();
    let indexed = 0;
    for await (const page of catalog.streamEntities(
      { filter: MASKINPORTEN_ENTITY_FILTER },
      { credentials },
    )) {
      const rows: IndexedIntegration[] = [];
      for (const entity of page) {
        const parsed = parseMaskinportenIntegration(entity, { environments });
        if (parsed.kind !== 'integration') continue;
        rows.push({
          integration: parsed.integration,
          title: entity.metadata.title ?? entity.metadata.name,
          owner: ownerOf(entity),
        });
      }
      const keys = await keyStore.listFor(rows.map(row => row.integration.entityRef));
      for (const row of rows) {
        const ref = row.integration.entityRef.toLocaleLowerCase('en-US');
        const own = keys.filter(
          key => key.entityRef === ref && key.environment === row.integration.environment,
        );
        row.expiresAt = integrationExpiryKey(own, now)?.expiresAt;
      }
      await index.upsert(rows, generation, now);
      indexed += rows.length;
    }
    const removed = await index.deleteOutside(generation);
    logger.info(`Maskinporten integration index: ${indexed} indexed, ${removed} removed`);
    return { indexed, removed };
  }
}

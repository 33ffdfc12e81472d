import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityIntegrationsResponse,
  ExpiryThresholds,
  KeyRotationView,
  MASKINPORTEN_CLIENT_RESOURCE_TYPE,
  MaskinportenIntegration,
  MaskinportenIntegrationView,
  maskinportenIntegrationReadPermission,
  parseMaskinportenIntegration,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess } from '../access/entityAccess';
import { KeyStore, TokenTestStore, normalizeRef } from '../database';
import { buildIntegrationView } from '../keys/keyViews';
import { ownerOf } from './IntegrationIndexer';

export interface EntityIntegrationsOptions {
  access: EntityAccess;
  catalog: CatalogService;
  keys: KeyStore;
  tokenTests: TokenTestStore;
  claims: ClientClaims;
  thresholds: ExpiryThresholds;
  /** The integration's current key rotation, shown on the card (see `src/rotation`). */
  rotationView?: (integration: MaskinportenIntegration) => Promise<KeyRotationView | undefined>;
  now: () => Date;
}

/**
 * What the entity card shows: the entity's own integration and those of the
 * `maskinporten-client` resources related to it (`dependsOn` / `dependencyOf`), each with
 * its keys, last token test, rotation and any client-id conflict.
 */
export class EntityIntegrations {
  readonly #options: EntityIntegrationsOptions;

  constructor(options: EntityIntegrationsOptions) {
    this.#options = options;
  }

  async forEntity(entityRef: string, credentials: BackstageCredentials): Promise<EntityIntegrationsResponse> {
    const { access } = this.#options;
    const entity = await access.entity(entityRef, credentials);
    await access.authorize(maskinportenIntegrationReadPermission, entity, credentials);
    const related = await this.#relatedClientResources(entity, credentials);
    const response: EntityIntegrationsResponse = { items: [], invalid: [] };
    const found: Array<{ entity: Entity; integration: MaskinportenIntegration }> = [];
    for (const candidate of [entity, ...related]) {
      const parsed = parseMaskinportenIntegration(candidate, { environments: access.environments });
      if (parsed.kind === 'invalid') {
        response.invalid.push({ entityRef: parsed.entityRef, problems: parsed.problems });
      } else if (parsed.kind === 'integration') {
        found.push({ entity: candidate, integration: parsed.integration });
      }
    }
    const conflicts = await this.#options.claims.conflictsFor(found.map(f => f.integration));
    for (const { entity: candidate, integration } of found) {
      const view = await this.view(candidate, integration);
      const conflict = conflicts.get(`${normalizeRef(integration.entityRef)}|${integration.environment}`);
      response.items.push(conflict ? { ...view, clientConflict: conflict } : view);
    }
    return response;
  }

  /** One integration's card view. */
  async view(entity: Entity, integration: MaskinportenIntegration): Promise<MaskinportenIntegrationView> {
    const { keys, tokenTests, rotationView, thresholds, now } = this.#options;
    const [stored, lastTokenTest, rotation] = await Promise.all([
      keys.list(integration),
      tokenTests.latest(integration),
      rotationView?.(integration),
    ]);
    const view = buildIntegrationView({
      integration,
      title: entity.metadata.title ?? entity.metadata.name,
      owner: ownerOf(entity),
      keys: stored,
      lastTokenTest,
      now: now(),
      thresholds,
    });
    return rotation ? { ...view, rotation } : view;
  }

  async #relatedClientResources(entity: Entity, credentials: BackstageCredentials): Promise<Entity[]> {
    const refs = [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === 'dependsOn' || r.type === 'dependencyOf')
          .map(r => r.targetRef)
          .filter(ref => ref.startsWith('resource:')),
      ),
    ];
    if (refs.length === 0) {
      return [];
    }
    const { items } = await this.#options.catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials });
    const resources = items.filter(
      (item): item is Entity => item !== undefined && item.spec?.type === MASKINPORTEN_CLIENT_RESOURCE_TYPE,
    );
    const allowed = await this.#options.access.filterAllowed(
      maskinportenIntegrationReadPermission,
      resources.map(resource => stringifyEntityRef(resource)),
      credentials,
    );
    return resources.filter(resource => allowed.has(stringifyEntityRef(resource)));
  }
}

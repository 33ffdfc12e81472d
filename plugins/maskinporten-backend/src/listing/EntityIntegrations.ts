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
  ScopeOffer,
  maskinportenIntegrationReadPermission,
  parseMaskinportenIntegration,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess } from '../access/entityAccess';
import { KeyStore, TokenTestStore } from '../database';
import { groupBy, integrationKey } from '../lib/grouping';
import { ScopeCatalog } from '../scopes/ScopeCatalog';
import { buildIntegrationView } from '../keys/keyViews';
import { ownerOf } from './IntegrationIndexer';

export interface EntityIntegrationsOptions {
  access: EntityAccess;
  catalog: CatalogService;
  keys: KeyStore;
  tokenTests: TokenTestStore;
  claims: ClientClaims;
  thresholds: ExpiryThresholds;
  /** Whether the organisation may still use each scope (Digdir's grants), when self-service is configured. */
  scopes?: ScopeCatalog;
  /** Whether new keys reach Digdir through its self-service API in an environment (else by hand). */
  isSelfService?: (environment: string) => boolean;
  /** The integrations' current key rotations, shown on the card (see `src/rotation`), in one go. */
  rotationViews?: (integrations: MaskinportenIntegration[]) => Promise<KeyRotationView[]>;
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
    response.items = await this.views(found);
    return response;
  }

  /**
   * The card views of these integrations in a constant number of queries however many there
   * are: keys, latest tests, rotations and client-id conflicts each loaded once for all.
   */
  async views(found: Array<{ entity: Entity; integration: MaskinportenIntegration }>): Promise<MaskinportenIntegrationView[]> {
    if (found.length === 0) {
      return [];
    }
    const { keys, tokenTests, claims, rotationViews, thresholds, now } = this.#options;
    const integrations = found.map(f => f.integration);
    const refs = integrations.map(i => i.entityRef);
    const [stored, tests, rotations, conflicts, claimed, scopeAccess] = await Promise.all([
      keys.listFor(refs),
      tokenTests.latestFor(refs),
      rotationViews?.(integrations) ?? [],
      claims.conflictsFor(integrations),
      integrations.some(i => i.imported) ? claims.claimsOf(integrations) : new Map(),
      this.#scopeAccess(integrations),
    ]);
    const keysOf = groupBy(stored, integrationKey);
    const testOf = new Map(tests.map(test => [integrationKey(test), test]));
    const rotationOf = new Map(rotations.map(rotation => [integrationKey(rotation), rotation]));
    return found.map(({ entity, integration }) => {
      const id = integrationKey(integration);
      const view = buildIntegrationView({
        integration,
        title: entity.metadata.title ?? entity.metadata.name,
        owner: ownerOf(entity),
        keys: keysOf.get(id) ?? [],
        lastTokenTest: testOf.get(id),
        now: now(),
        thresholds,
      });
      const rotation = rotationOf.get(id);
      const clientConflict = conflicts.get(id);
      const access = scopeAccess.get(integration.environment);
      return {
        ...view,
        ...(this.#options.isSelfService && {
          keyRegistration: this.#options.isSelfService(integration.environment) ? ('self-service' as const) : ('manual' as const),
        }),
        ...(rotation && { rotation }),
        ...(clientConflict && { clientConflict }),
        ...(access && { scopeAccess: Object.fromEntries(integration.scopes.map(s => [s, access[s] ?? 'request'])) }),
        ...(integration.imported && {
          imported: { unclaimed: integration.imported.unclaimed, adopted: claimed.get(id)?.source === 'adopted' },
        }),
      };
    });
  }

  /** Scope access per environment of these integrations (cached by the scope catalog); empty without one. */
  async #scopeAccess(integrations: MaskinportenIntegration[]) {
    const result = new Map<string, Record<string, ScopeOffer['access']>>();
    const { scopes } = this.#options;
    if (!scopes) {
      return result;
    }
    for (const environment of new Set(integrations.map(i => i.environment))) {
      try {
        const access = await scopes.accessTo(environment, [...new Set(integrations.flatMap(i => i.scopes))]);
        if (access) {
          result.set(environment, access);
        }
      } catch {
        // Digdir unreachable: the card shows the rest; scope access is a hint, not a gate.
      }
    }
    return result;
  }

  /** One integration's card view. */
  async view(entity: Entity, integration: MaskinportenIntegration): Promise<MaskinportenIntegrationView> {
    return (await this.views([{ entity, integration }]))[0];
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

import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  MaskinportenIntegration,
  parseMaskinportenIntegration,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** Who asked, as recorded on keys, token tests and rotations. */
export function describePrincipal(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  return principal.subject ?? principal.type;
}

/** Kind, namespace and name as the catalog allows them (entity-v1alpha1.schema.json). */
const ENTITY_KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const ENTITY_SEGMENT = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/**
 * Parses `kind:namespace/name` route parameters into a ref. Each segment must be what the
 * catalog allows: an encoded "/" or ":" (a%2Fb) would otherwise make a different ref.
 */
export function entityRefFromParams(params: { kind: string; namespace: string; name: string }): string {
  const problems = [
    !ENTITY_KIND.test(params.kind) && 'kind',
    !ENTITY_SEGMENT.test(params.namespace) && 'namespace',
    !ENTITY_SEGMENT.test(params.name) && 'name',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new InputError(
      `Invalid entity reference: ${problems.join(', ')} must be letters, digits and ".", "_", "-" (at most 63 characters), as in the catalog`,
    );
  }
  return stringifyEntityRef(
    parseEntityRef({ kind: params.kind, namespace: params.namespace, name: params.name }),
  );
}

/**
 * Loads an entity as the caller may see it, parses its integration, and authorizes a
 * permission on it. Every entity-scoped use case starts here, so 404, 400 (no
 * annotations), 409 (invalid annotations) and 403 mean the same everywhere.
 */
export class EntityAccess {
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #environments: string[];

  constructor(options: { catalog: CatalogService; permissions: PermissionsService; environments: string[] }) {
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#environments = options.environments;
  }

  async entity(entityRef: string, credentials: BackstageCredentials): Promise<Entity> {
    const entity = await this.#catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }

  /** The entity and its integration; 400 without Maskinporten annotations, 409 when invalid. */
  async integration(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; integration: MaskinportenIntegration }> {
    const entity = await this.entity(entityRef, credentials);
    const parsed = parseMaskinportenIntegration(entity, { environments: this.#environments });
    if (parsed.kind === 'absent') {
      throw new InputError(
        `${parsed.entityRef} has no Maskinporten annotations. Add maskinporten.no/scopes (and maskinporten.no/environment, maskinporten.no/client-id) to its metadata.annotations.`,
      );
    }
    if (parsed.kind === 'invalid') {
      throw new ConflictError(
        `${parsed.entityRef} has invalid Maskinporten annotations: ${parsed.problems
          .map(p => `${p.annotation}: ${p.message} Fix: ${p.fix}`)
          .join(' ')}`,
      );
    }
    return { entity, integration: parsed.integration };
  }

  /** The entity's integration, once `permission` on the entity is allowed. */
  async authorizedIntegration(
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; integration: MaskinportenIntegration }> {
    const loaded = await this.integration(entityRef, credentials);
    await this.authorize(permission, loaded.entity, credentials);
    return loaded;
  }

  async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const resourceRef = stringifyEntityRef(entity);
    const [decision] = await this.#permissions.authorize([{ permission, resourceRef }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name} on ${resourceRef}`);
    }
  }

  async allowed(permission: BasicPermission, credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.#permissions.authorize([{ permission }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  }

  async authorizeBasic(permission: BasicPermission, credentials: BackstageCredentials): Promise<void> {
    if (!(await this.allowed(permission, credentials))) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  /** Which of these refs the caller may use `permission` on, in one round trip. */
  async filterAllowed(
    permission: ResourcePermission<'catalog-entity'>,
    resourceRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (resourceRefs.length === 0) {
      return new Set();
    }
    const decisions = await this.#permissions.authorize(
      resourceRefs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    return new Set(resourceRefs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW));
  }

  get environments(): string[] {
    return this.#environments;
  }
}

import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Every Maskinporten permission is checked against the catalog entity that declares the
 * integration, so policies can use the catalog's rules (e.g. `isEntityOwner`).
 * Same value as `RESOURCE_TYPE_CATALOG_ENTITY` in `@backstage/plugin-catalog-common/alpha`.
 *
 * @public
 */
export const MASKINPORTEN_RESOURCE_TYPE = 'catalog-entity';

/** @public */
export const maskinportenIntegrationReadPermission = createPermission({
  name: 'maskinporten.integration.read',
  attributes: { action: 'read' },
  resourceType: MASKINPORTEN_RESOURCE_TYPE,
});

/** @public */
export const maskinportenKeyCreatePermission = createPermission({
  name: 'maskinporten.key.create',
  attributes: { action: 'create' },
  resourceType: MASKINPORTEN_RESOURCE_TYPE,
});

/** @public */
export const maskinportenTokenTestPermission = createPermission({
  name: 'maskinporten.token.test',
  attributes: { action: 'create' },
  resourceType: MASKINPORTEN_RESOURCE_TYPE,
});

/** @public */
export const maskinportenGraviteeExportPermission = createPermission({
  name: 'maskinporten.gravitee.export',
  attributes: { action: 'read' },
  resourceType: MASKINPORTEN_RESOURCE_TYPE,
});

/**
 * Creating a new integration (the scaffolder's provisioning route). A basic permission: the
 * entity does not exist yet, so there is nothing to check it against. The backend refuses to
 * provision an entity that already exists, so this cannot add keys to someone else's.
 *
 * @public
 */
export const maskinportenIntegrationCreatePermission = createPermission({
  name: 'maskinporten.integration.create',
  attributes: { action: 'create' },
});

/**
 * Administering integrations across teams: creating one for an owner the caller is not part
 * of, and assigning a client id to an integration. A basic permission meant for platform
 * administrators; owners never need it for their own integrations.
 *
 * @public
 */
export const maskinportenIntegrationAdminPermission = createPermission({
  name: 'maskinporten.integration.admin',
  attributes: { action: 'update' },
});

/** @public */
export const maskinportenPermissions = [
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
  maskinportenGraviteeExportPermission,
  maskinportenIntegrationCreatePermission,
  maskinportenIntegrationAdminPermission,
];

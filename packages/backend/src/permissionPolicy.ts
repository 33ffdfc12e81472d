import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  maskinportenGraviteeExportPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/**
 * The scaffolder action's permission (basic, not tied to an entity: the entity does not
 * exist yet). Matched by name so the policy does not depend on where it is exported from.
 */
export const INTEGRATION_CREATE_PERMISSION = 'maskinporten.integration.create';

const ownerOnly = [
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
  maskinportenGraviteeExportPermission,
];

/**
 * Everyone may read; only an entity's owners may generate keys, run token tests and
 * export Gravitee definitions with secrets for it; any signed-in user may create an
 * integration through the template.
 */
export class OwnerPermissionPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    for (const permission of ownerOnly) {
      if (isPermission(request.permission, permission)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({
            claims: user?.info.ownershipEntityRefs ?? [],
          }),
        );
      }
    }
    if (request.permission.name === INTEGRATION_CREATE_PERMISSION) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const ownerPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'maskinporten-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnerPermissionPolicy());
      },
    });
  },
});

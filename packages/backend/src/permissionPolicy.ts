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
  maskinportenIntegrationAdminPermission,
  maskinportenIntegrationCreatePermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** The group whose members administer Maskinporten integrations across teams. */
export const PLATFORM_ADMINS = 'group:default/platform-admins';

const ownerOnly = [
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
  maskinportenGraviteeExportPermission,
];

/**
 * Everyone may read; only an entity's owners may generate keys, run token tests and
 * export Gravitee definitions with secrets for it; any signed-in user may create an
 * integration through the template (for one of their own teams, which the backend checks);
 * only platform administrators administer integrations across teams.
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
    // A basic permission (the entity does not exist yet): any signed-in user may create.
    if (isPermission(request.permission, maskinportenIntegrationCreatePermission)) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    // Creating integrations for other teams and assigning client ids is for platform
    // administrators: members of PLATFORM_ADMINS (nobody in the example portal).
    if (isPermission(request.permission, maskinportenIntegrationAdminPermission)) {
      const claims = user?.info.ownershipEntityRefs ?? [];
      return {
        result: claims.includes(PLATFORM_ADMINS) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
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

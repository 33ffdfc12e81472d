import type { PermissionApi } from '@backstage/plugin-permission-react';

type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;

/**
 * A permission API that allows everything except the named permissions. Built by hand
 * because `AuthorizeResult` lives in plugin-permission-common, which this package does
 * not depend on.
 */
export function permissionApiDenying(...deniedNames: string[]): PermissionApi {
  return {
    authorize: async request =>
      ({
        result: deniedNames.includes(request.permission.name) ? 'DENY' : 'ALLOW',
      }) as Decision,
  };
}

import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { maskinportenTokenTestPermission } from '@maskinporten-backstage/plugin-maskinporten-common';

/**
 * Which of the listed integrations the user may run a token test on, asked of the
 * permission framework like the card's buttons (the backend enforces the same). Apps
 * without a permission API allow everything; until the answers are in, nothing is testable.
 */
export function useTestableRefs(entityRefs: string[]): (entityRef: string) => boolean {
  const permissionApi = useApiHolder().get(permissionApiRef);
  const key = entityRefs.join('\n');
  const { value } = useAsync(async () => {
    if (!permissionApi) return new Set(entityRefs);
    const decisions = await Promise.all(
      entityRefs.map(resourceRef =>
        permissionApi.authorize({ permission: maskinportenTokenTestPermission, resourceRef }),
      ),
    );
    return new Set(entityRefs.filter((_, index) => decisions[index].result === 'ALLOW'));
    // entityRefs is a fresh array each render; its content is the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [permissionApi, key]);
  return (entityRef: string) => value?.has(entityRef) ?? false;
}

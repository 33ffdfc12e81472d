import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  maskinportenIntegrationAdminPermission,
  maskinportenIntegrationCreatePermission,
  maskinportenPermissions,
} from './permissions';

describe('maskinportenPermissions', () => {
  it('are checked against catalog entities, with the documented names', () => {
    expect(maskinportenPermissions.map(p => p.name)).toEqual([
      'maskinporten.integration.read',
      'maskinporten.key.create',
      'maskinporten.token.test',
      'maskinporten.gravitee.export',
      'maskinporten.integration.create',
      'maskinporten.integration.admin',
    ]);
    for (const permission of maskinportenPermissions) {
      if (
        permission === maskinportenIntegrationCreatePermission ||
        permission === maskinportenIntegrationAdminPermission
      ) {
        continue;
      }
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
  });

  it('makes integration.create and integration.admin basic: no entity to check against', () => {
    expect(maskinportenIntegrationCreatePermission.type).toBe('basic');
    expect(maskinportenIntegrationAdminPermission.type).toBe('basic');
  });
});

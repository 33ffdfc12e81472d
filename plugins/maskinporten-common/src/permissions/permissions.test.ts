import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
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
    ]);
    for (const permission of maskinportenPermissions) {
      if (permission === maskinportenIntegrationCreatePermission) {
        continue;
      }
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
  });

  it('makes integration.create basic: the entity does not exist yet', () => {
    expect(maskinportenIntegrationCreatePermission.type).toBe('basic');
  });
});

import { isResourcePermission } from '@backstage/plugin-permission-common';
import { maskinportenPermissions } from './permissions';

describe('maskinportenPermissions', () => {
  it('are all checked against catalog entities, with the documented names', () => {
    expect(maskinportenPermissions.map(p => p.name)).toEqual([
      'maskinporten.integration.read',
      'maskinporten.key.create',
      'maskinporten.token.test',
      'maskinporten.gravitee.export',
    ]);
    for (const permission of maskinportenPermissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
  });
});

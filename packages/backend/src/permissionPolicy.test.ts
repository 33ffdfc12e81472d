import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  maskinportenGraviteeExportPermission,
  maskinportenIntegrationAdminPermission,
  maskinportenIntegrationCreatePermission,
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { OwnerPermissionPolicy, PLATFORM_ADMINS } from './permissionPolicy';

const guest = {
  identity: {
    type: 'user',
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/team-lonn'],
  },
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/team-lonn'],
  },
  token: 'token',
  credentials: {} as PolicyQueryUser['credentials'],
} as PolicyQueryUser;

describe('OwnerPermissionPolicy', () => {
  const policy = new OwnerPermissionPolicy();

  it.each([
    maskinportenKeyCreatePermission,
    maskinportenTokenTestPermission,
    maskinportenGraviteeExportPermission,
  ])('makes $name conditional on owning the entity', async permission => {
    const decision = await policy.handle({ permission }, guest);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/guest', 'group:default/team-lonn'] },
      },
    });
  });

  it('gives a caller without a user identity no ownership claims', async () => {
    const decision = await policy.handle({ permission: maskinportenKeyCreatePermission });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('lets everyone read', async () => {
    expect(await policy.handle({ permission: maskinportenIntegrationReadPermission })).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets signed-in users, and only them, create integrations', async () => {
    const permission = maskinportenIntegrationCreatePermission;
    expect(await policy.handle({ permission }, guest)).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await policy.handle({ permission })).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets only platform administrators administer integrations across teams', async () => {
    const permission = maskinportenIntegrationAdminPermission;
    expect(await policy.handle({ permission }, guest)).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle({ permission })).toEqual({ result: AuthorizeResult.DENY });
    const admin = {
      ...guest,
      info: { ...guest.info, ownershipEntityRefs: [...guest.info.ownershipEntityRefs, PLATFORM_ADMINS] },
    } as PolicyQueryUser;
    expect(await policy.handle({ permission }, admin)).toEqual({ result: AuthorizeResult.ALLOW });
  });
});

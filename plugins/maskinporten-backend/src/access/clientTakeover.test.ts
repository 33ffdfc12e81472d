import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { registeredKids } from '../rotation/__testUtils__/rotationHarness';

jest.setTimeout(180_000);

/**
 * The takeover found by the security probe: team Evil owns an entity that carries team
 * Lønn's client id. Before, rotation posted Evil's new key onto Lønn's Digdir client, and Evil
 * could export that key and get tokens for Lønn's scopes. Now a client id belongs to one
 * integration, and Digdir must list the client as created by this backend for it.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const VICTIM = 'resource:default/lonn-dfo-test';
const ATTACKER = 'resource:default/evil-dfo-test';
const CLIENT = 'client-lonn';

function resource(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'maskinporten.no/client-id': CLIENT,
        'maskinporten.no/environment': 'test',
        'maskinporten.no/scopes': 'dfo:ansatte',
      },
    },
    spec: { type: 'maskinporten-client', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const users = {
  lonn: { ref: 'user:default/lonn-dev', team: 'group:default/team-lonn' },
  evil: { ref: 'user:default/evil-dev', team: 'group:default/team-evil' },
};
const OWNERS: Record<string, string> = {
  [VICTIM]: users.lonn.team,
  [ATTACKER]: users.evil.team,
};

describe.each(databases.eachSupportedId())('client takeover on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: 'admin-token',
      // Created by this backend for the victim's integration (its description says so).
      clients: [
        { clientId: CLIENT, scopes: ['dfo:ansatte'], description: digdirClientDescription(VICTIM, 'test') },
      ],
    });
    const knex = await databases.init(databaseId);
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        catalogServiceMock.factory({
          entities: [resource('lonn-dfo-test', users.lonn.team), resource('evil-dfo-test', users.evil.team)],
        }),
        // Owners may do everything on their own entities, nothing on others'.
        mockServices.permissions.mock({
          authorize: async (requests, options) => {
            const user = (options?.credentials.principal as { userEntityRef: string }).userEntityRef;
            const team = user === users.lonn.ref ? users.lonn.team : users.evil.team;
            return requests.map(r => {
              const ref = 'resourceRef' in r ? (r.resourceRef as string) : undefined;
              if (r.permission.name === 'maskinporten.integration.read') return { result: AuthorizeResult.ALLOW };
              if (!ref) return { result: r.permission.name === 'maskinporten.integration.create' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
              return { result: OWNERS[ref] === team ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
            });
          },
        }).factory,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
            const team = ref === users.lonn.ref ? users.lonn.team : users.evil.team;
            return { userEntityRef: ref, ownershipEntityRefs: [ref, team] };
          },
        }).factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: {
                test: {
                  issuer: simulator.issuer,
                  tokenEndpoint: simulator.tokenEndpoint,
                  selfService: {
                    baseUrl: simulator.selfServiceBaseUrl,
                    auth: { adminToken: 'admin-token' },
                    retries: 0,
                  },
                },
              },
              keys: { modulusLength: 2048, kidPrefix: 'takeover' },
              keyEncryption: { secret: 'takeover-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6' },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  const as = (user: { ref: string }) => `Bearer ${mockCredentials.user.token(user.ref)}`;
  const api = (ref: string) => `/api/maskinporten/v1/entities/${ref.replace(':', '/')}`;

  it("refuses every way onto another team's client, leaves its keys alone, and shows the conflict on both cards", async () => {
    // The victim uses its client through Backstage: a key, registered by rotation.
    const key = await request(backend.server).post(`${api(VICTIM)}/keys`).set('authorization', as(users.lonn)).send({});
    expect(key.status).toBe(201);
    const rotation = await request(backend.server)
      .post(`${api(VICTIM)}/rotations`)
      .set('authorization', as(users.lonn))
      .send({});
    expect(rotation.status).toBe(201);
    const victimKeys = registeredKids(simulator, CLIENT);
    expect(victimKeys.length).toBeGreaterThan(0);

    // The attacker, owner of its own entity with the victim's client id, tries everything.
    const attempts = {
      key: await request(backend.server).post(`${api(ATTACKER)}/keys`).set('authorization', as(users.evil)).send({}),
      rotation: await request(backend.server).post(`${api(ATTACKER)}/rotations`).set('authorization', as(users.evil)).send({}),
      tokenTest: await request(backend.server).post(`${api(ATTACKER)}/token-tests`).set('authorization', as(users.evil)).send({}),
      export: await request(backend.server).get(`${api(ATTACKER)}/gravitee?format=v4&secrets=inline`).set('authorization', as(users.evil)),
      provisioning: await request(backend.server)
        .post('/api/maskinporten/v1/provisioning/integrations')
        .set('authorization', as(users.evil))
        .send({
          entityRef: 'resource:default/evil-dfo-second',
          owner: users.evil.team,
          environment: 'test',
          scopes: ['dfo:ansatte'],
          clientId: CLIENT,
          idempotencyKey: 'takeover-attempt-0001',
        }),
    };
    for (const [name, res] of Object.entries(attempts)) {
      expect({ name, status: res.status }).toEqual({ name, status: 409 });
      expect(res.body.error.message).toContain(CLIENT);
    }
    expect(attempts.key.body.error.message).toContain(`belongs to ${VICTIM}`);

    // The victim's registered key set is exactly what it was.
    expect(registeredKids(simulator, CLIENT)).toEqual(victimKeys);

    // Both cards, and both rows of the listing, explain the conflict.
    const victimCard = await request(backend.server).get(`${api(VICTIM)}/integrations`).set('authorization', as(users.lonn));
    expect(victimCard.body.items[0].clientConflict).toMatchObject({
      clientId: CLIENT,
      heldBy: VICTIM,
      alsoDeclaredBy: [ATTACKER],
    });
    const attackerCard = await request(backend.server).get(`${api(ATTACKER)}/integrations`).set('authorization', as(users.evil));
    expect(attackerCard.body.items[0].clientConflict).toMatchObject({ heldBy: VICTIM });
    expect(attackerCard.body.items[0].clientConflict.message).toMatch(/belongs to resource:default\/lonn-dfo-test/);

    await request(backend.server).post('/api/maskinporten/v1/integrations/refresh').set('authorization', as(users.lonn)).send({});
    const listing = await request(backend.server).get('/api/maskinporten/v1/integrations').set('authorization', as(users.lonn));
    const conflicts = Object.fromEntries(
      listing.body.items.map((item: any) => [item.entityRef, item.clientConflict?.heldBy]),
    );
    expect(conflicts).toEqual({ [VICTIM]: VICTIM, [ATTACKER]: VICTIM });
  });
});

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
import { PRIVATE_KEY_MATERIAL } from '../lib/privateKeyMaterial';
import { maskinportenPlugin } from '../plugin';

jest.setTimeout(180_000);

/**
 * Every route × every kind of caller, with the status each cell must have. The table is the
 * trust model of the README's security section: a user acts for themselves (the permission
 * policy decides per entity), the scaffolder acts on behalf of a user for provisioning only,
 * a service listed as a reader reads public data, and any other service token gets 403 —
 * although Backstage's permission framework (emulated faithfully below) allows every service
 * principal everything.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const OWNER = 'user:default/owner';
const STRANGER = 'user:default/stranger';
const TEAM = 'group:default/team-a';
const MEMBERSHIP: Record<string, string[]> = {
  [OWNER]: [OWNER, TEAM],
  [STRANGER]: [STRANGER, 'group:default/team-b'],
};
const OWNER_ONLY = ['maskinporten.key.create', 'maskinporten.token.test', 'maskinporten.gravitee.export'];

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'owned',
    namespace: 'default',
    annotations: {
      'maskinporten.no/client-id': 'client-owned',
      'maskinporten.no/environment': 'test',
      'maskinporten.no/scopes': 'dfo:ansatte',
    },
  },
  spec: { owner: TEAM, type: 'service', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: TEAM }],
};

const CALLERS = {
  // The test backend treats a request without a header as its default user; this is "no token".
  none: mockCredentials.none.header(),
  owner: `Bearer ${mockCredentials.user.token(OWNER)}`,
  stranger: `Bearer ${mockCredentials.user.token(STRANGER)}`,
  // Another backend plugin with its own credentials, and a static external-access token.
  plugin: `Bearer ${mockCredentials.service.token({
    onBehalfOf: mockCredentials.service('plugin:catalog'),
    targetPluginId: 'maskinporten',
  })}`,
  external: mockCredentials.service.header(),
  // A service the deployer listed as a reader (own credentials, `read` only).
  reader: `Bearer ${mockCredentials.service.token({
    onBehalfOf: mockCredentials.service('external:monitoring'),
    targetPluginId: 'maskinporten',
  })}`,
  scaffolderForOwner: `Bearer ${mockCredentials.user.token(OWNER, { actor: { subject: 'plugin:scaffolder' } })}`,
  scaffolderForStranger: `Bearer ${mockCredentials.user.token(STRANGER, { actor: { subject: 'plugin:scaffolder' } })}`,
} as const;
type Caller = keyof typeof CALLERS;
const CALLER_NAMES = Object.keys(CALLERS) as Caller[];
/** Services and strangers first, so a state change they made would show before an owner's. */
const CALL_ORDER: Caller[] = [
  'none',
  'plugin',
  'external',
  'reader',
  'scaffolderForStranger',
  'stranger',
  'scaffolderForOwner',
  'owner',
];

const E = '/api/maskinporten/v1/entities/component/default/owned';
const ROTATION_ID = '00000000-0000-4000-8000-000000000000';
let provisioned = 0;

/** One row per route; `expect` lists statuses in CALLER_NAMES order. */
const ROUTES: Array<{
  route: string;
  method: 'get' | 'post' | 'put';
  path: string;
  body?: () => object;
  expect: [number, number, number, number, number, number, number, number];
}> = [
  //                                                       none owner strng plugin ext  reader scaf-o scaf-s
  { route: 'GET /health', method: 'get', path: '/api/maskinporten/health', expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /v1/integrations', method: 'get', path: '/api/maskinporten/v1/integrations', expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'POST /v1/integrations/refresh', method: 'post', path: '/api/maskinporten/v1/integrations/refresh', body: () => ({}), expect: [401, 200, 200, 403, 403, 403, 403, 403] },
  { route: 'GET …/integrations', method: 'get', path: `${E}/integrations`, expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'POST …/keys', method: 'post', path: `${E}/keys`, body: () => ({}), expect: [401, 201, 403, 403, 403, 403, 403, 403] },
  { route: 'GET …/jwks', method: 'get', path: `${E}/jwks`, expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'POST …/token-tests', method: 'post', path: `${E}/token-tests`, body: () => ({}), expect: [401, 201, 403, 403, 403, 403, 403, 403] },
  { route: 'GET …/gravitee (placeholder)', method: 'get', path: `${E}/gravitee?format=v4&secrets=placeholder`, expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'GET …/gravitee (inline key)', method: 'get', path: `${E}/gravitee?format=v4&secrets=inline`, expect: [401, 200, 403, 403, 403, 403, 403, 403] },
  // Deploy is not configured here: owners learn that (503), nobody else gets past access.
  { route: 'POST …/gravitee/deploy', method: 'post', path: `${E}/gravitee/deploy`, body: () => ({}), expect: [401, 503, 403, 403, 403, 403, 403, 403] },
  { route: 'GET …/gravitee/deployment', method: 'get', path: `${E}/gravitee/deployment`, expect: [401, 404, 404, 403, 403, 404, 403, 403] },
  { route: 'GET /v1/gravitee/status', method: 'get', path: '/api/maskinporten/v1/gravitee/status', expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'POST /v1/gravitee/lint', method: 'post', path: '/api/maskinporten/v1/gravitee/lint', body: () => ({ gravitee: '2.0.0' }), expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'GET /v1/expiry-scan', method: 'get', path: '/api/maskinporten/v1/expiry-scan', expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'POST /v1/expiry-scan', method: 'post', path: '/api/maskinporten/v1/expiry-scan', body: () => ({}), expect: [401, 202, 202, 403, 403, 403, 403, 403] },
  {
    route: 'POST /v1/provisioning/integrations (owner team-a)',
    method: 'post',
    path: '/api/maskinporten/v1/provisioning/integrations',
    body: () => ({
      entityRef: `resource:default/new-${++provisioned}`,
      owner: TEAM,
      environment: 'test',
      scopes: ['dfo:ansatte'],
      idempotencyKey: `matrix-${provisioned}-0123456789`,
    }),
    expect: [401, 201, 403, 403, 403, 403, 201, 403],
  },
  { route: 'POST …/rotations', method: 'post', path: `${E}/rotations`, body: () => ({}), expect: [401, 201, 403, 403, 403, 403, 403, 403] },
  { route: 'GET …/rotations/current', method: 'get', path: `${E}/rotations/current`, expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'POST …/rotations/:id/advance', method: 'post', path: `${E}/rotations/${ROTATION_ID}/advance`, body: () => ({}), expect: [401, 404, 403, 403, 403, 403, 403, 403] },
  { route: 'POST …/rotations/:id/uploaded', method: 'post', path: `${E}/rotations/${ROTATION_ID}/uploaded`, body: () => ({}), expect: [401, 404, 403, 403, 403, 403, 403, 403] },
  { route: 'POST …/rotations/:id/cancel', method: 'post', path: `${E}/rotations/${ROTATION_ID}/cancel`, body: () => ({}), expect: [401, 404, 403, 403, 403, 403, 403, 403] },
  // Administrators only (maskinporten.integration.admin, denied to every user here).
  { route: 'POST …/adopt (not imported)', method: 'post', path: `${E}/adopt`, body: () => ({}), expect: [401, 409, 403, 403, 403, 403, 403, 403] },
  { route: 'GET /v1/environments/:env/scopes', method: 'get', path: '/api/maskinporten/v1/environments/test/scopes', expect: [401, 200, 200, 403, 403, 200, 403, 403] },
  { route: 'PUT …/client-claim', method: 'put', path: `${E}/client-claim`, body: () => ({}), expect: [401, 403, 403, 403, 403, 403, 403, 403] },
];

/**
 * Backstage's ServerPermissionClient answers ALLOW for every service principal without asking
 * the policy; users get the example portal's policy: everyone reads, owners do the rest, any
 * user may create an integration, nobody administers.
 */
function permissionsLikeBackstage() {
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const principal = options?.credentials.principal as { type: string; userEntityRef?: string };
      return requests.map(r => {
        if (principal.type === 'service') return { result: AuthorizeResult.ALLOW };
        const name = r.permission.name;
        if (name === 'maskinporten.integration.admin') return { result: AuthorizeResult.DENY };
        if (!OWNER_ONLY.includes(name)) return { result: AuthorizeResult.ALLOW };
        const owns = (MEMBERSHIP[principal.userEntityRef ?? ''] ?? []).includes(TEAM);
        return { result: owns ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      });
    },
  });
}

describe.each(databases.eachSupportedId())('permission matrix on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: 'admin-token',
      clients: [{ clientId: 'client-owned', scopes: ['dfo:ansatte'] }],
    });
    knex = await databases.init(databaseId);
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        permissionsLikeBackstage().factory,
        mockServices.userInfo.mock({
          getUserInfo: async credentials => {
            const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
            return { userEntityRef: ref, ownershipEntityRefs: MEMBERSHIP[ref] ?? [ref] };
          },
        }).factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: {
                test: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
              },
              keys: { modulusLength: 2048, kidPrefix: 'matrix' },
              keyEncryption: { secret: 'matrix-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6' },
              tokenTests: { timeoutMs: 5000, rateLimitPerWindow: 100 },
              access: {
                serviceCallers: [
                  { subject: 'plugin:scaffolder', onBehalfOfUser: true, capabilities: ['provisioning'] },
                  { subject: 'external:monitoring', capabilities: ['read'] },
                ],
              },
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

  it('gives every route × caller cell its expected status, and services no key material or state change', async () => {
    const actual: Record<string, number[]> = {};
    const expected: Record<string, number[]> = {};
    const serviceBodies: string[] = [];
    const count = async () => ({
      keys: Number((await knex('maskinporten_keys').count({ n: '*' }))[0].n),
      tests: Number((await knex('maskinporten_token_tests').count({ n: '*' }))[0].n),
      rotations: Number((await knex('maskinporten_key_rotations').count({ n: '*' }))[0].n),
      provisioned: Number((await knex('maskinporten_provisioning_requests').count({ n: '*' }))[0].n),
    });
    let serviceChanges = 0;
    for (const row of ROUTES) {
      actual[row.route] = [];
      expected[row.route] = [...row.expect];
      for (const caller of CALL_ORDER) {
        const before = await count();
        let req = request(backend.server)[row.method](row.path);
        const header = CALLERS[caller];
        if (header) req = req.set('authorization', header);
        const res = row.body ? await req.send(row.body()) : await req;
        actual[row.route][CALLER_NAMES.indexOf(caller)] = res.status;
        if (['plugin', 'external', 'reader'].includes(caller)) {
          serviceBodies.push(JSON.stringify(res.body));
          if (JSON.stringify(await count()) !== JSON.stringify(before)) serviceChanges++;
        }
      }
    }
    expect(actual).toEqual(expected);
    expect(serviceChanges).toBe(0);
    for (const body of serviceBodies) {
      expect(body).not.toMatch(PRIVATE_KEY_MATERIAL);
    }
  });
});

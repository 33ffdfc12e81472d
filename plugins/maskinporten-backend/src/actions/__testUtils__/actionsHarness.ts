import { TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { maskinportenPlugin } from '../../plugin';
import { digdirClientDescription } from '../../provisioning/clientDescription';

export const OWNER = 'user:default/owner';
export const STRANGER = 'user:default/stranger';
const TEAM = 'group:default/team-a';
const OTHER_TEAM = 'group:default/team-b';
const MEMBERSHIP: Record<string, string[]> = {
  [OWNER]: [OWNER, TEAM],
  [STRANGER]: [STRANGER, OTHER_TEAM],
};
const OWNER_ONLY = ['maskinporten.key.create', 'maskinporten.token.test', 'maskinporten.gravitee.export'];
const ADMIN_TOKEN = 'actions-admin-token';
// Actions add no SQL of their own: the routes' tests cover PostgreSQL.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function component(name: string, owner: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: `${name} service`, annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

/** Team A owns `owned`; team B owns `theirs`; `broken` has an unknown environment. */
export const ENTITIES: Entity[] = [
  component('owned', TEAM, {
    'maskinporten.no/client-id': 'client-owned',
    'maskinporten.no/environment': 'test',
    'maskinporten.no/scopes': 'dfo:ansatte dfo:organisasjon',
  }),
  component('theirs', OTHER_TEAM, {
    'maskinporten.no/client-id': 'client-theirs',
    'maskinporten.no/environment': 'test',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  component('broken', TEAM, {
    'maskinporten.no/client-id': 'client-broken',
    'maskinporten.no/environment': 'nowhere',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
];

/** Every kind of caller an action can meet, as the header it arrives with. */
export const CALLERS = {
  owner: `Bearer ${mockCredentials.user.token(OWNER)}`,
  stranger: `Bearer ${mockCredentials.user.token(STRANGER)}`,
  // What the MCP actions backend sends: the user's identity, with itself as the actor.
  mcpForOwner: `Bearer ${mockCredentials.user.token(OWNER, { actor: { subject: 'plugin:mcp-actions' } })}`,
  mcpForStranger: `Bearer ${mockCredentials.user.token(STRANGER, { actor: { subject: 'plugin:mcp-actions' } })}`,
  // A plugin the deployer did not list, on behalf of the owner.
  catalogForOwner: `Bearer ${mockCredentials.user.token(OWNER, { actor: { subject: 'plugin:catalog' } })}`,
  // The MCP backend with its own credentials (a static-token MCP client): listed for read only.
  mcpAlone: `Bearer ${mockCredentials.service.token({
    onBehalfOf: mockCredentials.service('plugin:mcp-actions'),
    targetPluginId: 'maskinporten',
  })}`,
  externalService: mockCredentials.service.header(),
} as const;
export type Caller = keyof typeof CALLERS;

/**
 * Backstage's permission client allows every service principal; users get the example
 * portal's policy: everyone reads, an entity's owners do the rest.
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
        const entity = ENTITIES.find(e => `component:default/${e.metadata.name}` === (r as { resourceRef?: string }).resourceRef);
        const owns = (MEMBERSHIP[principal.userEntityRef ?? ''] ?? []).includes(String(entity?.spec?.owner));
        return { result: owns ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      });
    },
  });
}

/**
 * The plugin in a test backend with the real actions registry (its HTTP invoke route), a
 * simulator as the `test` environment with Digdir's self-service API, and the service
 * callers a deployer of the MCP actions backend configures.
 */
export async function startActionsBackend() {
  const simulator = await MaskinportenSimulator.start({
    adminToken: ADMIN_TOKEN,
    scopes: ['dfo:ansatte', 'dfo:organisasjon'],
    clients: ['owned', 'theirs'].map(name => ({
      clientId: `client-${name}`,
      scopes: name === 'owned' ? ['dfo:ansatte', 'dfo:organisasjon'] : ['dfo:ansatte'],
      description: digdirClientDescription(`component:default/${name}`, 'test'),
    })),
  });
  const knex = await databases.init('SQLITE_3');
  const auditEvents: Array<{ eventId: string; meta?: object; outcome?: string }> = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      const record: { eventId: string; meta?: object; outcome?: string } = { eventId, meta };
      auditEvents.push(record);
      return {
        success: async () => {
          record.outcome = 'success';
        },
        fail: async () => {
          record.outcome = 'fail';
        },
      };
    },
  });
  const backend = await startTestBackend({
    features: [
      maskinportenPlugin,
      catalogServiceMock.factory({ entities: ENTITIES }),
      permissionsLikeBackstage().factory,
      auditor.factory,
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
              test: {
                issuer: simulator.issuer,
                tokenEndpoint: simulator.tokenEndpoint,
                selfService: {
                  baseUrl: simulator.selfServiceBaseUrl,
                  auth: { adminToken: ADMIN_TOKEN },
                  timeoutMs: 2000,
                  retries: 0,
                },
              },
            },
            keys: { modulusLength: 2048, kidPrefix: 'act' },
            keyEncryption: { secret: 'actions-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6' },
            tokenTests: { timeoutMs: 5000, rateLimitPerWindow: 100 },
            lifecycle: {
              rotation: {
                schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 }, initialDelay: { hours: 1 } },
              },
            },
            access: {
              serviceCallers: [
                { subject: 'plugin:scaffolder', onBehalfOfUser: true, capabilities: ['provisioning'] },
                { subject: 'plugin:mcp-actions', onBehalfOfUser: true, capabilities: ['read', 'token.test', 'rotation'] },
                { subject: 'plugin:mcp-actions', capabilities: ['read'] },
              ],
            },
          },
        },
      }),
    ],
  });

  const invoke = (caller: Caller, action: string, input: unknown) =>
    request(backend.server)
      .post(`/api/maskinporten/.backstage/actions/v1/actions/maskinporten:${action}/invoke`)
      .set('authorization', CALLERS[caller])
      .send(input as object);
  const get = (caller: Caller, path: string) =>
    request(backend.server).get(`/api/maskinporten${path}`).set('authorization', CALLERS[caller]);
  const post = (caller: Caller, path: string, body: unknown = {}) =>
    request(backend.server).post(`/api/maskinporten${path}`).set('authorization', CALLERS[caller]).send(body as object);

  /** A key for `name` made by `caller`, registered with the simulator as Samarbeidsportalen would. */
  async function registeredKey(name: string, caller: Caller = 'owner') {
    const created = await post(caller, `/v1/entities/component/default/${name}/keys`);
    if (created.status !== 201) {
      throw new Error(`POST …/${name}/keys as ${caller}: ${created.status} ${JSON.stringify(created.body)}`);
    }
    simulator.setClientKeys(`client-${name}`, created.body.jwks);
    return created.body.key.kid as string;
  }

  return {
    backend,
    simulator,
    auditEvents,
    invoke,
    get,
    post,
    registeredKey,
    async stop() {
      await backend.stop();
      await simulator.close();
    },
  };
}

export type ActionsBackend = Awaited<ReturnType<typeof startActionsBackend>>;

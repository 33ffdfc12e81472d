import { TestDatabases, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { maskinportenPlugin } from '../../plugin';

/** The router tests' backend: the plugin over a mock catalog of a few annotated components. */
export const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'router-test-secret-that-is-long-enough-0123456789';
export const API = '/api/maskinporten/v1/entities';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/team-lonn', type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-lonn' }],
  };
}

export const entities: Entity[] = [
  component('lonn', {
    'maskinporten.no/client-id': 'client-lonn',
    'maskinporten.no/environment': 'test',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  component('unregistered', {
    'maskinporten.no/client-id': 'client-unknown',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  component('plain', {}),
  component('broken', {
    'maskinporten.no/environment': 'staging',
    'maskinporten.no/scopes': 'dfo',
    'maskinporten.no/consumer-org': '1234',
  }),
  component('noclient', { 'maskinporten.no/scopes': 'dfo:ansatte' }),
  component('gateway', {
    // A client id belongs to one integration: the gateway example has its own.
    'maskinporten.no/client-id': 'client-gateway',
    'maskinporten.no/scopes': 'dfo:ansatte',
    'maskinporten.no/gravitee-context-path': '/tokens/dfo',
    'maskinporten.no/gravitee-ip-allow-list': '192.0.2.0/24',
  }),
];

export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

export async function startBackend(options: {
  knex?: Awaited<ReturnType<typeof databases.init>>;
  environments: Record<string, { issuer: string; tokenEndpoint: string }>;
  denied?: string[];
  modulusLength?: number;
  timeoutMs?: number;
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
}) {
  const denied = new Set(options.denied ?? []);
  const features: any[] = [
    maskinportenPlugin,
    catalogServiceMock.factory({ entities }),
    mockServices.rootConfig.factory({
      data: {
        maskinporten: {
          environments: options.environments,
          keys: { modulusLength: options.modulusLength ?? 2048, kidPrefix: 'rt' },
          keyEncryption: { secret: SECRET },
          tokenTests: { timeoutMs: options.timeoutMs ?? 5000, rateLimitPerWindow: 100 },
        },
      },
    }),
    mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    }).factory,
  ];
  if (options.knex) {
    features.push(mockServices.database.factory({ knex: options.knex }));
  }
  if (options.auditor) {
    features.push(options.auditor.factory);
  }
  return startTestBackend({ features });
}

import { mockServices, startTestBackend, TestDatabases } from '@backstage/backend-test-utils';
import { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { inspect } from 'node:util';
import request from 'supertest';
import { maskinportenPlugin } from '../../../plugin';

export const SECRET = 'deploy-test-secret-that-is-long-enough-0123456789';
export const TOKEN = 'gravitee-pat-123';
export const API = '/api/maskinporten/v1/entities/component/default';
export const TABLE = 'maskinporten_gateway_deployments';

export const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'lonn',
      namespace: 'default',
      annotations: {
        'maskinporten.no/client-id': 'client-lonn',
        'maskinporten.no/environment': 'test',
        'maskinporten.no/scopes': 'dfo:ansatte',
      },
    },
    spec: { owner: 'group:default/team-lonn', type: 'service', lifecycle: 'production' },
  },
];

export type AuditRecord = { eventId: string; severityLevel?: string; outcome?: string; meta?: unknown };
export type TestKnex = Awaited<ReturnType<TestDatabases['init']>>;

/** Every log line, every error body and every audit failure, to check none carries a key. */
export const seen: string[] = [];

function capturingLogger(): LoggerService {
  const log = (level: string) => (message: string, meta?: unknown) => {
    seen.push(`${level} ${message} ${meta === undefined ? '' : inspect(meta, { depth: 5 })}`);
  };
  const logger: LoggerService = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

/**
 * The Maskinporten backend plugin with Gravitee deploy configured, one entity (`lonn`, test)
 * and a generated key. `environments` overrides the default test environment (e.g. to point
 * at a simulator).
 */
export async function startDeployBackend(options: {
  knex?: TestKnex;
  gravitee?: JsonObject;
  denied?: string[];
  audit?: AuditRecord[];
  environments?: JsonObject;
  modulusLength?: number;
}) {
  const denied = new Set(options.denied ?? []);
  const logger = capturingLogger();
  const features: any[] = [
    maskinportenPlugin,
    catalogServiceMock.factory({ entities }),
    mockServices.rootConfig.factory({
      data: {
        maskinporten: {
          environments: options.environments ?? {
            test: {
              issuer: 'https://test.maskinporten.no/',
              tokenEndpoint: 'https://test.maskinporten.no/token',
            },
          },
          keys: { modulusLength: options.modulusLength ?? 2048, kidPrefix: 'dt' },
          keyEncryption: { secret: SECRET },
          ...(options.gravitee ? { gravitee: options.gravitee } : {}),
        },
      },
    }),
    mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    }).factory,
    mockServices.rootLogger.mock(logger as any).factory,
    mockServices.logger.mock(logger).factory,
  ];
  if (options.knex) {
    features.push(mockServices.database.factory({ knex: options.knex }));
  }
  const audit = options.audit;
  if (audit) {
    features.push(
      mockServices.auditor.mock({
        createEvent: async ({ eventId, severityLevel, meta }) => {
          const record: AuditRecord = { eventId, severityLevel, meta };
          audit.push(record);
          return {
            success: async () => {
              record.outcome = 'success';
            },
            fail: async ({ error }) => {
              record.outcome = 'fail';
              seen.push(`audit ${inspect(error)}`);
            },
          };
        },
      }).factory,
    );
  }
  const backend = await startTestBackend({ features });
  await request(backend.server).post(`${API}/lonn/keys`).send({}).expect(201);
  return backend;
}

export function errorOf(res: request.Response): string {
  seen.push(JSON.stringify(res.body));
  return res.body?.error?.message ?? '';
}

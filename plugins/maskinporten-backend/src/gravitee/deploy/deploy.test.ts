import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { inspect } from 'node:util';
import request from 'supertest';
import { maskinportenPlugin } from '../../plugin';
import { ManagementApiDouble } from './__testUtils__/ManagementApiDouble';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'deploy-test-secret-that-is-long-enough-0123456789';
const TOKEN = 'gravitee-pat-123';
const API = '/api/maskinporten/v1/entities/component/default';
const TABLE = 'maskinporten_gravitee_deployments';

const entities: Entity[] = [
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

/** Every log line, every error body and every audit failure, to check none carries a key. */
const seen: string[] = [];

function capturingLogger(): LoggerService {
  const log =
    (level: string) =>
    (message: string, meta?: unknown) => {
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

type AuditRecord = { eventId: string; severityLevel?: string; outcome?: string; meta?: unknown };

async function startBackend(options: {
  knex?: Awaited<ReturnType<typeof databases.init>>;
  gravitee?: JsonObject;
  denied?: string[];
  audit?: AuditRecord[];
}) {
  const denied = new Set(options.denied ?? []);
  const logger = capturingLogger();
  const features: any[] = [
    maskinportenPlugin,
    catalogServiceMock.factory({ entities }),
    mockServices.rootConfig.factory({
      data: {
        maskinporten: {
          environments: {
            test: {
              issuer: 'https://test.maskinporten.no/',
              tokenEndpoint: 'https://test.maskinporten.no/token',
            },
          },
          keys: { modulusLength: 2048, kidPrefix: 'dt' },
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

function errorOf(res: request.Response): string {
  seen.push(JSON.stringify(res.body));
  return res.body?.error?.message ?? '';
}

describe.each(databases.eachSupportedId())('Gravitee deploy on %p', databaseId => {
  let double: ManagementApiDouble;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  const audit: AuditRecord[] = [];

  beforeAll(async () => {
    double = await ManagementApiDouble.start({ token: TOKEN, organization: 'DEFAULT', environment: 'DEFAULT' });
    knex = await databases.init(databaseId);
    backend = await startBackend({
      knex,
      audit,
      gravitee: { managementUrl: `${double.baseUrl}/`, token: TOKEN, timeoutMs: 3000 },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await double?.close();
  });

  beforeEach(async () => {
    double.reset();
    double.token = TOKEN;
    await knex(TABLE).delete();
    audit.length = 0;
  });

  function deploy(format: 'v2' | 'v4') {
    return request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({ format });
  }

  function deployment(format: 'v2' | 'v4') {
    return request(backend.server).get(`${API}/lonn/gravitee/deployment?format=${format}`);
  }

  describe.each(['v2', 'v4'] as const)('%s', format => {
    const startPath = format === 'v2' ? /action=START/ : /\/_start$/;
    const importPath = format === 'v2' ? /\/apis\/import\?definitionVersion=2\.0\.0$/ : /\/apis\/_import\/definition$/;

    it('creates the API once, starts and deploys it, and records the id', async () => {
      const res = await deploy(format);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ apiId: expect.any(String), status: 'deployed', format, created: true });

      expect(double.apis.size).toBe(1);
      const api = double.apis.get(res.body.apiId)!;
      expect(api).toMatchObject({
        format,
        state: 'STARTED',
        visibility: 'PRIVATE',
        deployments: 1,
        updates: 0,
        contextPaths: ['/maskinporten/test/lonn/'],
      });
      // No secretReferenceTemplate configured: the key goes inline, as the gateway needs it.
      expect(JSON.stringify(api.definition)).toContain('BEGIN PRIVATE KEY');
      expect(double.calls.map(c => `${c.method} ${c.status}`)).toEqual(
        format === 'v2' ? ['POST 200', 'POST 200', 'POST 202'] : ['POST 201', 'POST 200', 'POST 202'],
      );
      expect(double.calls[0].path).toMatch(importPath);
      expect(double.calls[1].path).toMatch(startPath);
      expect(double.calls[2].path).toMatch(format === 'v2' ? /\/deploy$/ : /\/deployments$/);

      const status = await deployment(format);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        entityRef: 'component:default/lonn',
        environment: 'test',
        format,
        apiId: res.body.apiId,
        status: 'deployed',
        lastError: null,
        deployedBy: 'user:default/mock',
      });
      expect(audit).toContainEqual(
        expect.objectContaining({ eventId: 'gravitee-deploy', severityLevel: 'high', outcome: 'success' }),
      );
    });

    it('updates the same API on a second deploy instead of creating a twin', async () => {
      const first = await deploy(format);
      expect(first.status).toBe(200);
      double.calls.length = 0;

      const second = await deploy(format);
      expect(second.status).toBe(200);
      expect(second.body).toEqual({ apiId: first.body.apiId, status: 'deployed', format, created: false });
      expect(double.apis.size).toBe(1);
      const api = double.apis.get(first.body.apiId)!;
      expect(api).toMatchObject({ updates: 1, deployments: 2, state: 'STARTED' });
      // update, then start (answered "already started", which counts as success), then deploy
      expect(double.calls.map(c => `${c.method} ${c.status}`)).toEqual(['PUT 200', 'POST 400', 'POST 202']);
      expect(double.calls[0].path).toContain(first.body.apiId);
      expect(double.calls[1].path).toMatch(startPath);
      const rows = await knex(TABLE).select();
      expect(rows).toHaveLength(1);
    });

    it('answers 503 when the management API fails, stores "failed", and a retry creates no twin', async () => {
      double.failNext(1, 500, startPath);
      const failed = await deploy(format);
      expect(failed.status).toBe(503);
      expect(errorOf(failed)).toMatch(/^Gravitee management API unavailable: start answered 500/);
      expect(double.apis.size).toBe(1);
      const [api] = [...double.apis.values()];
      expect(api.state).toBe('STOPPED');

      const stored = await deployment(format);
      expect(stored.body).toMatchObject({ status: 'failed', apiId: api.id });
      expect(stored.body.lastError).toMatch(/management API unavailable/);
      expect(audit).toContainEqual(expect.objectContaining({ eventId: 'gravitee-deploy', outcome: 'fail' }));

      const retry = await deploy(format);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual({ apiId: api.id, status: 'deployed', format, created: false });
      expect(double.apis.size).toBe(1);
      expect(double.apis.get(api.id)).toMatchObject({ state: 'STARTED', deployments: 1 });
      expect((await deployment(format)).body).toMatchObject({ status: 'deployed', lastError: null });
    });

    it('answers 503 when the import itself fails, and imports on the next try', async () => {
      double.failNext(2, 502);
      const failed = await deploy(format);
      expect(failed.status).toBe(503);
      expect(double.apis.size).toBe(0);
      expect((await deployment(format)).body).toMatchObject({ status: 'failed', apiId: null });
      const again = await deploy(format);
      expect(again.status).toBe(503);
      const ok = await deploy(format);
      expect(ok.status).toBe(200);
      expect(ok.body.created).toBe(true);
      expect(double.apis.size).toBe(1);
    });

    it('names the token config key when Gravitee rejects the credentials', async () => {
      double.token = 'rotated-elsewhere';
      const res = await deploy(format);
      expect(res.status).toBe(502);
      expect(errorOf(res)).toMatch(/^Gravitee rejected the credentials \(maskinporten\.gravitee\.token\)/);
      expect(double.calls.map(c => c.status)).toEqual([401]);
      expect(double.apis.size).toBe(0);
      const stored = await deployment(format);
      expect(stored.body).toMatchObject({ status: 'failed' });
      expect(stored.body.lastError).toMatch(/maskinporten\.gravitee\.token/);
    });

    it('gives up on a management API that does not answer', async () => {
      double.hangNext(1);
      const res = await deploy(format);
      expect(res.status).toBe(503);
      expect(errorOf(res)).toMatch(/did not answer within 3000 ms \(maskinporten\.gravitee\.timeoutMs\)/);
      expect((await deployment(format)).body).toMatchObject({ status: 'failed' });
    });

    it('answers 409 with Gravitee\'s message when the context path is taken', async () => {
      double.addForeignApi('/maskinporten/test/lonn');
      const res = await deploy(format);
      expect(res.status).toBe(409);
      expect(errorOf(res)).toMatch(/The path \[\/maskinporten\/test\/lonn\/\] is already covered by an other API/);
      expect(double.apis.size).toBe(1);
    });

    it('imports again when the stored API was deleted in Gravitee', async () => {
      const first = await deploy(format);
      double.apis.clear();
      const second = await deploy(format);
      expect(second.status).toBe(200);
      expect(second.body.created).toBe(true);
      expect(second.body.apiId).not.toBe(first.body.apiId);
      expect(double.apis.size).toBe(1);
    });
  });

  it('keeps v2 and v4 deploys apart, and answers the latest on the deployment route', async () => {
    expect((await deploy('v2')).status).toBe(200);
    expect((await request(backend.server).get(`${API}/lonn/gravitee/deployment`)).body.format).toBe('v2');
    // The same context path cannot be taken by a second API, v4 or not.
    const v4 = await deploy('v4');
    expect(v4.status).toBe(409);
    expect((await deployment('v4')).body.status).toBe('failed');
    expect((await deployment('v2')).body.status).toBe('deployed');
  });

  it('never writes a private key into an error, a log line, an audit failure or the database', async () => {
    const rows = await knex(TABLE).select();
    expect(JSON.stringify(rows)).not.toContain('PRIVATE KEY');
    // The failures above were logged (warn by the deployer, error by the 5xx handler) …
    expect(seen.join('\n')).toMatch(/warn Gravitee deploy of component:default\/lonn \(test, v4\) failed/);
    expect(seen.join('\n')).toMatch(/Request failed with status 503/);
    // … and none of it carries the key the deployed definitions held.
    expect(seen.join('\n')).not.toContain('PRIVATE KEY');
  });
});

describe('Gravitee deploy without configuration or permission', () => {
  let double: ManagementApiDouble;

  beforeAll(async () => {
    double = await ManagementApiDouble.start({ token: TOKEN });
  });
  afterAll(async () => {
    await double?.close();
  });

  it('reports deploy as not configured and answers 503 naming the config keys', async () => {
    const backend = await startBackend({ gravitee: { managementUrl: double.baseUrl } });
    try {
      const status = await request(backend.server).get('/api/maskinporten/v1/gravitee/status');
      expect(status.status).toBe(200);
      expect(status.body).toEqual({ deployConfigured: false, deployFormat: 'v4' });
      const res = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({});
      expect(res.status).toBe(503);
      expect(errorOf(res)).toBe(
        'Gravitee deploy is not configured: configure maskinporten.gravitee.managementUrl and token',
      );
      const none = await request(backend.server).get(`${API}/lonn/gravitee/deployment`);
      expect(none.status).toBe(404);
      expect(double.calls).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('forbids deploy without the export permission, and validates the body', async () => {
    const audit: AuditRecord[] = [];
    const backend = await startBackend({
      gravitee: { managementUrl: double.baseUrl, token: TOKEN, deployFormat: 'v2' },
      denied: ['maskinporten.gravitee.export'],
      audit,
    });
    try {
      const status = await request(backend.server).get('/api/maskinporten/v1/gravitee/status');
      expect(status.body).toEqual({ deployConfigured: true, deployFormat: 'v2' });
      const res = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({});
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatch(/maskinporten\.gravitee\.export/);
      expect(audit).toContainEqual(expect.objectContaining({ eventId: 'gravitee-deploy', outcome: 'fail' }));
      for (const body of [{ format: 'v3' }, { format: 'v2', secrets: 'inline' }, [1]]) {
        const bad = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send(body);
        expect(bad.status).toBe(400);
      }
      expect(double.calls).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('uses a secret reference instead of the key when a reference template is configured', async () => {
    const backend = await startBackend({
      gravitee: {
        managementUrl: double.baseUrl,
        token: TOKEN,
        secretReferenceTemplate: "{#secrets.get('/vault/mp/{environment}', '{kid}')}",
      },
    });
    try {
      const res = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({});
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ format: 'v4', created: true });
      const definition = JSON.stringify(double.apis.get(res.body.apiId)!.definition);
      expect(definition).not.toContain('PRIVATE KEY');
      expect(definition).toContain("#secrets.get('/vault/mp/test'");
    } finally {
      await backend.stop();
    }
  });
});

import { TestDatabases, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { ManagementApiDouble } from '@maskinporten-backstage/gravitee-simulator';
import {
  API,
  AuditRecord,
  TABLE,
  TOKEN,
  TestKnex,
  errorOf,
  seen,
  startDeployBackend as startBackend,
} from './__testUtils__/deployBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('Gravitee deploy on %p', databaseId => {
  let double: ManagementApiDouble;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: TestKnex;
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
      expect(res.body).toEqual({
        apiId: expect.any(String),
        status: 'deployed',
        format,
        created: true,
        apimVersion: '4.10.8',
      });

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
      // Generate JWT reads no secret reference: the key goes inline, as the gateway needs it.
      expect(JSON.stringify(api.definition)).toContain('BEGIN PRIVATE KEY');
      // version, look-up by marker (none yet), import, start, deploy
      expect(double.calls.map(c => `${c.method} ${c.status}`)).toEqual(
        format === 'v2'
          ? ['GET 200', 'GET 200', 'POST 200', 'POST 204', 'POST 200']
          : ['GET 200', 'GET 404', 'POST 201', 'POST 204', 'POST 202'],
      );
      expect(double.calls[0].path).toBe('/management/openapi.json');
      expect(double.calls[1].path).toMatch(format === 'v2' ? /\/apis\?crossId=/ : /\/v2\/environments\/DEFAULT\/apis\/[0-9a-f-]+$/);
      expect(double.calls[2].path).toMatch(importPath);
      expect(double.calls[3].path).toMatch(startPath);
      expect(double.calls[4].path).toMatch(format === 'v2' ? /\/deploy$/ : /\/deployments$/);

      const status = await deployment(format);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        entityRef: 'component:default/lonn',
        environment: 'test',
        format,
        apiId: res.body.apiId,
        apimVersion: '4.10.8',
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
      expect(second.body).toEqual({
        apiId: first.body.apiId,
        status: 'deployed',
        format,
        created: false,
        apimVersion: '4.10.8',
      });
      expect(double.apis.size).toBe(1);
      const api = double.apis.get(first.body.apiId)!;
      expect(api).toMatchObject({ updates: 1, deployments: 2, state: 'STARTED' });
      // version, update (v4 before 4.12: the API, then its plan), start (answered "already
      // started"; a look-up shows it STARTED, which counts as success), deploy
      expect(double.calls.map(c => `${c.method} ${c.status}`)).toEqual(
        format === 'v2'
          ? ['GET 200', 'PUT 200', 'POST 400', 'GET 200', 'POST 200']
          : ['GET 200', 'PUT 200', 'PUT 200', 'POST 400', 'GET 200', 'POST 202'],
      );
      expect(double.calls[1].path).toContain(first.body.apiId);
      expect(double.calls.find(c => c.status === 400)!.path).toMatch(startPath);
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
      expect(retry.body).toEqual({ apiId: api.id, status: 'deployed', format, created: false, apimVersion: '4.10.8' });
      expect(double.apis.size).toBe(1);
      expect(double.apis.get(api.id)).toMatchObject({ state: 'STARTED', deployments: 1 });
      expect((await deployment(format)).body).toMatchObject({ status: 'deployed', lastError: null });
    });

    it('answers 503 when the import itself fails, and imports on the next try', async () => {
      double.failNext(2, 502, importPath);
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
      // The version is public (GET /management/openapi.json); the first authenticated call fails.
      expect(double.calls.map(c => c.status)).toEqual([200, 401]);
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

    it('imports again, under the same marker-derived id, when the API was deleted in Gravitee', async () => {
      const first = await deploy(format);
      double.apis.clear();
      double.calls.length = 0;
      const second = await deploy(format);
      expect(second.status).toBe(200);
      expect(second.body.created).toBe(true);
      // v4 keeps the body's id; v2 derives it from the environment and the body's id.
      expect(second.body.apiId).toBe(first.body.apiId);
      expect(double.apis.size).toBe(1);
      // The 404 on update was checked against the API itself before anything was imported.
      const statuses = double.calls.map(c => `${c.method} ${c.status}`);
      expect(statuses.slice(0, 4)).toEqual(['GET 200', 'PUT 404', 'GET 404', `POST ${format === 'v2' ? '200' : '201'}`]);
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

  it('refuses to start with the removed secretReferenceTemplate, saying why', async () => {
    await expect(
      startBackend({
        gravitee: {
          managementUrl: double.baseUrl,
          token: TOKEN,
          secretReferenceTemplate: "{#secrets.get('/vault/mp/{environment}', '{kid}')}",
        },
      }),
    ).rejects.toThrow(/secretReferenceTemplate is no longer supported: the open-source Generate JWT policy never resolves/);
  });
});

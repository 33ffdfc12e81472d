import { startTestBackend } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { createPrivateKey } from 'node:crypto';
import request from 'supertest';
import { ManagementApiDouble } from '@maskinporten-backstage/gravitee-simulator';
import { ApimRelease, APIM_RELEASES } from '@maskinporten-backstage/gravitee-simulator';
import { API, TOKEN, errorOf, seen, startDeployBackend } from './__testUtils__/deployBackend';
import { SECRET_RUN_LENGTH } from './secretScrubber';

jest.setTimeout(120_000);

/**
 * Deploy → change → redeploy on each emulated APIM release, with the update route that
 * release has; lost answers and 404s never give a second API.
 */
describe.each(['4.5', '4.8', '4.12'] as ApimRelease[])('on emulated APIM %s', release => {
  let double: ManagementApiDouble;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    double = await ManagementApiDouble.start({ token: TOKEN, release });
    backend = await startDeployBackend({
      gravitee: { managementUrl: double.baseUrl, token: TOKEN, timeoutMs: 3000 },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await double?.close();
  });

  const deploy = (format: 'v2' | 'v4') =>
    request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({ format });
  const kidIn = (definition: unknown) => JSON.stringify(definition).split('"kid":"')[1]?.split('"')[0];

  describe.each(['v2', 'v4'] as const)('%s', format => {
    const v4UpdateRoute =
      release === '4.12'
        ? 'PUT /management/v2/environments/DEFAULT/apis/{id}/_import/definition'
        : 'PUT /management/v2/environments/DEFAULT/apis/{id}';
    const updateRoute =
      format === 'v2' ? 'PUT /management/organizations/DEFAULT/environments/DEFAULT/apis/{id}/import' : v4UpdateRoute;
    // Only 4.12 has the v4 import-update route; before it, the plan is updated on its own.
    const expectPlanUpdate = format === 'v4' && release !== '4.12';
    const expectImportUpdate = format === 'v4' && release === '4.12';

    beforeEach(() => double.reset());

    it('deploy, change the key, redeploy: the same API, the same context path, the new kid', async () => {
      const first = await deploy(format);
      expect(first.body).toMatchObject({ created: true, apimVersion: APIM_RELEASES[release] });
      const apiId = first.body.apiId;
      const before = double.apis.get(apiId)!;
      const paths = [...before.contextPaths];
      const oldKid = kidIn(before.definition);

      await request(backend.server).post(`${API}/lonn/keys`).send({}).expect(201);
      double.calls.length = 0;
      const second = await deploy(format);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ apiId, created: false, apimVersion: APIM_RELEASES[release] });
      expect(double.apis.size).toBe(1);
      const after = double.apis.get(apiId)!;
      expect(after.contextPaths).toEqual(paths);
      expect(kidIn(after.definition)).not.toBe(oldKid);
      const routes = double.calls.map(c => `${c.method} ${c.path.split('?')[0].replace(apiId, '{id}')}`);
      expect(routes).toContain(updateRoute);
      expect(routes.some(r => r.includes('/plans/'))).toBe(expectPlanUpdate);
      expect(routes.some(r => r.endsWith('/_import/definition') && r.startsWith('PUT'))).toBe(expectImportUpdate);
    });

    it('an import whose answer is lost creates no twin', async () => {
      // The create route only (POST …/apis/import, POST …/apis/_import/definition), not an update.
      double.loseNextAnswer(1, format === 'v2' ? /\/apis\/import/ : /\/apis\/_import\/definition$/);
      const res = await deploy(format);
      expect(res.status === 200 ? 200 : `${res.status} ${res.body.error?.message} ${double.calls.map(c => `${c.method} ${c.path} ${c.status}`).join(', ')}`).toBe(200);
      expect(res.body.created).toBe(false);
      expect(double.apis.size).toBe(1);
      expect((await deploy(format)).body.apiId).toBe(res.body.apiId);
      expect(double.apis.size).toBe(1);
    });

    it('an update whose answer is lost creates no twin', async () => {
      const first = await deploy(format);
      double.loseNextAnswer(1, /\/(import|_import\/definition|apis\/[0-9a-f-]+)$/);
      const lost = await deploy(format);
      expect(lost.status).toBe(503);
      const retry = await deploy(format);
      expect(retry.status).toBe(200);
      expect(retry.body.apiId).toBe(first.body.apiId);
      expect(double.apis.size).toBe(1);
    });

    it('a 404 on update looks the API up, and imports nothing while it exists', async () => {
      const first = await deploy(format);
      double.failNext(1, 404, format === 'v2' ? /\/import$/ : /\/apis\/[0-9a-f-]+(\/_import\/definition)?$/);
      const res = await deploy(format);
      expect(res.status).toBe(409);
      expect(errorOf(res)).toMatch(/answered 404 to the update of API .*, which exists; no second API is imported/);
      expect(double.apis.size).toBe(1);
      expect([...double.apis.keys()]).toEqual([first.body.apiId]);
    });
  });
});

describe('a management API that echoes the request body in its errors', () => {
  it('never lets a 40-character run of the key reach an error, the deployment row or a log line', async () => {
    const double = await ManagementApiDouble.start({ token: TOKEN, release: '4.10' });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const backend = await startDeployBackend({
      knex,
      gravitee: { managementUrl: double.baseUrl, token: TOKEN, timeoutMs: 3000 },
    });
    try {
      double.echoBodyInErrors = true;
      seen.length = 0;
      const texts: string[] = [];
      for (const status of [400, 500]) {
        double.failNext(1, status, /\/apis\/import/);
        const res = await deploy();
        expect(res.status).toBeGreaterThanOrEqual(400);
        texts.push(errorOf(res));
      }
      expect((await deploy()).status).toBe(200);
      double.failNext(1, 400, /\/apis\/[0-9a-f-]+\/import$/);
      const update = await deploy();
      expect(update.status).toBe(409);
      texts.push(errorOf(update));

      // The key the definitions carried, in every encoding it could come back in.
      const pem = findPem(double.apis.values().next().value!.definition);
      const key = createPrivateKey(pem);
      const encodings = [
        pemBody(pem),
        key.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        key.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
      ];
      const rows = JSON.stringify(await knex('maskinporten_gateway_deployments').select());
      for (const text of [...texts, rows, ...seen]) {
        expect(keyRunIn(text, encodings)).toBeUndefined();
      }
      // The echo reached the backend (the errors quote the body), with the key's run cut out
      // (words joined to it by spaces go with it: over-redaction is the safe side).
      expect(texts.join('\n')).toContain('Maskinporten token service for component:default/lonn');
      expect(texts.join('\n')).toContain('[redacted key material]');
    } finally {
      await backend.stop();
      await double.close();
      await knex.destroy();
    }

    function deploy() {
      return request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({ format: 'v2' });
    }
  });
});

function findPem(definition: unknown): string {
  const text = JSON.stringify(definition);
  const start = text.indexOf('-----BEGIN PRIVATE KEY-----');
  const end = text.indexOf('-----END PRIVATE KEY-----') + '-----END PRIVATE KEY-----'.length;
  return JSON.parse(`"${text.slice(start, end)}"`);
}

function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter(line => line.length > 0 && !line.startsWith('-----'))
    .join('');
}

/** A 40-character run of any encoding found in the text, as written or with line breaks and escapes removed. */
function keyRunIn(text: string, encodings: string[]): string | undefined {
  const flattened = text.split('\\n').join('').split('\n').join('').split('\\/').join('/');
  for (const encoding of encodings) {
    for (let i = 0; i + SECRET_RUN_LENGTH <= encoding.length; i++) {
      const run = encoding.slice(i, i + SECRET_RUN_LENGTH);
      if (text.includes(run) || flattened.includes(run)) return run;
    }
  }
  return undefined;
}

import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ROUTE = '/api/maskinporten/v1/expiry-scan';

describe.each(databases.eachSupportedId())('expiry scan routes on %p', databaseId => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  const auditEvents: Array<{ eventId: string; outcome?: string }> = [];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId }) => {
        const record: { eventId: string; outcome?: string } = { eventId };
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
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.database.factory({ knex }),
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: {
                test: {
                  issuer: 'https://test.maskinporten.no/',
                  tokenEndpoint: 'https://test.maskinporten.no/token',
                },
              },
              keyEncryption: { secret: 'expiry-routes-test-secret-long-enough-0123456789' },
              lifecycle: {
                expiryScan: {
                  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { minutes: 1 } },
                },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const scans = async () =>
    Number((await knex('maskinporten_expiry_scans').count({ n: '*' }))[0].n);

  it('reports no scan yet, with the log as channel when notifications are not installed', async () => {
    const res = await request(backend.server).get(ROUTE);
    expect(res.status).toBe(200);
    // The initial delay keeps the scan from running at startup; the first run is due after it.
    expect(res.body.lastRunAt).toBeUndefined();
    expect(res.body.lastResult).toBeUndefined();
    expect(res.body.delivery).toBe('log');
    expect(Date.parse(res.body.nextRunAt)).toBeGreaterThan(Date.now());
  });

  it('rejects callers without credentials: 401, nothing run', async () => {
    const get = await request(backend.server)
      .get(ROUTE)
      .set('authorization', mockCredentials.none.header());
    expect(get.status).toBe(401);
    const post = await request(backend.server)
      .post(ROUTE)
      .set('authorization', mockCredentials.none.header())
      .send({});
    expect(post.status).toBe(401);
    expect(await scans()).toBe(0);
  });

  it('rejects a body with options: 400 naming the body, nothing run or audited', async () => {
    const res = await request(backend.server).post(ROUTE).send({ force: true });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^request body:/);
    const array = await request(backend.server).post(ROUTE).send([1]);
    expect(array.status).toBe(400);
    const invalid = await request(backend.server)
      .post(ROUTE)
      .set('content-type', 'application/json')
      .send('{"x":');
    expect(invalid.status).toBe(400);
    expect(await scans()).toBe(0);
    expect(auditEvents).toEqual([]);
  });

  it('triggers a scan for a user (a bare service token is refused): 202, audited, then reported', async () => {
    const res = await request(backend.server).post(ROUTE).send({});
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'triggered' });
    expect(auditEvents).toEqual([{ eventId: 'expiry-scan-trigger', outcome: 'success' }]);
    expect(await scans()).toBe(1);

    const service = await request(backend.server)
      .post(ROUTE)
      .set('authorization', mockCredentials.service.header())
      .send();
    // Triggering sends notifications, a state change; services are not listed for it by default.
    expect(service.status).toBe(403);
    expect(await scans()).toBe(1);

    const status = await request(backend.server).get(ROUTE);
    expect(status.body).toMatchObject({
      delivery: 'log',
      lastResult: { scanned: 0, changed: 0, byState: { ok: 0, warning: 0, critical: 0, expired: 0 } },
    });
    // Every 30 minutes: the next run is one period after the last start.
    expect(Date.parse(status.body.nextRunAt) - Date.parse(status.body.lastRunAt)).toBe(30 * 60_000);
  });
});

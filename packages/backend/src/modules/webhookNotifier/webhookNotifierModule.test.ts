import { TestDatabases, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import maskinportenPlugin from '@maskinporten-backstage/plugin-maskinporten-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { webhookNotifierModule } from './webhookNotifierModule';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const DAY = 86_400_000;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'lonn',
    namespace: 'default',
    title: 'Lønn service',
    annotations: { 'maskinporten.no/client-id': 'client-lonn', 'maskinporten.no/scopes': 'dfo:ansatte' },
  },
  spec: { owner: 'group:default/team-lonn' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-lonn' }],
};

describe.each(databases.eachSupportedId())('a second notifier channel from a module, on %p', databaseId => {
  it('hears the expiry scan: a key near expiry reaches the webhook, once', async () => {
    const received: any[] = [];
    const webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>(resolve => webhook.listen(0, '127.0.0.1', resolve));
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        webhookNotifierModule,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: { test: { issuer: 'http://127.0.0.1:9/', tokenEndpoint: 'http://127.0.0.1:9/token' } },
              keys: { modulusLength: 2048, lifetimeDays: 5 },
              keyEncryption: { secret: 'webhook-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6' },
              expiryScan: { delivery: 'log' },
            },
            examplePortal: {
              maskinportenWebhook: { url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` },
            },
          },
        }),
      ],
    });
    try {
      const api = '/api/maskinporten/v1';
      // A key living five days: critical from the start.
      const key = await request(backend.server).post(`${api}/entities/component/default/lonn/keys`).send({});
      expect(key.status).toBe(201);
      await request(backend.server).post(`${api}/integrations/refresh`).send({}).expect(200);

      await request(backend.server).post(`${api}/expiry-scan`).send({}).expect(202);
      await waitFor(() => received.length === 1);
      expect(received[0]).toMatchObject({
        owner: 'group:default/team-lonn',
        changes: [{ kid: key.body.key.kid, state: 'critical', integration: { entityRef: 'component:default/lonn' } }],
      });
      expect(received[0].text).toContain('Lønn service (test)');
      expect(new Date(received[0].changes[0].expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * DAY);

      // Nothing changed: the channel hears nothing more.
      const scan = async () => (await request(backend.server).get(`${api}/expiry-scan`)).body;
      let first = await scan();
      await waitFor(() => false, async () => (first = await scan()).lastRunAt !== undefined);
      await request(backend.server).post(`${api}/expiry-scan`).send({}).expect(202);
      let second = first;
      await waitFor(() => false, async () => (second = await scan()).lastRunAt !== first.lastRunAt);
      expect(second.channels).toEqual(['log', 'webhook']);
      expect(received).toHaveLength(1);
    } finally {
      await backend.stop();
      webhook.close();
    }
  });
});

/** Polls until the condition holds (a synchronous check, or an asynchronous one). */
async function waitFor(condition: () => boolean, asyncCondition?: () => Promise<boolean>) {
  const holds = async () => (asyncCondition ? asyncCondition() : condition());
  for (let i = 0; i < 200 && !(await holds()); i++) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  expect(await holds()).toBe(true);
}

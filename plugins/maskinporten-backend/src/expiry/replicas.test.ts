import { TestDatabases, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const postgres = databases.eachSupportedId();

/** Polls the database until `check` holds; the scheduler runs on its own clock. */
async function waitFor(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Two backend instances on one PostgreSQL database, each with the real scheduler (as two
 * replicas of a deployment): the global expiry scan must run once per interval in total.
 */
(postgres.length > 0 ? describe.each(postgres) : describe.skip.each([['POSTGRES_15']]))(
  'expiry scan across two replicas on %p',
  databaseId => {
    it('runs the scheduled scan once per interval, and a manual trigger once', async () => {
      const knex = await databases.init(databaseId as 'POSTGRES_15');
      const features = () => [
        maskinportenPlugin,
        schedulerServiceFactory,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: {
                test: {
                  issuer: 'https://test.maskinporten.no/',
                  tokenEndpoint: 'https://test.maskinporten.no/token',
                },
              },
              keyEncryption: { secret: 'replica-test-secret-that-is-long-enough-0123456789' },
              lifecycle: {
                // Due at once on both replicas; the next interval is far beyond the test.
                expiryScan: { schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } } },
              },
            },
          },
        }),
      ];
      // One after the other: both run the same knex migrations on startup.
      const replicaA = await startTestBackend({ features: features() });
      const replicaB = await startTestBackend({ features: features() });
      const scans = async () =>
        Number((await knex('maskinporten_expiry_scans').count({ n: '*' }))[0].n);

      try {
        await waitFor(async () => (await scans()) >= 1, 'the first scheduled scan');
        // Both replicas poll for due work every few seconds; give each several chances to
        // (wrongly) run the same interval again.
        await sleep(12_000);
        expect(await scans()).toBe(1);

        const statusA = await request(replicaA.server).get('/api/maskinporten/v1/expiry-scan');
        const statusB = await request(replicaB.server).get('/api/maskinporten/v1/expiry-scan');
        expect(statusA.body.lastRunAt).toBeDefined();
        expect(statusB.body.lastRunAt).toBe(statusA.body.lastRunAt);

        const trigger = await request(replicaB.server)
          .post('/api/maskinporten/v1/expiry-scan')
          .send({});
        expect(trigger.status).toBe(202);
        await waitFor(async () => (await scans()) >= 2, 'the triggered scan');
        await sleep(12_000);
        expect(await scans()).toBe(2);
      } finally {
        await replicaA.stop();
        await replicaB.stop();
      }
    });
  },
);

import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Knex } from 'knex';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';
import { createStores } from '../database';
import { DAY, storedKey } from './__testUtils__/fixtures';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ADA = 'user:default/ada';
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'lonn',
      namespace: 'default',
      title: 'Lønn service',
      annotations: {
        'maskinporten.no/client-id': 'client-lonn',
        'maskinporten.no/environment': 'test',
        'maskinporten.no/scopes': 'dfo:ansatte',
      },
    },
    spec: { owner: 'group:default/team-lonn', type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-lonn' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-lonn', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: ADA }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada', namespace: 'default' },
    spec: { memberOf: ['group:default/team-lonn'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-lonn' }],
  },
];

/**
 * The real notifications backend (0.6.11) beside our plugin: the notification service's
 * default factory posts over HTTP to it, it resolves the owning group to its members through
 * the catalog and applies its own scope rule (same scope and user: update, not insert).
 */
describe.each(databases.eachSupportedId())('expiry notifications through the notifications backend on %p', databaseId => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Knex;
  let notificationsKnex: Knex;

  beforeAll(async () => {
    // Each plugin its own database, as in a real deployment: both run knex migrations.
    knex = await databases.init(databaseId);
    notificationsKnex = await databases.init(databaseId);
    const database = createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) =>
        mockServices.database({
          knex: plugin.getId() === 'maskinporten' ? knex : notificationsKnex,
        }),
    });
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        notificationsPlugin,
        database,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            maskinporten: {
              environments: {
                test: {
                  issuer: 'https://test.maskinporten.no/',
                  tokenEndpoint: 'https://test.maskinporten.no/token',
                },
              },
              keyEncryption: { secret: 'expiry-notify-test-secret-long-enough-0123456789' },
              lifecycle: {
                expiryScan: {
                  schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 }, initialDelay: { hours: 1 } },
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

  const scan = async () => {
    const res = await request(backend.server).post('/api/maskinporten/v1/expiry-scan').send({});
    expect(res.status).toBe(202);
  };
  const inbox = async () => {
    const res = await request(backend.server)
      .get('/api/notifications')
      .set('authorization', mockCredentials.user.header(ADA));
    expect(res.status).toBe(200);
    return res.body as { totalCount: number; notifications: any[] };
  };

  it('delivers one notification per owning team, updated as its keys age', async () => {
    const status = await request(backend.server).get('/api/maskinporten/v1/expiry-scan');
    expect(status.body.delivery).toBe('notifications');

    // Owners come from the integration index. The mock scheduler is one instance per test
    // process, so a second backend in the same file does not run the startup sync: sync here.
    const refresh = await request(backend.server)
      .post('/api/maskinporten/v1/integrations/refresh')
      .send({});
    expect(refresh.body).toMatchObject({ indexed: 1, removed: 0 });
    const stores = await createStores(mockServices.database({ knex }));
    const now = Date.now();
    await stores.keys.insertWithinLimit(
      storedKey('lonn-key-1', 'component:default/lonn', { expiresAt: new Date(now + 5 * DAY - 3_600_000) }),
      { maxLiveKeys: 5, now: new Date(now) },
    );

    await scan();
    let box = await inbox();
    expect(box.totalCount).toBe(1);
    const [critical] = box.notifications;
    expect(critical.payload).toMatchObject({
      title: 'Maskinporten key expires in 4 days: Lønn service (test)',
      severity: 'high',
      scope: 'maskinporten:expiry:group:default/team-lonn',
      topic: 'maskinporten-key-expiry',
      link: '/catalog/default/component/lonn',
    });
    expect(critical.payload.description).toContain('Key lonn-key-1 of component:default/lonn');
    expect(critical.origin).toBe('plugin:maskinporten');

    // Ada reads it; an unchanged rescan must not resend (a resend would mark it unread).
    const read = await request(backend.server)
      .post('/api/notifications/update')
      .set('authorization', mockCredentials.user.header(ADA))
      .send({ ids: [critical.id], read: true });
    expect(read.status).toBe(200);
    await scan();
    await scan();
    box = await inbox();
    expect(box.totalCount).toBe(1);
    expect(box.notifications[0].read).toBeTruthy();

    // The key lapses: the same notification is updated and back in the inbox as unread.
    await knex('maskinporten_keys')
      .where({ kid: 'lonn-key-1' })
      .update({ expires_at: new Date(Date.now() - 60_000) });
    await scan();
    box = await inbox();
    expect(box.totalCount).toBe(1);
    expect(box.notifications[0].id).toBe(critical.id);
    expect(box.notifications[0].read).toBeFalsy();
    expect(box.notifications[0].payload).toMatchObject({
      title: 'Maskinporten key expired: Lønn service (test)',
      severity: 'critical',
      scope: 'maskinporten:expiry:group:default/team-lonn',
    });
  });
});

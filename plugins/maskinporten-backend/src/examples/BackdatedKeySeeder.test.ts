import { Knex } from 'knex';
import { ClientClaims } from '../access/clientClaims';
import { ClientClaimStore } from '../database/ClientClaimStore';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { generateKeyPairSync } from 'node:crypto';
import { TestDatabases, mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { DatabaseMaskinportenStore } from '../database/DatabaseMaskinportenStore';
import { MaskinportenService } from '../integrations/MaskinportenService';
import { KeyEncryption } from '../keys/KeyEncryption';
import { BackdatedKeySeeder } from './BackdatedKeySeeder';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { readExamplesConfig, simulatorEnvironments } from './readExamplesConfig';
import { startExampleKeySeeding } from './startExampleKeySeeding';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const DAY = 86_400_000;
const SECRET = 'seeding-test-secret-that-is-long-enough-0123456789';
const ADMIN_PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function resource(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'maskinporten-client', owner: 'group:default/team-lonn' },
  };
}

const entities = [
  resource('expiring', {
    'maskinporten.no/client-id': 'client-expiring',
    'maskinporten.no/environment': 'test',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  resource('expired', {
    'maskinporten.no/client-id': 'client-expired',
    'maskinporten.no/environment': 'test',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  resource('unregistered-env', {
    'maskinporten.no/client-id': 'client-elsewhere',
    'maskinporten.no/environment': 'other',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  resource('broken', { 'maskinporten.no/environment': 'staging', 'maskinporten.no/scopes': 'dfo' }),
];

describe.each(databases.eachSupportedId())('BackdatedKeySeeder on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let store: DatabaseMaskinportenStore;
  let knex: Knex;

  // A fresh simulator per test: no registrations carry over.
  beforeEach(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: 'admin-token',
      clients: [
        {
          clientId: 'client-expiring',
          scopes: ['dfo:ansatte'],
          description: digdirClientDescription('resource:default/expiring', 'test'),
        },
        {
          clientId: 'client-expired',
          scopes: ['dfo:ansatte'],
          description: digdirClientDescription('resource:default/expired', 'test'),
        },
      ],
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseMaskinportenStore.create({
      database: mockServices.database({ knex }),
    });
  });

  function setup(options: { catalogEntities?: Entity[] } = {}) {
    const rawConfig = new ConfigReader({
      maskinporten: {
        environments: {
          test: {
            issuer: simulator.issuer,
            tokenEndpoint: simulator.tokenEndpoint,
            selfService: {
              baseUrl: simulator.selfServiceBaseUrl,
              auth: { adminToken: 'admin-token' },
              retries: 0,
            },
          },
          other: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
        },
        keys: { modulusLength: 2048, kidPrefix: 'seed' },
        examples: {
          backdatedKeys: [
            { entityRef: 'resource:default/expiring', ageDays: 345 },
            { entityRef: 'resource:default/expired', ageDays: 400 },
            { entityRef: 'resource:default/unregistered-env', ageDays: 10 },
            { entityRef: 'resource:default/broken', ageDays: 10 },
            { entityRef: 'resource:default/not-yet-ingested', ageDays: 10 },
          ],
        },
      },
    });
    const config = readMaskinportenConfig(rawConfig);
    const logger = mockServices.logger.mock();
    const digdir = new DigdirSelfServiceClient({ environments: config.environments.values() });
    const clientClaims = new ClientClaims({
      claims: new ClientClaimStore(knex),
      declarations: store,
      digdir,
    });
    const serviceAt = (now: Date) =>
      new MaskinportenService({
        config,
        store,
        catalog: catalogServiceMock({ entities: options.catalogEntities ?? entities }),
        permissions: mockServices.permissions.mock({
          authorize: async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
        keyEncryption: new KeyEncryption(SECRET),
        logger,
        now: () => now,
        clientClaims,
      });
    const { backdatedKeys } = readExamplesConfig(rawConfig);
    const seeder = new BackdatedKeySeeder({
      entries: backdatedKeys,
      digdir,
      simulatorEnvironments: simulatorEnvironments(config.environments.values()),
      serviceAt,
      credentials: async () => mockCredentials.service(),
      logger,
    });
    return { seeder, serviceAt, logger };
  }

  const credentials = mockCredentials.service();

  it('creates backdated keys through the service and registers the valid one', async () => {
    const { seeder, serviceAt } = setup();
    const before = Date.now();
    const outcomes = await seeder.runOnce();
    expect(Object.fromEntries(outcomes)).toEqual({
      'resource:default/expiring': 'seeded',
      'resource:default/expired': 'seeded',
      'resource:default/unregistered-env': 'seeded',
      'resource:default/broken': 'invalid',
      'resource:default/not-yet-ingested': 'waiting-for-catalog',
    });

    const today = serviceAt(new Date());
    const expiring = (await today.getEntityIntegrations('resource:default/expiring', credentials))
      .items[0];
    expect(expiring.keys).toHaveLength(1);
    expect(expiring.expiry).toBe('warning');
    // Digdir's lifetime runs from the (backdated) creation: 345 days ago + 365 days.
    expect(
      new Date(expiring.keys[0].expiresAt!).getTime() -
        new Date(expiring.keys[0].createdAt).getTime(),
    ).toBe(365 * DAY);
    expect(new Date(expiring.keys[0].createdAt).getTime()).toBeGreaterThanOrEqual(before - 345 * DAY);
    expect(new Date(expiring.keys[0].createdAt).getTime()).toBeLessThanOrEqual(Date.now() - 345 * DAY);

    const expired = (await today.getEntityIntegrations('resource:default/expired', credentials))
      .items[0];
    expect(expired.keys).toHaveLength(1);
    expect(expired.keys[0].state).toBe('expired');
    expect(expired.expiry).toBe('expired');

    // Registered with the simulator: exactly the still-valid key; the expired one is not.
    expect(simulator.getClient('client-expiring')!.keys.map(k => k.jwk.kid)).toEqual([
      expiring.keys[0].kid,
    ]);
    expect(simulator.getClient('client-expired')!.keys).toEqual([]);

    // A real key: the expiring one passes a token test against the simulator today.
    const tokenTest = await today.runTokenTest('resource:default/expiring', {}, credentials);
    expect(tokenTest.outcome).toBe('success');
    expect(tokenTest.kid).toBe(expiring.keys[0].kid);
  });

  it('is idempotent: a second run, or a new process, leaves integrations with keys alone', async () => {
    const first = setup();
    await first.seeder.runOnce();
    const kids = async () =>
      (await store.listKeys({ entityRef: 'resource:default/expiring', environment: 'test' })).map(
        k => k.kid,
      );
    const seededKids = await kids();

    const afterRestart = setup();
    const outcomes = await afterRestart.seeder.runOnce();
    expect(outcomes.get('resource:default/expiring')).toBe('skipped');
    expect(outcomes.get('resource:default/expired')).toBe('skipped');
    expect(await kids()).toEqual(seededKids);
  });

  it('waits for entities the catalog has not ingested yet, and finishes once they are there', async () => {
    const { seeder } = setup({ catalogEntities: [] });
    const outcomes = await seeder.runOnce();
    expect([...outcomes.values()].every(o => o === 'waiting-for-catalog')).toBe(true);
    expect(seeder.done).toBe(false);
    expect(await store.listKeys({ entityRef: 'resource:default/expiring', environment: 'test' })).toEqual([]);
  });

  it('keeps the key when registration fails and registers it on a later run', async () => {
    const down = simulator.faults.add({ method: 'POST', path: /\/jwks$/, status: 503 });
    const { seeder, logger } = setup();
    const outcomes = await seeder.runOnce();
    expect(outcomes.get('resource:default/expiring')).toBe('registration-failed');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('could not register'));
    const [key] = await store.listKeys({ entityRef: 'resource:default/expiring', environment: 'test' });
    expect(key).toBeDefined();
    // The private key never reaches a log line.
    for (const call of [...logger.warn.mock.calls, ...logger.info.mock.calls]) {
      expect(String(call[0])).not.toContain('PRIVATE KEY');
    }
    expect(simulator.getClient('client-expiring')!.keys).toEqual([]);
    expect(seeder.done).toBe(false);

    // The self-service API answers again.
    down.remove();
    const retry = await seeder.runOnce();
    expect(retry.get('resource:default/expiring')).toBe('seeded');
    expect(simulator.getClient('client-expiring')!.keys.map(k => k.jwk.kid)).toEqual([key.kid]);
    expect(await store.listKeys({ entityRef: 'resource:default/expiring', environment: 'test' })).toHaveLength(1);
  });
});

describe('readExamplesConfig', () => {
  type ConfigValue = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>[string];
  const read = (backdatedKeys: ConfigValue) =>
    () => readExamplesConfig(new ConfigReader({ maskinporten: { examples: { backdatedKeys } } }));

  it('has no entries without the block', () => {
    expect(readExamplesConfig(new ConfigReader({})).backdatedKeys).toEqual([]);
  });

  it('normalises entity refs', () => {
    expect(read([{ entityRef: 'Resource:default/A', ageDays: 3 }])().backdatedKeys).toEqual([
      { entityRef: 'resource:default/a', ageDays: 3 },
    ]);
  });

  it.each([
    [[{ ageDays: 3 }], 'backdatedKeys[0].entityRef'],
    [[{ entityRef: 'just-a-name', ageDays: 3 }], 'backdatedKeys[0].entityRef'],
    [[{ entityRef: 'resource:default/a' }], 'backdatedKeys[0].ageDays'],
    [[{ entityRef: 'resource:default/a', ageDays: -1 }], 'backdatedKeys[0].ageDays'],
    [[{ entityRef: 'resource:default/a', ageDays: 1.5 }], 'backdatedKeys[0].ageDays'],
    [
      [
        { entityRef: 'resource:default/a', ageDays: 1 },
        { entityRef: 'resource:default/A', ageDays: 2 },
      ],
      'backdatedKeys[1].entityRef',
    ],
  ])('rejects %j naming %s', (entries, field) => {
    expect(read(entries)).toThrow(`maskinporten.examples.${field}`);
  });

  it('registers only with environments whose selfService has an admin token', () => {
    const environments = readMaskinportenConfig(
      new ConfigReader({
        maskinporten: {
          environments: {
            test: {
              issuer: 'http://localhost/',
              tokenEndpoint: 'http://localhost/token',
              selfService: { baseUrl: 'http://localhost/api/v1/', auth: { adminToken: 't' } },
            },
            prod: {
              issuer: 'https://maskinporten.no/',
              tokenEndpoint: 'https://maskinporten.no/token',
              selfService: {
                baseUrl: 'https://api.samarbeid.digdir.no/api/v1',
                auth: { clientId: 'admin', privateKey: ADMIN_PRIVATE_KEY, keyId: 'admin-key' },
              },
            },
            manual: { issuer: 'http://localhost/', tokenEndpoint: 'http://localhost/token' },
          },
        },
      }),
    ).environments.values();
    expect([...simulatorEnvironments(environments)]).toEqual(['test']);
  });
});

describe('startExampleKeySeeding', () => {
  const config = mockServices.rootConfig({
    data: {
      maskinporten: {
        examples: { backdatedKeys: [{ entityRef: 'resource:default/a', ageDays: 400 }] },
      },
    },
  });

  it.each(['production', 'test', undefined])(
    'refuses to seed when NODE_ENV is %p, with a warning',
    async nodeEnv => {
      const logger = mockServices.logger.mock();
      const scheduler = mockServices.scheduler.mock();
      const serviceAt = jest.fn();
      const seeder = await startExampleKeySeeding({
        config,
        logger,
        scheduler,
        auth: mockServices.auth(),
        serviceAt,
        environments: [],
        digdir: new DigdirSelfServiceClient({ environments: [] }),
        nodeEnv: nodeEnv ?? '',
      });
      expect(seeder).toBeUndefined();
      expect(scheduler.scheduleTask).not.toHaveBeenCalled();
      expect(serviceAt).not.toHaveBeenCalled();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('only seeded when NODE_ENV is development'),
      );
    },
  );

  it('schedules a local task in development', async () => {
    const scheduler = mockServices.scheduler.mock();
    const seeder = await startExampleKeySeeding({
      config,
      logger: mockServices.logger.mock(),
      scheduler,
      auth: mockServices.auth(),
      serviceAt: jest.fn(),
      environments: [],
      digdir: new DigdirSelfServiceClient({ environments: [] }),
      nodeEnv: 'development',
    });
    expect(seeder).toBeInstanceOf(BackdatedKeySeeder);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'maskinporten-example-keys', scope: 'local' }),
    );
  });

  it('does nothing without entries', async () => {
    const scheduler = mockServices.scheduler.mock();
    const seeder = await startExampleKeySeeding({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
      scheduler,
      auth: mockServices.auth(),
      serviceAt: jest.fn(),
      environments: [],
      digdir: new DigdirSelfServiceClient({ environments: [] }),
      nodeEnv: 'development',
    });
    expect(seeder).toBeUndefined();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });
});

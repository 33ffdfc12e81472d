import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import {
  MaskinportenStartupContext,
  maskinportenStartupTaskExtensionPoint,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import maskinportenPlugin from '@maskinporten-backstage/plugin-maskinporten-backend';
import request from 'supertest';
import { BackdatedKeySeeder } from './BackdatedKeySeeder';
import { exampleKeysModule } from './exampleKeysModule';
import { readExamplesConfig, simulatorRegistrations } from './readExamplesConfig';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const DAY = 86_400_000;
const SECRET = 'seeding-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6';
const API = '/api/maskinporten/v1/entities/resource/default';

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

const ENTRIES = [
  { entityRef: 'resource:default/expiring', ageDays: 345 },
  { entityRef: 'resource:default/expired', ageDays: 400 },
  { entityRef: 'resource:default/unregistered-env', ageDays: 10 },
  { entityRef: 'resource:default/broken', ageDays: 10 },
  { entityRef: 'resource:default/not-yet-ingested', ageDays: 10 },
];

describe.each(databases.eachSupportedId())('BackdatedKeySeeder on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let context: MaskinportenStartupContext;
  let config: ConfigReader;

  // A fresh simulator and backend per test: no registrations or keys carry over.
  beforeEach(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: 'admin-token',
      clients: [
        // Created by the backend for these integrations (client claims check the description).
        { clientId: 'client-expiring', scopes: ['dfo:ansatte'], description: 'backstage:resource:default/expiring:test' },
        { clientId: 'client-expired', scopes: ['dfo:ansatte'], description: 'backstage:resource:default/expired:test' },
      ],
    });
    const maskinporten = {
      environments: {
        test: {
          issuer: simulator.issuer,
          tokenEndpoint: simulator.tokenEndpoint,
          selfService: { baseUrl: simulator.selfServiceBaseUrl, auth: { adminToken: 'admin-token' }, retries: 0 },
        },
        other: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
      },
      keys: { modulusLength: 2048, kidPrefix: 'seed' },
      keyEncryption: { secret: SECRET },
      examples: { backdatedKeys: ENTRIES },
    };
    config = new ConfigReader({ maskinporten });
    backend = await startWith(databaseId, maskinporten, entities);
  });

  afterEach(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  async function startWith(id: typeof databaseId, maskinporten: object, catalog: Entity[]) {
    const knex = await databases.init(id);
    return startTestBackend({
      features: [
        maskinportenPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: { maskinporten } }),
        catalogServiceMock.factory({ entities: catalog }),
        createBackendModule({
          pluginId: 'maskinporten',
          moduleId: 'capture-startup-context',
          register(reg) {
            reg.registerInit({
              deps: { startup: maskinportenStartupTaskExtensionPoint },
              async init({ startup }) {
                startup.addStartupTask(async captured => {
                  context = captured;
                });
              },
            });
          },
        }),
      ],
    });
  }

  function seeder(logger = mockServices.logger.mock()) {
    return {
      logger,
      seeder: new BackdatedKeySeeder({
        entries: readExamplesConfig(config).backdatedKeys,
        context,
        simulators: simulatorRegistrations(config),
        logger,
      }),
    };
  }

  const card = async (name: string) =>
    (await request(backend.server).get(`${API}/${name}/integrations`).set('authorization', mockCredentials.user.header()))
      .body.items[0];

  it("creates backdated keys through the plugin's key issuer and registers the valid one", async () => {
    const before = Date.now();
    const outcomes = await seeder().seeder.runOnce();
    expect(Object.fromEntries(outcomes)).toEqual({
      'resource:default/expiring': 'seeded',
      'resource:default/expired': 'seeded',
      'resource:default/unregistered-env': 'seeded',
      'resource:default/broken': 'invalid',
      'resource:default/not-yet-ingested': 'waiting-for-catalog',
    });

    const expiring = await card('expiring');
    expect(expiring.keys).toHaveLength(1);
    expect(expiring.expiry).toBe('warning');
    // Digdir's lifetime runs from the (backdated) creation: 345 days ago + 365 days.
    expect(new Date(expiring.keys[0].expiresAt).getTime() - new Date(expiring.keys[0].createdAt).getTime()).toBe(
      365 * DAY,
    );
    expect(new Date(expiring.keys[0].createdAt).getTime()).toBeGreaterThanOrEqual(before - 345 * DAY);
    expect(new Date(expiring.keys[0].createdAt).getTime()).toBeLessThanOrEqual(Date.now() - 345 * DAY);

    const expired = await card('expired');
    expect(expired.keys).toHaveLength(1);
    expect(expired.keys[0].state).toBe('expired');
    expect(expired.expiry).toBe('expired');

    // Registered with the simulator: exactly the still-valid key; the expired one is not.
    expect(simulator.getClient('client-expiring')!.keys.map(k => (k.jwk as { kid: string }).kid)).toEqual([
      expiring.keys[0].kid,
    ]);
    expect(simulator.getClient('client-expired')!.keys).toEqual([]);
    // The card can tell the registered key from one never uploaded.
    expect(expiring.keys[0].registeredAt).toEqual(expect.any(String));
    expect(expired.keys[0].registeredAt).toBeUndefined();

    // A real key: the expiring one passes a token test against the simulator today.
    const tokenTest = await request(backend.server)
      .post(`${API}/expiring/token-tests`)
      .set('authorization', mockCredentials.user.header())
      .send({});
    expect(tokenTest.body.outcome).toBe('success');
    expect(tokenTest.body.kid).toBe(expiring.keys[0].kid);
  });

  it('is idempotent: a second run, or a new seeder, leaves integrations with keys alone', async () => {
    await seeder().seeder.runOnce();
    const kids = async () => (await card('expiring')).keys.map((k: { kid: string }) => k.kid);
    const seededKids = await kids();
    const outcomes = await seeder().seeder.runOnce();
    expect(outcomes.get('resource:default/expiring')).toBe('skipped');
    expect(outcomes.get('resource:default/expired')).toBe('skipped');
    expect(await kids()).toEqual(seededKids);
  });

  it('waits for entities the catalog has not ingested yet', async () => {
    await backend.stop();
    backend = await startWith(databaseId, { keyEncryption: { secret: SECRET }, environments: {} }, []);
    const run = seeder();
    const outcomes = await run.seeder.runOnce();
    expect([...outcomes.values()].every(o => o === 'waiting-for-catalog')).toBe(true);
    expect(run.seeder.done).toBe(false);
  });

  it('keeps the key when registration fails and registers it on a later run', async () => {
    const down = simulator.faults.add({ method: 'POST', path: /\/jwks$/, status: 503 });
    const { seeder: run, logger } = seeder();
    const outcomes = await run.runOnce();
    expect(outcomes.get('resource:default/expiring')).toBe('registration-failed');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('could not register'));
    const [key] = (await card('expiring')).keys;
    expect(key).toBeDefined();
    // The private key never reaches a log line.
    for (const call of [...logger.warn.mock.calls, ...logger.info.mock.calls]) {
      expect(String(call[0])).not.toContain('PRIVATE KEY');
    }
    expect(simulator.getClient('client-expiring')!.keys).toEqual([]);
    expect(run.done).toBe(false);

    // The self-service API answers again.
    down.remove();
    const retry = await run.runOnce();
    expect(retry.get('resource:default/expiring')).toBe('seeded');
    expect(simulator.getClient('client-expiring')!.keys.map(k => (k.jwk as { kid: string }).kid)).toEqual([key.kid]);
    expect((await card('expiring')).keys).toHaveLength(1);
  });
});

describe('readExamplesConfig', () => {
  type ConfigValue = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>[string];
  const read = (backdatedKeys: ConfigValue) => () =>
    readExamplesConfig(new ConfigReader({ maskinporten: { examples: { backdatedKeys } } }));

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
    const registrations = simulatorRegistrations(
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
                auth: { clientId: 'admin', privateKey: 'irrelevant', keyId: 'admin-key' },
              },
            },
            manual: { issuer: 'http://localhost/', tokenEndpoint: 'http://localhost/token' },
          },
        },
      }),
    );
    expect([...registrations.keys()]).toEqual(['test']);
    expect(registrations.get('test')).toEqual({ baseUrl: 'http://localhost/api/v1', adminToken: 't' });
  });
});

describe('exampleKeysModule', () => {
  const data = {
    maskinporten: {
      environments: {},
      keyEncryption: { secret: SECRET },
      examples: { backdatedKeys: [{ entityRef: 'resource:default/a', ageDays: 400 }] },
    },
  };
  const original = process.env.NODE_ENV;
  const setNodeEnv = (value: string | undefined) => {
    if (value === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = value;
    }
  };
  afterEach(() => setNodeEnv(original));

  async function start(nodeEnv: string | undefined, config: object = data) {
    // The module reads NODE_ENV at init; the plugin itself runs as in a test.
    const logger = mockServices.logger.mock();
    const scheduler = mockServices.scheduler.mock();
    setNodeEnv(nodeEnv);
    const backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        exampleKeysModule,
        logger.factory,
        scheduler.factory,
        mockServices.rootConfig.factory({ data: config }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    setNodeEnv(original);
    await backend.stop();
    const exampleTask = scheduler.scheduleTask.mock.calls.find(([task]) => task.id === 'maskinporten-example-keys');
    return { logger, exampleTask };
  }

  it.each(['production', 'test', undefined])('refuses to seed when NODE_ENV is %p, with a warning', async nodeEnv => {
    const { logger, exampleTask } = await start(nodeEnv);
    expect(exampleTask).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('only seeded when NODE_ENV is development'));
  });

  it('schedules a local task in development, and nothing without entries', async () => {
    const { exampleTask } = await start('development');
    expect(exampleTask?.[0]).toEqual(expect.objectContaining({ id: 'maskinporten-example-keys', scope: 'local' }));
    const without = await start('development', { maskinporten: { environments: {}, keyEncryption: { secret: SECRET } } });
    expect(without.exampleTask).toBeUndefined();
  });
});

import { createPrivateKey } from 'node:crypto';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { ClientClaims } from '../access/clientClaims';
import { createStores } from '../database';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { KeyEncryption } from '../keys/KeyEncryption';
import { KeyIssuer } from '../keys/KeyIssuer';
import { signGrant } from './grant';
import { requestToken } from './tokenClient';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ProvisioningService } from '../provisioning/ProvisioningService';
import { ADMIN_TOKEN, SCOPES, SECRET, createRotationHarness } from '../rotation/__testUtils__/rotationHarness';
import { TokenTester } from './TokenTester';

jest.setTimeout(120_000);

/*
 * Digdir: "Overføring av integrasjonskonfigurasjon, 0-2 minutter" between a key upload and
 * Maskinporten accepting it (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin). With
 * the simulator's keyPropagationDelaySeconds on, rotation and provisioning still finish by
 * themselves: their verification keeps asking, within a bound, instead of failing. The
 * waits move the shared manual clock, so nothing here sleeps.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DELAY_SECONDS = 100;

describe.each(databases.eachSupportedId())('with Digdir propagation delay on %p', databaseId => {
  let clock: ManualClock;
  let simulator: MaskinportenSimulator;
  const keyPropagation = () => ({ sleep: async (ms: number) => clock.advance(ms), now: () => clock.now() });

  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({
      clock,
      adminToken: ADMIN_TOKEN,
      keyPropagationDelaySeconds: DELAY_SECONDS,
      scopes: SCOPES,
      clients: [
        {
          clientId: 'client-lonn',
          scopes: SCOPES,
          description: digdirClientDescription('component:default/lonn', 'test'),
        },
      ],
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  it('a self-service rotation reaches verified in one run, the old key working throughout', async () => {
    const knex = await databases.init(databaseId);
    const target = { entityRef: 'component:default/lonn', environment: 'test', clientId: 'client-lonn', scopes: SCOPES };
    const oldKeyResults: string[] = [];
    const seeded: { kid?: string } = {};
    const harness = await createRotationHarness({
      knex,
      simulator,
      clock,
      selfService: true,
      keyPropagation: keyPropagation(),
      afterStep: async () => {
        oldKeyResults.push((await harness.requestTokenWith(target, seeded.kid)).kind);
      },
    });
    seeded.kid = (await harness.seedActiveKey(target)).kid;
    clock.advance(DELAY_SECONDS * 1000);
    simulator.clearRequests();

    const { rotation, verification } = await harness.service.start(target, 'user:default/ada');
    expect(rotation).toMatchObject({ phase: 'verified', open: true });
    expect(rotation.lastError).toBeUndefined();
    expect(verification).toMatchObject({ outcome: 'success', kid: rotation.newKid });
    // The first token requests met MP-100 (not propagated yet); the last one succeeded.
    const tokenStatuses = simulator.requests.filter(r => r.path === '/token').map(r => r.status);
    expect(tokenStatuses.at(-1)).toBe(200);
    expect(tokenStatuses.filter(s => s === 400).length).toBeGreaterThanOrEqual(1);
    expect(oldKeyResults.every(kind => kind === 'success')).toBe(true);
    expect((await harness.requestTokenWith(target, rotation.newKid)).kind).toBe('success');
  });

  it('provisioning with registerWithDigdir answers once the new key is accepted', async () => {
    const knex = await databases.init(databaseId);
    const config = readMaskinportenConfig(
      new ConfigReader({
        maskinporten: {
          environments: {
            test: {
              issuer: simulator.issuer,
              tokenEndpoint: simulator.tokenEndpoint,
              selfService: {
                baseUrl: simulator.selfServiceBaseUrl,
                auth: { adminToken: ADMIN_TOKEN },
                retries: 0,
                backoffMs: 1,
              },
            },
          },
          keys: { modulusLength: 2048, kidPrefix: 'pv' },
        },
      }),
    );
    const stores = await createStores(mockServices.database({ knex }));
    const keyEncryption = new KeyEncryption(SECRET);
    const logger = mockServices.logger.mock();
    const digdir = new DigdirSelfServiceClient({ environments: config.environments.values(), clock });
    const service = new ProvisioningService({
      config,
      store: stores.provisioning,
      keys: stores.keys,
      issuer: new KeyIssuer({ keys: stores.keys, index: stores.index, custody: keyEncryption, config: config.keys }),
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      digdir,
      userInfo: mockServices.userInfo(),
      permissions: mockServices.permissions(),
      clientClaims: new ClientClaims({ claims: stores.claims, declarations: stores.index, digdir }),
      tester: new TokenTester({ config, custody: keyEncryption, tokenTests: stores.tokenTests, logger }),
      logger,
      now: () => clock.now(),
      keyPropagation: keyPropagation(),
    });
    const request = service.validate({
      entityRef: 'resource:default/lonn-new',
      owner: 'group:default/team-lonn',
      environment: 'test',
      scopes: SCOPES,
      registerWithDigdir: true,
      idempotencyKey: `task-propagation-${databaseId}`,
    });
    const started = clock.now().getTime();
    const { response } = await service.provision(request, mockCredentials.user());
    expect(response).toMatchObject({ registeredWithDigdir: true, clientId: expect.any(String) });
    // The answer came after Digdir's delay, not before: the key works now, with no manual step.
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000);
    const ciphertext = (await stores.keys.get(response.kid))?.privateKeyCiphertext;
    const result = await requestToken({
      tokenEndpoint: simulator.tokenEndpoint,
      timeoutMs: 5000,
      assertion: await signGrant({
        issuer: simulator.issuer,
        clientId: response.clientId!,
        scopes: SCOPES,
        kid: response.kid,
        privateKey: createPrivateKey(keyEncryption.decrypt(ciphertext!, response.kid)),
        now: clock.now(),
        lifetimeSeconds: 120,
      }),
    });
    expect(result.kind).toBe('success');
  });
});

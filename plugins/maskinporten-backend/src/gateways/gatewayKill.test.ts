import { spawn } from 'node:child_process';
import { killAtMarker } from '../lib/__testUtils__/killAtMarker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import knexFactory, { Knex } from 'knex';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ADMIN_TOKEN, SCOPES, SECRET, registeredKids } from '../rotation/__testUtils__/rotationHarness';
import { CLIENT_ID, ENTITY_REF, HAND_PATH, OWN_PATH, VERIFIER_APP, createGatewayHarness } from './__testUtils__/gatewayHarness';
import { REDEPLOYED_MARKER } from './__testUtils__/carryUntilKilled';

jest.setTimeout(120_000);

// A real second process, really killed between a gateway's redeploy and its verification.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const HOUR = 3_600_000;
const target = { entityRef: ENTITY_REF, environment: 'test', clientId: CLIENT_ID, scopes: SCOPES };
const CHILD = path.join(__dirname, '__testUtils__', 'carryUntilKilled.ts');

function carryUntilKilled(env: object) {
  const child = spawn(process.execPath, ['-r', 'sucrase/register', CHILD], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, CARRY_UNTIL_KILLED: JSON.stringify(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return killAtMarker(child, REDEPLOYED_MARKER, 'redeploying a gateway');
}

async function killAndResume(knex: Knex, knexConfig: Knex.Config) {
  const clock = new ManualClock(new Date('2026-12-10T09:00:00Z'));
  const simulator = await MaskinportenSimulator.start({
    clock,
    adminToken: ADMIN_TOKEN,
    clients: [{ clientId: CLIENT_ID, scopes: SCOPES, description: digdirClientDescription(ENTITY_REF, 'test') }],
  });
  // This process stops its own rotation right after verification; the child takes it on.
  const h = await createGatewayHarness({
    knex,
    simulator,
    clock,
    afterStep: phase => {
      if (phase === 'verified') throw new Error('stop here');
    },
  });
  try {
    const old = await h.seedActiveKey(target);
    const ownApi = await h.deployOwn(old);
    clock.advance(1000);
    const handApi = await h.importByHand(old);
    await h.adopt(handApi);
    const keys = { own: await h.consumerKey(ownApi), hand: await h.consumerKey(handApi) };
    await expect(h.service.start(target, 'user:default/ada')).rejects.toThrow('stop here');
    const rotation = (await h.service.current(target))!;
    expect(rotation.phase).toBe('verified');

    const { signal } = await carryUntilKilled({
      knexConfig,
      clockMs: clock.now().getTime(),
      secret: SECRET,
      rotationId: rotation.id,
      maskinporten: {
        environments: {
          test: {
            issuer: simulator.issuer,
            tokenEndpoint: simulator.tokenEndpoint,
            selfService: { baseUrl: simulator.selfServiceBaseUrl, auth: { adminToken: ADMIN_TOKEN }, retries: 0 },
          },
        },
        keys: { modulusLength: 2048, kidPrefix: 'rot' },
        gravitee: {
          managementUrl: h.deployConfig.managementUrl,
          token: h.deployConfig.token,
          gatewayUrl: h.deployConfig.gatewayUrl,
          verification: { applicationId: VERIFIER_APP, subscriptionSyncMs: 0 },
        },
      },
    });
    expect(signal).toBe('SIGKILL');

    // Killed after the first gateway took the new key, before it was tested through: the row
    // says so, the old key is still registered, both gateways still answer consumers.
    const [own, hand] = await h.stores.deployments.listFor(target);
    expect([own.kid, own.verifiedKid, hand.kid]).toEqual([rotation.newKid, undefined, old.kid]);
    expect((await h.service.current(target))?.phase).toBe('gateways');
    expect(registeredKids(simulator, CLIENT_ID)).toContain(old.kid);
    expect((await h.callThrough(OWN_PATH, keys.own))).toMatchObject({ status: 200, kid: rotation.newKid });
    expect((await h.callThrough(HAND_PATH, keys.hand))).toMatchObject({ status: 200, kid: old.kid });
    const updatesBefore = h.management.apis.get(ownApi)!.updates;

    // The next run of this process resumes: it tests the first (no second redeploy), carries
    // the second, and retires the old key after the grace period.
    clock.advance(25 * HOUR);
    await h.service.runScheduled();
    expect(await h.service.current(target)).toMatchObject({ phase: 'retired', open: false });
    expect(h.management.apis.get(ownApi)!.updates).toBe(updatesBefore);
    expect(h.management.apis.size).toBe(2);
    expect(registeredKids(simulator, CLIENT_ID)).toEqual([rotation.newKid]);
    expect((await h.callThrough(OWN_PATH, keys.own))).toMatchObject({ status: 200, kid: rotation.newKid });
    expect((await h.callThrough(HAND_PATH, keys.hand))).toMatchObject({ status: 200, kid: rotation.newKid });
  } finally {
    await h.close();
    await simulator.close();
  }
}

describe('a rotation survives a process killed between a gateway redeploy and its verification', () => {
  it('on SQLite (a database file shared by both processes)', async () => {
    expect.hasAssertions();
    const dir = mkdtempSync(path.join(tmpdir(), 'maskinporten-gateway-kill-'));
    const knexConfig: Knex.Config = {
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'backend.sqlite') },
      useNullAsDefault: true,
    };
    const knex = knexFactory(knexConfig);
    try {
      await killAndResume(knex, knexConfig);
    } finally {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Without a PostgreSQL connection (a contributor's `npm test` with none configured) this case
  // is skipped, as replicas.test.ts does; CI always has one.
  const postgres = databases.eachSupportedId();
  (postgres.length > 0 ? describe.each(postgres) : describe.skip.each([['POSTGRES_15' as const]]))('on %p', databaseId => {
    it('resumes after the kill', async () => {
      expect.hasAssertions();
      const knex = await databases.init(databaseId);
      const { client, connection } = knex.client.config as Knex.Config;
      const settings = connection as Knex.PgConnectionConfig;
      await killAndResume(knex, { client, connection: { ...settings, password: settings.password } });
    });
  });
});

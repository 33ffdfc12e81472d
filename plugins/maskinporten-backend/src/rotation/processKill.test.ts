import { spawn } from 'node:child_process';
import { killAtMarker } from '../lib/__testUtils__/killAtMarker';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import knexFactory, { Knex } from 'knex';
import {
  ADMIN_TOKEN,
  SCOPES,
  SECRET,
  createRotationHarness,
  registeredKids,
} from './__testUtils__/rotationHarness';
import { GENERATED_MARKER } from './__testUtils__/rotateUntilKilled';

jest.setTimeout(120_000);

// A real second process, really killed: the in-process crash hook in KeyRotationService.test.ts
// cannot show that nothing in memory (an open transaction, a buffered write) was needed.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const target = {
  entityRef: 'component:default/lonn',
  environment: 'test',
  clientId: 'client-lonn',
  scopes: SCOPES,
};
const CHILD = path.join(__dirname, '__testUtils__', 'rotateUntilKilled.ts');

/** Starts the child and kills it with SIGKILL once it has generated the new key. */
function rotateUntilKilled(knexConfig: Knex.Config, simulator: MaskinportenSimulator, clock: ManualClock) {
  const child = spawn(process.execPath, ['-r', 'sucrase/register', CHILD], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      ROTATE_UNTIL_KILLED: JSON.stringify({
        knexConfig,
        clockMs: clock.now().getTime(),
        secret: SECRET,
        target,
        maskinporten: {
          environments: {
            test: {
              issuer: simulator.issuer,
              tokenEndpoint: simulator.tokenEndpoint,
              selfService: {
                baseUrl: simulator.selfServiceBaseUrl,
                auth: { adminToken: ADMIN_TOKEN },
                retries: 0,
              },
            },
          },
          keys: { modulusLength: 2048, kidPrefix: 'rot' },
        },
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return killAtMarker(child, GENERATED_MARKER, 'generating a key');
}

async function killAndResume(knex: Knex, knexConfig: Knex.Config) {
  const clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
  const simulator = await MaskinportenSimulator.start({
    clock,
    adminToken: ADMIN_TOKEN,
    clients: [
      {
        clientId: 'client-lonn',
        scopes: SCOPES,
        description: digdirClientDescription(target.entityRef, target.environment),
      },
    ],
  });
  try {
    const before = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const old = await before.seedActiveKey(target);

    const { signal } = await rotateUntilKilled(knexConfig, simulator, clock);
    expect(signal).toBe('SIGKILL');
    // The key was committed before the kill; Digdir never heard of it.
    const orphan = (await before.service.current(target))!;
    expect(orphan).toMatchObject({ phase: 'generated', open: true });
    const killed = { kid: orphan.newKid! };
    expect((await before.stores.keys.list(target)).map(k => k.kid)).toContain(killed.kid);
    expect(registeredKids(simulator, 'client-lonn')).toEqual([old.kid]);
    expect(simulator.requests.filter(r => r.method === 'POST' && r.path.endsWith('/jwks'))).toHaveLength(0);

    // The next process: its scheduled run picks the rotation up with the recorded key.
    const next = await createRotationHarness({ knex, simulator, clock, selfService: true });
    await next.service.runScheduled();
    const resumed = (await next.service.current(target))!;
    expect(resumed).toMatchObject({ phase: 'verified', newKid: killed.kid });
    expect((await next.stores.keys.list(target)).map(k => k.kid).sort()).toEqual([old.kid, killed.kid].sort());
    expect(registeredKids(simulator, 'client-lonn').sort()).toEqual([old.kid, killed.kid].sort());
    expect(simulator.listClients()).toHaveLength(1);
    expect((await next.requestTokenWith(target, killed.kid)).kind).toBe('success');
  } finally {
    await simulator.close();
  }
}

describe('rotation survives a process killed between "key generated" and "key registered"', () => {
  it('on SQLite (a database file shared by both processes)', async () => {
    expect.hasAssertions();
    const dir = mkdtempSync(path.join(tmpdir(), 'maskinporten-kill-'));
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
      // The password is not enumerable, so spreading the settings would drop it.
      await killAndResume(knex, { client, connection: { ...settings, password: settings.password } });
    });
  });
});

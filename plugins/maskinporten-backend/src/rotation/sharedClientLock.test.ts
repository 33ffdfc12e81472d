import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { ADMIN_TOKEN, SCOPES, createRotationHarness, registeredKids } from './__testUtils__/rotationHarness';

jest.setTimeout(120_000);

/**
 * Every post of a client's key set replaces the whole set, so two read-modify-writes of one
 * client that interleave drop a key. The security probe found exactly that on SQLite (the
 * lock was PostgreSQL-only): two integrations sharing one Digdir client, rotated at once,
 * left one new key unregistered and its rotation stuck in `registered`. Client claims now
 * keep a client to one integration; the per-client lease lock is what still serialises
 * concurrent writers of one set (two replicas, rotation against renewal), and this test takes
 * the claim check away to give the lock the worst case: two replicas, two integrations.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const targets = ['a', 'b'].map(name => ({
  entityRef: `component:default/${name}`,
  environment: 'test',
  clientId: 'client-shared',
  scopes: SCOPES,
}));

describe.each(databases.eachSupportedId())('one Digdir client written concurrently on %p', databaseId => {
  it('registers every new key when rotations of integrations sharing a client run at once on two replicas', async () => {
    const knex = await databases.init(databaseId);
    const clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
    const simulator = await MaskinportenSimulator.start({
      clock,
      adminToken: ADMIN_TOKEN,
      clients: [{ clientId: 'client-shared', scopes: SCOPES }],
    });
    try {
      const noClaims = { assertHeld: async () => {}, claimsOf: async () => new Map() };
      // Both rotations wait after generating their key until the other has too, so both read
      // the client's key set at the same moment: the worst interleaving, every time.
      let generated = 0;
      let bothGenerated!: () => void;
      const barrier = new Promise<void>(resolve => {
        bothGenerated = resolve;
      });
      const afterStep = async (phase: string) => {
        if (phase === 'generated') {
          if (++generated === 2) bothGenerated();
          await barrier;
        }
      };
      const replica = () =>
        createRotationHarness({ knex, simulator, clock, selfService: true, clientClaims: noClaims, afterStep });
      const replicas = [await replica(), await replica()];
      const oldKeys = [];
      for (const target of targets) {
        oldKeys.push((await replicas[0].seedActiveKey(target)).kid);
      }
      const results = await Promise.all(
        targets.map((target, i) => replicas[i % 2].service.start(target, 'user:default/ada')),
      );
      const newKids = results.map(r => r.rotation.newKid!);
      expect(new Set(newKids).size).toBe(2);
      // Both generations are registered (four of the five keys Maskinporten allows): the old
      // keys for the grace period, and every new one.
      expect(registeredKids(simulator, 'client-shared').sort()).toEqual([...oldKeys, ...newKids].sort());
      for (const result of results) {
        expect(result.rotation.phase).toBe('verified');
      }
    } finally {
      await simulator.close();
    }
  });
});

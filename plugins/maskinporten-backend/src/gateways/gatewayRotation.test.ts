import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { Knex } from 'knex';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ADMIN_TOKEN, SCOPES, registeredKids } from '../rotation/__testUtils__/rotationHarness';
import { CLIENT_ID, ENTITY_REF, HAND_PATH, OWN_PATH, createGatewayHarness } from './__testUtils__/gatewayHarness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const HOUR = 3_600_000;
const target = { entityRef: ENTITY_REF, environment: 'test', clientId: CLIENT_ID, scopes: SCOPES };

describe.each(databases.eachSupportedId())('rotation carrying two gateways on %p', databaseId => {
  let knex: Knex;
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = new ManualClock(new Date('2026-12-10T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({
      clock,
      adminToken: ADMIN_TOKEN,
      clients: [{ clientId: CLIENT_ID, scopes: SCOPES, description: digdirClientDescription(ENTITY_REF, 'test') }],
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  it('redeploys both, verifies a token through each, and revokes the old key only after both are verified', async () => {
    const events: Array<{ event: string; own: { status: number; kid?: string }; hand: { status: number; kid?: string }; oldState?: string; oldRegistered: boolean }> = [];
    let observe: (event: string) => Promise<void> = async () => {};
    const h = await createGatewayHarness({
      knex,
      simulator,
      clock,
      afterStep: phase => observe(phase),
      afterGatewayStep: (event, _rotation, deployment) => observe(`${event} ${deployment.origin}`),
    });
    try {
      const old = await h.seedActiveKey(target);
      const ownApi = await h.deployOwn(old);
      // Deployments are carried in the order they were linked.
      clock.advance(1000);
      const handApi = await h.importByHand(old);
      const adopted = await h.adopt(handApi);
      expect(adopted).toMatchObject({ origin: 'adopted', kid: old.kid, status: 'in-sync', definitionVersion: 'v2' });
      const ownKey = await h.consumerKey(ownApi);
      const handKey = await h.consumerKey(handApi);

      observe = async event => {
        const own = await h.callThrough(OWN_PATH, ownKey);
        const hand = await h.callThrough(HAND_PATH, handKey);
        const oldKey = (await h.stores.keys.list(target)).find(k => k.kid === old.kid);
        events.push({
          event,
          own: { status: own.status, kid: own.kid },
          hand: { status: hand.status, kid: hand.kid },
          oldState: oldKey?.state,
          oldRegistered: registeredKids(simulator, CLIENT_ID).includes(old.kid),
        });
      };
      await observe('before');

      const { rotation } = await h.service.start(target, 'user:default/ada');
      const newKid = rotation.newKid!;
      // Everything that can run now has: both gateways carry the new key and were tested
      // through; the old key stays registered through the grace period.
      expect(rotation).toMatchObject({ phase: 'gateways', open: true, blockingDeployments: [] });
      expect(rotation.gateways!.map(g => g.state)).toEqual(['verified', 'verified']);

      clock.advance(25 * HOUR);
      await h.service.runScheduled();
      const finished = await h.service.current(target);
      expect(finished).toMatchObject({ phase: 'retired', open: false, blockingDeployments: [] });
      // The finished rotation still says which gateways it carried (the card keeps the step).
      expect(finished!.gateways!.map(g => [g.state, g.kid])).toEqual([
        ['verified', newKid],
        ['verified', newKid],
      ]);

      // A consumer got a token through each gateway after every step.
      expect(events.map(e => [e.event, e.own.status, e.hand.status])).toEqual([
        ['before', 200, 200],
        ['generated', 200, 200],
        ['registered', 200, 200],
        ['verified', 200, 200],
        ['gateway-redeployed deployed', 200, 200],
        ['gateway-verified deployed', 200, 200],
        ['gateway-redeployed adopted', 200, 200],
        ['gateway-verified adopted', 200, 200],
        ['retired', 200, 200],
      ]);
      // Each gateway switched to the new key at its own redeploy.
      expect(events.map(e => [e.own.kid === newKid, e.hand.kid === newKid])).toEqual([
        [false, false],
        [false, false],
        [false, false],
        [false, false],
        [true, false],
        [true, false],
        [true, true],
        [true, true],
        [true, true],
      ]);
      // The old key left Digdir and was revoked only at the end, after both verifications.
      expect(events.map(e => [e.oldRegistered, e.oldState])).toEqual([
        [true, 'active'],
        [true, 'active'],
        [true, 'active'],
        [true, 'retiring'],
        [true, 'retiring'],
        [true, 'retiring'],
        [true, 'retiring'],
        [true, 'retiring'],
        [false, 'revoked'],
      ]);
      expect(registeredKids(simulator, CLIENT_ID)).toEqual([newKid]);

      // No twin: still the two APIs, each updated in place; both now sign with the new kid.
      expect([...h.management.apis.keys()].sort()).toEqual([ownApi, handApi].sort());
      const deployments = await h.stores.deployments.listFor(target);
      expect(deployments.map(d => [d.origin, d.kid, d.verifiedKid, d.observedKid])).toEqual([
        ['deployed', newKid, newKid, newKid],
        ['adopted', newKid, newKid, newKid],
      ]);
      // The verification subscribed the verification application once per API, past the cache.
      for (const api of [ownApi, handApi]) {
        expect(h.management.apis.get(api)!.subscriptions.filter(s => s.application === h.deployConfig.verificationApplicationId)).toHaveLength(1);
      }
      const summary = await h.service.current(target);
      expect(summary?.forcedBy).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('lets one of two runners at once carry the gateways: each is redeployed once', async () => {
    const h = await createGatewayHarness({
      knex,
      simulator,
      clock,
      afterStep: phase => {
        if (phase === 'verified') throw new Error('stop after verification');
      },
    });
    try {
      const old = await h.seedActiveKey(target);
      const ownApi = await h.deployOwn(old);
      clock.advance(1000);
      const handApi = await h.importByHand(old);
      await h.adopt(handApi);
      await expect(h.service.start(target, 'user:default/ada')).rejects.toThrow('stop after verification');
      const rotation = (await h.service.current(target))!;
      const updates = () => [ownApi, handApi].map(id => h.management.apis.get(id)!.updates);
      const before = updates();
      // A request and the scheduled task (or two replicas) advance the same rotation at once.
      await Promise.all([h.service.advance(rotation.id), h.service.runScheduled()]);
      await h.service.advance(rotation.id);
      expect(updates().map((n, i) => n - before[i])).toEqual([1, 1]);
      expect((await h.service.current(target))?.gateways?.map(g => g.state)).toEqual(['verified', 'verified']);
    } finally {
      await h.close();
    }
  });
});

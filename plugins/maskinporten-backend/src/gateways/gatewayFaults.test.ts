import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { Knex } from 'knex';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ADMIN_TOKEN, SCOPES, registeredKids } from '../rotation/__testUtils__/rotationHarness';
import { CLIENT_ID, ENTITY_REF, HAND_PATH, OWN_PATH, VERIFIER_APP, createGatewayHarness } from './__testUtils__/gatewayHarness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const HOUR = 3_600_000;
const target = { entityRef: ENTITY_REF, environment: 'test', clientId: CLIENT_ID, scopes: SCOPES };

/**
 * Gravitee failing while a rotation carries its gateways: 5xx, no answer, a lost answer. The old
 * key must stay registered (and usable) throughout, no consumer request through a gateway may
 * fail, no API may get a twin, and a later run must finish the rotation.
 */
describe.each(databases.eachSupportedId())('gateway faults during a rotation on %p', databaseId => {
  let knex: Knex;
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let h: Awaited<ReturnType<typeof createGatewayHarness>>;
  let ownApi: string;
  let handApi: string;
  let keys: { own: string; hand: string };
  let oldKid: string;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = new ManualClock(new Date('2026-12-10T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({
      clock,
      adminToken: ADMIN_TOKEN,
      clients: [{ clientId: CLIENT_ID, scopes: SCOPES, description: digdirClientDescription(ENTITY_REF, 'test') }],
    });
    h = await createGatewayHarness({ knex, simulator, clock, timeoutMs: 400 });
    const old = await h.seedActiveKey(target);
    oldKid = old.kid;
    ownApi = await h.deployOwn(old);
    clock.advance(1000);
    handApi = await h.importByHand(old);
    await h.adopt(handApi);
    keys = { own: await h.consumerKey(ownApi), hand: await h.consumerKey(handApi) };
  });

  afterEach(async () => {
    await h.close();
    await simulator.close();
  });

  /** Consumers still get tokens through both gateways, and the old key is still registered and not revoked. */
  async function expectNothingBroken() {
    expect((await h.callThrough(OWN_PATH, keys.own)).status).toBe(200);
    expect((await h.callThrough(HAND_PATH, keys.hand)).status).toBe(200);
    expect(registeredKids(simulator, CLIENT_ID)).toContain(oldKid);
    expect((await h.stores.keys.get(oldKid))?.state).toBe('retiring');
    expect(h.management.apis.size).toBe(2);
  }

  async function finishes() {
    await h.service.runScheduled();
    const done = await h.service.current(target);
    expect(done).toMatchObject({ phase: 'retired', open: false });
    expect(registeredKids(simulator, CLIENT_ID)).toEqual([done!.newKid]);
    expect((await h.callThrough(OWN_PATH, keys.own)).kid).toBe(done!.newKid);
    expect((await h.callThrough(HAND_PATH, keys.hand)).kid).toBe(done!.newKid);
    expect(h.management.apis.size).toBe(2);
    // One verification subscription per API, however many attempts it took.
    for (const api of [ownApi, handApi]) {
      expect(h.management.apis.get(api)!.subscriptions.filter(s => s.application === VERIFIER_APP)).toHaveLength(1);
    }
  }

  it('keeps the gateway phase and the old key while Gravitee answers 500, and finishes once it recovers', async () => {
    h.management.failNext(10_000, 500);
    const { rotation } = await h.service.start(target, 'user:default/ada');
    expect(rotation).toMatchObject({ phase: 'gateways', open: true });
    expect(rotation.lastError).toMatch(/^Gateway: Gravitee API .*unavailable.*500/);
    expect(rotation.attempts).toBeGreaterThan(0);
    expect(rotation.gateways!.map(g => g.state)).toEqual(['failed', 'failed']);
    expect(rotation.blockingDeployments).toHaveLength(2);
    await expectNothingBroken();

    // Past the grace period, still failing: the old key is not touched, even when asked to hurry.
    clock.advance(25 * HOUR);
    await h.service.runScheduled();
    await h.service.advance(rotation.id, { retireNow: true });
    expect((await h.service.current(target))?.phase).toBe('gateways');
    await expectNothingBroken();

    h.management.clearFaults();
    await finishes();
  });

  it('keeps the old key while the management API does not answer at all', async () => {
    h.management.hangNext(10_000);
    const { rotation } = await h.service.start(target, 'user:default/ada');
    expect(rotation).toMatchObject({ phase: 'gateways' });
    expect(rotation.lastError).toMatch(/did not answer within 400 ms/);
    clock.advance(25 * HOUR);
    await h.service.runScheduled();
    await expectNothingBroken();
    h.management.clearFaults();
    await finishes();
  });

  it('redeploys again after a lost answer, in place: the update and the deploy each lose their answer once', async () => {
    // The update of our own API is applied, but its answer is lost; then the deploy of the
    // adopted one happens, but its answer is lost; then the verification's subscription.
    h.management.loseNextAnswer(1, new RegExp(`/apis/${ownApi}$`), 'PUT');
    h.management.loseNextAnswer(1, new RegExp(`/apis/${handApi}/deploy$`), 'POST');
    h.management.loseNextAnswer(1, new RegExp(`/apis/${ownApi}/subscriptions$`), 'POST');
    const { rotation } = await h.service.start(target, 'user:default/ada');
    expect(rotation.phase).toBe('gateways');
    expect(rotation.lastError).toMatch(/Gateway: /);
    await expectNothingBroken();

    clock.advance(25 * HOUR);
    await finishes();
    expect(h.management.pendingFaults).toBe(0);
  });

  it('lets an owner force retirement only by naming the deployments that break, and records who did', async () => {
    h.management.failNext(10_000, 500);
    const { rotation } = await h.service.start(target, 'user:default/ada');
    const blocking = rotation.blockingDeployments!;
    expect(blocking).toHaveLength(2);

    await expect(h.service.forceRetire(rotation.id, [blocking[0]], 'user:default/ada')).rejects.toThrow(
      /Name exactly the deployments that will break/,
    );
    await expect(h.service.forceRetire(rotation.id, [], 'user:default/ada')).rejects.toThrow(/Gravitee API/);
    expect(registeredKids(simulator, CLIENT_ID)).toContain(oldKid);

    const forced = await h.service.forceRetire(rotation.id, [...blocking].reverse(), 'user:default/ada');
    expect(forced.rotation).toMatchObject({ phase: 'retired', forcedBy: 'user:default/ada' });
    expect(forced.broken.sort()).toEqual([...blocking].sort());
    expect(registeredKids(simulator, CLIENT_ID)).not.toContain(oldKid);
    expect((await h.stores.keys.get(oldKid))?.state).toBe('revoked');
    // What the owner accepted: the gateways still on the old key now fail.
    expect((await h.callThrough(OWN_PATH, keys.own)).status).toBe(400);
  });
});

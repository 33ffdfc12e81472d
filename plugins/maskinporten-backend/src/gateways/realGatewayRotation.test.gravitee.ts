import { TestDatabases } from '@backstage/backend-test-utils';
import { RealGateway } from '@maskinporten-backstage/gravitee-simulator';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ADMIN_TOKEN, SCOPES, registeredKids } from '../rotation/__testUtils__/rotationHarness';
import { CLIENT_ID, ENTITY_REF, HAND_PATH, OWN_PATH, createGatewayHarness } from './__testUtils__/gatewayHarness';

/**
 * A full rotation carrying two linked token services through the REAL Gravitee gateway
 * (APIM 4.10.8, real Generate JWT, API key, cache and transform policies from their plugin
 * zips; scripts/gravitee). The backend's own v4 token service and an adopted v2 one made by
 * hand (issuer from the `iss` header, as in the Sikt template) both run in the gateway; a
 * consumer gets a token through each after every step, the rotation redeploys each and tests
 * a token request through it (past the cache), and the old key leaves Digdir only afterwards.
 * Then only the new key is registered, and both gateways still answer: they sign with it.
 *
 * Runs under `npm run test:gravitee` (GRAVITEE_GATEWAY_HOME, GRAVITEE_JAVA_HOME); skipped
 * otherwise. The jest suite runs the same rotation against the gateway double
 * (gatewayRotation.test.ts).
 */
const gatewayConfig = RealGateway.configured();
if (!gatewayConfig && process.env.GRAVITEE_REQUIRED) {
  throw new Error('GRAVITEE_REQUIRED is set, but GRAVITEE_GATEWAY_HOME or GRAVITEE_JAVA_HOME is missing or wrong');
}
const describeWithGateway = gatewayConfig ? describe : describe.skip;

jest.setTimeout(240_000);

/** The wall clock: the real gateway signs grants with it, so the backend and simulator use it too. */
class WallClock extends ManualClock {
  override now() {
    return new Date();
  }
  override advance() {}
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const target = { entityRef: ENTITY_REF, environment: 'test', clientId: CLIENT_ID, scopes: SCOPES };

describeWithGateway('a rotation through the real Gravitee gateway', () => {
  let gateway: RealGateway;
  let simulator: MaskinportenSimulator;

  beforeAll(async () => {
    gateway = await RealGateway.start(gatewayConfig!);
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  afterEach(async () => {
    await simulator?.close();
  });

  it('carries both gateways: a consumer token through each after every step, the old key revoked only after both', async () => {
    const clock = new WallClock(new Date());
    simulator = await MaskinportenSimulator.start({
      adminToken: ADMIN_TOKEN,
      clients: [{ clientId: CLIENT_ID, scopes: SCOPES, description: digdirClientDescription(ENTITY_REF, 'test') }],
    });
    const events: string[] = [];
    let observe: (event: string) => Promise<void> = async () => {};
    const knex = await databases.init('SQLITE_3');
    const h = await createGatewayHarness({
      knex,
      simulator,
      clock,
      gateway,
      timeoutMs: 30_000,
      // No grace period: the old key goes as soon as both gateways are verified.
      rotationConfig: { gracePeriodHours: 0 },
      afterStep: phase => observe(phase),
      afterGatewayStep: (event, _rotation, deployment) => observe(`${event} ${deployment.origin}`),
    });
    try {
      const old = await h.seedActiveKey(target);
      const ownApi = await h.deployOwn(old);
      const handApi = await h.importByHand(old);
      await h.adopt(handApi);
      const keys = { own: await h.consumerKey(ownApi), hand: await h.consumerKey(handApi) };

      observe = async event => {
        const own = await h.callThrough(OWN_PATH, keys.own);
        const hand = await h.callThrough(HAND_PATH, keys.hand);
        const oldState = (await h.stores.keys.get(old.kid))?.state;
        const registered = registeredKids(simulator, CLIENT_ID).includes(old.kid);
        events.push(`${event}: ${own.status} ${hand.status} old ${oldState}${registered ? ' registered' : ''}`);
      };
      await observe('before');
      const { rotation } = await h.service.start(target, 'user:default/ada');
      expect(rotation).toMatchObject({ phase: 'retired', open: false });
      expect(events).toEqual([
        'before: 200 200 old active registered',
        'generated: 200 200 old active registered',
        'registered: 200 200 old active registered',
        'verified: 200 200 old retiring registered',
        'gateway-redeployed deployed: 200 200 old retiring registered',
        'gateway-verified deployed: 200 200 old retiring registered',
        'gateway-redeployed adopted: 200 200 old retiring registered',
        'gateway-verified adopted: 200 200 old retiring registered',
        'retired: 200 200 old revoked',
      ]);
      // Only the new key is registered now; both gateways sign with it.
      expect(registeredKids(simulator, CLIENT_ID)).toEqual([rotation.newKid]);
      expect((await h.callThrough(OWN_PATH, keys.own)).status).toBe(200);
      expect((await h.callThrough(HAND_PATH, keys.hand)).status).toBe(200);
      expect(h.management.apis.size).toBe(2);
      const deployments = await h.stores.deployments.listFor(target);
      expect(deployments.map(d => [d.kid, d.verifiedKid])).toEqual([
        [rotation.newKid, rotation.newKid],
        [rotation.newKid, rotation.newKid],
      ]);
    } finally {
      for (const id of h.management.apis.keys()) await gateway.undeploy(id);
      await h.close();
    }
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { Knex } from 'knex';
import { ADMIN_TOKEN, SCOPES, registeredKids } from '../rotation/__testUtils__/rotationHarness';
import { CLIENT_ID, ENTITY_REF, OWN_PATH, createGatewayHarness } from './__testUtils__/gatewayHarness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const target = { entityRef: ENTITY_REF, environment: 'test', clientId: CLIENT_ID, scopes: SCOPES };

describe.each(databases.eachSupportedId())('a gateway without a management API, in a manual rotation, on %p', databaseId => {
  let knex: Knex;
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = new ManualClock(new Date('2026-12-10T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({ clock, adminToken: ADMIN_TOKEN, clients: [{ clientId: CLIENT_ID, scopes: SCOPES }] });
  });

  afterEach(async () => {
    await simulator.close();
  });

  it('tells the owner which deployment to update, and retires only once the owner confirms it', async () => {
    const h = await createGatewayHarness({ knex, simulator, clock, selfService: false });
    try {
      const old = await h.seedActiveKey(target);
      const ownApi = await h.deployOwn(old);
      clock.advance(1000);
      // A gateway the backend cannot reach, kept by hand (e.g. a DMZ Gravitee without a management API).
      const byHand = await h.gateways.link(
        ENTITY_REF,
        { target: 'manual', apiId: 'dmz-gravitee lonn-token', kid: old.kid, contextPath: '/dmz/lonn' },
        h.owner,
      );
      expect(byHand).toMatchObject({ managed: false, origin: 'manual', kid: old.kid, status: 'in-sync' });
      await expect(
        h.gateways.link(ENTITY_REF, { target: 'manual', apiId: 'other', kid: 'not-ours' }, h.owner),
      ).rejects.toThrow(/kid: "not-ours" is not a key of component:default\/lonn/);

      // The owner uploads the JWK array and confirms; the new key passes a token test.
      const started = await h.service.start(target, 'user:default/ada');
      simulator.setClientKeys(CLIENT_ID, started.rotation.jwks as any);
      const verified = await h.service.confirmUploaded(started.rotation.id);
      expect(verified.rotation.phase).toBe('verified');
      const newKid = verified.rotation.newKid!;

      // The scheduled run carries the gateway it can reach; the other waits for its owner.
      await h.service.runScheduled();
      const carrying = (await h.service.current(target))!;
      expect(carrying.phase).toBe('gateways');
      expect(carrying.gateways!.map(g => [g.target, g.state])).toEqual([
        ['gravitee', 'verified'],
        ['manual', 'awaiting-owner'],
      ]);
      expect(carrying.blockingDeployments).toEqual([byHand.id]);
      expect(carrying.nextStep).toBe(
        'Update Gateway kept by hand API dmz-gravitee lonn-token to the new key by hand (download the definition), then confirm; the old keys stay registered until then.',
      );
      // The final upload cannot be confirmed while that gateway signs with the old key.
      await expect(h.service.confirmUploaded(carrying.id)).rejects.toThrow(
        /Gateway kept by hand API dmz-gravitee lonn-token still signs with them/,
      );
      // Only the owner's confirmation of a usable key of the integration counts; not for a managed one.
      await expect(h.gateways.confirm(ENTITY_REF, byHand.id, 'not-ours', h.owner)).rejects.toThrow(/kid: "not-ours"/);
      const own = (await h.stores.deployments.listFor(target))[0];
      await expect(h.gateways.confirm(ENTITY_REF, own.id, newKid, h.owner)).rejects.toThrow(/redeployed and read back by the backend/);

      const confirmed = await h.gateways.confirm(ENTITY_REF, byHand.id, newKid, h.owner);
      expect(confirmed).toMatchObject({ kid: newKid, status: 'in-sync', deployedBy: 'user:default/ada' });
      const ready = (await h.service.current(target))!;
      expect(ready.gateways!.map(g => g.state)).toEqual(['verified', 'confirmed']);
      expect(ready.nextStep).toMatch(/^Every gateway signs with the new key\. Upload this JWK array/);
      expect(ready.jwks!.map(k => k.kid)).toEqual([newKid]);

      simulator.setClientKeys(CLIENT_ID, ready.jwks as any);
      const done = await h.service.confirmUploaded(ready.id);
      expect(done.rotation).toMatchObject({ phase: 'retired', open: false });
      expect((await h.stores.keys.get(old.kid))?.state).toBe('revoked');
      expect(registeredKids(simulator, CLIENT_ID)).toEqual([newKid]);
      expect(h.management.apis.get(ownApi)).toBeDefined();
      const consumer = await h.consumerKey(ownApi);
      expect(await h.callThrough(OWN_PATH, consumer)).toMatchObject({ status: 200, kid: newKid });
    } finally {
      await h.close();
    }
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { Knex } from 'knex';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ADMIN_TOKEN, SCOPES } from '../rotation/__testUtils__/rotationHarness';
import { CLIENT_ID, ENTITY_REF, GRAVITEE_TOKEN, createGatewayHarness } from './__testUtils__/gatewayHarness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const target = { entityRef: ENTITY_REF, environment: 'test', clientId: CLIENT_ID, scopes: SCOPES };

describe.each(databases.eachSupportedId())('gateway drift check on %p', databaseId => {
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

  it('flags a deployment changed by hand to an unknown kid and one that still signs with a retiring key', async () => {
    // A rotation that stops right after verification (a process killed there): the new key is
    // active, the old one retiring, and both gateways still sign with the old one.
    const h = await createGatewayHarness({
      knex,
      simulator,
      clock,
      afterStep: phase => {
        if (phase === 'verified') throw new Error('killed after verification');
      },
    });
    try {
      const old = await h.seedActiveKey(target);
      const ownApi = await h.deployOwn(old);
      clock.advance(1000);
      const handApi = await h.importByHand(old);
      await h.adopt(handApi);
      expect((await h.drift.run())).toEqual({ checked: 2, drifted: 0, failed: 0, skipped: 0 });
      let summary = (await h.gateways.summaries([{ ...target, resources: [] } as any], await h.stores.keys.list(target))).get(
        `${ENTITY_REF}|test`,
      );
      expect(summary?.status).toBe('in-sync');

      await expect(h.service.start(target, 'user:default/ada')).rejects.toThrow('killed after verification');
      const rotation = await h.service.current(target);
      expect(rotation?.phase).toBe('verified');

      // Someone edits the hand-made API in the console: another kid (and key) in its Generate JWT step.
      const api = h.management.apis.get(handApi)!;
      const edited = JSON.parse(JSON.stringify(api.definition).split(old.kid).join('someone-elses-kid'));
      const res = await fetch(
        `${h.management.baseUrl}/management/organizations/DEFAULT/environments/DEFAULT/apis/${handApi}/import`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${GRAVITEE_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(edited),
        },
      );
      expect(res.status).toBe(200);

      expect(await h.drift.run()).toEqual({ checked: 2, drifted: 2, failed: 0, skipped: 0 });
      const records = await h.stores.deployments.listFor(target);
      expect(records.map(r => [r.apiId, r.observedKid, r.findings])).toEqual([
        [ownApi, old.kid, ['retiring-key']],
        [handApi, 'someone-elses-kid', ['unknown-kid']],
      ]);
      // The card and the listing say so.
      summary = (await h.gateways.summaries([{ ...target, resources: [] } as any], await h.stores.keys.list(target))).get(
        `${ENTITY_REF}|test`,
      );
      expect(summary?.status).toBe('stale');
      expect(summary?.deployments.map(d => [d.status, d.keyState, d.statusText])).toEqual([
        ['stale', 'retiring', expect.stringContaining(`signs with ${old.kid}, a retiring key, not the active key ${rotation!.newKid}`)],
        ['stale', 'unknown', expect.stringContaining('signs with someone-elses-kid, which is not a key of this integration (changed by hand?)')],
      ]);

      // Gravitee down: the check says so and keeps what it last saw.
      h.management.failNext(100, 503);
      expect(await h.drift.run()).toEqual({ checked: 0, drifted: 0, failed: 2, skipped: 0 });
      expect((await h.stores.deployments.listFor(target)).map(r => [r.observedKid, r.checkError !== undefined])).toEqual([
        [old.kid, true],
        ['someone-elses-kid', true],
      ]);
      h.management.clearFaults();

      // The rotation carries both back to the active key; the check then finds nothing.
      await h.service.advance(rotation!.id);
      expect(await h.drift.run()).toEqual({ checked: 2, drifted: 0, failed: 0, skipped: 0 });

      // An API deleted in Gravitee is reported missing.
      h.management.apis.delete(ownApi);
      await h.drift.run();
      expect((await h.stores.deployments.listFor(target))[0].findings).toEqual(['missing']);
    } finally {
      await h.close();
    }
  });
});

import { TestDatabases } from '@backstage/backend-test-utils';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import knexFactory, { Knex } from 'knex';
import { KeyRotationPhase } from '@maskinporten-backstage/plugin-maskinporten-common';
import { DigdirUnavailableError } from '../digdir/types';
import { generateRsaKey } from '../keys/generateKeyPair';
import { ADMIN_TOKEN, SCOPES, createRotationHarness, registeredKids } from './__testUtils__/rotationHarness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const target = {
  entityRef: 'component:default/lonn',
  environment: 'test',
  clientId: 'client-lonn',
  scopes: SCOPES,
};

function jwksPosts(simulator: MaskinportenSimulator) {
  return simulator.requests.filter(r => r.method === 'POST' && r.path.endsWith('/jwks'));
}

describe.each(databases.eachSupportedId())('key rotation on %p', databaseId => {
  let knex: Knex;
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({
      clock,
      adminToken: ADMIN_TOKEN,
      clients: [
        {
          clientId: 'client-lonn',
          scopes: SCOPES,
          // Created by this backend for the integration: only then may rotation post keys to it.
          description: digdirClientDescription(target.entityRef, target.environment),
        },
      ],
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  it('rotates with a sliding window: a token can be had at every step, the old key goes only after the new one works', async () => {
    const outcomes: Array<{ phase: KeyRotationPhase; kind: string; kid: string }> = [];
    const harness = await createRotationHarness({
      knex,
      simulator,
      clock,
      selfService: true,
      afterStep: async phase => {
        const result = await harness.requestTokenWith(target);
        outcomes.push({ phase, kind: result.kind, kid: result.kid });
      },
    });
    const old = await harness.seedActiveKey(target);
    expect((await harness.requestTokenWith(target)).kind).toBe('success');

    const { rotation, created } = await harness.service.start(target, 'user:default/ada');
    expect(created).toBe(true);
    // Registered and verified at once; the old key stays registered through the grace period.
    expect(rotation).toMatchObject({ mode: 'self-service', phase: 'verified', open: true, oldKids: [old.kid] });
    const newKid = rotation.newKid!;
    expect(registeredKids(simulator, 'client-lonn').sort()).toEqual([old.kid, newKid].sort());
    expect(outcomes.map(o => [o.phase, o.kind])).toEqual([
      ['generated', 'success'],
      ['registered', 'success'],
      ['verified', 'success'],
    ]);
    // The signing key switches to the new key only once it passed the token test.
    expect(outcomes.map(o => o.kid)).toEqual([old.kid, old.kid, newKid]);
    const keys = await harness.stores.keys.list(target);
    expect(keys.find(k => k.kid === newKid)?.state).toBe('active');
    expect(keys.find(k => k.kid === old.kid)?.state).toBe('retiring');
    // Gateways still signing with the old key keep working during the grace period.
    expect((await harness.requestTokenWith(target, old.kid)).kind).toBe('success');

    // Within the grace period the scheduled run leaves the old key alone.
    clock.advance(23 * HOUR);
    await harness.service.runScheduled();
    expect((await harness.service.current(target))?.phase).toBe('verified');
    expect(registeredKids(simulator, 'client-lonn')).toContain(old.kid);

    clock.advance(2 * HOUR);
    await harness.service.runScheduled();
    const done = await harness.service.current(target);
    expect(done).toMatchObject({ phase: 'retired', open: false });
    expect(outcomes.at(-1)).toMatchObject({ phase: 'retired', kind: 'success', kid: newKid });
    expect(registeredKids(simulator, 'client-lonn')).toEqual([newKid]);
    expect((await harness.stores.keys.list(target)).find(k => k.kid === old.kid)?.state).toBe('revoked');
    const refused = await harness.requestTokenWith(target, old.kid);
    expect(refused).toMatchObject({ kind: 'rejected', code: 'MP-100' });

    // The new key's expiry is Digdir's `exp`, as read back after the last post.
    const registered = simulator.getClient('client-lonn')!.keys[0];
    const newKey = (await harness.stores.keys.list(target)).find(k => k.kid === newKid)!;
    expect(newKey.expiresAt?.getTime()).toBe(registered.exp * 1000);
  });

  it("verifies the new key with the integration's whole grant: resource and consumer_org too", async () => {
    await simulator.close();
    simulator = await MaskinportenSimulator.start({
      clock,
      adminToken: ADMIN_TOKEN,
      clients: [
        {
          clientId: 'client-lonn',
          scopes: SCOPES,
          consumerOrgs: ['974760673'],
          description: digdirClientDescription(target.entityRef, target.environment),
        },
      ],
    });
    const grants: Array<Record<string, unknown>> = [];
    const harness = await createRotationHarness({
      knex,
      simulator,
      clock,
      selfService: true,
      fetchImpl: async (url, init) => {
        const assertion = new URLSearchParams(String(init?.body)).get('assertion');
        if (assertion) {
          grants.push(JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString()));
        }
        return fetch(url, init);
      },
    });
    await harness.seedActiveKey(target);
    const audience = ['https://api.dfo.no/ansatte'];
    const { rotation, verification } = await harness.service.start(
      { ...target, resources: audience, consumerOrg: '974760673' },
      'user:default/ada',
    );
    expect(verification?.outcome).toBe('success');
    expect(rotation.phase).toBe('verified');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ resource: audience, consumer_org: '974760673', scope: SCOPES.join(' ') });
  });

  it('never posts a sixth key: a full set ends the rotation without touching Digdir', async () => {
    const harness = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const old = await harness.seedActiveKey(target);
    // Four more keys registered outside Backstage: Digdir now holds five.
    const outside = await Promise.all(
      [1, 2, 3, 4].map(i => generateRsaKey({ kid: `outside-${i}`, modulusLength: 2048 })),
    );
    simulator.setClientKeys('client-lonn', [
      ...simulator.getClient('client-lonn')!.keys.map(k => k.jwk as any),
      ...outside.map(k => k.publicJwk),
    ]);
    simulator.clearRequests();

    const { rotation } = await harness.service.start(target, 'user:default/ada');
    expect(rotation.phase).toBe('failed');
    expect(rotation.lastError).toMatch(/already holds 5 unexpired keys.*more than the 5/);
    expect(jwksPosts(simulator)).toEqual([]);
    expect(registeredKids(simulator, 'client-lonn')).toHaveLength(5);
    const keys = await harness.stores.keys.list(target);
    expect(keys.find(k => k.kid === rotation.newKid)?.state).toBe('revoked');
    expect((await harness.requestTokenWith(target)).kid).toBe(old.kid);

    // With one slot free the set reaches five exactly, and the retirement brings it back to four.
    simulator.setClientKeys(
      'client-lonn',
      simulator.getClient('client-lonn')!.keys.map(k => k.jwk as any).filter(k => k.kid !== 'outside-4'),
    );
    const second = await harness.service.start(target, 'user:default/ada');
    expect(second.rotation.phase).toBe('verified');
    expect(registeredKids(simulator, 'client-lonn')).toHaveLength(5);
    await harness.service.advance(second.rotation.id, { retireNow: true });
    expect(registeredKids(simulator, 'client-lonn').sort()).toEqual(
      ['outside-1', 'outside-2', 'outside-3', second.rotation.newKid!].sort(),
    );
    for (const request of simulator.requests) {
      expect(request.status).toBeLessThan(400);
    }
  });

  it('refuses to start when Backstage already holds five usable keys', async () => {
    const harness = await createRotationHarness({ knex, simulator, clock, selfService: true });
    for (let i = 0; i < 5; i++) {
      await harness.seedActiveKey(target);
    }
    await expect(harness.service.start(target, 'user:default/ada')).rejects.toThrow(
      /already has 5 unexpired keys/,
    );
    expect(await harness.service.current(target)).toBeUndefined();
  });

  it('two backend instances rotating the same client at once end with one new key', async () => {
    // A second connection pool to the same database stands in for the second replica
    // (SQLite in memory lives in one connection, so there both share it).
    const secondKnex =
      databaseId === 'SQLITE_3' ? knex : knexFactory({ ...knex.client.config, pool: { min: 0, max: 5 } });
    try {
      const a = await createRotationHarness({ knex, simulator, clock, selfService: true });
      const b = await createRotationHarness({ knex: secondKnex, simulator, clock, selfService: true });
      const old = await a.seedActiveKey(target);

      const [ra, rb] = await Promise.all([
        a.service.start(target, 'user:default/ada'),
        b.service.start(target, 'user:default/bob'),
      ]);
      expect(ra.rotation.id).toBe(rb.rotation.id);
      expect([ra.created, rb.created].sort()).toEqual([false, true]);
      // Both replicas' scheduled runs race over the rest of the rotation as well.
      clock.advance(25 * HOUR);
      await Promise.all([a.service.runScheduled(), b.service.runScheduled()]);

      const keys = await a.stores.keys.list(target);
      expect(keys).toHaveLength(2);
      const rotation = await a.service.current(target);
      expect(rotation?.phase).toBe('retired');
      expect(registeredKids(simulator, 'client-lonn')).toEqual([rotation!.newKid]);
      expect(keys.map(k => k.kid).sort()).toEqual([old.kid, rotation!.newKid].sort());
    } finally {
      if (secondKnex !== knex) {
        await secondKnex.destroy();
      }
    }
  });

  it('two replicas advancing one freshly started rotation generate a single key', async () => {
    const a = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const b = await createRotationHarness({ knex, simulator, clock, selfService: true });
    await a.seedActiveKey(target);
    const { rotation } = await a.stores.rotations.createOrGetOpen({
      id: '00000000-0000-4000-8000-000000000001',
      ...target,
      resources: [],
      mode: 'self-service',
      phase: 'started',
      open: true,
      oldKids: [],
      attempts: 0,
      startedBy: 'test',
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    await Promise.all([a.service.advance(rotation.id), b.service.advance(rotation.id)]);
    const keys = await a.stores.keys.list(target);
    expect(keys).toHaveLength(2);
    const current = await a.service.current(target);
    expect(current?.phase).toBe('verified');
    expect(keys.map(k => k.kid)).toContain(current?.newKid);
  });

  it('keeps state when Digdir answers 500, and a later run finishes the job', async () => {
    const harness = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const old = await harness.seedActiveKey(target);
    const fault = simulator.faults.add({ method: 'POST', path: /\/jwks$/, status: 500 });

    const error = await harness.service.start(target, 'user:default/ada').catch(e => e);
    expect(error).toBeInstanceOf(DigdirUnavailableError);
    const stuck = await harness.service.current(target);
    expect(stuck).toMatchObject({ phase: 'generated', open: true, attempts: 1 });
    expect(stuck?.lastError).toMatch(/^Digdir: /);
    expect(fault.hits).toBeGreaterThan(0);
    expect(registeredKids(simulator, 'client-lonn')).toEqual([old.kid]);
    expect((await harness.requestTokenWith(target)).kind).toBe('success');

    // Still down: the scheduled run counts another attempt and changes nothing else.
    await harness.service.runScheduled();
    expect(await harness.service.current(target)).toMatchObject({ phase: 'generated', attempts: 2 });
    expect(await harness.stores.keys.list(target)).toHaveLength(2);

    fault.remove();
    await harness.service.runScheduled();
    const resumed = await harness.service.current(target);
    expect(resumed).toMatchObject({ phase: 'verified', newKid: stuck!.newKid, attempts: 0 });
    expect(resumed?.lastError).toBeUndefined();
    expect(await harness.stores.keys.list(target)).toHaveLength(2);
    expect((await harness.requestTokenWith(target)).kind).toBe('success');
  });

  it('treats a Digdir that hangs like one that is down, and survives a lost answer without a duplicate', async () => {
    const harness = await createRotationHarness({
      knex,
      simulator,
      clock,
      selfService: true,
      digdirTimeoutMs: 300,
    });
    const old = await harness.seedActiveKey(target);
    const hang = simulator.faults.add({ method: 'GET', path: /\/jwks$/, hang: true });
    await expect(harness.service.start(target, 'user:default/ada')).rejects.toBeInstanceOf(
      DigdirUnavailableError,
    );
    expect(await harness.service.current(target)).toMatchObject({ phase: 'generated' });
    expect(registeredKids(simulator, 'client-lonn')).toEqual([old.kid]);
    hang.remove();

    // Digdir stores the set but the answer never arrives: the next run finds the key there.
    const lost = simulator.faults.add({ method: 'POST', path: /\/jwks$/, afterHandling: true, hang: true, times: 2 });
    await expect(harness.service.advance((await harness.service.current(target))!.id)).rejects.toBeInstanceOf(
      DigdirUnavailableError,
    );
    expect(lost.hits).toBe(2);
    const rotation = (await harness.service.current(target))!;
    expect(rotation.phase).toBe('generated');
    expect(registeredKids(simulator, 'client-lonn').sort()).toEqual([old.kid, rotation.newKid].sort());

    await harness.service.runScheduled();
    expect(await harness.service.current(target)).toMatchObject({ phase: 'verified', newKid: rotation.newKid });
    expect(registeredKids(simulator, 'client-lonn').sort()).toEqual([old.kid, rotation.newKid].sort());
    expect(await harness.stores.keys.list(target)).toHaveLength(2);
  });

  it('resumes after a process died between "key generated" and "key registered", with no second key', async () => {
    const crashing = await createRotationHarness({
      knex,
      simulator,
      clock,
      selfService: true,
      afterStep: phase => {
        if (phase === 'generated') {
          throw new Error('process killed');
        }
      },
    });
    const old = await crashing.seedActiveKey(target);
    await expect(crashing.service.start(target, 'user:default/ada')).rejects.toThrow('process killed');
    const orphan = (await crashing.service.current(target))!;
    expect(orphan).toMatchObject({ phase: 'generated', open: true });
    expect(registeredKids(simulator, 'client-lonn')).toEqual([old.kid]);

    // The next process: a new service instance on the same database.
    const next = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const again = await next.service.start(target, 'user:default/ada');
    expect(again.created).toBe(false);
    await next.service.runScheduled();
    const resumed = (await next.service.current(target))!;
    expect(resumed).toMatchObject({ id: orphan.id, phase: 'verified', newKid: orphan.newKid });
    expect(await next.stores.keys.list(target)).toHaveLength(2);
    expect(registeredKids(simulator, 'client-lonn').sort()).toEqual([old.kid, orphan.newKid].sort());
    expect(simulator.listClients()).toHaveLength(1);
  });

  it('cancels before the new key took over, taking it out of the registered set again', async () => {
    const harness = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const old = await harness.seedActiveKey(target);
    // Maskinporten refuses the new key for now, so the rotation waits in `registered`.
    const refuse = simulator.faults.add({ method: 'POST', path: '/token', status: 400, body: { error: 'invalid_grant', error_description: 'not yet (MP-100)' } });
    const { rotation } = await harness.service.start(target, 'user:default/ada');
    refuse.remove();
    expect(rotation).toMatchObject({ phase: 'registered', attempts: 1 });
    expect(rotation.lastError).toMatch(/^Verification: .*MP-100/);
    expect(registeredKids(simulator, 'client-lonn')).toHaveLength(2);

    const cancelled = await harness.service.cancel(rotation.id);
    expect(cancelled.rotation).toMatchObject({ phase: 'cancelled', open: false });
    expect(registeredKids(simulator, 'client-lonn')).toEqual([old.kid]);
    const keys = await harness.stores.keys.list(target);
    expect(keys.find(k => k.kid === rotation.newKid)?.state).toBe('revoked');
    expect(keys.find(k => k.kid === old.kid)?.state).toBe('active');
    await expect(harness.service.cancel(rotation.id)).rejects.toThrow(/only a rotation whose new key has not yet taken over/);
  });

  it('renews an active key near expiry by re-posting the set, recording exp as Digdir reports it', async () => {
    const harness = await createRotationHarness({ knex, simulator, clock, selfService: true });
    const key = await harness.seedActiveKey(target);
    const firstExp = simulator.getClient('client-lonn')!.keys[0].exp;

    // Outside the 30-day window nothing is posted.
    clock.advance(300 * DAY);
    simulator.clearRequests();
    expect(await harness.service.renew()).toBe(0);
    expect(jwksPosts(simulator)).toEqual([]);

    clock.advance(40 * DAY);
    expect(await harness.service.renew()).toBe(1);
    const renewedExp = simulator.getClient('client-lonn')!.keys[0].exp;
    expect(renewedExp).toBeGreaterThan(firstExp);
    const stored = (await harness.stores.keys.list(target)).find(k => k.kid === key.kid)!;
    expect(stored.expiresAt?.getTime()).toBe(renewedExp * 1000);
    expect(stored.registeredAt?.getTime()).toBe(clock.now().getTime());

    // Past the original year the key still works: the renewal was real.
    clock.advance(60 * DAY);
    expect((await harness.requestTokenWith(target)).kind).toBe('success');
  });

  it('starts a rotation by itself for keys within autoRotateWithinDays', async () => {
    const harness = await createRotationHarness({
      knex,
      simulator,
      clock,
      selfService: true,
      rotationConfig: { autoRotateWithinDays: 20, renewWithinDays: 10 },
    });
    const old = await harness.seedActiveKey(target);
    // Automatic rotations take the integration from the index, as the catalog sync left it.
    await harness.stores.index.upsert([{ integration: { ...target, resources: [] } }], clock.now());
    expect(await harness.service.runScheduled()).toMatchObject({ started: 0 });
    clock.advance(350 * DAY);
    expect(await harness.service.runScheduled()).toMatchObject({ started: 1, renewed: 0 });
    const rotation = await harness.service.current(target);
    expect(rotation).toMatchObject({ phase: 'verified', startedBy: 'maskinporten-key-rotation', oldKids: [old.kid] });
  });

  it('guides a manual rotation when no self-service API is configured', async () => {
    const harness = await createRotationHarness({ knex, simulator, clock, selfService: false });
    const old = await harness.seedActiveKey(target);
    simulator.clearRequests();

    const { rotation } = await harness.service.start(target, 'user:default/ada');
    expect(rotation).toMatchObject({ mode: 'manual', phase: 'awaiting-upload' });
    expect(rotation.jwks?.map(k => k.kid).sort()).toEqual([old.kid, rotation.newKid].sort());
    for (const jwk of rotation.jwks!) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    }
    expect(simulator.requests.filter(r => r.path.startsWith('/api/'))).toEqual([]);

    // "I have uploaded it" before uploading: the token test says so, nothing moves.
    const early = await harness.service.confirmUploaded(rotation.id);
    expect(early.verification).toMatchObject({ outcome: 'rejected', errorCode: 'MP-100' });
    expect(early.rotation).toMatchObject({ phase: 'awaiting-upload', attempts: 1 });
    expect((await harness.requestTokenWith(target)).kind).toBe('success');

    simulator.setClientKeys('client-lonn', rotation.jwks as any);
    const verified = await harness.service.confirmUploaded(rotation.id);
    expect(verified.verification).toMatchObject({ outcome: 'success', kid: rotation.newKid });
    expect(verified.rotation).toMatchObject({ phase: 'verified' });
    expect(verified.rotation.jwks?.map(k => k.kid)).toEqual([rotation.newKid]);
    expect((await harness.requestTokenWith(target)).kid).toBe(rotation.newKid);

    simulator.setClientKeys('client-lonn', verified.rotation.jwks as any);
    const done = await harness.service.confirmUploaded(rotation.id);
    expect(done.rotation).toMatchObject({ phase: 'retired', open: false });
    expect((await harness.stores.keys.list(target)).find(k => k.kid === old.kid)?.state).toBe('revoked');
    await expect(harness.service.confirmUploaded(rotation.id)).rejects.toThrow(/is retired/);
  });
});

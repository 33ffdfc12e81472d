import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { StoredKey, createStores } from '.';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const now = new Date('2026-11-24T10:00:00.000Z');
const integration = { entityRef: 'Component:default/Lonn', environment: 'test' };

function key(kid: string, overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    id: `id-${kid}`,
    kid,
    entityRef: integration.entityRef,
    environment: 'test',
    clientId: 'client-1',
    algorithm: 'RS256',
    modulusLength: 2048,
    publicJwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: 'abc' },
    privateKeyCiphertext: 'mpk1.x.y.z.w',
    encryptionSecretId: 'x',
    state: 'pending',
    createdBy: 'user:default/ada',
    createdAt: now,
    expiresAt: new Date(now.getTime() + 365 * 86_400_000),
    ...overrides,
  };
}

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const stores = await createStores(mockServices.database({ knex }));
  return { knex, keys: stores.keys, tokenTests: stores.tokenTests };
}

describe.each(databases.eachSupportedId())('KeyStore and TokenTestStore on %p', databaseId => {
  it('round-trips keys, newest first, matching entity refs case-insensitively', async () => {
    const { keys } = await createStore(databaseId);
    await keys.insertWithinLimit(key('k1'), { maxLiveKeys: 5, now });
    await keys.insertWithinLimit(key('k2', { createdAt: new Date(now.getTime() + 1000) }), { maxLiveKeys: 5, now });

    const listed = await keys.list({ entityRef: 'component:default/lonn', environment: 'test' });
    expect(listed.map(k => k.kid)).toEqual(['k2', 'k1']);
    expect(listed[1]).toEqual({ ...key('k1'), entityRef: 'component:default/lonn', registeredAt: undefined });
    expect(await keys.list({ ...integration, environment: 'prod' })).toEqual([]);
    expect((await keys.get('k1'))?.publicJwk.kid).toBe('k1');
    expect(await keys.get('missing')).toBeUndefined();

    // Lists for many integrations never read the sealed private keys.
    const many = await keys.listFor(['Component:Default/Lonn']);
    expect(many.map(k => k.kid)).toEqual(['k2', 'k1']);
    const { privateKeyCiphertext: _sealed, encryptionSecretId: _custody, ...record } = listed[1];
    expect(many[1]).toEqual(record);
  });

  it('refuses a sixth live key and writes nothing', async () => {
    const { keys, knex } = await createStore(databaseId);
    for (const kid of ['a', 'b', 'c', 'd', 'e']) {
      await keys.insertWithinLimit(key(kid), { maxLiveKeys: 5, now });
    }
    await expect(keys.insertWithinLimit(key('f'), { maxLiveKeys: 5, now })).rejects.toThrow(/at most 5/);
    expect(Number((await knex('maskinporten_keys').count({ n: '*' }))[0].n)).toBe(5);
  });

  it('never stores more than five live keys, even when inserts race', async () => {
    const { keys, knex } = await createStore(databaseId);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => keys.insertWithinLimit(key(`race-${i}`), { maxLiveKeys: 5, now })),
    );
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(5);
    expect(Number((await knex('maskinporten_keys').count({ n: '*' }))[0].n)).toBe(5);
  });

  it('does not count expired or revoked keys against the limit', async () => {
    const { keys } = await createStore(databaseId);
    for (const kid of ['a', 'b', 'c', 'd']) {
      await keys.insertWithinLimit(key(kid), { maxLiveKeys: 5, now });
    }
    await keys.insertWithinLimit(key('old', { expiresAt: new Date(now.getTime() - 1000) }), { maxLiveKeys: 5, now });
    await keys.insertWithinLimit(key('gone', { state: 'revoked' }), { maxLiveKeys: 5, now });
    await expect(keys.insertWithinLimit(key('e'), { maxLiveKeys: 5, now })).resolves.toBeUndefined();
  });

  it('keeps kids globally unique', async () => {
    const { keys } = await createStore(databaseId);
    await keys.insertWithinLimit(key('same'), { maxLiveKeys: 5, now });
    await expect(
      keys.insertWithinLimit(key('same', { id: 'other', entityRef: 'component:default/other' }), { maxLiveKeys: 5, now }),
      // better-sqlite3's error class is registered once per process, so instanceof Error
      // (what toThrow checks) fails in later test files; the message is what matters.
    ).rejects.toHaveProperty('message', expect.stringMatching(/unique|duplicate/i));
  });

  it('activates a pending key once, recording when', async () => {
    const { keys } = await createStore(databaseId);
    await keys.insertWithinLimit(key('k1'), { maxLiveKeys: 5, now });
    const later = new Date(now.getTime() + 60_000);
    await keys.activate('k1', later);
    await keys.activate('k1', new Date(later.getTime() + 60_000));
    const stored = await keys.get('k1');
    expect(stored?.state).toBe('active');
    expect(stored?.registeredAt).toEqual(later);
  });

  it('returns the latest token test of an integration', async () => {
    const { tokenTests } = await createStore(databaseId);
    const base = {
      entityRef: integration.entityRef,
      environment: 'test',
      clientId: 'client-1',
      kid: 'k1',
      requestedBy: 'user:default/ada',
      durationMs: 42,
    };
    await tokenTests.insert({
      ...base,
      id: 't1',
      requestedAt: now.toISOString(),
      outcome: 'rejected',
      message: 'refused',
      httpStatus: 400,
      error: 'invalid_grant',
      errorCode: 'MP-110',
      errorDescription: 'bad aud MP-110',
    });
    await tokenTests.insert({
      ...base,
      id: 't2',
      requestedAt: new Date(now.getTime() + 5000).toISOString(),
      outcome: 'success',
      message: 'issued',
      httpStatus: 200,
      grantedScopes: ['dfo:ansatte', 'dfo:org'],
      expiresIn: 120,
    });
    expect(await tokenTests.latest({ entityRef: 'component:default/lonn', environment: 'test' })).toEqual({
      ...base,
      entityRef: 'component:default/lonn',
      id: 't2',
      requestedAt: new Date(now.getTime() + 5000).toISOString(),
      outcome: 'success',
      message: 'issued',
      httpStatus: 200,
      grantedScopes: ['dfo:ansatte', 'dfo:org'],
      expiresIn: 120,
      errorCode: undefined,
      error: undefined,
      errorDescription: undefined,
    });
    expect(await tokenTests.latest({ ...integration, environment: 'prod' })).toBeUndefined();
  });
});

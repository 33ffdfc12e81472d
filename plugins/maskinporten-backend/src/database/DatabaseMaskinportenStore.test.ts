import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseMaskinportenStore } from './DatabaseMaskinportenStore';
import { StoredKey } from './MaskinportenStore';

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
  const store = await DatabaseMaskinportenStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('DatabaseMaskinportenStore on %p', databaseId => {
  it('round-trips keys, newest first, matching entity refs case-insensitively', async () => {
    const { store } = await createStore(databaseId);
    await store.insertKey(key('k1'), { maxLiveKeys: 5, now });
    await store.insertKey(key('k2', { createdAt: new Date(now.getTime() + 1000) }), { maxLiveKeys: 5, now });

    const keys = await store.listKeys({ entityRef: 'component:default/lonn', environment: 'test' });
    expect(keys.map(k => k.kid)).toEqual(['k2', 'k1']);
    expect(keys[1]).toEqual({ ...key('k1'), entityRef: 'component:default/lonn', registeredAt: undefined });
    expect(await store.listKeys({ ...integration, environment: 'prod' })).toEqual([]);
    expect((await store.getKey('k1'))?.publicJwk.kid).toBe('k1');
    expect(await store.getKey('missing')).toBeUndefined();
  });

  it('refuses a sixth live key and writes nothing', async () => {
    const { store, knex } = await createStore(databaseId);
    for (const kid of ['a', 'b', 'c', 'd', 'e']) {
      await store.insertKey(key(kid), { maxLiveKeys: 5, now });
    }
    await expect(store.insertKey(key('f'), { maxLiveKeys: 5, now })).rejects.toThrow(/at most 5/);
    expect(Number((await knex('maskinporten_keys').count({ n: '*' }))[0].n)).toBe(5);
  });

  it('never stores more than five live keys, even when inserts race', async () => {
    const { store, knex } = await createStore(databaseId);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.insertKey(key(`race-${i}`), { maxLiveKeys: 5, now })),
    );
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(5);
    expect(Number((await knex('maskinporten_keys').count({ n: '*' }))[0].n)).toBe(5);
  });

  it('does not count expired or revoked keys against the limit', async () => {
    const { store } = await createStore(databaseId);
    for (const kid of ['a', 'b', 'c', 'd']) {
      await store.insertKey(key(kid), { maxLiveKeys: 5, now });
    }
    await store.insertKey(key('old', { expiresAt: new Date(now.getTime() - 1000) }), { maxLiveKeys: 5, now });
    await store.insertKey(key('gone', { state: 'revoked' }), { maxLiveKeys: 5, now });
    await expect(store.insertKey(key('e'), { maxLiveKeys: 5, now })).resolves.toBeUndefined();
  });

  it('keeps kids globally unique', async () => {
    const { store } = await createStore(databaseId);
    await store.insertKey(key('same'), { maxLiveKeys: 5, now });
    await expect(
      store.insertKey(key('same', { id: 'other', entityRef: 'component:default/other' }), { maxLiveKeys: 5, now }),
      // better-sqlite3's error class is registered once per process, so instanceof Error
      // (what toThrow checks) fails in later test files; the message is what matters.
    ).rejects.toHaveProperty('message', expect.stringMatching(/unique|duplicate/i));
  });

  it('activates a pending key once, recording when', async () => {
    const { store } = await createStore(databaseId);
    await store.insertKey(key('k1'), { maxLiveKeys: 5, now });
    const later = new Date(now.getTime() + 60_000);
    await store.markKeyActive('k1', later);
    await store.markKeyActive('k1', new Date(later.getTime() + 60_000));
    const stored = await store.getKey('k1');
    expect(stored?.state).toBe('active');
    expect(stored?.registeredAt).toEqual(later);
  });

  it('returns the latest token test of an integration', async () => {
    const { store } = await createStore(databaseId);
    const base = {
      entityRef: integration.entityRef,
      environment: 'test',
      clientId: 'client-1',
      kid: 'k1',
      requestedBy: 'user:default/ada',
      durationMs: 42,
    };
    await store.insertTokenTest({
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
    await store.insertTokenTest({
      ...base,
      id: 't2',
      requestedAt: new Date(now.getTime() + 5000).toISOString(),
      outcome: 'success',
      message: 'issued',
      httpStatus: 200,
      grantedScopes: ['dfo:ansatte', 'dfo:org'],
      expiresIn: 120,
    });
    expect(await store.latestTokenTest({ entityRef: 'component:default/lonn', environment: 'test' })).toEqual({
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
    expect(await store.latestTokenTest({ ...integration, environment: 'prod' })).toBeUndefined();
  });
});

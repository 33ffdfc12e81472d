import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { IndexedIntegration, IntegrationIndexStore, IntegrationQuery, NO_EXPIRY_SORT, createStores } from '.';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const DAY = 86_400_000;
const now = new Date('2026-11-24T10:00:00.000Z');
const OWNERS = [
  'group:default/team-a',
  'group:default/team-b',
  'group:default/team-c',
  'user:default/ada',
  undefined,
];
const ENVIRONMENTS = ['test', 'prod'];
// Few distinct expiries, so many rows tie on the sort key and ties straddle page boundaries.
const EXPIRIES = [
  new Date(now.getTime() - 3 * DAY),
  new Date(now.getTime() + 5 * DAY),
  new Date(now.getTime() + 30 * DAY),
  new Date(now.getTime() + 90 * DAY),
  new Date(now.getTime() + 365 * DAY),
  undefined,
];
// Titles that contain LIKE's wildcard characters and their look-alikes. Nothing else in a
// row (refs, owners, client ids, scopes) contains '%', '_' or '\'.
const TITLES = [
  'Lønn 100% sync',
  'Lønn 1000 sync',
  'Reskontro a_b',
  'Reskontro axb',
  'Back\\slash',
  'Plain',
  undefined,
];
const COUNT = 300;

type Seeded = IndexedIntegration & { ref: string; expirySort: number };

/** Uniform, zero-padded refs: byte order and every collation agree on their order. */
function seedRows(): Seeded[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const ref = `component:default/svc-${String(i).padStart(4, '0')}`;
    const expiresAt = EXPIRIES[(i * 7) % EXPIRIES.length];
    return {
      ref,
      expirySort: expiresAt?.getTime() ?? NO_EXPIRY_SORT,
      integration: {
        // Mixed case on the way in: the index stores refs lower-cased.
        entityRef: i % 3 === 0 ? ref.replace('svc', 'SVC') : ref,
        environment: ENVIRONMENTS[i % ENVIRONMENTS.length],
        clientId: i % 4 === 0 ? undefined : `client-${i}`,
        scopes: i % 5 === 0 ? ['dfo:ansatte', 'dfo:org'] : ['skatteetaten:inntekt'],
        resources: [],
      },
      title: TITLES[i % TITLES.length],
      owner: OWNERS[i % OWNERS.length],
      expiresAt,
    };
  });
}

function searchTextOf(row: Seeded): string {
  return [row.ref, row.title, row.owner, row.integration.clientId, ...row.integration.scopes]
    .filter(Boolean)
    .join(' ')
    .toLocaleLowerCase('en-US');
}

function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** What the SQL should return, computed in memory. */
function expected(rows: Seeded[], query: Omit<IntegrationQuery, 'limit'>): string[] {
  const owners = query.owners.map(o => o.toLocaleLowerCase('en-US'));
  return rows
    .filter(row => owners.length === 0 || (row.owner !== undefined && owners.includes(row.owner)))
    .filter(row => !query.environment || row.integration.environment === query.environment)
    .filter(row => !query.expiresBefore || row.expirySort <= query.expiresBefore.getTime())
    .filter(row => !query.search || searchTextOf(row).includes(query.search))
    .sort((a, b) => a.expirySort - b.expirySort || compareBytes(a.ref, b.ref))
    .map(row => row.ref);
}

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = (await createStores(mockServices.database({ knex }))).index;
  return { knex, store };
}

describe.each(databases.eachSupportedId())('integration index on %p', databaseId => {
  let store: IntegrationIndexStore;
  const rows = seedRows();

  beforeAll(async () => {
    ({ store } = await createStore(databaseId));
    await store.upsert(rows, now);
  });

  async function all(query: Omit<IntegrationQuery, 'limit'>) {
    return store.query({ ...query, limit: 10_000 });
  }

  /** Follows `after` from the first page to the end; returns every page. */
  async function walk(query: Omit<IntegrationQuery, 'limit'>, limit: number) {
    const pages: string[][] = [];
    let after: IntegrationQuery['after'];
    for (;;) {
      const page = await store.query({ ...query, limit, after });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(limit);
      pages.push(page.map(row => row.integration.entityRef));
      after = page[page.length - 1].position;
      if (page.length < limit) break;
      expect(pages.length).toBeLessThanOrEqual(COUNT); // no endless loop on a broken cursor
    }
    return pages;
  }

  it('returns every row, soonest expiry first, with ties ordered by entity ref', async () => {
    const result = await all({ owners: [] });
    expect(result.map(row => row.integration.entityRef)).toEqual(expected(rows, { owners: [] }));
    expect(result).toHaveLength(COUNT);
  });

  it('round-trips a row: lower-cased refs, title, owner, expiry and keyset position', async () => {
    const result = await all({ owners: [] });
    const byRef = new Map(result.map(row => [row.integration.entityRef, row]));
    for (const seeded of [rows[0], rows[1], rows[5], rows[12]]) {
      const row = byRef.get(seeded.ref)!;
      expect(row).toEqual({
        integration: { ...seeded.integration, entityRef: seeded.ref },
        title: seeded.title,
        owner: seeded.owner,
        expiresAt: seeded.expiresAt,
        position: { expirySort: seeded.expirySort, entityRef: seeded.ref },
      });
    }
    // Key-less rows carry the sentinel in the position but no expiry.
    const keyless = result[result.length - 1];
    expect(keyless.expiresAt).toBeUndefined();
    expect(keyless.position.expirySort).toBe(NO_EXPIRY_SORT);
  });

  it.each([
    ['one owner', { owners: ['group:default/team-a'] }],
    ['several owners, matched case-insensitively', { owners: ['Group:default/Team-B', 'user:default/ada'] }],
    ['an owner nobody has', { owners: ['group:default/nobody'] }],
    ['environment', { owners: [], environment: 'prod' }],
    ['expiresBefore, inclusive, excluding key-less rows', { owners: [], expiresBefore: EXPIRIES[2] }],
    ['expiresBefore in the past: only lapsed keys', { owners: [], expiresBefore: now }],
    ['search in the ref', { owners: [], search: 'svc-001' }],
    ['search in the title', { owners: [], search: 'lønn' }],
    ['search in owner and scopes', { owners: [], search: 'team-c' }],
    ['search in scopes', { owners: [], search: 'dfo:org' }],
    ['search in the client id', { owners: [], search: 'client-12' }],
    ['combined', { owners: ['group:default/team-a', 'group:default/team-b'], environment: 'test', expiresBefore: EXPIRIES[3], search: 'reskontro' }],
  ] as Array<[string, Omit<IntegrationQuery, 'limit'>]>)('filters by %s', async (_name, query) => {
    const result = await all(query);
    expect(result.map(row => row.integration.entityRef)).toEqual(expected(rows, query));
  });

  it('filters with non-empty results where it matters', async () => {
    // Guards the table above against passing vacuously.
    for (const query of [
      { owners: ['group:default/team-a'] },
      { owners: [], expiresBefore: now },
      { owners: [], search: 'lønn' },
      { owners: ['group:default/team-a', 'group:default/team-b'], environment: 'test', expiresBefore: EXPIRIES[3], search: 'reskontro' },
    ]) {
      expect(expected(rows, query).length).toBeGreaterThan(0);
    }
    const boundary = await all({ owners: [], expiresBefore: EXPIRIES[2] });
    expect(boundary.some(row => row.expiresAt?.getTime() === EXPIRIES[2]!.getTime())).toBe(true);
  });

  it('treats % _ and \\ in the search text as literal characters', async () => {
    const titles = async (search: string) =>
      [...new Set((await all({ owners: [], search })).map(row => row.title))].sort();

    expect(await titles('100%')).toEqual(['Lønn 100% sync']);
    expect(await titles('%')).toEqual(['Lønn 100% sync']);
    expect(await titles('a_b')).toEqual(['Reskontro a_b']);
    expect(await titles('_')).toEqual(['Reskontro a_b']);
    expect(await titles('k\\s')).toEqual(['Back\\slash']);
    expect(await titles('\\')).toEqual(['Back\\slash']);
    expect(await titles('%%')).toEqual([]);
    expect(await titles('1_00')).toEqual([]);
  });

  it.each([
    ['no filter', { owners: [] }, 7],
    ['no filter, page size 1', { owners: [] }, 1],
    ['no filter, page size dividing the total', { owners: [] }, 50],
    ['owner filter', { owners: ['group:default/team-b'] }, 4],
    ['environment and expiry filters', { owners: [], environment: 'test', expiresBefore: EXPIRIES[3] }, 9],
    ['search', { owners: [], search: 'reskontro' }, 6],
  ] as Array<[string, Omit<IntegrationQuery, 'limit'>, number]>)(
    'pages with a keyset cursor: %s returns each row exactly once, in order',
    async (_name, query, limit) => {
      const pages = await walk(query, limit);
      const refs = pages.flat();
      expect(refs).toEqual(expected(rows, query));
      expect(new Set(refs).size).toBe(refs.length);
      // Every page but the last is full, so no row fell between two pages.
      expect(pages.slice(0, -1).every(page => page.length === limit)).toBe(true);
    },
  );

  it('continues correctly when the cursor row sits inside a run of equal expiries', async () => {
    const sorted = await all({ owners: [] });
    // The first row of the run of rows expiring at EXPIRIES[1], and the one after it.
    const run = sorted.filter(row => row.position.expirySort === EXPIRIES[1]!.getTime());
    expect(run.length).toBeGreaterThan(10);
    const after = run[3].position;
    const page = await store.query({ owners: [], limit: 5, after });
    expect(page.map(row => row.integration.entityRef)).toEqual(
      run.slice(4, 9).map(row => row.integration.entityRef),
    );
    // A cursor at the run's last row continues with the next expiry, not inside the run.
    const next = await store.query({ owners: [], limit: 1, after: run[run.length - 1].position });
    expect(next[0].position.expirySort).toBeGreaterThan(EXPIRIES[1]!.getTime());
  });

  it('returns nothing after the last row', async () => {
    const sorted = await all({ owners: [] });
    const last = sorted[sorted.length - 1].position;
    expect(await store.query({ owners: [], limit: 10, after: last })).toEqual([]);
  });
});

describe.each(databases.eachSupportedId())('integration index maintenance on %p', databaseId => {
  const row = (name: string, overrides: Partial<IndexedIntegration> = {}): IndexedIntegration => ({
    integration: {
      entityRef: `component:default/${name}`,
      environment: 'test',
      clientId: `client-${name}`,
      scopes: ['dfo:ansatte'],
      resources: [],
    },
    title: name,
    owner: 'group:default/team-a',
    ...overrides,
  });

  it('replaces rows on upsert, remembers each etag, and deletes by entity ref', async () => {
    const { store } = await createStore(databaseId);
    await store.upsert([row('a', { etag: 'e1' }), row('b'), row('c')], now);
    await store.upsert([row('a', { title: 'A renamed', owner: 'group:default/team-b', etag: 'e2' }), row('c')], now);
    expect(await store.etags()).toEqual(
      new Map([
        ['component:default/a', 'e2'],
        ['component:default/b', undefined],
        ['component:default/c', undefined],
      ]),
    );
    expect(await store.delete(['Component:default/B'])).toBe(1);
    const result = await store.query({ owners: [], limit: 10 });
    expect(result.map(r => [r.integration.entityRef, r.title, r.owner])).toEqual([
      ['component:default/a', 'A renamed', 'group:default/team-b'],
      ['component:default/c', 'c', 'group:default/team-a'],
    ]);
    expect(await store.delete(['component:default/b'])).toBe(0);
    expect(await store.isEmpty()).toBe(false);
    await store.delete(['component:default/a', 'component:default/c']);
    expect(await store.isEmpty()).toBe(true);
  });

  it('moves a row when its expiry is set or cleared, matching the ref case-insensitively', async () => {
    const { store } = await createStore(databaseId);
    await store.upsert(
      [row('a', { expiresAt: new Date(now.getTime() + 10 * DAY) }), row('b')], now,
    );
    const order = async () =>
      (await store.query({ owners: [], limit: 10 })).map(r => r.integration.entityRef);
    expect(await order()).toEqual(['component:default/a', 'component:default/b']);

    await store.setExpiry('Component:default/B', new Date(now.getTime() + DAY));
    expect(await order()).toEqual(['component:default/b', 'component:default/a']);
    const [b] = await store.query({ owners: [], limit: 1 });
    expect(b.expiresAt).toEqual(new Date(now.getTime() + DAY));

    await store.setExpiry('component:default/b', undefined);
    expect(await order()).toEqual(['component:default/a', 'component:default/b']);
  });
});

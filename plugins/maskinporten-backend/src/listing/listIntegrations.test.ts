import { TestDatabases, mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_EXPIRY_THRESHOLDS,
  TokenTestResult,
  maskinportenIntegrationReadPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { IndexedIntegration, StoredKey , MaskinportenStores, createStores } from '../database';
import { ListQuery, MAX_PAGE_SIZE, listIntegrations, parseListQuery } from './listIntegrations';
import { ListingCursors } from './listingCursors';
import { KeyEncryption } from '../keys/KeyEncryption';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ENVIRONMENTS = ['test', 'prod'];
const DAY = 86_400_000;
const now = new Date('2026-11-24T10:00:00.000Z');

const CURSORS = new ListingCursors(new KeyEncryption('listing-test-secret-0123456789-abcdefghij'));
const cursorOf = (value: unknown) =>
  new KeyEncryption('listing-test-secret-0123456789-abcdefghij').encrypt(
    JSON.stringify(value),
    'maskinporten/listing-cursor/v1',
  );
const plainCursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('parseListQuery', () => {
  const parse = (query: Record<string, unknown>) => parseListQuery(query, ENVIRONMENTS, CURSORS);

  it('has defaults for an empty query', () => {
    expect(parse({})).toEqual({
      owner: [],
      environment: undefined,
      expiresWithinDays: undefined,
      q: undefined,
      limit: 50,
      after: undefined,
    });
  });

  it('accepts every parameter', () => {
    expect(
      parse({
        owner: ['group:default/team-a', 'user:default/ada'],
        environment: 'prod',
        expiresWithinDays: '30',
        q: '  Lønn  ',
        limit: '200',
        cursor: cursorOf({ e: 1234, r: 'component:default/a' }),
      }),
    ).toEqual({
      owner: ['group:default/team-a', 'user:default/ada'],
      environment: 'prod',
      expiresWithinDays: 30,
      q: 'lønn',
      limit: 200,
      after: { expirySort: 1234, entityRef: 'component:default/a' },
    });
    expect(parse({ owner: 'group:default/team-a' }).owner).toEqual(['group:default/team-a']);
    expect(parse({ expiresWithinDays: '0' }).expiresWithinDays).toBe(0);
    expect(parse({ limit: '1' }).limit).toBe(1);
    expect(parse({ q: '   ' }).q).toBeUndefined();
  });

  it.each([
    [{ environment: 'staging' }, 'environment'],
    [{ environment: '' }, 'environment'],
    [{ environment: ['test', 'prod'] }, 'environment'],
    [{ expiresWithinDays: '-1' }, 'expiresWithinDays'],
    [{ expiresWithinDays: '1.5' }, 'expiresWithinDays'],
    [{ expiresWithinDays: 'soon' }, 'expiresWithinDays'],
    [{ expiresWithinDays: '' }, 'expiresWithinDays'],
    [{ expiresWithinDays: '1e3' }, 'expiresWithinDays'],
    [{ limit: '0' }, 'limit'],
    [{ limit: String(MAX_PAGE_SIZE + 1) }, 'limit'],
    [{ limit: '-5' }, 'limit'],
    [{ limit: '10.5' }, 'limit'],
    [{ limit: 'all' }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ cursor: '' }, 'cursor'],
    [{ cursor: cursorOf(null) }, 'cursor'],
    [{ cursor: cursorOf({ e: 'soon', r: 'component:default/a' }) }, 'cursor'],
    [{ cursor: cursorOf({ e: 1.5, r: 'component:default/a' }) }, 'cursor'],
    [{ cursor: cursorOf({ e: 1234 }) }, 'cursor'],
    // Cursors are sealed: a readable one, or one sealed under another secret, is not ours.
    [{ cursor: plainCursorOf({ e: 1234, r: 'component:default/a' }) }, 'cursor'],
    [
      {
        cursor: new KeyEncryption('another-secret-0123456789-abcdefghijklmn').encrypt(
          JSON.stringify({ e: 1234, r: 'component:default/a' }),
          'maskinporten/listing-cursor/v1',
        ),
      },
      'cursor',
    ],
    [{ cursor: ['a', 'b'] }, 'cursor'],
    [{ owner: '' }, 'owner'],
    [{ owner: ['group:default/a', { x: 1 }] }, 'owner'],
    [{ q: ['a', 'b'] }, 'q'],
  ])('rejects %j naming %s', (query, parameter) => {
    expect(() => parse(query)).toThrow(InputError);
    expect(() => parse(query)).toThrow(new RegExp(`^${parameter}: `));
  });
});

function indexRow(
  name: string,
  options: { environment?: string; owner?: string; expiresAt?: Date; title?: string } = {},
): IndexedIntegration {
  return {
    integration: {
      entityRef: `component:default/${name}`,
      environment: options.environment ?? 'test',
      clientId: `client-${name}`,
      scopes: ['dfo:ansatte'],
      resources: [],
    },
    title: options.title ?? name,
    owner: options.owner ?? 'group:default/team-a',
    expiresAt: options.expiresAt,
  };
}

function key(kid: string, name: string, overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    id: `id-${kid}`,
    kid,
    entityRef: `component:default/${name}`,
    environment: 'test',
    clientId: `client-${name}`,
    algorithm: 'RS256',
    modulusLength: 2048,
    publicJwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: 'abc' },
    privateKeyCiphertext: 'mpk1.x.y.z.w',
    encryptionSecretId: 'x',
    state: 'active',
    createdAt: new Date(now.getTime() - 10 * DAY),
    ...overrides,
  };
}

function tokenTest(id: string, name: string, at: Date, outcome: 'success' | 'rejected'): TokenTestResult {
  return {
    id,
    entityRef: `component:default/${name}`,
    environment: 'test',
    clientId: `client-${name}`,
    requestedBy: 'user:default/ada',
    requestedAt: at.toISOString(),
    outcome,
    message: outcome,
    durationMs: 12,
  };
}

const inDays = (days: number) => new Date(now.getTime() + days * DAY);

describe.each(databases.eachSupportedId())('listIntegrations on %p', databaseId => {
  let stores: MaskinportenStores;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    stores = await createStores(mockServices.database({ knex }));
    await stores.index.upsert(
      [
        indexRow('expired', { expiresAt: inDays(-1) }),
        indexRow('critical', { expiresAt: inDays(5), owner: 'group:default/team-b' }),
        indexRow('warning', { expiresAt: inDays(20), environment: 'prod' }),
        indexRow('ok-1', { expiresAt: inDays(100), title: 'Lønn' }),
        indexRow('ok-2', { expiresAt: inDays(100), owner: 'group:default/team-b' }),
        indexRow('keyless-1'),
        indexRow('keyless-2', { environment: 'prod' }),
      ], now,
    );
    const opts = { maxLiveKeys: 5, now: inDays(-30) };
    await stores.keys.insertWithinLimit(key('expired-1', 'expired', { expiresAt: inDays(-1) }), opts);
    await stores.keys.insertWithinLimit(key('critical-1', 'critical', { expiresAt: inDays(5) }), opts);
    await stores.keys.insertWithinLimit(
      key('critical-0', 'critical', { state: 'expired', createdAt: inDays(-400), expiresAt: inDays(-35) }),
      opts,
    );
    // Same entity name in another environment and another entity: must not leak in.
    await stores.keys.insertWithinLimit(key('critical-prod', 'critical', { environment: 'prod', expiresAt: inDays(300) }), opts);
    await stores.keys.insertWithinLimit(
      key('warning-1', 'warning', { environment: 'prod', expiresAt: inDays(20) }),
      opts,
    );
    await stores.keys.insertWithinLimit(key('ok-1-1', 'ok-1', { expiresAt: inDays(100) }), opts);
    await stores.keys.insertWithinLimit(key('ok-2-1', 'ok-2', { expiresAt: inDays(100) }), opts);
    await stores.tokenTests.insert(tokenTest('t1', 'critical', inDays(-3), 'rejected'));
    await stores.tokenTests.insert(tokenTest('t2', 'critical', inDays(-2), 'success'));
    await stores.tokenTests.insert(tokenTest('t3', 'ok-1', inDays(-1), 'rejected'));
  });

  function list(
    query: Partial<ListQuery>,
    denied: string[] = [],
  ) {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && denied.includes(r.resourceRef as string)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const credentials = mockCredentials.user('user:default/ada');
    const response = listIntegrations({
      query: { owner: [], limit: 50, ...query },
      credentials,
      stores,
      permissions,
      now,
      thresholds: DEFAULT_EXPIRY_THRESHOLDS,
      cursors: CURSORS,
    });
    return { response, permissions, credentials };
  }

  const refs = (items: Array<{ entityRef: string }>) =>
    items.map(item => item.entityRef.replace('component:default/', ''));

  it('lists soonest expiry first, key-less last, and assembles each view', async () => {
    const { items, nextCursor } = await list({}).response;
    expect(refs(items)).toEqual([
      'expired',
      'critical',
      'warning',
      'ok-1',
      'ok-2',
      'keyless-1',
      'keyless-2',
    ]);
    expect(nextCursor).toBeUndefined();
    expect(items.map(item => item.expiry)).toEqual([
      'expired',
      'critical',
      'warning',
      'ok',
      'ok',
      'unknown',
      'unknown',
    ]);

    const critical = items[1];
    expect(critical).toMatchObject({
      entityRef: 'component:default/critical',
      title: 'critical',
      owner: 'group:default/team-b',
      environment: 'test',
      clientId: 'client-critical',
      scopes: ['dfo:ansatte'],
      activeKid: 'critical-1',
      expiresAt: inDays(5).toISOString(),
      lastTokenTest: { id: 't2', outcome: 'success' },
    });
    // Only this entity's keys in this environment, newest first.
    expect(critical.keys.map(k => k.kid)).toEqual(['critical-1', 'critical-0']);
    expect(critical.keys.map(k => k.expiry)).toEqual(['critical', 'expired']);
    expect(JSON.stringify(critical)).not.toContain('mpk1');

    expect(items[3].lastTokenTest).toMatchObject({ id: 't3', outcome: 'rejected' });
    expect(items[0].lastTokenTest).toBeUndefined();
    expect(items[5].keys).toEqual([]);
  });

  it('pages with nextCursor and leaves it out on the last page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    let last: unknown;
    do {
      const after = cursor === undefined ? undefined : parseListQuery({ cursor }, ENVIRONMENTS, CURSORS).after;
      const page = await list({ limit: 3, after }).response;
      pageSizes.push(page.items.length);
      seen.push(...refs(page.items));
      cursor = page.nextCursor;
      last = JSON.parse(JSON.stringify(page));
    } while (cursor);
    expect(pageSizes).toEqual([3, 3, 1]);
    // The last page, as the client receives it, has no nextCursor at all.
    expect(Object.keys(last as object)).toEqual(['items']);
    expect(seen).toEqual(['expired', 'critical', 'warning', 'ok-1', 'ok-2', 'keyless-1', 'keyless-2']);
  });

  it('gives no nextCursor when the last page is exactly full', async () => {
    const page = await list({ limit: 7 }).response;
    expect(page.items).toHaveLength(7);
    expect(page.nextCursor).toBeUndefined();
    const filtered = await list({ limit: 2, owner: ['group:default/team-b'] }).response;
    expect(refs(filtered.items)).toEqual(['critical', 'ok-2']);
    expect(filtered.nextCursor).toBeUndefined();
  });

  it('passes filters to SQL, with expiresWithinDays counted from now', async () => {
    expect(refs((await list({ expiresWithinDays: 30 }).response).items)).toEqual([
      'expired',
      'critical',
      'warning',
    ]);
    expect(refs((await list({ expiresWithinDays: 0 }).response).items)).toEqual(['expired']);
    expect(refs((await list({ environment: 'prod' }).response).items)).toEqual([
      'warning',
      'keyless-2',
    ]);
    expect(refs((await list({ owner: ['Group:default/Team-B'] }).response).items)).toEqual([
      'critical',
      'ok-2',
    ]);
    expect(refs((await list({ q: 'lønn' }).response).items)).toEqual(['ok-1']);
    expect(
      refs((await list({ q: 'ok', owner: ['group:default/team-a'], expiresWithinDays: 365 }).response).items),
    ).toEqual(['ok-1']);
    expect(await list({ q: 'nothing-matches' }).response).toEqual({ items: [], nextCursor: undefined });
  });

  it('drops rows the caller may not read, and keeps paging past them', async () => {
    const denied = ['component:default/critical', 'component:default/warning'];
    const { response, permissions, credentials } = list({ limit: 3 }, denied);
    const first = await response;
    expect(refs(first.items)).toEqual(['expired']);
    expect(first.nextCursor).toBeDefined();
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      ['expired', 'critical', 'warning'].map(name => ({
        permission: maskinportenIntegrationReadPermission,
        resourceRef: `component:default/${name}`,
      })),
      { credentials },
    );

    // The page ended on a row the caller may not read: its cursor must not reveal that row.
    const revealed = [first.nextCursor!, ...first.nextCursor!.split('.')]
      .map(part => Buffer.from(part, 'base64url').toString('latin1') + part)
      .join(' ');
    expect(revealed).not.toMatch(/warning/i);

    const second = await list(
      { limit: 3, after: parseListQuery({ cursor: first.nextCursor }, ENVIRONMENTS, CURSORS).after },
      denied,
    ).response;
    expect(refs(second.items)).toEqual(['ok-1', 'ok-2', 'keyless-1']);

    const all = await list({}, [...denied, 'component:default/keyless-2']).response;
    expect(refs(all.items)).toEqual(['expired', 'ok-1', 'ok-2', 'keyless-1']);
  });

  it('returns an empty page without asking for permissions', async () => {
    const { response, permissions } = list({ environment: 'prod', expiresWithinDays: 1 });
    expect(await response).toEqual({ items: [], nextCursor: undefined });
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});

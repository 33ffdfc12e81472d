import { createHash } from 'node:crypto';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { StoredKey , createStores } from '../database';
import { IntegrationIndexer, MASKINPORTEN_ENTITY_FILTER } from './IntegrationIndexer';
import { KeyIssuer } from '../keys/KeyIssuer';
import { KeyEncryption } from '../keys/KeyEncryption';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const DAY = 86_400_000;
const now = new Date('2026-11-24T10:00:00.000Z');

function component(
  name: string,
  entityAnnotations: Record<string, string>,
  options: { owner?: string; title?: string; relations?: boolean } = {},
): Entity {
  const owner = options.owner ?? 'group:default/team-lonn';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: options.title, annotations: entityAnnotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: options.relations === false ? [] : [{ type: 'ownedBy', targetRef: owner }],
  };
}

function annotations(environment: string, scopes = 'dfo:ansatte', clientId?: string) {
  return {
    'maskinporten.no/environment': environment,
    'maskinporten.no/scopes': scopes,
    ...(clientId ? { 'maskinporten.no/client-id': clientId } : {}),
  };
}

/**
 * A catalog whose `streamEntities` yields pages of a mutable array, as the real one yields
 * pages of the current catalog. It ignores the filter on purpose: the indexer must skip
 * entities without (valid) annotations itself.
 */
class FakeCatalog {
  entities: Entity[] = [];
  pageSize = 2;
  requests: Array<{ request: unknown; options: unknown }> = [];
  /** When set, the stream waits for it before the first page. */
  gate?: Promise<void>;
  /** When set, the stream throws after yielding this many pages. */
  failAfterPages?: number;

  async *streamEntities(request: unknown, options: unknown): AsyncIterable<Entity[]> {
    this.requests.push({ request, options });
    if (this.gate) await this.gate;
    // The real catalog gives every entity an etag that changes whenever the entity does.
    const snapshot = this.entities.map(entity => ({
      ...entity,
      metadata: { ...entity.metadata, etag: createHash('sha1').update(JSON.stringify(entity)).digest('hex') },
    }));
    for (let i = 0, page = 0; i < snapshot.length; i += this.pageSize, page++) {
      if (this.failAfterPages === page) throw new Error('catalog went away');
      yield snapshot.slice(i, i + this.pageSize);
    }
  }

  asService(): CatalogService {
    return this as unknown as CatalogService;
  }
}

function key(kid: string, entityRef: string, overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    id: `id-${kid}`,
    kid,
    entityRef,
    environment: 'test',
    algorithm: 'RS256',
    modulusLength: 2048,
    publicJwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: 'abc' },
    privateKeyCiphertext: 'mpk1.x.y.z.w',
    encryptionSecretId: 'x',
    state: 'active',
    createdAt: new Date(now.getTime() - DAY),
    expiresAt: new Date(now.getTime() + 365 * DAY),
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('IntegrationIndexer on %p', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const stores = await createStores(mockServices.database({ knex }));
    const catalog = new FakeCatalog();
    const logger = mockServices.logger.mock();
    const indexer = new IntegrationIndexer({
      catalog: catalog.asService(),
      auth: mockServices.auth(),
      keys: stores.keys,
      index: stores.index,
      logger,
      environments: ['test', 'prod'],
      now: () => now,
    });
    const indexed = async () =>
      (await stores.index.query({ owners: [], limit: 1000 })).map(row => ({
        ref: row.integration.entityRef,
        environment: row.integration.environment,
        clientId: row.integration.clientId,
        scopes: row.integration.scopes,
        title: row.title,
        owner: row.owner,
        expiresAt: row.expiresAt,
      }));
    return { knex, stores, catalog, logger, indexer, indexed };
  }

  it('indexes valid Maskinporten entities and skips invalid and non-annotated ones', async () => {
    const { catalog, indexer, indexed, logger } = await setup();
    catalog.entities = [
      component('lonn', annotations('test', 'dfo:ansatte', 'client-lonn'), { title: 'Lønn' }),
      component('reskontro', annotations('prod', 'dfo:org, dfo:ansatte'), {
        owner: 'group:default/team-okonomi',
      }),
      component('plain', {}),
      component('unknown-env', annotations('staging')),
      component('bad-scope', annotations('test', 'dfo')),
      // No ownedBy relation (not yet processed): falls back to spec.owner.
      component('fresh', annotations('test'), { owner: 'group:default/team-ny', relations: false }),
    ];

    expect(await indexer.sync()).toEqual({ indexed: 3, written: 3, removed: 0 });
    expect(
      (await indexed()).sort((a, b) => a.ref.localeCompare(b.ref)),
    ).toEqual([
      {
        ref: 'component:default/fresh',
        environment: 'test',
        clientId: undefined,
        scopes: ['dfo:ansatte'],
        title: 'fresh',
        owner: 'group:default/team-ny',
        expiresAt: undefined,
      },
      {
        ref: 'component:default/lonn',
        environment: 'test',
        clientId: 'client-lonn',
        scopes: ['dfo:ansatte'],
        title: 'Lønn',
        owner: 'group:default/team-lonn',
        expiresAt: undefined,
      },
      {
        ref: 'component:default/reskontro',
        environment: 'prod',
        clientId: undefined,
        scopes: ['dfo:org', 'dfo:ansatte'],
        title: 'reskontro',
        owner: 'group:default/team-okonomi',
        expiresAt: undefined,
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(expect.stringMatching(/3 indexed, 3 written, 0 removed/));
  });

  it('asks the catalog only for annotated entities, with its own service credentials', async () => {
    const { catalog, indexer } = await setup();
    await indexer.sync();
    expect(catalog.requests).toHaveLength(1);
    expect(catalog.requests[0].request).toEqual({
      filter: MASKINPORTEN_ENTITY_FILTER,
      // Only what a row needs, etag included, travels from the catalog.
      fields: expect.arrayContaining(['metadata.etag', 'metadata.annotations', 'relations']),
    });
    expect(catalog.requests[0].options).toEqual({
      credentials: expect.objectContaining({
        principal: expect.objectContaining({ type: 'service' }),
      }),
    });
    // One alternative per annotation: any one of them makes an entity a candidate.
    expect(MASKINPORTEN_ENTITY_FILTER).toContainEqual({
      'metadata.annotations.maskinporten.no/scopes': expect.anything(),
    });
  });

  it('picks up added, changed, deleted and de-annotated entities in one sync each', async () => {
    const { catalog, indexer, indexed, stores } = await setup();
    catalog.entities = [
      component('a', annotations('test')),
      component('b', annotations('test')),
      component('c', annotations('test')),
      component('d', annotations('test')),
    ];
    await indexer.sync();
    expect((await indexed()).map(row => row.ref).sort()).toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/c',
      'component:default/d',
    ]);

    // Added.
    catalog.entities.push(component('e', annotations('prod')));
    expect(await indexer.sync()).toEqual({ indexed: 5, written: 1, removed: 0 });
    expect((await indexed()).map(row => row.ref)).toContain('component:default/e');

    // Changed: environment, owner, scopes, title and client id.
    catalog.entities[1] = component('b', annotations('prod', 'skatteetaten:inntekt', 'client-b'), {
      owner: 'group:default/team-ny',
      title: 'B renamed',
    });
    expect(await indexer.sync()).toEqual({ indexed: 5, written: 1, removed: 0 });
    expect((await indexed()).find(row => row.ref === 'component:default/b')).toEqual({
      ref: 'component:default/b',
      environment: 'prod',
      clientId: 'client-b',
      scopes: ['skatteetaten:inntekt'],
      title: 'B renamed',
      owner: 'group:default/team-ny',
      expiresAt: undefined,
    });
    const byOwner = await stores.index.query({ owners: ['group:default/team-ny'], limit: 10 });
    expect(byOwner.map(row => row.integration.entityRef)).toEqual(['component:default/b']);

    // Deleted, and de-annotated.
    catalog.entities = catalog.entities.filter(entity => entity.metadata.name !== 'c');
    catalog.entities[catalog.entities.findIndex(e => e.metadata.name === 'd')] = component('d', {});
    expect(await indexer.sync()).toEqual({ indexed: 3, written: 0, removed: 2 });
    expect((await indexed()).map(row => row.ref).sort()).toEqual([
      'component:default/a',
      'component:default/b',
      'component:default/e',
    ]);

    // Annotations made invalid: gone from the index too.
    catalog.entities[0] = component('a', annotations('staging'));
    expect(await indexer.sync()).toEqual({ indexed: 2, written: 0, removed: 1 });

    // Everything gone.
    catalog.entities = [];
    expect(await indexer.sync()).toEqual({ indexed: 0, written: 0, removed: 2 });
    expect(await indexed()).toEqual([]);
  });

  it('writes nothing at all when nothing changed in the catalog', async () => {
    const { catalog, indexer, knex } = await setup();
    catalog.entities = Array.from({ length: 50 }, (_, i) => component(`svc-${i}`, annotations('test')));
    expect(await indexer.sync()).toMatchObject({ indexed: 50, written: 50 });
    const writes: string[] = [];
    const record = (query: { sql: string }) => {
      if (/^\s*(insert|update|delete)/i.test(query.sql)) writes.push(query.sql);
    };
    knex.on('query', record);
    try {
      expect(await indexer.sync()).toEqual({ indexed: 50, written: 0, removed: 0 });
    } finally {
      knex.off('query', record);
    }
    expect(writes).toEqual([]);
  });

  it('syncs on the first read while nothing is indexed, and only then', async () => {
    const { catalog, indexer, indexed } = await setup();
    catalog.entities = [component('a', annotations('test'))];
    await indexer.syncIfEmpty();
    expect((await indexed()).map(row => row.ref)).toEqual(['component:default/a']);
    expect(catalog.requests).toHaveLength(1);
    await indexer.syncIfEmpty();
    expect(catalog.requests).toHaveLength(1);
  });

  it('keeps the index as it was when a sync fails half-way', async () => {
    const { catalog, indexer, indexed } = await setup();
    catalog.entities = [
      component('a', annotations('test')),
      component('b', annotations('test')),
      component('c', annotations('test')),
    ];
    await indexer.sync();
    // c was deleted; the stream fails after the page with a.
    catalog.entities = [component('a', annotations('prod')), component('b', annotations('test'))];
    catalog.pageSize = 1;
    catalog.failAfterPages = 1;
    await expect(indexer.sync()).rejects.toThrow('catalog went away');
    // Nothing swept: b (not seen yet) and c stay until a sync completes.
    expect((await indexed()).map(row => [row.ref, row.environment]).sort()).toEqual([
      ['component:default/a', 'prod'],
      ['component:default/b', 'test'],
      ['component:default/c', 'test'],
    ]);
    catalog.failAfterPages = undefined;
    // a was written before the failure; only c's removal is left.
    expect(await indexer.sync()).toEqual({ indexed: 2, written: 0, removed: 1 });
  });

  it('shares one run between concurrent sync() calls', async () => {
    const { catalog, indexer } = await setup();
    catalog.entities = [component('a', annotations('test')), component('b', annotations('test'))];
    let release!: () => void;
    catalog.gate = new Promise(resolve => {
      release = resolve;
    });

    const first = indexer.sync();
    const second = indexer.sync();
    const third = indexer.sync();
    expect(second).toBe(first);
    expect(third).toBe(first);
    release();
    const results = await Promise.all([first, second, third]);
    expect(results).toEqual([
      { indexed: 2, written: 2, removed: 0 },
      { indexed: 2, written: 2, removed: 0 },
      { indexed: 2, written: 2, removed: 0 },
    ]);
    expect(catalog.requests).toHaveLength(1);

    // Once it has finished, the next call starts a new run.
    catalog.gate = undefined;
    const again = indexer.sync();
    expect(again).not.toBe(first);
    await again;
    expect(catalog.requests).toHaveLength(2);
  });

  it('starts a new run after a failed one', async () => {
    const { catalog, indexer } = await setup();
    catalog.entities = [component('a', annotations('test'))];
    catalog.failAfterPages = 0;
    await expect(indexer.sync()).rejects.toThrow('catalog went away');
    catalog.failAfterPages = undefined;
    await expect(indexer.sync()).resolves.toEqual({ indexed: 1, written: 1, removed: 0 });
  });

  it('sorts by the expiry of the keys in maskinporten_keys: soonest first, key-less last', async () => {
    const { catalog, indexer, indexed, stores } = await setup();
    catalog.pageSize = 3;
    catalog.entities = [
      component('later', annotations('test')),
      component('keyless', annotations('test')),
      // Mixed case in the catalog; keys are stored lower-cased.
      component('Soon', annotations('test')),
      component('lapsed', annotations('test')),
      component('other-env', annotations('prod')),
      component('revoked', annotations('test')),
    ];
    const soon = new Date(now.getTime() + 5 * DAY);
    const later = new Date(now.getTime() + 200 * DAY);
    const lapsed = new Date(now.getTime() - 2 * DAY);
    const opts = { maxLiveKeys: 5, now };
    await stores.keys.insertWithinLimit(key('soon-1', 'component:default/Soon', { expiresAt: soon }), opts);
    // An older key that expires even sooner but is no longer the signing key.
    await stores.keys.insertWithinLimit(
      key('soon-0', 'component:default/soon', {
        state: 'retiring',
        createdAt: new Date(now.getTime() - 300 * DAY),
        expiresAt: new Date(now.getTime() + DAY),
      }),
      opts,
    );
    await stores.keys.insertWithinLimit(key('later-1', 'component:default/later', { expiresAt: later }), opts);
    await stores.keys.insertWithinLimit(
      key('later-0', 'component:default/later', { state: 'pending', expiresAt: soon }),
      opts,
    );
    await stores.keys.insertWithinLimit(key('lapsed-1', 'component:default/lapsed', { expiresAt: lapsed }), {
      ...opts,
      now: new Date(now.getTime() - 10 * DAY),
    });
    // A key for another environment of the same entity does not count.
    await stores.keys.insertWithinLimit(key('other-1', 'component:default/other-env', { expiresAt: soon }), opts);
    await stores.keys.insertWithinLimit(
      key('revoked-1', 'component:default/revoked', { state: 'revoked', expiresAt: soon }),
      opts,
    );

    await indexer.sync();
    expect((await indexed()).map(row => [row.ref, row.expiresAt])).toEqual([
      ['component:default/lapsed', lapsed],
      ['component:default/soon', soon],
      ['component:default/later', later],
      ['component:default/keyless', undefined],
      ['component:default/other-env', undefined],
      ['component:default/revoked', undefined],
    ]);

    // The sync leaves a row whose entity did not change alone; keys move their row when the
    // key issuer makes them (or rotation, renewal and token tests change them), not at a sync.
    const issuer = new KeyIssuer({
      keys: stores.keys,
      index: stores.index,
      custody: new KeyEncryption('indexer-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6'),
      config: { modulusLength: 2048, kidPrefix: 'ix', lifetimeDays: 3, warningDays: 30, criticalDays: 7 },
    });
    await issuer.issue(
      { entityRef: 'component:default/keyless', environment: 'test' },
      { createdBy: 'test', now },
    );
    expect((await indexed()).map(row => row.ref).slice(0, 2)).toEqual([
      'component:default/lapsed',
      'component:default/keyless',
    ]);
    expect(await indexer.sync()).toMatchObject({ written: 0 });
  });
});

'use strict';

/**
 * The self-service listing, `GET /v1/integrations`, at 10,000 integrations.
 *
 * Ours: the real code path behind the route, minus HTTP: `parseListQuery` on a query string as
 * Express hands it over, then `listIntegrations()` (plugins/maskinporten-backend/src/listing/
 * listIntegrations.ts) over the plugin's stores (`database/`) with a permissions stub that allows
 * everything. That is one SQL query for the page of the integration index (filter, sort by
 * expiry, keyset cursor), then the page's keys and latest token tests, then the views.
 * The TypeScript sources are loaded through Backstage's node transform, as the simulator's
 * CLI does.
 *
 * Seeded (not timed): 10,000 index rows through the index store's upsert, 1-3 keys for
 * most integrations (with realistically sized JWKs and ciphertexts) and token tests for about a
 * third, with bulk knex inserts. The index's expiry comes from the keys, through the same
 * `integrationExpiryKey` the sync uses.
 *
 * Run on SQLite (better-sqlite3, a file in the bench's temp dir) and, when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set, on PostgreSQL in a fresh
 * database that is dropped afterwards.
 *
 * Target (from the issue): p95 <= 100 ms per page of 50, on each database. The baseline
 * column holds the target, so ratio = p95 / 100 ms and the target is ratio <= 1.
 */

const crypto = require('node:crypto');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const TARGET_MS = 100;
const PAGE = '50';
const DAY = 86_400_000;
const ENVIRONMENTS = ['test', 'prod'];
const WORDS = [
  'lønn', 'reskontro', 'faktura', 'skatt', 'a-melding', 'folkeregister', 'enhetsregister',
  'arkiv', 'innkjøp', 'regnskap', 'personal', 'tilskudd', 'tilsyn', 'saksbehandling', 'statistikk',
  'pensjon', 'refusjon', 'eiendom', 'kart', 'helse',
];
const SCOPES = [
  'dfo:ansatte', 'dfo:org', 'dfo:lonn', 'skatteetaten:inntekt', 'skatteetaten:formue',
  'altinn:serviceowner/instances.read', 'altinn:serviceowner/instances.write',
  'brreg:enhet', 'nav:aareg/v1/arbeidsforhold', 'ks:fiks', 'kartverket:eiendom', 'difi:arkiv',
  'ssb:statistikk', 'helsedir:register', 'udir:grunnskole',
];
const TEAMS = 200;
const USERS = 400;

/** Deterministic PRNG so every run seeds the same catalog. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadBackend(repoRoot) {
  // Resolve the transform, and everything below, from the backend plugin, where they are deps.
  const pluginDir = path.join(repoRoot, 'plugins', 'maskinporten-backend');
  const fromPlugin = id => require(require.resolve(id, { paths: [pluginDir] }));
  fromPlugin('@backstage/cli/config/nodeTransform.cjs');
  return {
    knex: fromPlugin('knex'),
    AuthorizeResult: fromPlugin('@backstage/plugin-permission-common').AuthorizeResult,
    thresholds: fromPlugin('@maskinporten-backstage/plugin-maskinporten-common')
      .DEFAULT_EXPIRY_THRESHOLDS,
    ...require(path.join(pluginDir, 'src', 'database', 'index.ts')),
    ...require(path.join(pluginDir, 'src', 'listing', 'listIntegrations.ts')),
    ...require(path.join(pluginDir, 'src', 'keys', 'keyViews.ts')),
    ...require(path.join(pluginDir, 'src', 'listing', 'listingCursors.ts')),
    ...require(path.join(pluginDir, 'src', 'keys', 'KeyEncryption.ts')),
  };
}

/** The catalog, keys and token tests to seed, identical for every database. */
function generateData(count, now, integrationExpiryKey) {
  const rand = rng(20261124);
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  // A realistic 2048-bit modulus and an encrypted PKCS#8 key are ~340 and ~2,300 characters.
  const modulus = crypto.randomBytes(256).toString('base64url');
  const ciphertext = `mpk1.v1.${crypto.randomBytes(1700).toString('base64url')}`;

  const integrations = [];
  const keys = [];
  const keyRows = [];
  const tests = [];
  for (let i = 0; i < count; i++) {
    const word = pick(WORDS);
    const name = `${word}-${String(i).padStart(5, '0')}`;
    const entityRef = `component:default/${name}`;
    // Skewed ownership: a few big teams, a long tail of small ones; some owned by people.
    const owner =
      rand() < 0.1
        ? `user:default/user-${Math.floor(rand() * USERS)}`
        : `group:default/team-${String(Math.floor(TEAMS * rand() ** 2)).padStart(3, '0')}`;
    const environment = rand() < 0.6 ? 'test' : 'prod';
    const clientId = rand() < 0.9 ? crypto.randomUUID() : undefined;
    const scopes = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(SCOPES)))];
    const integration = { entityRef, environment, clientId, scopes, resources: [] };

    const own = [];
    const keyCount = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 3);
    // Newest key created up to 400 days ago with a 365-day lifetime: a few percent expired,
    // some in the warning window, most fine. Older keys were rotated out a year apart.
    let createdAt = now.getTime() - Math.floor(rand() * 400 * DAY);
    for (let k = 0; k < keyCount; k++) {
      const kid = `mp-${environment}-${name}-${k}-${crypto.randomBytes(6).toString('hex')}`;
      const expired = createdAt + 365 * DAY <= now.getTime();
      let state = 'active';
      if (k === 0) {
        if (rand() < 0.1) state = 'pending';
      } else {
        state = expired ? 'expired' : 'retiring';
        if (rand() < 0.1) state = 'revoked';
      }
      const key = {
        id: crypto.randomUUID(),
        kid,
        entityRef,
        environment,
        clientId,
        state,
        createdAt: new Date(createdAt),
        expiresAt: new Date(createdAt + 365 * DAY),
      };
      own.push(key);
      keyRows.push({
        id: key.id,
        kid,
        entity_ref: entityRef,
        environment,
        client_id: clientId ?? null,
        algorithm: 'RS256',
        modulus_length: 2048,
        public_jwk: JSON.stringify({ kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: modulus }),
        private_key_ciphertext: ciphertext,
        encryption_secret_id: 'bench',
        state,
        created_by: `user:default/user-${Math.floor(rand() * USERS)}`,
        created_at: key.createdAt,
        registered_at: state === 'pending' ? null : key.createdAt,
        expires_at: key.expiresAt,
      });
      createdAt -= 300 * DAY;
    }
    keys.push(...own);

    if (keyCount > 0 && rand() < 0.35) {
      const testCount = 1 + Math.floor(rand() * 5);
      for (let t = 0; t < testCount; t++) {
        const ok = rand() < 0.7;
        tests.push({
          id: crypto.randomUUID(),
          entity_ref: entityRef,
          environment,
          client_id: clientId ?? null,
          kid: own[0].kid,
          requested_by: `user:default/user-${Math.floor(rand() * USERS)}`,
          requested_at: new Date(now.getTime() - Math.floor(rand() * 90 * DAY)),
          outcome: ok ? 'success' : 'rejected',
          message: ok ? 'Maskinporten issued a token' : 'Maskinporten refused the grant',
          http_status: ok ? 200 : 400,
          error_code: ok ? null : 'MP-100',
          error: ok ? null : 'invalid_grant',
          error_description: ok ? null : 'Invalid assertion. Client authentication failed. (MP-100)',
          granted_scopes: ok ? scopes.join(' ') : null,
          expires_in: ok ? 120 : null,
          duration_ms: 40 + Math.floor(rand() * 200),
        });
      }
    }

    // own is newest first, as the store returns keys.
    integrations.push({
      integration,
      title: `${word[0].toUpperCase()}${word.slice(1)} ${i}`,
      owner,
      expiresAt: integrationExpiryKey(own, now)?.expiresAt,
    });
  }
  return { integrations, keyRows, tests, keyCount: keys.length };
}

/** Query strings as the page sends them, by class. Each call returns a fresh one. */
function queryMix(data, rand) {
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  // Owners weighted by how many integrations they have, like the users who open the page.
  const owners = data.integrations.map(row => row.owner);
  const titleWord = () => pick(WORDS);
  return {
    'first-page': () => ({ limit: PAGE }),
    owner: () => ({ limit: PAGE, owner: pick(owners) }),
    'owned-by-me': () => ({
      limit: PAGE,
      owner: [`user:default/user-${Math.floor(rand() * USERS)}`, pick(owners), pick(owners)],
    }),
    environment: () => ({ limit: PAGE, environment: pick(ENVIRONMENTS) }),
    'expires-30d': () => ({ limit: PAGE, expiresWithinDays: '30' }),
    q: () => ({ limit: PAGE, q: rand() < 0.5 ? titleWord() : pick(SCOPES).split(':')[0] }),
    'q-rare': () => ({ limit: PAGE, q: `-${String(Math.floor(rand() * 10_000)).padStart(5, '0')}` }),
    combined: () => ({
      limit: PAGE,
      owner: pick(owners),
      environment: pick(ENVIRONMENTS),
      expiresWithinDays: '90',
      q: titleWord().slice(0, 3),
    }),
  };
}

async function measureDatabase(ctx, backend, label, knex, data) {
  const { lib, log } = ctx;
  const { createStores, listIntegrations, parseListQuery } = backend;
  // Cursors are sealed with the key-encryption key, as in the plugin.
  const cursors = new backend.ListingCursors(
    new backend.KeyEncryption('bench-key-encryption-secret-0123456789-abcdef'),
  );

  const t0 = performance.now();
  const stores = await createStores({ getClient: async () => knex });
  const seededAt = new Date();
  await stores.index.upsert(data.integrations, seededAt);
  await knex.batchInsert('maskinporten_keys', data.keyRows, 500);
  await knex.batchInsert('maskinporten_token_tests', data.tests, 500);
  // PostgreSQL's autovacuum analyzes freshly loaded tables on its own within a minute; do it
  // now instead of waiting. Nothing runs ANALYZE on a Backstage SQLite database, so neither do we.
  if (label === 'postgres') await knex.raw('ANALYZE');
  log(
    `${label}: seeded ${data.integrations.length} integrations, ${data.keyRows.length} keys, ` +
      `${data.tests.length} token tests in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const permissions = {
    authorize: async requests => requests.map(() => ({ result: backend.AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: backend.AuthorizeResult.ALLOW })),
  };
  const credentials = { $$type: '@backstage/BackstageCredentials', principal: { type: 'user', userEntityRef: 'user:default/bench' } };

  /** One request: parse the query string, list the page. Returns { ms, response }. */
  async function request(queryString) {
    const start = performance.now();
    const query = parseListQuery(queryString, ENVIRONMENTS, cursors);
    const response = await listIntegrations({
      query,
      credentials,
      stores,
      permissions,
      now: new Date(),
      thresholds: backend.thresholds,
      cursors,
    });
    return { ms: performance.now() - start, response };
  }

  const rand = rng(42);
  const mix = queryMix(data, rand);
  const samples = Object.fromEntries([...Object.keys(mix), 'deep-walk', 'deep-cursor'].map(k => [k, []]));

  // Positions to jump to anywhere in the list, as a user who has paged far would hold.
  const allPositions = (await stores.index.query({ owners: [], limit: 20_000 })).map(r => r.position);
  if (allPositions.length !== data.integrations.length) {
    throw new Error(`${label}: index holds ${allPositions.length} rows, seeded ${data.integrations.length}`);
  }
  // A sealed cursor, as the API hands them out.
  const cursorAt = index => cursors.seal(allPositions[index]);

  // Warm-up (not recorded): every class a few times.
  for (let i = 0; i < 3; i++) {
    for (const make of Object.values(mix)) await request(make());
  }

  const ROUNDS = lib.envInt('BENCH_LISTING_ROUNDS', 25);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, make] of Object.entries(mix)) {
      const { ms, response } = await request(make());
      if (name === 'first-page' && response.items.length !== Number(PAGE)) {
        throw new Error(`${label}: first page has ${response.items.length} items`);
      }
      samples[name].push(ms);
    }
    // A cursor from anywhere in the list.
    samples['deep-cursor'].push(
      (await request({ limit: PAGE, cursor: cursorAt(Math.floor(rand() * (allPositions.length - 60))) })).ms,
    );
  }
  // Walks: 20 pages each by following nextCursor, twice unfiltered and once filtered.
  const WALKS = [{ limit: PAGE }, { limit: PAGE, environment: 'test' }, { limit: PAGE }];
  for (const base of WALKS) {
    let cursor;
    const seen = new Set();
    for (let page = 0; page < 20; page++) {
      const { ms, response } = await request(cursor ? { ...base, cursor } : base);
      samples['deep-walk'].push(ms);
      for (const item of response.items) {
        if (seen.has(item.entityRef)) throw new Error(`${label}: ${item.entityRef} seen twice in a walk`);
        seen.add(item.entityRef);
      }
      cursor = response.nextCursor;
      if (!cursor) throw new Error(`${label}: walk ended after ${page + 1} pages`);
    }
  }

  const firstPage = (await request({ limit: PAGE })).response;
  const pageBytes = Buffer.byteLength(JSON.stringify(firstPage));
  const all = Object.values(samples).flat();
  const f = x => lib.fmt(x, 3);
  const perClass = Object.entries(samples).map(([name, xs]) => ({
    name,
    n: xs.length,
    p50: lib.median(xs),
    p95: lib.p95(xs),
  }));
  const slowest = [...perClass].sort((a, b) => b.p95 - a.p95)[0];
  log(
    `${label}: ${all.length} pages; ` +
      perClass.map(c => `${c.name} p50 ${f(c.p50)} / p95 ${f(c.p95)} ms (n=${c.n})`).join('; '),
  );

  const prefix = `listing-${label}`;
  const dataNote = `${data.integrations.length} integrations, ${data.keyRows.length} keys, ${data.tests.length} token tests`;
  return [
    lib.result({
      name: `${prefix}-p95-ms`,
      value: lib.p95(all),
      unit: 'ms',
      baseline: TARGET_MS,
      target: { op: '<=', value: 1 },
      notes:
        `p95 of ${all.length} pages of 50 (${dataNote}; baseline = the ${TARGET_MS} ms target). ` +
        `Slowest class: ${slowest.name} (p95 ${f(slowest.p95)} ms). Max ${f(Math.max(...all))} ms. ` +
        `First page as JSON: ${Math.round(pageBytes / 1024)} KiB (serialization not timed).`,
    }),
    lib.result({
      name: `${prefix}-p50-ms`,
      value: lib.median(all),
      unit: 'ms',
      notes: `Informational: median of the same ${all.length} pages.`,
    }),
    ...perClass.map(c =>
      lib.result({
        name: `${prefix}-${c.name}-p95-ms`,
        value: c.p95,
        unit: 'ms',
        baseline: TARGET_MS,
        notes: `Informational: ${c.n} pages, p50 ${f(c.p50)} ms.`,
      }),
    ),
  ];
}

async function run(ctx) {
  const { log } = ctx;
  const backend = loadBackend(ctx.repoRoot);
  const count = ctx.lib.envInt('BENCH_LISTING_INTEGRATIONS', 10_000);
  const t0 = performance.now();
  const data = generateData(count, new Date(), backend.integrationExpiryKey);
  log(`generated ${count} integrations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const results = [];

  const sqlite = backend.knex({
    client: 'better-sqlite3',
    connection: { filename: path.join(ctx.tmpDir, 'listing.sqlite') },
    useNullAsDefault: true,
  });
  try {
    results.push(...(await measureDatabase(ctx, backend, 'sqlite', sqlite, data)));
  } finally {
    await sqlite.destroy();
  }

  const pgUrl = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!pgUrl) {
    log('BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING not set: skipping PostgreSQL');
    return results;
  }
  const dbName = `maskinporten_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = backend.knex({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('CREATE DATABASE ??', [dbName]);
    const url = new URL(pgUrl);
    url.pathname = `/${dbName}`;
    const pg = backend.knex({ client: 'pg', connection: url.toString() });
    try {
      const version = (await pg.raw('SHOW server_version')).rows[0].server_version;
      log(`postgres: server ${version}, database ${dbName}`);
      results.push(...(await measureDatabase(ctx, backend, 'postgres', pg, data)));
    } finally {
      await pg.destroy();
    }
  } finally {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [dbName]).catch(e => {
      log(`could not drop ${dbName}: ${e.message}`);
    });
    await admin.destroy();
  }
  return results;
}

module.exports = { run, generateData };

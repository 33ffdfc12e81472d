'use strict';

/**
 * Scale over HTTP (issue 19): a real backend (catalog backend, permission backend, auth with
 * the guest provider, the Maskinporten plugin) in a child process (scale/backend.js), with
 * 10,000 Maskinporten entities ingested by the real catalog from a bench entity provider and
 * 50,000 keys in `maskinporten_keys`. Every figure is compared with a baseline measured against
 * the same backend in the same run:
 *
 * 1. listing p95 (`GET /api/maskinporten/v1/integrations`, pages of 50 with filters) against the
 *    catalog's `GET /api/catalog/entities/by-query` for the comparable page;
 * 2. the index sync (`POST /v1/integrations/refresh`) when nothing changed and when 1 % changed:
 *    wall time, backend CPU and rows written, against the catalog walk it needs (the same
 *    `streamEntities` filter and fields through the plugin's catalog client, in the backend);
 * 3. the expiry scan of 50,000 keys against the 10 s target;
 * 4. the card route for an entity with 5 related clients against the catalog's `by-name`.
 *
 * SQLite (in memory, as the example portal runs) always; PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (databases under a random prefix,
 * dropped afterwards). Sizes and sample counts come from BENCH_SCALE_* (see README.md).
 */

// This file runs the benchmark: it reads the sizes, prepares one backend per database, and
// measures them one after another. The pieces are in scale/: the backend child (backend.js,
// backendModules.js, backendCommands.js), the generated data (catalogData.js), the parent's
// handle on the child (startBackend.js, httpClient.js, cpu.js), setup and ingestion
// (ingestion.js) and one file per measured scenario (listing.js, sync.js, expiryScan.js, card.js).

const crypto = require('node:crypto');
const path = require('node:path');
const { generateCatalog } = require('./scale/catalogData');
const { postgresCpu } = require('./scale/cpu');
const { prepare, ingestionResults } = require('./scale/ingestion');
const { measureListing } = require('./scale/listing');
const { measureCard } = require('./scale/card');
const { measureSync } = require('./scale/sync');
const { measureExpiryScan } = require('./scale/expiryScan');

/** Sizes and sample counts (BENCH_SCALE_*, see README.md). */
function sizes(lib) {
  return {
    count: lib.envInt('BENCH_SCALE_INTEGRATIONS', 10_000),
    keyTotal: lib.envInt('BENCH_SCALE_KEYS', 50_000, { min: 0 }),
    rounds: lib.envInt('BENCH_SCALE_ROUNDS', 6),
    cardSamples: lib.envInt('BENCH_SCALE_CARD_SAMPLES', 40),
    syncSamples: lib.envInt('BENCH_SCALE_SYNC_SAMPLES', 4),
    changeSamples: lib.envInt('BENCH_SCALE_CHANGE_SAMPLES', 2),
    ingestTimeoutS: lib.envInt('BENCH_SCALE_INGEST_TIMEOUT_S', 600),
  };
}

/**
 * Measures one prepared database, alone (the other backend idles), and stops its backend. The
 * scenarios run in this order and their results keep it; each gets `db`: the database's label,
 * HTTP client, IPC `call`, generated catalog, seeded counts and (on PostgreSQL) server CPU probe.
 */
async function measureDatabase(ctx, size, prepared, annotations, concurrentNote) {
  const { log } = ctx;
  const { label, backend, http, pg, seeded } = prepared;
  const db = {
    label,
    http,
    call: backend.call,
    catalog: generateCatalog(size.count),
    annotations,
    pg,
    seeded,
    dbCpu: postgresCpu(pg?.admin, pg?.prefix),
  };
  const results = [];
  try {
    results.push(...(await ingestionResults(ctx, size, prepared, concurrentNote)));
    await backend.call('quiet', { ms: 500 });
    results.push(...(await measureListing(ctx, size, db)));
    results.push(...(await measureCard(ctx, size, db)));
    results.push(...(await measureSync(ctx, size, db)));
    results.push(...(await measureExpiryScan(ctx, size, db)));
  } catch (error) {
    log(`${label}: last backend output:\n${backend.tail()}`);
    throw error;
  } finally {
    await backend.stop();
  }
  return results;
}

async function run(ctx) {
  const { log } = ctx;
  const size = sizes(ctx.lib);
  const pluginDir = path.join(ctx.repoRoot, 'plugins', 'maskinporten-backend');
  const fromPlugin = id => require(require.resolve(id, { paths: [pluginDir] }));
  fromPlugin('@backstage/cli/config/nodeTransform.cjs');
  const annotations = fromPlugin('@maskinporten-backstage/plugin-maskinporten-common').MASKINPORTEN_ANNOTATIONS;
  const wanted = (process.env.BENCH_SCALE_DATABASES || 'sqlite,postgres').split(',').map(s => s.trim());
  const pgUrl = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (wanted.includes('postgres') && !pgUrl) {
    log('BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING not set: skipping PostgreSQL');
  }

  let pg;
  if (wanted.includes('postgres') && pgUrl) {
    const knex = fromPlugin('knex');
    const prefix = `mpscale_${crypto.randomBytes(4).toString('hex')}_`;
    pg = { admin: knex({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } }), prefix, url: pgUrl };
  }
  const prepared = [];
  const results = [];
  try {
    // Both backends start, seed and ingest at the same time (ingestion is most of the run and
    // mostly waits on the catalog's stitching), then each is measured alone while the other idles.
    const starts = [];
    if (wanted.includes('sqlite')) {
      starts.push(prepare(ctx, size, 'sqlite', { client: 'better-sqlite3', connection: ':memory:' }));
    }
    if (pg) {
      const version = (await pg.admin.raw('SHOW server_version')).rows[0].server_version;
      log(`postgres: server ${version}, databases ${pg.prefix}*`);
      starts.push(prepare(ctx, size, 'postgres', { client: 'pg', connection: pg.url, prefix: pg.prefix }, pg));
    }
    const settled = await Promise.allSettled(starts);
    for (const s of settled) if (s.status === 'fulfilled') prepared.push(s.value);
    const failed = settled.find(s => s.status === 'rejected');
    if (failed) throw failed.reason;
    const concurrentNote =
      prepared.length > 1 ? `, while the ${prepared.map(p => p.label).join(' and ')} catalogs ingested at the same time` : '';
    for (const p of prepared) {
      results.push(...(await measureDatabase(ctx, size, p, annotations, concurrentNote)));
    }
  } finally {
    // Stopping twice is harmless (a stopped backend returns at once); this covers a failure
    // before a database's turn came.
    for (const p of prepared) await p.backend.stop();
    if (pg) {
      const { rows } = await pg.admin.raw('SELECT datname FROM pg_database WHERE datname LIKE ?', [`${pg.prefix}%`]);
      for (const { datname } of rows) {
        await pg.admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]).catch(e => {
          log(`could not drop ${datname}: ${e.message}`);
        });
      }
      await pg.admin.destroy();
    }
  }
  return results;
}

module.exports = { run };

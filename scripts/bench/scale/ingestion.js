'use strict';

/**
 * Setup of one database's backend, and the ingestion figures: start the backend child, seed
 * keys and token tests, have the provider apply the full mutation, then wait (polling, no fixed
 * sleeps) until the catalog counts every entity and the index holds every integration.
 *
 * `prepare` returns as soon as ingestion has begun, with `ingested` still pending, so that both
 * databases ingest at the same time (ingestion is most of the run, and mostly waits on the
 * catalog's own stitching); `ingestionResults` awaits it when that database's turn comes.
 */

const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { startBackend } = require('./startBackend');
const { httpClient } = require('./httpClient');

/**
 * Starts one database's backend, seeds its keys and token tests, and has the provider apply the
 * full mutation. Returns at once; `ingested` resolves when the catalog and the index hold
 * everything.
 */
async function prepare(ctx, sizes, label, database, pg) {
  const { log } = ctx;
  const { count, keyTotal, ingestTimeoutS } = sizes;
  const backend = await startBackend(ctx, label, { integrations: count, database });
  try {
    const { call } = backend;
    log(`${label}: backend up in ${(backend.startupMs / 1000).toFixed(1)} s (pid ${backend.pid}, ${backend.baseUrl})`);
    const http = await httpClient(backend.baseUrl);
    // Keys first, as in a portal whose catalog is (re)ingested: the index computes each row's
    // expiry from them.
    const seeded = await call('seed', { keys: keyTotal });
    log(`${label}: seeded ${seeded.keys} keys, ${seeded.tests} token tests in ${(seeded.ms / 1000).toFixed(1)} s`);
    const expectedEntities = count + 1; // + the card component
    const t0 = performance.now();
    await call('ingest');
    const ingested = (async () => {
      let catalogDoneAt;
      let catalogDoneEpoch;
      let indexDoneAt;
      let lastLog = t0;
      for (;;) {
        const now = performance.now();
        if (catalogDoneAt === undefined) {
          const { totalItems } = (await http.get('/api/catalog/entities/by-query?limit=1&fields=metadata.name')).json();
          if (totalItems >= expectedEntities) {
            catalogDoneAt = performance.now();
            catalogDoneEpoch = Date.now();
          }
          if (now - lastLog > 20_000) {
            log(`${label}: ingesting, ${totalItems}/${expectedEntities} entities after ${((now - t0) / 1000).toFixed(0)} s`);
            lastLog = now;
          }
        }
        if (indexDoneAt === undefined && (await call('indexCount')) >= count) indexDoneAt = performance.now();
        if (catalogDoneAt !== undefined && indexDoneAt !== undefined) break;
        if (now - t0 > ingestTimeoutS * 1000) {
          throw new Error(`${label}: ingestion not done within ${ingestTimeoutS} s (BENCH_SCALE_INGEST_TIMEOUT_S)`);
        }
        await sleep(1000);
      }
      // From here on every sync is one the bench triggers (see scale/backendModules.js).
      const runs = await call('follow', { on: false });
      return {
        ingestS: (catalogDoneAt - t0) / 1000,
        lagS: (indexDoneAt - catalogDoneAt) / 1000,
        followOpenS: (runs.followWindowEnd - catalogDoneEpoch) / 1000,
        ...runs,
      };
    })();
    ingested.catch(() => {}); // handled by whoever awaits it
    return { label, backend, http, pg, seeded, ingested, expectedEntities };
  } catch (error) {
    log(`${label}: last backend output:\n${backend.tail()}`);
    await backend.stop();
    throw error;
  }
}

/**
 * Waits for `prepared`'s ingestion and reports it: `scale-<db>-catalog-ingest-s` and
 * `scale-<db>-index-lag-s`, both informational. `concurrentNote` says whether another database
 * ingested at the same time (which slows both).
 */
async function ingestionResults(ctx, sizes, prepared, concurrentNote) {
  const { lib, log } = ctx;
  const { count } = sizes;
  const { label, expectedEntities } = prepared;
  const f = x => lib.fmt(x, 3);
  const { ingestS, lagS, followRuns, periodicRuns, followOpenS } = await prepared.ingested;
  const followNote =
    followOpenS >= 0
      ? `the start-up follow was still on when the catalog finished (for about ${f(followOpenS)} s more)`
      : `the start-up follow (3 minutes from the start) had stopped about ${f(-followOpenS)} s before the catalog finished`;
  const syncsRan = `about ${followRuns} start-up follow syncs (every 5 s) and ${periodicRuns} periodic sync(s) (every 60 s) ran; ${followNote}`;
  log(
    `${label}: catalog ingested ${expectedEntities} entities in ${ingestS.toFixed(1)} s; index complete ` +
      `${lagS.toFixed(1)} s after that (${syncsRan})`,
  );
  return [
    lib.result({
      name: `scale-${label}-catalog-ingest-s`,
      value: ingestS,
      unit: 's',
      notes:
        `Informational: from the provider's full mutation (${expectedEntities} entities) until the catalog's by-query ` +
        `counted them all${concurrentNote}. The index held all ${count} integrations ${f(lagS)} s after that, ` +
        `with no manual refresh: ${syncsRan}.`,
    }),
    lib.result({
      name: `scale-${label}-index-lag-s`,
      value: lagS,
      unit: 's',
      notes:
        'Informational: how long after the catalog finished ingesting the index listed every integration, ' +
        `through the plugin's own schedules: ${syncsRan}. When ingestion takes longer than the follow, the ` +
        'rest waits for the periodic sync.',
    }),
  ];
}

module.exports = { prepare, ingestionResults };

'use strict';

/**
 * The IPC commands the parent (scale.bench.js, through scale/startBackend.js) sends the backend
 * child: setup (seed, ingest, change), probes (CPU, catalog traffic, index size, the last expiry
 * scan) and the baseline catalog walk. They run inside the backend process so that what they
 * measure, and what the walk costs, is read with the same `process.cpuUsage()` as the backend.
 */

const { performance } = require('node:perf_hooks');
const { generateKeysAndTests, entityOf, cardEntity, changedIn } = require('./catalogData');
const { followWindowEnd, PERIODIC_TASK, FOLLOW_TASK } = require('./backendModules');

/**
 * `byQuery` counts the catalog's by-query requests (see scale/backend.js); `plugin` holds the
 * plugin's own `storesOn`, `MASKINPORTEN_ENTITY_FILTER` and `SYNC_FIELDS`, loaded from its
 * TypeScript sources.
 */
function createCommands({ state, byQuery, catalog, backend, plugin }) {
  const db = () => state.mp.database.getClient();
  return {
    cpu: async () => process.cpuUsage(),
    byQuery: async () => ({ ...byQuery, now: performance.now() }),
    /** Resolves once no catalog by-query request has been in flight for `ms`. */
    quiet: async ({ ms, timeoutMs = 60_000 }) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const now = performance.now();
        if (byQuery.inFlight === 0 && now - byQuery.lastEnd >= ms) return { started: byQuery.started };
        if (now > deadline) throw new Error(`catalog by-query traffic did not stop within ${timeoutMs} ms`);
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    },
    follow: async ({ on }) => {
      state.follow = on;
      return {
        followRuns: state.syncRuns[FOLLOW_TASK] ?? 0,
        periodicRuns: state.syncRuns[PERIODIC_TASK] ?? 0,
        followWindowEnd: followWindowEnd(state),
      };
    },
    seed: async ({ keys: keyTotal }) => {
      const start = performance.now();
      const { keys, tests } = generateKeysAndTests(catalog, keyTotal, Date.now());
      const knex = await db();
      await knex.batchInsert('maskinporten_keys', keys, 500);
      await knex.batchInsert('maskinporten_token_tests', tests, 500);
      return { keys: keys.length, tests: tests.length, ms: performance.now() - start };
    },
    ingest: async () => {
      const entities = [...catalog.integrations.map(x => entityOf(x)), cardEntity(catalog)];
      await state.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity, locationKey: 'scale-bench' })),
      });
      return { entities: entities.length };
    },
    change: async ({ revision }) => {
      const changed = changedIn(catalog, revision);
      await state.connection.applyMutation({
        type: 'delta',
        added: changed.map(x => ({ entity: entityOf(x, revision), locationKey: 'scale-bench' })),
        removed: [],
      });
      return { changed: changed.length };
    },
    indexCount: async () => {
      const [{ count }] = await (await db())('maskinporten_integrations').count({ count: '*' });
      return Number(count);
    },
    /** PostgreSQL's statistics for the told-state table (has autovacuum analyzed it yet?). */
    toldStateStats: async () => {
      const knex = await db();
      if (knex.client.config.client !== 'pg') return undefined;
      const { rows } = await knex.raw(
        "SELECT n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables WHERE relname = 'maskinporten_expiry_notifications'",
      );
      return rows[0];
    },
    lastScan: async () => {
      const scan = await plugin.storesOn(await db()).expiry.lastScan();
      return scan && { ...scan, startedAt: scan.startedAt.toISOString(), finishedAt: scan.finishedAt.toISOString() };
    },
    /** The catalog walk a sync needs: the same filter and fields, through the plugin's client. */
    walk: async () => {
      const { catalog: client, auth } = state.mp;
      const credentials = await auth.getOwnServiceCredentials();
      let entities = 0;
      let pages = 0;
      for await (const page of client.streamEntities(
        { filter: plugin.MASKINPORTEN_ENTITY_FILTER, fields: plugin.SYNC_FIELDS },
        { credentials },
      )) {
        pages += 1;
        entities += page.length;
      }
      return { entities, pages };
    },
    stop: async () => {
      setTimeout(async () => {
        try {
          await backend.stop();
        } finally {
          process.exit(0);
        }
      }, 10);
      return {};
    },
  };
}

module.exports = { createCommands };

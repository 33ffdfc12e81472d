'use strict';

/**
 * Scenario 2 of the scale benchmark: the index sync (`POST /v1/integrations/refresh`) when
 * nothing changed and when 1 % of the entities changed, against the catalog walk it cannot do
 * without (the same `streamEntities` filter and fields through the plugin's catalog client, run
 * in the backend by the `walk` IPC command). Both are read with the same CPU counter in the same
 * process, so the ratio is the sync's own overhead.
 *
 * Results: `scale-<db>-sync-unchanged-cpu-ms` (target ratio <= 1.5),
 * `…-sync-unchanged-rows-written` (target 0 rows), `…-sync-unchanged-wall-ms` and
 * `…-sync-1pct-cpu-ms` (informational).
 */

const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { changedIn, REVISION_ANNOTATION } = require('./catalogData');
const { cpuDelta, dbCpuDelta } = require('./cpu');
const { query } = require('./httpClient');

const STREAM_PAGE = 500; // the catalog client's streamEntities page size
const SYNC_CPU_TARGET = 1.5;

async function measureSync(ctx, sizes, db) {
  const { lib, log } = ctx;
  const { count, syncSamples, changeSamples } = sizes;
  const { label, http, call, catalog, pg, dbCpu } = db;
  const f = x => lib.fmt(x, 3);
  const pages = Math.ceil(count / STREAM_PAGE);
  /** One measured operation, retried if a by-query request not its own overlapped it. */
  const measure = async (what, op) => {
    for (let attempt = 1; ; attempt++) {
      await call('quiet', { ms: 300 });
      const db0 = await dbCpu();
      const q0 = await call('byQuery');
      const c0 = await call('cpu');
      const start = performance.now();
      const out = await op();
      const wallMs = performance.now() - start;
      const c1 = await call('cpu');
      const q1 = await call('byQuery');
      const db1 = await dbCpu();
      const requests = q1.started - q0.started;
      if (requests === pages || attempt === 3) {
        if (requests !== pages) log(`${label}: ${what} made ${requests} catalog requests, expected ${pages}`);
        return { wallMs, cpuMs: cpuDelta(c0, c1), dbCpuMs: dbCpuDelta(db0, db1), out };
      }
      log(`${label}: ${what} overlapped other catalog traffic (${requests} requests); measuring again`);
    }
  };
  const walk = () => measure('walk', () => call('walk'));
  const refresh = () => measure('sync', async () => (await http.post('/api/maskinporten/v1/integrations/refresh')).json());

  await walk(); // warm-up
  await refresh();
  const unchanged = { sync: [], walk: [] };
  for (let i = 0; i < syncSamples; i++) {
    const order = i % 2 === 0 ? ['sync', 'walk'] : ['walk', 'sync'];
    for (const side of order) unchanged[side].push(side === 'sync' ? await refresh() : await walk());
  }
  for (const w of unchanged.walk) {
    if (w.out.entities !== count) throw new Error(`${label}: the walk saw ${w.out.entities} entities, not ${count}`);
  }
  // 1 % changed: the provider changes the entities, and the sync runs only once by-query shows
  // every change (the catalog processes them asynchronously).
  const changed = { sync: [], walk: [] };
  let changeWaitMs = 0;
  for (let revision = 1; revision <= changeSamples; revision++) {
    const { changed: n } = await call('change', { revision });
    const w0 = performance.now();
    for (;;) {
      const filter = `metadata.annotations.${REVISION_ANNOTATION}=${revision}`;
      const { totalItems } = (await http.get(`/api/catalog/entities/by-query?${query({ filter, limit: 1 })}`)).json();
      if (totalItems >= n) break;
      if (performance.now() - w0 > 120_000) throw new Error(`${label}: the catalog did not take the change in 120 s`);
      await sleep(100);
    }
    changeWaitMs += performance.now() - w0;
    const s = await refresh();
    if (s.out.written !== changedIn(catalog, revision).length) {
      log(`${label}: the 1 % sync wrote ${s.out.written} rows, expected ${n}`);
    }
    changed.sync.push(s);
    changed.walk.push(await walk());
  }

  const med = (xs, key) => lib.median(xs.map(x => x[key]).filter(v => v !== undefined));
  const dbNote = (s, w) =>
    pg
      ? ` PostgreSQL server CPU for the bench's databases: sync ${f(med(s, 'dbCpuMs'))} ms, walk ${f(med(w, 'dbCpuMs'))} ms ` +
        `(so backend + database: ${f(med(s, 'cpuMs') + med(s, 'dbCpuMs'))} vs ${f(med(w, 'cpuMs') + med(w, 'dbCpuMs'))} ms).`
      : '';
  const unchangedWritten = Math.max(...unchanged.sync.map(s => s.out.written));
  const unchangedRemoved = Math.max(...unchanged.sync.map(s => s.out.removed));
  log(
    `${label}: sync unchanged cpu ${f(med(unchanged.sync, 'cpuMs'))} ms / wall ${f(med(unchanged.sync, 'wallMs'))} ms; ` +
      `walk cpu ${f(med(unchanged.walk, 'cpuMs'))} / wall ${f(med(unchanged.walk, 'wallMs'))} ms; ` +
      `1 % changed cpu ${f(med(changed.sync, 'cpuMs'))} / wall ${f(med(changed.sync, 'wallMs'))} ms`,
  );
  const walkDesc =
    `the catalog walk the sync needs (streamEntities with the sync's filter and fields, ${pages} pages of ` +
    `${STREAM_PAGE}, through the plugin's own catalog client in the backend process)`;
  return [
    lib.result({
      name: `scale-${label}-sync-unchanged-cpu-ms`,
      value: med(unchanged.sync, 'cpuMs'),
      unit: 'ms',
      baseline: med(unchanged.walk, 'cpuMs'),
      target: { op: '<=', value: SYNC_CPU_TARGET },
      notes:
        `Backend process CPU (process.cpuUsage, user + system) of POST /v1/integrations/refresh with nothing ` +
        `changed, median of ${syncSamples}; baseline: ${walkDesc}, median of ${syncSamples}, interleaved. ` +
        `Samples sync ${unchanged.sync.map(s => f(s.cpuMs)).join('/')} ms, walk ${unchanged.walk.map(s => f(s.cpuMs)).join('/')} ms.` +
        dbNote(unchanged.sync, unchanged.walk),
    }),
    lib.result({
      name: `scale-${label}-sync-unchanged-rows-written`,
      value: unchangedWritten + unchangedRemoved,
      unit: 'rows',
      baseline: count,
      target: { op: '<=', value: 0 },
      notes:
        `Rows a nothing-changed sync wrote or deleted (max over ${syncSamples}; ${unchangedWritten} written, ` +
        `${unchangedRemoved} removed); baseline: the ${count} rows a full rewrite writes. Target: 0.`,
    }),
    lib.result({
      name: `scale-${label}-sync-unchanged-wall-ms`,
      value: med(unchanged.sync, 'wallMs'),
      unit: 'ms',
      baseline: med(unchanged.walk, 'wallMs'),
      notes: `Informational: wall time of the same syncs (HTTP round trip included) and walks, medians.`,
    }),
    lib.result({
      name: `scale-${label}-sync-1pct-cpu-ms`,
      value: med(changed.sync, 'cpuMs'),
      unit: 'ms',
      baseline: med(changed.walk, 'cpuMs'),
      notes:
        `Informational: backend CPU of a sync after ${changedIn(catalog, 1).length} entities (1 %) changed through ` +
        `the provider (title and an annotation), median of ${changeSamples}, each with a walk right after as ` +
        `baseline. Rows written: ${changed.sync.map(s => s.out.written).join('/')}. Wall ` +
        `${f(med(changed.sync, 'wallMs'))} ms vs walk ${f(med(changed.walk, 'wallMs'))} ms. The catalog took ` +
        `${f(changeWaitMs / changeSamples / 1000)} s on average to show a change.` +
        dbNote(changed.sync, changed.walk),
    }),
  ];
}

module.exports = { measureSync };

'use strict';

/**
 * Scenario 3 of the scale benchmark: the expiry scan of every seeded key, triggered by
 * `POST /v1/expiry-scan`, timed by the scan's own record (started to finished) against the 10 s
 * target: first when every key is new to it, then again with nothing changed. The scan is only
 * ever triggered here (its schedule is yearly in scale/backend.js), so nothing else runs it.
 * Results: `scale-<db>-expiry-scan-first-s` and `…-repeat-s` (target ratio <= 1).
 */

const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { cpuDelta, dbCpuDelta } = require('./cpu');

const SCAN_TARGET_S = 10;

async function measureExpiryScan(ctx, sizes, db) {
  const { lib, log } = ctx;
  const { count } = sizes;
  const { label, http, call, pg, dbCpu, seeded } = db;
  const f = x => lib.fmt(x, 3);
  const results = [];
  for (const which of ['first', 'repeat']) {
    const before = (await http.get('/api/maskinporten/v1/expiry-scan')).json().lastRunAt;
    await call('quiet', { ms: 300 });
    const toldStats = await call('toldStateStats');
    const db0 = await dbCpu();
    const c0 = await call('cpu');
    const start = performance.now();
    await http.post('/api/maskinporten/v1/expiry-scan');
    let status;
    for (;;) {
      status = (await http.get('/api/maskinporten/v1/expiry-scan')).json();
      if (status.lastRunAt && status.lastRunAt !== before) break;
      if (performance.now() - start > 300_000) throw new Error(`${label}: the expiry scan did not finish in 300 s`);
      await sleep(100);
    }
    const visibleS = (performance.now() - start) / 1000;
    const cpuMs = cpuDelta(c0, await call('cpu'));
    const scanDbCpuMs = dbCpuDelta(db0, await dbCpu());
    const scan = await call('lastScan');
    const scanS = (Date.parse(scan.finishedAt) - Date.parse(scan.startedAt)) / 1000;
    if (scan.outcome !== 'succeeded') throw new Error(`${label}: expiry scan ${scan.outcome}: ${scan.error}`);
    const { scanned, changed: stateChanges, byState } = scan.result;
    log(`${label}: ${which} expiry scan of ${scanned} keys: ${scanS.toFixed(2)} s (${stateChanges} changed)`);
    const pgNote = pg
      ? ` PostgreSQL server CPU ${f((scanDbCpuMs ?? NaN) / 1000)} s. The told-state table ` +
        `(maskinporten_expiry_notifications) ${
          toldStats?.last_autoanalyze || toldStats?.last_analyze
            ? 'had been analyzed by then'
            : 'had not been analyzed yet: until autovacuum does, PostgreSQL plans its 200-kid lookups as sequential scans'
        }.`
      : '';
    if (scanned !== seeded.keys) log(`${label}: the scan judged ${scanned} keys, ${seeded.keys} were seeded`);
    results.push(
      lib.result({
        name: `scale-${label}-expiry-scan-${which}-s`,
        value: scanS,
        unit: 's',
        baseline: SCAN_TARGET_S,
        target: { op: '<=', value: 1 },
        notes:
          `The ${which === 'first' ? 'first scan (every key is new to it, so every told state is written)' : 'second scan (nothing changed since the first)'} ` +
          `of ${scanned} live keys over ${count} integrations, from the scan's own record (started to finished); ` +
          `baseline: the ${SCAN_TARGET_S} s target. ${stateChanges} state changes (ok ${byState.ok}, warning ${byState.warning}, ` +
          `critical ${byState.critical}, expired ${byState.expired}); notices to the log channel. Backend CPU ` +
          `${f(cpuMs / 1000)} s; POST /v1/expiry-scan to the result visible in GET: ${f(visibleS)} s (includes ` +
          `the scheduler picking the triggered task up).${pgNote}`,
      }),
    );
  }
  return results;
}

module.exports = { measureExpiryScan };

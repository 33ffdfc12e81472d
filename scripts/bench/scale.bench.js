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

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { fork } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { generateCatalog, changedIn, REVISION_ANNOTATION, CARD_RELATED } = require('./scale/catalogData');

const PAGE = 50;
const STREAM_PAGE = 500; // the catalog client's streamEntities page size
const SCAN_TARGET_S = 10;
const SYNC_CPU_TARGET = 1.5;
const CLK_TCK = 100; // Linux USER_HZ, for /proc/<pid>/stat

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function deterministic(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The backend child: start, IPC commands, stop. Its output goes to a log file. */
async function startBackend(ctx, label, options) {
  const logFile = path.join(ctx.tmpDir, `${label}-backend.log`);
  const out = fs.openSync(logFile, 'a');
  const port = await freePort();
  const child = fork(path.join(__dirname, 'scale', 'backend.js'), [], {
    stdio: ['ignore', out, out, 'ipc'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_SCALE_LOG_LEVEL || 'warn',
      SCALE_BENCH_OPTIONS: JSON.stringify({ ...options, port }),
    },
  });
  fs.closeSync(out);
  const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  let nextId = 0;
  const pending = new Map();
  let exited = false;
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = { resolve, reject };
  });
  child.on('message', message => {
    if (message.type === 'watch') return; // the node transform reports loaded files
    if ('ready' in message) {
      if (message.ready) onReady.resolve(message);
      else onReady.reject(new Error(`${label} backend did not start: ${message.error}`));
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.ok) call.resolve(message.result);
    else call.reject(new Error(`${label} backend: ${message.error}`));
  });
  child.on('exit', code => {
    exited = true;
    const error = new Error(`${label} backend exited (${code}); last output:\n${tail()}`);
    onReady.reject(error);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });
  const call = (cmd, args) =>
    new Promise((resolve, reject) => {
      if (exited) {
        reject(new Error(`${label} backend is not running`));
        return;
      }
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, args });
    });
  const stop = async () => {
    if (exited) return;
    const gone = new Promise(resolve => child.once('exit', resolve));
    await call('stop').catch(() => {});
    if ((await Promise.race([gone.then(() => true), sleep(20_000).then(() => false)])) === false) {
      child.kill('SIGKILL');
      await gone;
    }
  };
  try {
    const { startupMs } = await Promise.race([
      ready,
      sleep(180_000).then(() => {
        throw new Error(`${label} backend did not start within 180 s:\n${tail()}`);
      }),
    ]);
    return { baseUrl: `http://127.0.0.1:${port}`, call, stop, pid: child.pid, startupMs, tail };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** HTTP client with the guest user's token. Times until the whole body is read. */
async function httpClient(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  const token = (await res.json()).backstageIdentity.token;
  const headers = { authorization: `Bearer ${token}` };
  async function request(method, pathAndQuery, body) {
    const start = performance.now();
    const response = await fetch(`${baseUrl}${pathAndQuery}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - start;
    if (!response.ok) throw new Error(`${method} ${pathAndQuery}: ${response.status} ${text.slice(0, 500)}`);
    return { ms, bytes: Buffer.byteLength(text), json: () => JSON.parse(text) };
  }
  return { get: p => request('GET', p), post: (p, body) => request('POST', p, body ?? {}) };
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) search.append(key, String(v));
  }
  return search.toString();
}

/**
 * The listing's query classes, each with the catalog query a portal would send for the same
 * page: the catalog's filter is every Maskinporten annotation OR'd (as the sync asks), each
 * alternative ANDed with the class's conditions; text search is the catalog's full-text filter
 * on name and title. `expires-30d` has no catalog equivalent and is paired with the plain page.
 */
function listingClasses(catalog, annotations, rand) {
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  const owners = catalog.integrations.map(x => x.owner);
  const words = [...new Set(catalog.integrations.map(x => x.title.split(' ')[0].toLocaleLowerCase('en-US')))];
  const catalogPage = ({ conditions = [], text } = {}) =>
    `/api/catalog/entities/by-query?${query({
      filter: annotations.map(a => [`metadata.annotations.${a}`, ...conditions].join(',')),
      limit: PAGE,
      orderField: 'metadata.name,asc',
      fullTextFilterTerm: text,
      fullTextFilterFields: text ? 'metadata.name,metadata.title' : undefined,
    })}`;
  const ours = params => `/api/maskinporten/v1/integrations?${query({ limit: PAGE, ...params })}`;
  return {
    'first-page': () => [ours({}), catalogPage()],
    owner: () => {
      const owner = pick(owners);
      return [ours({ owner }), catalogPage({ conditions: [`relations.ownedBy=${owner}`] })];
    },
    'owned-by-me': () => {
      const mine = [`user:default/user-${Math.floor(rand() * 400)}`, pick(owners), pick(owners)];
      return [ours({ owner: mine }), catalogPage({ conditions: mine.map(o => `relations.ownedBy=${o}`) })];
    },
    environment: () => {
      const environment = rand() < 0.5 ? 'test' : 'prod';
      return [
        ours({ environment }),
        catalogPage({ conditions: [`metadata.annotations.maskinporten.no/environment=${environment}`] }),
      ];
    },
    'expires-30d': () => [ours({ expiresWithinDays: 30 }), catalogPage()],
    q: () => {
      const word = pick(words);
      return [ours({ q: word }), catalogPage({ text: word })];
    },
    combined: () => {
      const owner = pick(owners);
      const environment = rand() < 0.5 ? 'test' : 'prod';
      const text = pick(words).slice(0, 3);
      return [
        ours({ owner, environment, expiresWithinDays: 90, q: text }),
        catalogPage({
          conditions: [`relations.ownedBy=${owner}`, `metadata.annotations.maskinporten.no/environment=${environment}`],
          text,
        }),
      ];
    },
  };
}

function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** CPU of the PostgreSQL server processes serving the bench's databases (Linux only). */
function postgresCpu(admin, prefix) {
  if (!admin) return async () => undefined;
  return async () => {
    const { rows } = await admin.raw('SELECT pid FROM pg_stat_activity WHERE datname LIKE ?', [`${prefix}%`]);
    const out = new Map();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) out.set(pid, ms);
    }
    return out;
  };
}

function cpuDelta(before, after) {
  return (after.user - before.user + after.system - before.system) / 1000;
}

function dbCpuDelta(before, after) {
  if (!before || !after) return undefined;
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

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
 * Starts one database's backend, seeds its keys and token tests, and has the provider apply the
 * full mutation. Returns at once; `ingested` resolves when the catalog and the index hold
 * everything.
 */
async function prepare(ctx, label, database, pg) {
  const { lib, log } = ctx;
  const { count, keyTotal, ingestTimeoutS } = sizes(lib);
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

async function measureDatabase(ctx, prepared, concurrentNote) {
  const { lib, log } = ctx;
  const { count, keyTotal, rounds, cardSamples, syncSamples, changeSamples } = sizes(lib);
  const { label, backend, http, pg, seeded, expectedEntities } = prepared;
  const { call } = backend;
  const catalog = generateCatalog(count);
  const annotations = ctx.annotations;
  const results = [];
  const f = x => lib.fmt(x, 3);
  const dbCpu = postgresCpu(pg?.admin, pg?.prefix);
  try {
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
    results.push(
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
    );
    await call('quiet', { ms: 500 });

    // ---- 1. listing against the catalog's by-query --------------------------------------------
    const rand = deterministic(42);
    const classes = listingClasses(catalog, annotations, rand);
    const samples = { ours: {}, catalog: {} };
    const bytes = { ours: [], catalog: [] };
    const record = (side, cls, r) => {
      (samples[side][cls] ??= []).push(r.ms);
      bytes[side].push(r.bytes);
    };
    for (let i = 0; i < 2; i++) {
      for (const make of Object.values(classes)) {
        const [a, b] = make();
        await http.get(a);
        await http.get(b);
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const [cls, make] of Object.entries(classes)) {
        const [oursUrl, catalogUrl] = make();
        // ABBA: alternate which side goes first, so drift in load hits both.
        if (round % 2 === 0) {
          record('ours', cls, await http.get(oursUrl));
          record('catalog', cls, await http.get(catalogUrl));
        } else {
          record('catalog', cls, await http.get(catalogUrl));
          record('ours', cls, await http.get(oursUrl));
        }
      }
    }
    // Walks: 10 pages by following the cursor, on each side.
    for (let walk = 0; walk < 2; walk++) {
      let oursCursor;
      let catalogCursor;
      for (let page = 0; page < 10; page++) {
        const o = await http.get(
          oursCursor
            ? `/api/maskinporten/v1/integrations?${query({ limit: PAGE, cursor: oursCursor })}`
            : `/api/maskinporten/v1/integrations?limit=${PAGE}`,
        );
        const c = await http.get(
          catalogCursor
            ? `/api/catalog/entities/by-query?${query({ cursor: catalogCursor, limit: PAGE })}`
            : classes['first-page']()[1],
        );
        record('ours', 'deep-walk', o);
        record('catalog', 'deep-walk', c);
        oursCursor = o.json().nextCursor;
        catalogCursor = c.json().pageInfo?.nextCursor;
        if (!oursCursor || !catalogCursor) throw new Error(`${label}: a walk ended after ${page + 1} pages`);
      }
    }
    const all = side => Object.values(samples[side]).flat();
    const perClass = Object.keys(samples.ours)
      .map(cls => `${cls} ${f(lib.p95(samples.ours[cls]))}/${f(lib.p95(samples.catalog[cls]))}`)
      .join(', ');
    log(`${label}: listing p95 ours/catalog ms: ${perClass}`);
    results.push(
      lib.result({
        name: `scale-${label}-listing-p95-ms`,
        value: lib.p95(all('ours')),
        unit: 'ms',
        baseline: lib.p95(all('catalog')),
        notes:
          `Informational. p95 over ${all('ours').length} pages of ${PAGE} (${rounds} rounds of 7 filter classes, ABBA, ` +
          `plus 2 walks of 10 pages) of GET /api/maskinporten/v1/integrations; baseline: the catalog's ` +
          `GET /api/catalog/entities/by-query for the comparable page, interleaved. p50 ours ${f(lib.median(all('ours')))} ms, ` +
          `catalog ${f(lib.median(all('catalog')))} ms. Per class p95 ours/catalog (ms): ${perClass}. ` +
          `Mean page: ours ${Math.round(lib.mean(bytes.ours) / 1024)} KiB (with keys and last tests), catalog ` +
          `${Math.round(lib.mean(bytes.catalog) / 1024)} KiB.`,
      }),
    );

    // ---- 4. the card against by-name ------------------------------------------------------------
    const { kind, namespace, name } = catalog.card;
    const cardUrl = `/api/maskinporten/v1/entities/${kind}/${namespace}/${name}/integrations`;
    const byNameUrl = `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
    const card = (await http.get(cardUrl)).json();
    if (card.items.length !== CARD_RELATED) {
      throw new Error(`${label}: the card lists ${card.items.length} integrations, expected ${CARD_RELATED}`);
    }
    for (let i = 0; i < 5; i++) {
      await http.get(cardUrl);
      await http.get(byNameUrl);
    }
    const cardMs = [];
    const byNameMs = [];
    for (let i = 0; i < cardSamples; i++) {
      if (i % 2 === 0) {
        cardMs.push((await http.get(cardUrl)).ms);
        byNameMs.push((await http.get(byNameUrl)).ms);
      } else {
        byNameMs.push((await http.get(byNameUrl)).ms);
        cardMs.push((await http.get(cardUrl)).ms);
      }
    }
    log(`${label}: card p95 ${f(lib.p95(cardMs))} ms, by-name p95 ${f(lib.p95(byNameMs))} ms`);
    results.push(
      lib.result({
        name: `scale-${label}-card-p95-ms`,
        value: lib.p95(cardMs),
        unit: 'ms',
        baseline: lib.p95(byNameMs),
        notes:
          `Informational. p95 of ${cardSamples} GET ${cardUrl} (a component with ${CARD_RELATED} related ` +
          `maskinporten-client resources, ${CARD_RELATED * Math.round(keyTotal / count)} keys); baseline: GET ${byNameUrl}, ` +
          `interleaved. p50 ${f(lib.median(cardMs))} vs ${f(lib.median(byNameMs))} ms. The card itself reads the entity, ` +
          `its related resources and permissions from the catalog and permission backends, then keys, tests, ` +
          `rotations and conflicts once each.`,
      }),
    );

    // ---- 2. the sync against the catalog walk ---------------------------------------------------
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
    results.push(
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
    );

    // ---- 3. the expiry scan -------------------------------------------------------------------
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
  const pluginDir = path.join(ctx.repoRoot, 'plugins', 'maskinporten-backend');
  const fromPlugin = id => require(require.resolve(id, { paths: [pluginDir] }));
  fromPlugin('@backstage/cli/config/nodeTransform.cjs');
  ctx.annotations = fromPlugin('@maskinporten-backstage/plugin-maskinporten-common').MASKINPORTEN_ANNOTATIONS;
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
      starts.push(prepare(ctx, 'sqlite', { client: 'better-sqlite3', connection: ':memory:' }));
    }
    if (pg) {
      const version = (await pg.admin.raw('SHOW server_version')).rows[0].server_version;
      log(`postgres: server ${version}, databases ${pg.prefix}*`);
      starts.push(prepare(ctx, 'postgres', { client: 'pg', connection: pg.url, prefix: pg.prefix }, pg));
    }
    const settled = await Promise.allSettled(starts);
    for (const s of settled) if (s.status === 'fulfilled') prepared.push(s.value);
    const failed = settled.find(s => s.status === 'rejected');
    if (failed) throw failed.reason;
    const concurrentNote =
      prepared.length > 1 ? `, while the ${prepared.map(p => p.label).join(' and ')} catalogs ingested at the same time` : '';
    for (const p of prepared) {
      results.push(...(await measureDatabase(ctx, p, concurrentNote)));
    }
  } finally {
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

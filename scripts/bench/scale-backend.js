'use strict';

/**
 * The backend the scale benchmark (scale.bench.js) runs against, in a child process of its own
 * so that its CPU time (process.cpuUsage) belongs to the backend alone.
 *
 * A real Backstage backend from `createBackend()` (@backstage/backend-defaults) with the real
 * catalog backend, the permission backend (allow-all policy), the auth backend with the guest
 * provider, and the Maskinporten backend plugin loaded from its TypeScript sources through
 * Backstage's node transform. The configuration is built in code (free port, SQLite files in
 * the bench's temp directory or fresh PostgreSQL databases under a random prefix).
 *
 * Bench-only pieces, all in this file:
 * - a catalog entity provider that applies the generated Maskinporten entities with a full
 *   mutation when the parent says so, and changes some of them with delta mutations;
 * - a `maskinporten` module that holds the plugin's own database client and catalog client, so
 *   the parent can seed keys and token tests, count index rows, read the last expiry scan and
 *   run the baseline catalog walk in this process;
 * - the default scheduler service, with one gate: the Maskinporten index's sync tasks (every
 *   60 s, and every 5 s for 3 minutes after a start) run only while the parent has them on, so
 *   that background syncs do not run inside the sync measurements (or sync the 1% change first);
 * - an allow-all permission policy.
 *
 * The parent talks to it over IPC: { id, cmd, args } in, { id, ok, result | error } out.
 * It is also `require`d by the parent for `generateCatalog`, which must produce the same data.
 */

const crypto = require('node:crypto');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PLUGIN_DIR = path.join(REPO_ROOT, 'plugins', 'maskinporten-backend');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages', 'backend');

const DAY = 86_400_000;
const LOCATION = 'scale-bench:generated';
const REVISION_ANNOTATION = 'scale-bench/revision';
const CARD_ENTITY = { kind: 'component', namespace: 'default', name: 'scale-card' };
const CARD_RELATED = 5;
const ENVIRONMENTS = ['test', 'prod'];
const WORDS = [
  ['lonn', 'Lønn'], ['reskontro', 'Reskontro'], ['faktura', 'Faktura'], ['skatt', 'Skatt'],
  ['a-melding', 'A-melding'], ['folkeregister', 'Folkeregister'], ['enhetsregister', 'Enhetsregister'],
  ['arkiv', 'Arkiv'], ['innkjop', 'Innkjøp'], ['regnskap', 'Regnskap'], ['personal', 'Personal'],
  ['tilskudd', 'Tilskudd'], ['tilsyn', 'Tilsyn'], ['saksbehandling', 'Saksbehandling'],
  ['statistikk', 'Statistikk'], ['pensjon', 'Pensjon'], ['refusjon', 'Refusjon'], ['eiendom', 'Eiendom'],
  ['kart', 'Kart'], ['helse', 'Helse'],
];
const SCOPES = [
  'dfo:ansatte', 'dfo:org', 'dfo:lonn', 'skatteetaten:inntekt', 'skatteetaten:formue',
  'altinn:serviceowner/instances.read', 'altinn:serviceowner/instances.write',
  'brreg:enhet', 'nav:aareg/v1/arbeidsforhold', 'ks:fiks', 'kartverket:eiendom', 'difi:arkiv',
  'ssb:statistikk', 'helsedir:register', 'udir:grunnskole',
];
const TEAMS = 200;
const USERS = 400;

/** Deterministic PRNG (mulberry32) so every run generates the same catalog. */
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

function uuidFrom(rand) {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * The catalog: `count` Maskinporten entities (70 % `Resource`s of type `maskinporten-client`,
 * 30 % `Component`s, each with client id, environment and scopes), plus one component without
 * annotations that `dependsOn` five of the resources (the card entity). Deterministic.
 */
function generateCatalog(count) {
  const rand = rng(20261207);
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  const integrations = [];
  for (let i = 0; i < count; i++) {
    const [slug, word] = pick(WORDS);
    const kind = i % 10 < 3 ? 'Component' : 'Resource';
    const name = `${slug}-${String(i).padStart(5, '0')}`;
    const owner =
      rand() < 0.1
        ? `user:default/user-${Math.floor(rand() * USERS)}`
        : `group:default/team-${String(Math.floor(TEAMS * rand() ** 2)).padStart(3, '0')}`;
    const environment = rand() < 0.6 ? 'test' : 'prod';
    const scopes = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(SCOPES)))];
    integrations.push({
      i,
      kind,
      name,
      entityRef: `${kind.toLowerCase()}:default/${name}`,
      title: `${word} ${i}`,
      owner,
      environment,
      clientId: uuidFrom(rand),
      scopes,
    });
  }
  const related = integrations.filter(x => x.kind === 'Resource').slice(0, CARD_RELATED);
  return { integrations, related, card: CARD_ENTITY };
}

function entityOf(integration, revision) {
  const annotations = {
    'backstage.io/managed-by-location': LOCATION,
    'backstage.io/managed-by-origin-location': LOCATION,
    'maskinporten.no/client-id': integration.clientId,
    'maskinporten.no/environment': integration.environment,
    'maskinporten.no/scopes': integration.scopes.join(' '),
  };
  if (revision) annotations[REVISION_ANNOTATION] = String(revision);
  const spec =
    integration.kind === 'Resource'
      ? { type: 'maskinporten-client', owner: integration.owner }
      : { type: 'service', lifecycle: 'production', owner: integration.owner };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: integration.kind,
    metadata: {
      name: integration.name,
      namespace: 'default',
      title: revision ? `${integration.title} (revision ${revision})` : integration.title,
      description: `${integration.title}: reads ${integration.scopes.join(', ')} through Maskinporten (${integration.environment}).`,
      annotations,
    },
    spec,
  };
}

function cardEntity(catalog) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: CARD_ENTITY.name,
      namespace: 'default',
      title: 'Scale bench card',
      annotations: {
        'backstage.io/managed-by-location': LOCATION,
        'backstage.io/managed-by-origin-location': LOCATION,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-000',
      dependsOn: catalog.related.map(r => r.entityRef),
    },
  };
}

/** Which integrations revision `r` of the "1 % changed" step changes: every 100th, offset by r. */
function changedIn(catalog, revision) {
  return catalog.integrations.filter(x => x.i % 100 === (revision * 37) % 100);
}

/**
 * Keys (all live: the newest active, or pending for 10 %, the older ones retiring, so the
 * expiry scan judges every one) spread evenly over the integrations, and token tests for
 * about a third of them. Sizes of JWK and ciphertext as real ones.
 */
function generateKeysAndTests(catalog, keyTotal, now) {
  const rand = rng(4242);
  const modulus = crypto.randomBytes(512).toString('base64url');
  const ciphertext = `mpk1.v1.${crypto.randomBytes(1700).toString('base64url')}`;
  const n = catalog.integrations.length;
  const keys = [];
  const tests = [];
  catalog.integrations.forEach((x, index) => {
    const keyCount = Math.floor(keyTotal / n) + (index < keyTotal % n ? 1 : 0);
    const entityRef = x.entityRef.toLowerCase();
    // Newest key created up to 400 days ago with a 365-day lifetime (a few percent expired, some
    // within the warning window); each older one 30-90 days before the next.
    let createdAt = now - Math.floor(rand() * 400 * DAY);
    let newestKid;
    for (let k = 0; k < keyCount; k++) {
      const kid = `scale-${x.environment}-${x.name}-${k}-${crypto.randomBytes(4).toString('hex')}`;
      newestKid ??= kid;
      const state = k === 0 ? (rand() < 0.1 ? 'pending' : 'active') : 'retiring';
      keys.push({
        id: crypto.randomUUID(),
        kid,
        entity_ref: entityRef,
        environment: x.environment,
        client_id: x.clientId,
        algorithm: 'RS256',
        modulus_length: 4096,
        public_jwk: JSON.stringify({ kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: modulus }),
        private_key_ciphertext: ciphertext,
        encryption_secret_id: 'scale-bench',
        state,
        created_by: `user:default/user-${Math.floor(rand() * USERS)}`,
        created_at: new Date(createdAt),
        registered_at: state === 'pending' ? null : new Date(createdAt),
        expires_at: new Date(createdAt + 365 * DAY),
      });
      createdAt -= (30 + Math.floor(rand() * 60)) * DAY;
    }
    if (keyCount > 0 && rand() < 0.35) {
      for (let t = 0, tc = 1 + Math.floor(rand() * 3); t < tc; t++) {
        const ok = rand() < 0.7;
        tests.push({
          id: crypto.randomUUID(),
          entity_ref: entityRef,
          environment: x.environment,
          client_id: x.clientId,
          kid: newestKid,
          requested_by: `user:default/user-${Math.floor(rand() * USERS)}`,
          requested_at: new Date(now - Math.floor(rand() * 90 * DAY)),
          outcome: ok ? 'success' : 'rejected',
          message: ok ? 'Maskinporten issued a token' : 'Maskinporten refused the grant',
          http_status: ok ? 200 : 400,
          error_code: ok ? null : 'MP-100',
          error: ok ? null : 'invalid_grant',
          error_description: ok ? null : 'Invalid assertion. Client authentication failed. (MP-100)',
          granted_scopes: ok ? x.scopes.join(' ') : null,
          expires_in: ok ? 120 : null,
          duration_ms: 40 + Math.floor(rand() * 200),
        });
      }
    }
  });
  return { keys, tests };
}

// ---------------------------------------------------------------------------------------------
// The child process

async function main() {
  const options = JSON.parse(process.env.SCALE_BENCH_OPTIONS);
  const fromBackend = id => require(require.resolve(id, { paths: [BACKEND_DIR, PLUGIN_DIR] }));
  fromBackend('@backstage/cli/config/nodeTransform.cjs');

  const diagnostics = require('node:diagnostics_channel');
  const { createBackend } = fromBackend('@backstage/backend-defaults');
  const { DefaultSchedulerService } = fromBackend('@backstage/backend-defaults/scheduler');
  const api = fromBackend('@backstage/backend-plugin-api');
  const { metricsServiceRef } = fromBackend('@backstage/backend-plugin-api/alpha');
  const { ConfigReader } = fromBackend('@backstage/config');
  const { catalogProcessingExtensionPoint, catalogServiceRef } = fromBackend('@backstage/plugin-catalog-node');
  const { policyExtensionPoint } = fromBackend('@backstage/plugin-permission-node/alpha');
  const { AuthorizeResult } = fromBackend('@backstage/plugin-permission-common');
  const { maskinportenPlugin } = require(path.join(PLUGIN_DIR, 'src', 'plugin.ts'));
  const { MASKINPORTEN_ENTITY_FILTER, SYNC_FIELDS } = require(
    path.join(PLUGIN_DIR, 'src', 'listing', 'IntegrationIndexer.ts'),
  );
  const { storesOn } = require(path.join(PLUGIN_DIR, 'src', 'database', 'index.ts'));
  const { coreServices, createBackendModule, createServiceFactory } = api;

  const catalog = generateCatalog(options.integrations);
  const state = { follow: true, syncRuns: {}, connection: undefined, mp: undefined, startedAt: Date.now() };
  // The plugin follows the catalog for 3 minutes from its own start, a moment after ours.
  const followWindowEnd = () => state.startedAt + 3 * 60_000;

  // Catalog by-query traffic, to tell when no sync is running and to catch one that overlaps.
  const byQuery = { started: 0, inFlight: 0, lastEnd: performance.now() };
  const isByQuery = req => typeof req.url === 'string' && req.url.startsWith('/api/catalog/entities/by-query');
  diagnostics.subscribe('http.server.request.start', ({ request }) => {
    if (!isByQuery(request)) return;
    byQuery.started += 1;
    byQuery.inFlight += 1;
    request.__scaleBenchByQuery = true;
  });
  diagnostics.subscribe('http.server.response.finish', ({ request }) => {
    if (!request.__scaleBenchByQuery) return;
    request.__scaleBenchByQuery = false;
    byQuery.inFlight -= 1;
    byQuery.lastEnd = performance.now();
  });

  const config = {
    app: { baseUrl: 'http://127.0.0.1:1' },
    backend: {
      baseUrl: `http://127.0.0.1:${options.port}`,
      listen: { host: '127.0.0.1', port: options.port },
      database: options.database,
    },
    auth: {
      providers: {
        guest: { dangerouslyAllowOutsideDevelopment: true, userEntityRef: 'user:default/scale-bench' },
      },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['Component', 'Resource', 'Group', 'User', 'System', 'API', 'Location'] }],
      // No re-processing of all 10,000 entities every 100-150 s during the measurements: it
      // would be background CPU in every figure. Changes made through the provider are
      // processed at once regardless.
      processingInterval: { hours: 1 },
    },
    maskinporten: {
      environments: Object.fromEntries(
        ENVIRONMENTS.map(env => [
          env,
          { issuer: `https://${env}.maskinporten.example/`, tokenEndpoint: `https://${env}.maskinporten.example/token` },
        ]),
      ),
      keyEncryption: { secret: crypto.randomBytes(48).toString('base64') },
      // The index sync keeps its default schedule (gated, see the scheduler below). The hourly
      // expiry scan and the rotation job move out of the run: yearly by cron. Not with an
      // initialDelay: a global task's worker ignores triggers until its initial delay has passed.
      lifecycle: {
        expiryScan: {
          delivery: 'log',
          schedule: { frequency: { cron: '0 3 1 1 *' }, timeout: { minutes: 15 } },
        },
        rotation: {
          schedule: { frequency: { cron: '0 4 1 1 *' }, timeout: { minutes: 10 } },
        },
      },
    },
  };

  const rootConfig = createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => ConfigReader.fromConfigs([{ context: 'scale-bench', data: config }]),
  });

  // The default scheduler; for the maskinporten plugin, the index sync tasks (the periodic one
  // and the start-up follow) run only while `state.follow` is on: during ingestion, as in any
  // start, and not during the measurements, where every sync is one the parent triggers.
  const scheduler = createServiceFactory({
    service: coreServices.scheduler,
    deps: {
      database: coreServices.database,
      logger: coreServices.logger,
      rootLifecycle: coreServices.rootLifecycle,
      httpRouter: coreServices.httpRouter,
      pluginMetadata: coreServices.pluginMetadata,
      metrics: metricsServiceRef,
    },
    async factory(deps) {
      const inner = DefaultSchedulerService.create(deps);
      if (deps.pluginMetadata.getId() !== 'maskinporten') return inner;
      const gated = ['maskinporten-integration-index', 'maskinporten-integration-index-startup'];
      return Object.assign(Object.create(inner), {
        scheduleTask: task =>
          inner.scheduleTask(
            gated.includes(task.id)
              ? {
                  ...task,
                  fn: async (...args) => {
                    if (!state.follow) return;
                    // The follow task keeps firing after its window and then does nothing.
                    if (task.id !== 'maskinporten-integration-index-startup' || Date.now() < followWindowEnd()) {
                      state.syncRuns[task.id] = (state.syncRuns[task.id] ?? 0) + 1;
                    }
                    await task.fn(...args);
                  },
                }
              : task,
          ),
      });
    },
  });

  const provider = {
    getProviderName: () => 'scale-bench',
    connect: async connection => {
      state.connection = connection;
    },
  };
  const providerModule = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'scale-bench-provider',
    register(reg) {
      reg.registerInit({
        deps: { processing: catalogProcessingExtensionPoint },
        async init({ processing }) {
          processing.addEntityProvider(provider);
        },
      });
    },
  });

  const allowAllPolicy = createBackendModule({
    pluginId: 'permission',
    moduleId: 'scale-bench-allow-all',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({ handle: async () => ({ result: AuthorizeResult.ALLOW }) });
        },
      });
    },
  });

  const probeModule = createBackendModule({
    pluginId: 'maskinporten',
    moduleId: 'scale-bench-probe',
    register(reg) {
      reg.registerInit({
        deps: { database: coreServices.database, catalog: catalogServiceRef, auth: coreServices.auth },
        async init(deps) {
          state.mp = deps;
        },
      });
    },
  });

  const backend = createBackend();
  backend.add(rootConfig);
  backend.add(scheduler);
  backend.add(fromBackend('@backstage/plugin-auth-backend'));
  backend.add(fromBackend('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(fromBackend('@backstage/plugin-permission-backend'));
  backend.add(allowAllPolicy);
  backend.add(fromBackend('@backstage/plugin-catalog-backend'));
  backend.add(providerModule);
  backend.add(maskinportenPlugin);
  backend.add(probeModule);
  const t0 = performance.now();
  state.startedAt = Date.now();
  await backend.start();
  const startupMs = performance.now() - t0;

  const db = () => state.mp.database.getClient();
  const commands = {
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
        followRuns: state.syncRuns['maskinporten-integration-index-startup'] ?? 0,
        periodicRuns: state.syncRuns['maskinporten-integration-index'] ?? 0,
        followWindowEnd: followWindowEnd(),
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
      const scan = await storesOn(await db()).expiry.lastScan();
      return scan && { ...scan, startedAt: scan.startedAt.toISOString(), finishedAt: scan.finishedAt.toISOString() };
    },
    /** The catalog walk a sync needs: the same filter and fields, through the plugin's client. */
    walk: async () => {
      const { catalog: client, auth } = state.mp;
      const credentials = await auth.getOwnServiceCredentials();
      let entities = 0;
      let pages = 0;
      for await (const page of client.streamEntities(
        { filter: MASKINPORTEN_ENTITY_FILTER, fields: SYNC_FIELDS },
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

  process.on('message', async ({ id, cmd, args }) => {
    try {
      if (!commands[cmd]) throw new Error(`unknown command ${cmd}`);
      process.send({ id, ok: true, result: await commands[cmd](args ?? {}) });
    } catch (error) {
      process.send({ id, ok: false, error: error.stack || String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, startupMs });
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`scale-backend failed: ${error.stack || error}\n`);
    if (process.send) process.send({ ready: false, error: error.stack || String(error) });
    process.exit(1);
  });
}

module.exports = { generateCatalog, generateKeysAndTests, changedIn, REVISION_ANNOTATION, CARD_RELATED };

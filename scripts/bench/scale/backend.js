'use strict';

/**
 * The backend the scale benchmark (scale.bench.js) runs against, in a child process of its own
 * so that its CPU time (process.cpuUsage) belongs to the backend alone. Started by
 * scale/startBackend.js, never run by hand.
 *
 * A real Backstage backend from `createBackend()` (@backstage/backend-defaults) with the real
 * catalog backend, the permission backend (allow-all policy), the auth backend with the guest
 * provider, and the Maskinporten backend plugin loaded from its TypeScript sources through
 * Backstage's node transform. The configuration is built in code (the port the parent picked;
 * SQLite in memory or fresh PostgreSQL databases under a random prefix).
 *
 * The bench-only pieces are in scale/backendModules.js (gated scheduler, entity provider,
 * allow-all policy, probe module) and the data in scale/catalogData.js. The parent talks to it
 * over IPC: { id, cmd, args } in, { id, ok, result | error } out; the commands are in
 * scale/backendCommands.js.
 */

const crypto = require('node:crypto');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { generateCatalog } = require('./catalogData');
const { benchModules } = require('./backendModules');
const { createCommands } = require('./backendCommands');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const PLUGIN_DIR = path.join(REPO_ROOT, 'plugins', 'maskinporten-backend');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages', 'backend');
const ENVIRONMENTS = ['test', 'prod'];

/** The app-config, in code: nothing is read from the repository's app-config files. */
function benchConfig(options) {
  return {
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
      // The index sync keeps its default schedule (gated, see scale/backendModules.js). The hourly
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
}

/**
 * Counts the catalog's by-query requests as the HTTP server sees them, so the parent can tell
 * when no sync is running (`quiet`) and catch one that overlaps a measurement.
 */
function trackCatalogByQuery() {
  const diagnostics = require('node:diagnostics_channel');
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
  return byQuery;
}

async function main() {
  const options = JSON.parse(process.env.SCALE_BENCH_OPTIONS);
  const fromBackend = id => require(require.resolve(id, { paths: [BACKEND_DIR, PLUGIN_DIR] }));
  fromBackend('@backstage/cli/config/nodeTransform.cjs');

  const { createBackend } = fromBackend('@backstage/backend-defaults');
  const { coreServices, createServiceFactory } = fromBackend('@backstage/backend-plugin-api');
  const { ConfigReader } = fromBackend('@backstage/config');
  const { maskinportenPlugin } = require(path.join(PLUGIN_DIR, 'src', 'plugin.ts'));
  const { MASKINPORTEN_ENTITY_FILTER, SYNC_FIELDS } = require(
    path.join(PLUGIN_DIR, 'src', 'listing', 'IntegrationIndexer.ts'),
  );
  const { storesOn } = require(path.join(PLUGIN_DIR, 'src', 'database', 'index.ts'));

  const catalog = generateCatalog(options.integrations);
  const state = { follow: true, syncRuns: {}, connection: undefined, mp: undefined, startedAt: Date.now() };
  const byQuery = trackCatalogByQuery();

  const config = benchConfig(options);
  const rootConfig = createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => ConfigReader.fromConfigs([{ context: 'scale-bench', data: config }]),
  });
  const { gatedScheduler, catalogProvider, allowAllPolicy, probe } = benchModules(fromBackend, state);

  const backend = createBackend();
  backend.add(rootConfig);
  backend.add(gatedScheduler);
  backend.add(fromBackend('@backstage/plugin-auth-backend'));
  backend.add(fromBackend('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(fromBackend('@backstage/plugin-permission-backend'));
  backend.add(allowAllPolicy);
  backend.add(fromBackend('@backstage/plugin-catalog-backend'));
  backend.add(catalogProvider);
  backend.add(maskinportenPlugin);
  backend.add(probe);
  const t0 = performance.now();
  state.startedAt = Date.now();
  await backend.start();
  const startupMs = performance.now() - t0;

  const commands = createCommands({
    state,
    byQuery,
    catalog,
    backend,
    plugin: { storesOn, MASKINPORTEN_ENTITY_FILTER, SYNC_FIELDS },
  });
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

main().catch(error => {
  process.stderr.write(`scale-backend failed: ${error.stack || error}\n`);
  if (process.send) process.send({ ready: false, error: error.stack || String(error) });
  process.exit(1);
});

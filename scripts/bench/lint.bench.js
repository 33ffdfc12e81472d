'use strict';

/**
 * `POST /v1/gravitee/lint` with hostile bodies at the body limit (1 MB), over real HTTP.
 *
 * The security probe found a trailing-slash regex in lint that took quadratic time: an 80 KB
 * body blocked the event loop for about 20 s and /health stopped answering. This benchmark
 * sends 1 MB bodies built to hit every string pass lint makes (a run of slashes in an endpoint
 * URL and an audience, long runs in the cache key and the PEM field) to the plugin's real
 * lint route, mounted on an Express server with the plugin's own router pieces, while a
 * second client polls /health every 10 ms.
 *
 * Rows:
 * - lint-1mb-slashes-ms etc.: time to answer each body. Target: under 1 s (the baseline
 *   column holds the 1 s budget, so ratio <= 1).
 * - lint-health-max-ms: the slowest /health answer while the lint requests ran. Baseline: the
 *   slowest /health answer on an idle server measured just before, in the same run, so the
 *   ratio says how much lint slowed it. Informational, with the absolute value beside it.
 */

const http = require('node:http');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const BUDGET_MS = 1000;
const MB = 1024 * 1024;

function loadBackend(repoRoot) {
  const pluginDir = path.join(repoRoot, 'plugins', 'maskinporten-backend');
  const fromPlugin = id => require(require.resolve(id, { paths: [pluginDir] }));
  fromPlugin('@backstage/cli/config/nodeTransform.cjs');
  return {
    express: fromPlugin('express'),
    Router: fromPlugin('express-promise-router'),
    ...require(path.join(pluginDir, 'src', 'gravitee', 'routes.ts')),
    ...require(path.join(pluginDir, 'src', 'gravitee', 'GraviteeService.ts')),
    ...require(path.join(pluginDir, 'src', 'config', 'readMaskinportenConfig.ts')),
    ...require(path.join(pluginDir, 'src', 'service', 'errorMapping.ts')),
    ConfigReader: fromPlugin('@backstage/config').ConfigReader,
  };
}

/** JSON bodies of about 1 MB, each stressing one kind of string pass. */
function hostileBodies() {
  const pad = n => '/'.repeat(n);
  const fill = (prefix, suffix) => prefix + pad(MB - prefix.length - suffix.length - 200) + suffix;
  return {
    slashes: JSON.stringify({
      gravitee: '2.0.0',
      proxy: { groups: [{ endpoints: [{ name: 'x', target: fill('https://maskinporten.no', 'x') }] }] },
    }),
    'audience-slashes': JSON.stringify({
      gravitee: '2.0.0',
      flows: [
        {
          pre: [
            {
              policy: 'policy-generate-jwt',
              configuration: { audiences: [fill('https://maskinporten.no', '!')], kid: 'k' },
            },
          ],
        },
      ],
    }),
    'pem-header': JSON.stringify({
      gravitee: '2.0.0',
      flows: [
        {
          pre: [
            {
              policy: 'policy-generate-jwt',
              configuration: { content: `-----BEGIN ${'X'.repeat(MB - 400)}`, kid: 'k' },
            },
          ],
        },
      ],
    }),
  };
}

function post(port, body) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port, path: '/v1/gravitee/lint', method: 'POST', headers: { 'content-type': 'application/json' } },
      res => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - start }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function get(port, pathName) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    http
      .get({ host: '127.0.0.1', port, path: pathName }, res => {
        res.resume();
        res.on('end', () => resolve(performance.now() - start));
      })
      .on('error', reject);
  });
}

/** Polls /health every 10 ms until `done` resolves; answers the slowest answer. */
async function healthWhile(port, done) {
  let slowest = 0;
  let finished = false;
  done.then(() => {
    finished = true;
  });
  while (!finished) {
    slowest = Math.max(slowest, await get(port, '/health'));
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  return slowest;
}

async function run(ctx) {
  const { lib, log, repoRoot } = ctx;
  const backend = loadBackend(repoRoot);
  const config = backend.readMaskinportenConfig(
    new backend.ConfigReader({
      maskinporten: {
        environments: { test: { issuer: 'https://test.maskinporten.no/', tokenEndpoint: 'https://test.maskinporten.no/token' } },
      },
    }),
  );
  const user = { principal: { type: 'user', userEntityRef: 'user:default/bench' } };
  const gravitee = new backend.GraviteeService({
    config,
    // Lint reads no entity and, with no stored kids, no key: these stand-ins are never asked.
    access: { filterAllowed: async () => new Set(), environments: ['test'] },
    claims: { assertHeld: async () => {} },
    keys: { get: async () => undefined },
    custody: { currentKeyId: 'x', seal: async () => '', open: async () => '' },
    thresholds: { warningDays: 30, criticalDays: 7 },
    logger: { info() {}, warn() {}, error() {}, debug() {}, child() { return this; } },
  });
  const router = backend.Router();
  router.use('/v1/gravitee', backend.express.json({ limit: '1mb' }));
  router.get('/health', (_req, res) => res.json({ status: 'ok' }));
  backend.registerGraviteeRoutes(router, {
    access: { credentials: async () => user },
    auditor: { createEvent: async () => ({ success: async () => {}, fail: async () => {} }) },
    gravitee,
  });
  router.use(backend.mapErrors({ warn() {}, error() {} }));
  const app = backend.express();
  app.use(router);
  const server = http.createServer(app);
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  try {
    // Idle baseline: /health with nothing else going on.
    let idle = 0;
    for (let i = 0; i < 50; i++) idle = Math.max(idle, await get(port, '/health'));

    const results = [];
    const answers = {};
    const lintAll = (async () => {
      for (const [name, body] of Object.entries(hostileBodies())) {
        const answer = await post(port, body);
        if (answer.status !== 200 && answer.status !== 400) {
          throw new Error(`lint of ${name} answered ${answer.status}`);
        }
        answers[name] = answer;
        log(`${name}: ${(body.length / MB).toFixed(2)} MB answered ${answer.status} in ${answer.ms.toFixed(1)} ms`);
      }
    })();
    const health = await healthWhile(port, lintAll);
    await lintAll;
    for (const [name, answer] of Object.entries(answers)) {
      results.push(
        lib.result({
          name: `lint-1mb-${name}-ms`,
          value: answer.ms,
          unit: 'ms',
          baseline: BUDGET_MS,
          target: { op: '<=', value: 1 },
          notes: `1 MB body over HTTP to the real lint route (status ${answer.status}); budget 1 s.`,
        }),
      );
    }
    results.push(
      lib.result({
        name: 'lint-health-max-ms',
        value: health,
        unit: 'ms',
        baseline: idle,
        notes: `Slowest /health answer while the 1 MB lint requests ran (baseline: slowest of 50 on the idle server, ${idle.toFixed(1)} ms).`,
      }),
    );
    return results;
  } finally {
    server.close();
  }
}

module.exports = { run };

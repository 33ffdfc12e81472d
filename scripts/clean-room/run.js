#!/usr/bin/env node
/*
 * The clean-room install test: a new user's path, from nothing to a working card.
 *
 *   1. tools: Yarn through corepack (corepack from the npm registry, Yarn fetched by corepack
 *      from the npm registry), cached;
 *   2. pack: this repository's packages as npm would publish them (scripts/release/pack.js);
 *   3. create-app: a new app with @backstage/create-app at CREATE_APP_VERSION, on the
 *      release it writes, with nothing upgraded;
 *   4. the guide: docs/install.md's marked steps, in order (scripts/clean-room/guide.js),
 *      including a baseline start of the app's backend as create-app made it;
 *   5. checks: the guide's `yarn tsc` and `yarn build:all`; one copy of React and of the
 *      plugin APIs; the backend starts with every plugin; the card's route answers; the
 *      guide's curl steps end in a successful token test against the simulator; in Chromium
 *      (when installed) the card and the page render.
 *
 *   node scripts/clean-room/run.js [--pm yarn|npm] [--tarballs DIR] [--work DIR] [--no-browser]
 *
 * Caches (Yarn's package cache, corepack, corepack's Yarn) live in
 * $MASKINPORTEN_CACHE_DIR/clean-room, by default ~/.cache/maskinporten-backstage/clean-room,
 * where .ci/env.sh keeps Node 22. The app is made in --work (default: the system's temporary
 * directory), outside this repository, so nothing resolves from this repository's
 * node_modules; it is kept after the run for inspection, with every command's log in logs/.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { parseGuide, appliesTo, applyFileStep } = require('./guide');

/** The newest @backstage/create-app on the registry when this was last checked (2026-12-06). */
const CREATE_APP_VERSION = '0.9.2';
/** The corepack that provides `yarn`; create-app's template pins Yarn itself (packageManager). */
const COREPACK_VERSION = '0.34.6';
const BACKEND_URL = 'http://localhost:7007';
const ENTITY = 'component/default/example-website';
const ROOT = path.resolve(__dirname, '../..');

function parseArgs(argv) {
  const args = {
    pm: process.env.CLEAN_ROOM_PM ?? 'yarn',
    tarballs: undefined,
    work: path.join(os.tmpdir(), 'maskinporten-clean-room'),
    browser: true,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pm') args.pm = argv[++i];
    else if (argv[i] === '--tarballs') args.tarballs = path.resolve(argv[++i]);
    else if (argv[i] === '--work') args.work = path.resolve(argv[++i]);
    else if (argv[i] === '--no-browser') args.browser = false;
    else throw new Error(`Unknown argument ${argv[i]}`);
  }
  if (!['yarn', 'npm'].includes(args.pm)) throw new Error(`--pm must be yarn or npm, not ${args.pm}`);
  return args;
}

const timings = [];
let logCount = 0;

async function phase(name, fn) {
  const started = Date.now();
  console.log(`== ${name}`);
  try {
    return await fn();
  } finally {
    const seconds = (Date.now() - started) / 1000;
    timings.push([name, seconds]);
    console.log(`   ${name}: ${seconds.toFixed(0)} s`);
  }
}

/** Runs a command to completion, output to a log file; throws with the log's tail on failure. */
function run(ctx, label, command, args, options = {}) {
  const log = path.join(ctx.logs, `${String(++logCount).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '_')}.log`);
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ctx.app,
    env: { ...ctx.env, ...(options.env ?? {}) },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 20 * 60_000,
    input: options.input,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  fs.writeFileSync(log, `$ ${command} ${args.join(' ')}\n${output}`);
  if (result.status !== 0) {
    const tail = output.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${label} failed (exit ${result.status ?? result.signal}); log: ${log}\n${tail}`);
  }
  return output;
}

async function setUpTools(ctx) {
  const tools = path.join(ctx.cache, 'tools');
  const bin = path.join(ctx.cache, 'bin');
  const corepack = path.join(tools, 'node_modules', 'corepack', 'dist', 'corepack.js');
  if (!fs.existsSync(corepack)) {
    fs.mkdirSync(tools, { recursive: true });
    run(ctx, 'install-corepack', 'npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', tools, `corepack@${COREPACK_VERSION}`], { cwd: tools });
  }
  fs.mkdirSync(bin, { recursive: true });
  run(ctx, 'corepack-enable', process.execPath, [corepack, 'enable', '--install-directory', bin, 'yarn'], { cwd: tools });
  ctx.env.PATH = `${bin}${path.delimiter}${ctx.env.PATH}`;
  // `yarn -v` outside a project: corepack's own known-good Yarn, fetched from the npm registry.
  const version = run(ctx, 'yarn-version', 'yarn', ['-v'], { cwd: ctx.work }).trim().split('\n').pop();
  console.log(`   yarn on PATH (corepack ${COREPACK_VERSION}): ${version}`);
}

async function pack(ctx, args) {
  if (args.tarballs) {
    ctx.tarballs = args.tarballs;
  } else {
    ctx.tarballs = path.join(ctx.work, 'tarballs');
    run(ctx, 'pack', process.execPath, [path.join(ROOT, 'scripts/release/pack.js'), '--out', ctx.tarballs], { cwd: ROOT, env: ctx.repoEnv });
  }
  const list = JSON.parse(fs.readFileSync(path.join(ctx.tarballs, 'tarballs.json'), 'utf8'));
  for (const t of list) console.log(`   ${t.file} (${(t.size / 1024).toFixed(0)} kB)`);
}

async function createApp(ctx, args) {
  const flags = ['--yes', `@backstage/create-app@${CREATE_APP_VERSION}`, '--path', ctx.app];
  // With Yarn, exactly what a user runs: create-app installs (yarn install) and type-checks.
  if (args.pm === 'npm') flags.push('--skip-install');
  run(ctx, 'create-app', 'npx', flags, { cwd: ctx.work, env: { BACKSTAGE_APP_NAME: 'portal' } });
  ctx.release = JSON.parse(fs.readFileSync(path.join(ctx.app, 'backstage.json'), 'utf8')).version;
  console.log(`   @backstage/create-app ${CREATE_APP_VERSION} wrote Backstage release ${ctx.release}`);
  checkNewerCreateApp(ctx);
}

function checkNewerCreateApp(ctx) {
  const result = spawnSync('npm', ['view', '@backstage/create-app', 'version'], { env: ctx.env, encoding: 'utf8', timeout: 30_000 });
  const latest = result.stdout?.trim();
  if (latest && latest !== CREATE_APP_VERSION) {
    console.log(`   NOTE: @backstage/create-app ${latest} is on the registry; this test uses ${CREATE_APP_VERSION} (CREATE_APP_VERSION in ${path.relative(ROOT, __filename)})`);
  }
}

function backendCommand(pm) {
  return pm === 'yarn' ? ['yarn', ['workspace', 'backend', 'start']] : ['npm', ['run', 'start', '-w', 'backend']];
}

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the app's backend the way a developer does and waits until every plugin has started
 * or one has failed. Returns { ok, failure, stop }.
 */
async function startBackend(ctx, label, timeoutMs = 240_000) {
  if (await portInUse(7007)) throw new Error('Port 7007 is in use: stop whatever listens there first');
  const [command, args] = backendCommand(ctx.pm);
  const log = path.join(ctx.logs, `${String(++logCount).padStart(2, '0')}-${label}.log`);
  const out = fs.openSync(log, 'w');
  const child = spawn(command, args, { cwd: ctx.app, env: ctx.env, detached: true, stdio: ['ignore', out, out] });
  ctx.children.add(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const exited = await Promise.race([
      new Promise(resolve => child.once('exit', () => resolve(true))),
      new Promise(resolve => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    ctx.children.delete(child);
  };
  const started = Date.now();
  for (;;) {
    const text = fs.readFileSync(log, 'utf8');
    // "Backend startup failed due to the following errors:" and, on the next line, each
    // "Plugin 'x' startup failed; caused by …".
    const failure = /Plugin '[^']+' startup failed[^\n]*/.exec(text) ?? (/Backend startup failed/.test(text) ? ['Backend startup failed'] : null);
    if (failure) return { ok: false, failure: failure[0].replace(/\u001b\[[0-9;]*m/g, ''), log, stop, seconds: (Date.now() - started) / 1000 };
    if (/Plugin initialization complete/.test(text)) return { ok: true, log, stop, seconds: (Date.now() - started) / 1000 };
    if (child.exitCode !== null) return { ok: false, failure: `the backend exited (${child.exitCode}); log: ${log}`, log, stop, seconds: 0 };
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${label}: the backend did not finish starting in ${timeoutMs / 1000} s; log: ${log}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

async function baseline(ctx) {
  const result = await startBackend(ctx, 'baseline-backend');
  await result.stop();
  ctx.baseline = result;
  console.log(result.ok
    ? `   create-app's backend starts as created (${result.seconds.toFixed(0)} s)`
    : `   create-app's backend, as created, does not start: ${result.failure}`);
}

/** Runs the guide step by step, pausing at the baseline marker to start the backend as created. */
async function followGuideWithBaseline(ctx) {
  const steps = parseGuide(path.join(ROOT, 'docs/install.md')).filter(s => appliesTo(s, ctx.pm));
  const at = steps.findIndex(s => s.action === 'baseline');
  const before = at >= 0 ? steps.slice(0, at) : [];
  const after = at >= 0 ? steps.slice(at + 1) : steps;
  runSteps(ctx, before);
  if (at >= 0) await baseline(ctx);
  runSteps(ctx, after);
  const fixedBy = after.filter(s => s.args.includes('if-baseline-failed') && ctx.ranConditional?.has(s));
  if (ctx.baseline && !ctx.baseline.ok && fixedBy.length === 0) {
    throw new Error(`create-app's own app does not start, and docs/install.md has no fix for it: ${ctx.baseline.failure}`);
  }
}

function runSteps(ctx, steps) {
  ctx.ranConditional ??= new Set();
  for (const step of steps) {
    const where = `docs/install.md:${step.line}`;
    if (step.action === 'check') {
      ctx.checks.push(step);
    } else if (step.action === 'run') {
      const condition = step.args.indexOf('if-baseline-failed');
      if (condition >= 0) {
        const text = step.args[condition + 1];
        const failedWith = ctx.baseline && !ctx.baseline.ok && fs.readFileSync(ctx.baseline.log, 'utf8').includes(text);
        if (!failedWith) {
          console.log(`   ${where}: skipped (the baseline did not fail with "${text}")`);
          continue;
        }
        ctx.ranConditional.add(step);
      }
      const started = Date.now();
      run(ctx, `guide-line-${step.line}`, 'bash', ['-euo', 'pipefail', '-c', step.body]);
      console.log(`   ${where}: ran ${step.body.split('\n').find(l => l && !l.startsWith('#'))?.slice(0, 70)}… (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    } else {
      applyFileStep(step, ctx.app);
      console.log(`   ${where}: ${step.action} ${step.args[0]}`);
    }
  }
}

/** One copy of React and the plugin APIs: our packages resolve the app's own. */
function checkSingleCopies(ctx) {
  const resolveDir = (name, from) => {
    let dir = from;
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name, 'package.json');
      if (fs.existsSync(candidate)) return fs.realpathSync(path.dirname(candidate));
      if (dir === ctx.app || dir === path.dirname(dir)) return undefined;
      dir = path.dirname(dir);
    }
  };
  const ours = name => fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [path.join(ctx.app, 'packages', name.endsWith('plugin-maskinporten') ? 'app' : 'backend')] })));
  const expectations = [
    ['@backstage/frontend-plugin-api', 'packages/app', ['@maskinporten-backstage/plugin-maskinporten']],
    ['react', 'packages/app', ['@maskinporten-backstage/plugin-maskinporten']],
    ['@backstage/backend-plugin-api', 'packages/backend', [
      '@maskinporten-backstage/plugin-maskinporten-backend',
      '@maskinporten-backstage/plugin-maskinporten-node',
      '@maskinporten-backstage/plugin-scaffolder-backend-module-maskinporten',
      '@maskinporten-backstage/maskinporten-simulator',
    ]],
  ];
  for (const [peer, host, packages] of expectations) {
    const hostCopy = resolveDir(peer, path.join(ctx.app, host));
    for (const pkg of packages) {
      const copy = resolveDir(peer, ours(pkg));
      if (copy !== hostCopy) throw new Error(`${pkg} resolves ${peer} at ${copy}, not the ${host} copy at ${hostCopy}`);
    }
    const version = JSON.parse(fs.readFileSync(path.join(hostCopy, 'package.json'), 'utf8')).version;
    console.log(`   ${peer} ${version}: one copy, ${host}'s, for ${packages.length} package(s)`);
  }
}

async function fetchJson(url, options = {}) {
  const response = await fetch(url, options);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

async function until(what, timeoutMs, fn) {
  const started = Date.now();
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs / 1000} s${last ? `: ${last.message}` : ''}`);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function checkRunningPortal(ctx, args) {
  const backend = await startBackend(ctx, 'backend');
  try {
    if (!backend.ok) throw new Error(`The app's backend does not start: ${backend.failure}; log: ${backend.log}`);
    console.log(`   backend: every plugin started (${backend.seconds.toFixed(0)} s)`);
    const token = await until('a guest token', 60_000, async () => {
      const { status, body } = await fetchJson(`${BACKEND_URL}/api/auth/guest/refresh`);
      return status === 200 && body.backstageIdentity?.token;
    });
    const auth = { Authorization: `Bearer ${token}` };
    await until('the catalog to have example-website', 180_000, async () =>
      (await fetchJson(`${BACKEND_URL}/api/catalog/entities/by-name/${ENTITY}`, { headers: auth })).status === 200);
    const card = await until("the card's route to answer", 60_000, async () => {
      const { status, body } = await fetchJson(`${BACKEND_URL}/api/maskinporten/v1/entities/${ENTITY}/integrations`, { headers: auth });
      if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`);
      return body;
    });
    const integration = card.items?.[0];
    if (integration?.clientId !== 'my-client' || integration.environment !== 'local') {
      throw new Error(`The card's route answered without the integration: ${JSON.stringify(card).slice(0, 500)}`);
    }
    console.log(`   card route: ${integration.entityRef}, ${integration.environment}, client ${integration.clientId}, owner ${integration.owner}`);
    for (const step of ctx.checks) {
      const output = run(ctx, `check-line-${step.line}`, 'bash', ['-euo', 'pipefail', '-c', step.body]);
      const expected = step.args[0];
      if (!output.includes(expected)) {
        throw new Error(`docs/install.md:${step.line}: the output has no ${expected}:\n${output.slice(-1500)}`);
      }
      console.log(`   docs/install.md:${step.line}: ${expected}`);
    }
    const tests = await fetchJson(`${BACKEND_URL}/api/maskinporten/v1/entities/${ENTITY}/integrations`, { headers: auth });
    const lastTest = tests.body.items?.[0]?.lastTokenTest ?? tests.body.items?.[0]?.lastTest;
    if (lastTest) console.log(`   last token test on the card: ${lastTest.outcome}, by ${lastTest.requestedBy}`);
    if (args.browser) await checkInBrowser(ctx);
  } finally {
    await backend.stop();
  }
}

async function checkInBrowser(ctx) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    console.log(`   browser: skipped (no Chromium at ${chromium})`);
    return;
  }
  // create-app's backend serves the built app (plugin-app-backend), so :7007 is the whole portal.
  process.env.APP_URL = BACKEND_URL;
  const { launch, signedInPage } = require('../e2e/browser');
  const browser = await launch();
  try {
    const page = await signedInPage(browser);
    const errors = [];
    page.on('pageerror', error => errors.push(String(error)));
    await page.goto(`${BACKEND_URL}/catalog/default/component/example-website`);
    await page.getByText('my-client', { exact: true }).first().waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: /test token/i }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ctx.work, 'card.png'), fullPage: true });
    await page.goto(`${BACKEND_URL}/maskinporten`);
    await page.getByRole('link', { name: 'example-website' }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(ctx.work, 'page.png'), fullPage: true });
    if (errors.length) throw new Error(`The page threw: ${errors.join('; ')}`);
    console.log(`   browser: the card (client, Test token) and the /maskinporten page render; ${path.join(ctx.work, 'card.png')}`);
  } finally {
    await browser.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const cache = path.join(process.env.MASKINPORTEN_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'maskinporten-backstage'), 'clean-room');
  fs.rmSync(args.work, { recursive: true, force: true });
  fs.mkdirSync(path.join(args.work, 'logs'), { recursive: true });
  const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim() || 'https://registry.npmjs.org/';
  const env = {
    ...process.env,
    COREPACK_HOME: path.join(cache, 'corepack'),
    COREPACK_NPM_REGISTRY: registry.replace(/\/$/, ''),
    COREPACK_DEFAULT_TO_LATEST: '0',
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    YARN_GLOBAL_FOLDER: path.join(cache, 'yarn'),
    YARN_ENABLE_TELEMETRY: '0',
    BACKSTAGE_CLI_TELEMETRY: 'disable',
  };
  // A user's shell, not CI: Yarn makes every install --immutable when CI is set.
  delete env.CI;
  const ctx = {
    pm: args.pm,
    work: args.work,
    app: path.join(args.work, 'portal'),
    logs: path.join(args.work, 'logs'),
    cache,
    env,
    repoEnv: { ...process.env },
    checks: [],
    children: new Set(),
  };
  const cleanUp = () => {
    for (const child of ctx.children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

  const started = Date.now();
  console.log(`Clean-room install with ${args.pm}; app in ${ctx.app}; cache in ${cache}`);
  await phase('tools', () => setUpTools(ctx));
  await phase('pack', () => pack(ctx, args));
  await phase(`create-app ${CREATE_APP_VERSION}${args.pm === 'yarn' ? ' (with its yarn install and yarn tsc)' : ' --skip-install'}`, () => createApp(ctx, args));
  ctx.env.T = ctx.tarballs;
  await phase('docs/install.md', () => followGuideWithBaseline(ctx));
  const release = JSON.parse(fs.readFileSync(path.join(ctx.app, 'backstage.json'), 'utf8')).version;
  if (release !== ctx.release) throw new Error(`backstage.json changed from ${ctx.release} to ${release}: the guide must not upgrade the app`);
  await phase('single copies', () => checkSingleCopies(ctx));
  await phase('running portal', () => checkRunningPortal(ctx, args));
  const total = (Date.now() - started) / 1000;
  console.log(`\nClean-room install passed on Backstage ${ctx.release} (create-app ${CREATE_APP_VERSION}, ${args.pm}) in ${Math.round(total)} s:`);
  for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(0).padStart(5)} s  ${name}`);
}

main().catch(error => {
  console.error(`\nClean-room install FAILED: ${error.stack ?? error}`);
  process.exit(1);
});

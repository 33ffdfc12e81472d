#!/usr/bin/env node
/*
 * Checks the tarballs that scripts/release/pack.js made, as a user's package manager would
 * see them, and fails (exit 1) on the first package with a problem:
 *
 * - the manifest: main, module, types, every exports and typesVersions target point into
 *   dist/ and exist in the tarball; no src/ is shipped; README.md, LICENSE and CHANGELOG.md
 *   are there; the config schema is compiled; bin files exist; no workspace:, file:, link:
 *   or * ranges; every @backstage/* range is a caret range; React and the plugin APIs are
 *   peer dependencies; backstage.role, pluginId and pluginPackages agree across the family;
 * - the code: each tarball is unpacked into node_modules/ of a scratch directory inside the
 *   repository (so third-party dependencies resolve from the repository's node_modules) and
 *   every entry point is loaded with Node: require() for CommonJS entry points, import() for
 *   the frontend's ES modules (with a resolver hook that adds the file extensions a bundler
 *   would). A plugin's default export must be the Backstage feature its manifest announces.
 *   Every @maskinporten-backstage module that loads must come from a tarball, never from the
 *   workspace's sources.
 *
 *   node scripts/release/check-tarballs.js [--dir dist-packages]
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const SCOPE = '@maskinporten-backstage';

function parseArgs(argv) {
  const args = { dir: path.join(root, 'dist-packages') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') args.dir = path.resolve(argv[++i]);
    else throw new Error(`Unknown argument ${argv[i]}`);
  }
  return args;
}

/** Every string in an exports map, with the condition path that leads to it. */
function exportTargets(exportsField, trail = []) {
  if (typeof exportsField === 'string') return [{ trail, target: exportsField }];
  return Object.entries(exportsField ?? {}).flatMap(([key, value]) => exportTargets(value, [...trail, key]));
}

function checkManifest(pkg, files, problems) {
  const has = p => files.has(p.replace(/^\.\//, ''));
  const inDist = (field, value) => {
    if (!/^(\.\/)?dist\//.test(value)) problems.push(`${field} is ${value}, not in dist/`);
    else if (!has(value)) problems.push(`${field} is ${value}, which is not in the tarball`);
  };
  for (const field of ['main', 'module', 'types']) {
    if (pkg[field] !== undefined) inDist(field, pkg[field]);
  }
  if (!pkg.main) problems.push('no main');
  if (!pkg.types) problems.push('no types');
  for (const { trail, target } of exportTargets(pkg.exports)) {
    if (target === './package.json') continue;
    if (trail[trail.length - 1] === 'backstage') continue; // feature metadata, not a file
    inDist(`exports[${trail.map(t => JSON.stringify(t)).join('][')}]`, target);
  }
  for (const [name, targets] of Object.entries(pkg.typesVersions?.['*'] ?? {})) {
    for (const target of targets) {
      if (target !== 'package.json') inDist(`typesVersions["*"].${name}`, target);
    }
  }
  for (const file of files) {
    if (file.startsWith('src/')) problems.push(`ships source file ${file}`);
  }
  for (const required of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
    if (!files.has(required)) problems.push(`has no ${required}`);
  }
  if (pkg.configSchema !== undefined && (pkg.configSchema !== 'config.schema.json' || !files.has('config.schema.json'))) {
    problems.push(`configSchema is ${pkg.configSchema}: prepack did not compile config.d.ts`);
  }
  for (const [name, file] of Object.entries(pkg.bin ?? {})) {
    if (!has(file)) problems.push(`bin ${name} is ${file}, which is not in the tarball`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (/^(workspace:|file:|link:|portal:)/.test(range) || range.trim() === '*') {
        problems.push(`${field}.${name} is ${range}, which a registry install cannot resolve`);
      }
      if (name.startsWith('@backstage/') && !range.split('||').every(part => part.trim().startsWith('^'))) {
        problems.push(`${field}.${name} is ${range}: @backstage/* ranges must be caret ranges`);
      }
      if (name.startsWith(`${SCOPE}/`) && !range.startsWith('^')) {
        problems.push(`${field}.${name} is ${range}: use a caret range`);
      }
    }
  }
  const role = pkg.backstage?.role;
  if (!role) problems.push('no backstage.role');
  const peers = pkg.peerDependencies ?? {};
  if (['frontend-plugin', 'frontend-plugin-module', 'web-library'].includes(role)) {
    for (const name of ['react', 'react-dom', '@backstage/frontend-plugin-api']) {
      if (!peers[name]) problems.push(`${name} must be a peer dependency of a ${role}`);
    }
  }
  if (pkg.dependencies?.['@backstage/backend-plugin-api'] || pkg.dependencies?.['@backstage/frontend-plugin-api'] || pkg.dependencies?.react) {
    problems.push('React and the plugin APIs must be peer dependencies, not dependencies');
  }
  if (['backend-plugin', 'backend-plugin-module', 'frontend-plugin', 'frontend-plugin-module'].includes(role) && !pkg.backstage.pluginId) {
    problems.push(`a ${role} needs backstage.pluginId`);
  }
}

/** Family check: every package with the same pluginId lists the same pluginPackages, namely itself and its siblings. */
function checkFamilies(manifests, problems) {
  const families = new Map();
  for (const pkg of manifests) {
    const id = pkg.backstage?.pluginId;
    if (!id || pkg.backstage.role.endsWith('-module')) continue;
    if (!families.has(id)) families.set(id, []);
    families.get(id).push(pkg);
  }
  for (const [id, members] of families) {
    const expected = members.map(p => p.name).sort();
    for (const pkg of members) {
      const listed = [...(pkg.backstage.pluginPackages ?? [])].sort();
      if (JSON.stringify(listed) !== JSON.stringify(expected)) {
        problems.push(`${pkg.name}: pluginPackages ${JSON.stringify(listed)} differ from the ${id} family ${JSON.stringify(expected)}`);
      }
    }
  }
}

// Synchronous module customization hooks (module.registerHooks, Node >= 22.15) that give
// import() a bundler's view: extensionless subpaths resolve, assets become their URL, and a
// CommonJS module imported by an ES module exposes every export by name (webpack and rspack
// allow `import { trimEnd } from 'lodash'`; Node's CommonJS export detection does not).
// They also refuse any module from the workspace's own sources.
const HOOKS = `
const { registerHooks, createRequire } = require('node:module');
const { fileURLToPath } = require('node:url');
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const workspaceDirs = JSON.parse(process.env.WORKSPACE_DIRS);
const ASSET = /\\.(svg|png|jpe?g|gif|webp|ico|woff2?|ttf|eot|css)$/;
const WRAP = '?cjs-named-exports';
const IDENTIFIER = /^[A-Za-z_$][\\w$]*$/;
registerHooks({
  resolve(specifier, context, next) {
    let result;
    try {
      result = next(specifier, context);
    } catch (error) {
      if (!['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT', 'MODULE_NOT_FOUND'].includes(error && error.code)) throw error;
      for (const suffix of ['.js', '/index.js']) {
        try { result = next(specifier + suffix, context); break; } catch {}
      }
      if (!result) throw error;
    }
    const file = result.url.startsWith('file:') ? fileURLToPath(result.url) : '';
    if (workspaceDirs.some(dir => file.startsWith(dir)) && !file.includes('/node_modules/')) {
      throw new Error('loaded a workspace source instead of a tarball: ' + file);
    }
    if (file && /\\.c?js$/.test(file) && context.conditions.includes('import')) {
      // Whether it is CommonJS is known only when it loads: mark it, load() decides.
      return { ...result, url: result.url + WRAP };
    }
    return result;
  },
  load(url, context, next) {
    const plain = url.endsWith(WRAP) ? url.slice(0, -WRAP.length) : url;
    if (ASSET.test(plain)) return { format: 'module', source: 'export default ' + JSON.stringify(plain) + ';', shortCircuit: true };
    if (!url.endsWith(WRAP)) return next(url, context);
    const file = fileURLToPath(plain);
    const text = readFileSync(file, 'utf8');
    try {
      new Script('(function (exports, require, module, __filename, __dirname) {' + text + '\\n})', { filename: file });
    } catch {
      // ES module syntax in a .js file without "type": "module" (e.g. *.esm.js): an ES module.
      return { format: 'module', source: text, shortCircuit: true };
    }
    const names = Object.keys(createRequire(file)(file)).filter(n => IDENTIFIER.test(n) && n !== 'default');
    const source = 'import { createRequire } from "node:module";\\n' +
      'const m = createRequire(' + JSON.stringify(file) + ')(' + JSON.stringify(file) + ');\\n' +
      // A bundler's default import of a transpiled module (__esModule) is its exports.default.
      'export default (m && m.__esModule && "default" in m) ? m.default : m;\\n' + (names.length ? 'export const { ' + names.join(', ') + ' } = m;\\n' : '');
    return { format: 'module', source, shortCircuit: true };
  },
});
`;

function expectedFeatureOf(pkg, mount) {
  const fromExports = pkg.exports?.[mount]?.backstage;
  if (fromExports) return fromExports;
  if (mount !== '.') return undefined;
  return {
    'backend-plugin': '@backstage/BackendFeature',
    'backend-plugin-module': '@backstage/BackendFeature',
    'frontend-plugin': '@backstage/FrontendPlugin',
  }[pkg.backstage?.role];
}

function entryPointsOf(pkg) {
  if (pkg.exports) {
    return Object.entries(pkg.exports)
      .filter(([mount]) => mount !== './package.json')
      .map(([mount, conditions]) => ({
        mount,
        specifier: mount === '.' ? pkg.name : `${pkg.name}/${mount.replace(/^\.\//, '')}`,
        mode: conditions.require ? 'require' : 'import',
      }));
  }
  const entries = [{ mount: '.', specifier: pkg.name, mode: pkg.main.endsWith('.esm.js') ? 'import' : 'require' }];
  // Bundlers take "module" (the ES build) over "main": load that one too.
  if (pkg.module && pkg.module !== pkg.main) {
    entries.push({ mount: 'module', specifier: `${pkg.name}/${pkg.module.replace(/^\.\//, '')}`, mode: 'import' });
  }
  return entries;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const tarballs = JSON.parse(fs.readFileSync(path.join(args.dir, 'tarballs.json'), 'utf8'));
  const scratch = path.join(root, '.cache', 'tarball-check');
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.join(scratch, 'node_modules', SCOPE), { recursive: true });
  fs.writeFileSync(path.join(scratch, 'hooks.cjs'), HOOKS);

  let failed = 0;
  const manifests = [];
  for (const tarball of tarballs) {
    const problems = [];
    const file = path.join(args.dir, tarball.file);
    const files = new Set(
      execFileSync('tar', ['tzf', file], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(f => f.replace(/^package\//, '')),
    );
    const target = path.join(scratch, 'node_modules', tarball.name);
    fs.mkdirSync(target, { recursive: true });
    execFileSync('tar', ['xzf', file, '-C', target, '--strip-components=1']);
    const pkg = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
    manifests.push(pkg);
    checkManifest(pkg, files, problems);
    tarball.problems = problems;
    tarball.pkg = pkg;
  }
  const familyProblems = [];
  checkFamilies(manifests, familyProblems);

  for (const tarball of tarballs) {
    const { pkg, problems } = tarball;
    for (const entry of entryPointsOf(pkg)) {
      const result = loadEntryPoint(scratch, entry, expectedFeatureOf(pkg, entry.mount));
      if (!result.ok) problems.push(`${entry.mode}('${entry.specifier}') failed: ${result.error.trim()}`);
      else tarball.loaded = [...(tarball.loaded ?? []), `${entry.specifier} (${entry.mode}, ${result.names} exports)`];
    }
    for (const [name, file] of Object.entries(pkg.bin ?? {})) {
      // The published CLI runs from dist/ (no src/ in the tarball): `--help` must answer.
      const run = spawnSync(process.execPath, [path.join(scratch, 'node_modules', pkg.name, file), '--help'], {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (run.status !== 0 || !/usage/i.test(run.stdout + run.stderr)) {
        problems.push(`bin ${name} --help failed (exit ${run.status}): ${(run.stderr || run.stdout).trim().split('\n')[0]}`);
      } else {
        tarball.loaded = [...(tarball.loaded ?? []), `bin ${name} --help`];
      }
    }
    if (problems.length) {
      failed++;
      console.log(`FAIL ${tarball.file}`);
      for (const p of problems) console.log(`  - ${p}`);
    } else {
      console.log(`ok   ${tarball.file}: ${tarball.loaded.join('; ')}`);
    }
  }
  for (const p of familyProblems) {
    failed++;
    console.log(`FAIL ${p}`);
  }
  if (failed) {
    console.log(`${failed} problem(s)`);
    process.exit(1);
  }
  console.log(`${tarballs.length} tarballs: manifests point into dist/, every entry point loads in Node`);
}

/** Loads one entry point in a fresh Node process: its exports, and its default export's feature type. */
function loadEntryPoint(scratch, entry, expectedFeature) {
  const workspaceDirs = ['plugins', 'packages'].map(d => path.join(root, d) + path.sep);
  const script = path.join(scratch, entry.mode === 'require' ? 'load.cjs' : 'load.mjs');
  const check = `
const names = Object.keys(mod).filter(n => n !== '__esModule');
if (names.length === 0) throw new Error('no exports');
if (expected && (!mod.default || mod.default.$$type !== expected)) {
  throw new Error('default export is ' + (mod.default && mod.default.$$type) + ', expected ' + expected);
}
console.log(JSON.stringify({ names: names.length }));
`;
  if (entry.mode === 'require') {
    fs.writeFileSync(script, `
const [specifier, expected] = process.argv.slice(2);
const mod = require(specifier);
const workspaceDirs = ${JSON.stringify(workspaceDirs)};
const sources = Object.keys(require.cache).filter(f => workspaceDirs.some(d => f.startsWith(d)) && !f.includes('/node_modules/'));
if (sources.length) throw new Error('loaded workspace sources instead of tarballs: ' + sources.slice(0, 3).join(', '));
${check}`);
  } else {
    fs.writeFileSync(script, `
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
// A browser package: its dependencies read window and document when they load, as in a browser.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' });
for (const key of ['window', 'document', 'navigator', 'location', 'HTMLElement', 'Element', 'Node', 'getComputedStyle', 'localStorage', 'sessionStorage', 'MutationObserver']) {
  if (!(key in globalThis) || key === 'navigator') Object.defineProperty(globalThis, key, { value: key === 'window' ? dom.window : dom.window[key], configurable: true, writable: true });
}
createRequire(import.meta.url)('./hooks.cjs');
const [specifier, expected] = process.argv.slice(2);
const mod = await import(specifier);
${check}`);
  }
  const child = spawnSync(process.execPath, ['--no-warnings', script, entry.specifier, expectedFeature ?? ''], {
    cwd: scratch,
    env: { ...process.env, WORKSPACE_DIRS: JSON.stringify(workspaceDirs) },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (child.status !== 0) {
    const lines = (child.stderr || child.stdout || `exit ${child.status}`).split('\n');
    const error = lines.find(l => /Error|error:/.test(l)) ?? lines[0];
    return { ok: false, error };
  }
  return { ok: true, ...JSON.parse(child.stdout.trim().split('\n').pop()) };
}

main();

#!/usr/bin/env node
/*
 * Fails when the example portal would load two copies of one @backstage/* package (or of
 * React): it walks what packages/app and packages/backend load at run time, i.e. their
 * dependencies and peer dependencies, recursively, resolved the way Node resolves them from
 * each package's real directory. Development-only dependencies (test utilities, the CLI) are
 * not walked, so their own nested copies do not count.
 *
 *   node scripts/release/check-dedupe.js
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const WATCHED = name => name.startsWith('@backstage/') || ['react', 'react-dom', 'react-router-dom'].includes(name);

function resolvePackageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(candidate)) return fs.realpathSync(path.dirname(candidate));
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function main() {
  const seen = new Set();
  const versions = new Map(); // name -> Map(version -> [dirs])
  const queue = ['packages/app', 'packages/backend'].map(p => fs.realpathSync(path.join(root, p)));
  while (queue.length) {
    const dir = queue.pop();
    if (seen.has(dir)) continue;
    seen.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (WATCHED(pkg.name)) {
      if (!versions.has(pkg.name)) versions.set(pkg.name, new Map());
      const byVersion = versions.get(pkg.name);
      byVersion.set(pkg.version, [...(byVersion.get(pkg.version) ?? []), path.relative(root, dir)]);
    }
    // Optional peers (e.g. plugin-catalog-node's backend-test-utils for its testUtils entry
    // point) load only when the consumer asks for them: not walked.
    const optionalPeers = new Set(Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    const required = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}).filter(n => !optionalPeers.has(n))];
    for (const name of new Set(required)) {
      const found = resolvePackageDir(name, dir);
      if (found) queue.push(found);
      else console.log(`missing: ${name}, needed by ${pkg.name}`);
    }
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
      const found = resolvePackageDir(name, dir);
      if (found) queue.push(found);
    }
  }
  const duplicates = [...versions].filter(([, byVersion]) => [...byVersion.values()].flat().length > 1);
  for (const [name, byVersion] of duplicates) {
    console.log(`DUPLICATE ${name}: ${[...byVersion].map(([v, dirs]) => `${v} at ${dirs.join(', ')}`).join('; ')}`);
  }
  console.log(`${versions.size} @backstage/* and React packages loaded by the app and the backend; ${duplicates.length} with more than one copy`);
  process.exit(duplicates.length ? 1 : 0);
}

main();

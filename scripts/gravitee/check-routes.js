#!/usr/bin/env node
/*
 * Checks the citations of the management double's routes
 * (packages/gravitee-simulator/src/management/ROUTES.json) against a clone of
 * gravitee-io/gravitee-api-management: for each emulated release, every cited file has the
 * recorded blob id at the tag, and the cited line reads as recorded (for the v2 API also the
 * path line and the operationId). GitHub is not reachable from CI, so this runs by hand:
 *
 *   GRAVITEE_SOURCE=/path/to/gravitee-api-management node scripts/gravitee/check-routes.js
 */
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const source = process.env.GRAVITEE_SOURCE;
if (!source) {
  console.error('check-routes: set GRAVITEE_SOURCE to a clone of gravitee-io/gravitee-api-management (with tags)');
  process.exit(2);
}
const provenance = require(join(__dirname, '..', '..', 'packages', 'gravitee-simulator', 'src', 'management', 'ROUTES.json'));
const git = (...args) => execFileSync('git', ['-C', source, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

let failures = 0;
for (const [release, cited] of Object.entries(provenance.releases)) {
  const commit = git('rev-list', '-n1', cited.tag).trim();
  if (commit !== cited.commit) {
    console.error(`${release}: tag ${cited.tag} is ${commit}, cited ${cited.commit}`);
    failures++;
  }
  const lines = {};
  for (const [file, blob] of Object.entries(cited.files)) {
    const actual = git('rev-parse', `${cited.tag}:${file}`).trim();
    if (actual !== blob) {
      console.error(`${release}: ${file} is blob ${actual}, cited ${blob}`);
      failures++;
    }
    lines[file] = git('show', `${cited.tag}:${file}`).split('\n');
  }
  for (const route of cited.routes) {
    const at = (line) => (lines[route.file][line - 1] ?? '').trim();
    if (at(route.line) !== route.text || (route.pathLine && at(route.pathLine) !== route.pathText)) {
      console.error(`${release}: ${route.method} ${route.path} is not at ${route.file}:${route.line}`);
      failures++;
    }
  }
  console.log(`check-routes: APIM ${cited.tag}: ${cited.routes.length} routes, ${Object.keys(cited.files).length} files`);
}
process.exit(failures ? 1 : 0);

#!/usr/bin/env node
/*
 * `npm run test:real-clients`: the Maskinporten simulator against real Maskinporten clients
 * that run in production. Today that is KS Fiks' maskinporten-client 3.6.0 (Maven Central),
 * built with Maven into scripts/real-clients/fiks-maskinporten/target (dependencies cached in
 * ~/.m2), then the simulator's *.test.realclient.ts suites. See docs/adr/0006-simulator-fidelity.md.
 *
 * Needs Maven and a JDK 17 or newer (the default `java`). Every step is time-bounded.
 */
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { MINUTE, stepsFor } = require('../lib/steps');

const root = resolve(__dirname, '..', '..');
const fiksDir = join(__dirname, 'fiks-maskinporten');
const { fail, run, runSuites } = stepsFor('test:real-clients');

if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) fail('Maven (mvn) is not installed');
if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) fail('no java on PATH');

console.log('== Building KS Fiks maskinporten-client 3.6.0 and its command-line wrapper (Maven, cached in ~/.m2)');
const build = run('mvn', ['-B', '-q', '-f', join(fiksDir, 'pom.xml'), 'package'], {
  cwd: fiksDir,
  timeout: 10 * MINUTE,
});
const target = join(fiksDir, 'target');
if (!existsSync(join(target, 'classes')) || !existsSync(join(target, 'lib'))) {
  fail(`the build left no client in ${target}`);
}
console.log(`   built in ${build.toFixed(1)} s`);

console.log('== Simulator against the real clients');
// Named *.test.realclient.ts so that `npm test` does not collect them.
const suite = runSuites(join(root, 'packages', 'maskinporten-simulator'), '**/src/**/*.test.realclient.ts', [], {
  env: { ...process.env, FIKS_CLIENT_HOME: target },
  timeout: 10 * MINUTE,
});
console.log(`   suite ran in ${suite.toFixed(1)} s`);

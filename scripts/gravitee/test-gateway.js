#!/usr/bin/env node
/*
 * `npm run test:gravitee`: assembles the real Gravitee APIM gateway from Maven Central
 * (scripts/gravitee/gateway, cached under ~/.m2) and runs the backend's real-gateway suites
 * against it: the deploy path (src/gravitee/deploy/realGateway.test.gravitee.ts) and a key rotation
 * carrying two token services through the gateway (src/gateways/realGatewayRotation.test.gravitee.ts).
 * See docs/adr/0005-real-gravitee.md.
 *
 * Needs Maven and a JDK 21 or newer (APIM 4.10 is built for Java 21): GRAVITEE_JAVA_HOME,
 * else the newest JDK under /usr/lib/jvm. Every step is time-bounded.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const { MINUTE, stepsFor } = require('../lib/steps');

const root = resolve(__dirname, '..', '..');
const gatewayDir = join(__dirname, 'gateway');
const home = join(gatewayDir, 'target', 'home');
const { fail, run, runSuites } = stepsFor('test:gravitee');

/** The major version in a JDK's `release` file, or 0. */
function jdkMajor(javaHome) {
  const release = join(javaHome, 'release');
  if (!existsSync(release) || !existsSync(join(javaHome, 'bin', 'javac'))) return 0;
  const line = readFileSync(release, 'utf8')
    .split('\n')
    .find(l => l.startsWith('JAVA_VERSION='));
  const version = line ? line.slice('JAVA_VERSION='.length).split('"').join('') : '';
  const major = Number(version.split('.')[0]);
  return Number.isFinite(major) ? major : 0;
}

function findJavaHome() {
  const configured = process.env.GRAVITEE_JAVA_HOME;
  if (configured) {
    if (jdkMajor(configured) < 21) fail(`GRAVITEE_JAVA_HOME=${configured} is not a JDK 21 or newer`);
    return configured;
  }
  const dir = '/usr/lib/jvm';
  const candidates = existsSync(dir)
    ? readdirSync(dir)
        .map(name => join(dir, name))
        .map(path => ({ path, major: jdkMajor(path) }))
        .filter(c => c.major >= 21)
        .sort((a, b) => b.major - a.major)
    : [];
  if (candidates.length === 0) {
    fail('no JDK 21 or newer found (set GRAVITEE_JAVA_HOME, or install one under /usr/lib/jvm)');
  }
  return candidates[0].path;
}


const javaHome = findJavaHome();
if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
  fail('Maven (mvn) is not installed');
}

console.log(`== Assembling the Gravitee gateway with ${javaHome} (Maven, cached in ~/.m2)`);
const build = run('mvn', ['-B', '-q', '-f', join(gatewayDir, 'pom.xml'), 'package'], {
  cwd: gatewayDir,
  env: { ...process.env, JAVA_HOME: javaHome },
  timeout: 15 * MINUTE,
});
if (!existsSync(join(home, 'lib')) || !existsSync(join(home, 'plugins'))) {
  fail(`the build left no gateway in ${home}`);
}
console.log(`   assembled in ${build.toFixed(1)} s`);

console.log("== Schema copies against the plugin zips (scripts/gravitee/check-schemas.js)");
run(process.execPath, [join(__dirname, 'check-schemas.js')], { cwd: root, timeout: MINUTE });

console.log('== Real-gateway suite');
// Named *.test.gravitee.ts so that `npm test` does not collect them (it would only skip them).
const suite = runSuites(
  join(root, 'plugins', 'maskinporten-backend'),
  '**/src/**/*.test.gravitee.ts',
  ['src/gravitee/deploy/realGateway.test.gravitee.ts', 'src/gateways/realGatewayRotation.test.gravitee.ts'],
  {
    env: {
      ...process.env,
      GRAVITEE_GATEWAY_HOME: home,
      GRAVITEE_JAVA_HOME: javaHome,
      // The suite fails instead of skipping when the gateway is missing.
      GRAVITEE_REQUIRED: '1',
    },
    timeout: 15 * MINUTE,
  },
);
console.log(`   suite ran in ${suite.toFixed(1)} s`);

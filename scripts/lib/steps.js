/*
 * The time-bounded steps of the scripts that build a Java part with Maven and then run a
 * Jest suite against it (`npm run test:gravitee`, `npm run test:real-clients`).
 */
const { spawnSync } = require('node:child_process');

const MINUTE = 60_000;

/** `fail` and `run` for one script, whose name prefixes every failure. */
function stepsFor(name) {
  function fail(message) {
    console.error(`${name}: ${message}`);
    process.exit(1);
  }

  /** Runs a command to completion within `options.timeout`; answers the seconds it took. */
  function run(command, args, options) {
    const started = Date.now();
    const result = spawnSync(command, args, { stdio: 'inherit', ...options });
    if (result.error) fail(`${command} could not run: ${result.error.message}`);
    if (result.signal) fail(`${command} ${args.join(' ')} was stopped by ${result.signal} (time limit ${options.timeout / MINUTE} min)`);
    if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
    return (Date.now() - started) / 1000;
  }

  /** Runs a package's Jest suites that `npm test` does not collect (their own file pattern). */
  function runSuites(packageDir, testMatch, files, options) {
    return run(
      'npx',
      ['backstage-cli', 'package', 'test', '--watchAll=false', '--runInBand', '--testMatch', testMatch, ...files],
      { cwd: packageDir, ...options },
    );
  }

  return { fail, run, runSuites };
}

module.exports = { MINUTE, stepsFor };

#!/usr/bin/env node
'use strict';

/**
 * Benchmark runner: `npm run bench` (or `node scripts/bench/run.js [name ...]`).
 *
 * Runs each `scripts/bench/<name>.bench.js` in BENCHMARKS order, one after another (never
 * concurrently, so they do not compete for cores), aggregates their results, prints a table
 * and writes `bench-results.json` at the repository root. Missing a target is reported but
 * does not fail the run: this is a report, not a test. A benchmark that throws does set a
 * non-zero exit code, because then there is nothing to report.
 *
 * To add a benchmark: create `<name>.bench.js` exporting `async function run(ctx)` that
 * returns an array built with `ctx.lib.result(...)`, and append `<name>` to BENCHMARKS.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const lib = require('./lib');

/** Fixed order. Append new benchmarks here. */
const BENCHMARKS = ['keygen', 'sign', 'listing', 'lint', 'scale'];

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_FILE = path.join(REPO_ROOT, 'bench-results.json');

function systemOpensslVersion() {
  try {
    return lib.runCommand('openssl', ['version'], { capture: true }).stdout.trim();
  } catch (e) {
    return `unavailable (${e.message})`;
  }
}

function environment() {
  const cpus = os.cpus();
  return {
    node: process.version,
    nodeOpenssl: process.versions.openssl,
    systemOpenssl: systemOpensslVersion(),
    joseVersion: (() => {
      try {
        return require(require.resolve('jose/package.json', { paths: [REPO_ROOT] })).version;
      } catch {
        return 'unknown';
      }
    })(),
    cpu: cpus.length ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE || '4 (default)',
    loadavg: os.loadavg().map(x => x.toFixed(2)).join(' '),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

function selectBenchmarks(argv) {
  const wanted = argv.length ? argv : (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
  if (wanted.length === 0) return BENCHMARKS;
  const unknown = wanted.filter(n => !BENCHMARKS.includes(n));
  if (unknown.length) {
    throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHMARKS.join(', ')}`);
  }
  return BENCHMARKS.filter(n => wanted.includes(n));
}

async function main() {
  const started = performance.now();
  const names = selectBenchmarks(process.argv.slice(2));
  const env = environment();

  lib.log('Benchmark environment:');
  for (const [k, v] of Object.entries(env)) lib.log(`  ${k}: ${v}`);
  lib.log('');

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maskinporten-bench-'));
  const results = [];
  const failures = [];
  const timings = {};
  try {
    for (const name of names) {
      const ctx = {
        name,
        repoRoot: REPO_ROOT,
        tmpDir: fs.mkdtempSync(path.join(tmpDir, `${name}-`)),
        lib,
        env,
        log: (...args) => lib.log(`[${name}]`, ...args),
      };
      lib.log(`== ${name} ==`);
      const t0 = performance.now();
      try {
        const mod = require(path.join(__dirname, `${name}.bench.js`));
        const out = await mod.run(ctx);
        if (!Array.isArray(out)) throw new Error(`${name}.bench.js run() must return an array`);
        results.push(...out.map(r => ({ benchmark: name, ...r })));
      } catch (e) {
        failures.push({ name, error: e });
        lib.log(`[${name}] FAILED: ${e.stack || e}`);
      }
      timings[name] = (performance.now() - t0) / 1000;
      lib.log(`[${name}] done in ${timings[name].toFixed(1)} s\n`);
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }

  // ---- table ----
  const rows = results.map(r => {
    const met = lib.targetMet(r);
    return [
      r.name,
      lib.fmt(r.value),
      r.unit,
      lib.fmt(r.baseline),
      r.ratio === null ? '-' : r.ratio.toFixed(3),
      lib.describeTarget(r.target) || '-',
      met === null ? '' : met ? 'PASS' : 'MISS',
    ];
  });
  process.stdout.write('\n');
  lib.printTable(['name', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'], rows, {
    align: ['left', 'right', 'left', 'right', 'right', 'left', 'left'],
  });

  const withNotes = results.filter(r => r.notes);
  if (withNotes.length) {
    process.stdout.write('\nNotes:\n');
    for (const r of withNotes) process.stdout.write(`  ${r.name}: ${r.notes}\n`);
  }

  const targeted = results.filter(r => r.target);
  const met = targeted.filter(r => lib.targetMet(r));
  const missed = targeted.filter(r => !lib.targetMet(r));
  process.stdout.write(`\nTargets met: ${met.length}/${targeted.length}\n`);
  for (const r of met) {
    process.stdout.write(`  PASS ${r.name}: ratio ${r.ratio.toFixed(3)} ${r.target.op} ${r.target.value}\n`);
  }
  for (const r of missed) {
    const ratio = typeof r.ratio === 'number' ? r.ratio.toFixed(3) : 'n/a';
    process.stdout.write(`  MISS ${r.name}: ratio ${ratio}, wanted ${r.target.op} ${r.target.value}\n`);
  }
  for (const f of failures) process.stdout.write(`  ERROR ${f.name}: ${f.error.message}\n`);

  // ---- JSON ----
  const json = results.map(r => {
    const o = {
      name: r.name,
      value: lib.roundForJson(r.value),
      unit: r.unit,
      baseline: lib.roundForJson(r.baseline),
      ratio: lib.roundForJson(r.ratio),
      target: r.target,
      met: lib.targetMet(r),
      benchmark: r.benchmark,
    };
    if (r.notes) o.notes = r.notes;
    return o;
  });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(json, null, 2)}\n`);

  const total = (performance.now() - started) / 1000;
  process.stdout.write(
    `\nWrote ${path.relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE} (${json.length} results). ` +
      `Total runtime ${total.toFixed(1)} s (${Object.entries(timings)
        .map(([n, s]) => `${n} ${s.toFixed(1)} s`)
        .join(', ')}).\n`,
  );

  // Missed targets are a finding, not a failure. Crashed benchmarks are a failure.
  process.exitCode = failures.length ? 1 : 0;
}

main().catch(e => {
  lib.log(e.stack || String(e));
  process.exitCode = 1;
});

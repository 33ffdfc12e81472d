'use strict';

/**
 * Shared helpers for the benchmark modules in this folder: statistics, formatting,
 * timing, spawning baseline tools and printing the summary table.
 *
 * A benchmark module (`<name>.bench.js`) exports `async function run(ctx)` returning an
 * array of results:
 *
 *   {
 *     name: 'rsa4096-keygen-mean-ms',   // stable id, used as the key in bench-results.json
 *     value: 1234.5,                    // our measurement
 *     unit: 'ms',                       // 'ms', 'ops/s', ...
 *     baseline: 1100.2,                 // the baseline's measurement in the same unit, or null
 *     ratio: 1.12,                      // value / baseline, or null
 *     target: { op: '<=', value: 1.2 }, // optional: condition on `ratio`; null = informational
 *     notes: '...',                     // optional free text
 *   }
 *
 * Use `result()` below to build them so the ratio is computed the same way everywhere.
 */

const { spawnSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');

// ---------------------------------------------------------------------------
// Statistics

function mean(xs) {
  if (xs.length === 0) return NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Percentile with linear interpolation between closest ranks (p in [0, 100]). */
function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

function median(xs) {
  return percentile(xs, 50);
}

function p95(xs) {
  return percentile(xs, 95);
}

/** Sample standard deviation (n - 1). */
function stddev(xs) {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let sq = 0;
  for (const x of xs) sq += (x - m) ** 2;
  return Math.sqrt(sq / (xs.length - 1));
}

function summarize(xs) {
  return {
    n: xs.length,
    mean: mean(xs),
    median: median(xs),
    p95: p95(xs),
    min: xs.length ? Math.min(...xs) : NaN,
    max: xs.length ? Math.max(...xs) : NaN,
    stddev: stddev(xs),
  };
}

/**
 * Small deterministic PRNG (mulberry32): bootstrap intervals are reproducible, and the listing
 * and scale benchmarks generate the same data and query mix on every run.
 */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile-bootstrap confidence interval for stat(a) / stat(b), resampling each group
 * independently. Used to show how much of a keygen ratio is just prime-search luck.
 */
function bootstrapRatioCI(a, b, stat = mean, { iterations = 4000, level = 0.9, seed = 42 } = {}) {
  if (a.length === 0 || b.length === 0) return [NaN, NaN];
  const rand = seededRandom(seed);
  const resample = xs => {
    const out = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = xs[Math.floor(rand() * xs.length)];
    return out;
  };
  const ratios = new Array(iterations);
  for (let i = 0; i < iterations; i++) ratios[i] = stat(resample(a)) / stat(resample(b));
  const tail = ((1 - level) / 2) * 100;
  return [percentile(ratios, tail), percentile(ratios, 100 - tail)];
}

// ---------------------------------------------------------------------------
// Results and targets

function ratioOf(value, baseline) {
  if (typeof value !== 'number' || typeof baseline !== 'number') return null;
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return null;
  return value / baseline;
}

function result({ name, value, unit, baseline = null, target = null, notes }) {
  const r = { name, value, unit, baseline, ratio: ratioOf(value, baseline), target };
  if (notes) r.notes = notes;
  return r;
}

/** true / false when the result has a target, null when it is informational. */
function targetMet(r) {
  if (!r.target) return null;
  if (typeof r.ratio !== 'number') return false;
  switch (r.target.op) {
    case '<=':
      return r.ratio <= r.target.value;
    case '>=':
      return r.ratio >= r.target.value;
    case '<':
      return r.ratio < r.target.value;
    case '>':
      return r.ratio > r.target.value;
    default:
      throw new Error(`Unknown target operator ${r.target.op} on ${r.name}`);
  }
}

function describeTarget(target) {
  return target ? `ratio ${target.op} ${target.value}` : '';
}

// ---------------------------------------------------------------------------
// Formatting and output

/** Rounds to a few significant digits for display; keeps integers readable. */
function fmt(x, digits = 4) {
  if (x === null || x === undefined) return '-';
  if (typeof x !== 'number') return String(x);
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return x.toFixed(0);
  return Number(x.toPrecision(digits)).toString();
}

/** Rounds numbers for JSON output so the file stays readable. */
function roundForJson(x, digits = 6) {
  return typeof x === 'number' && Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

function printTable(headers, rows, { align = [], out = process.stdout } = {}) {
  const cells = rows.map(r => r.map(c => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map(r => (r[i] || '').length)));
  const pad = (s, i) => (align[i] === 'right' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = r => r.map((c, i) => pad(c, i)).join('  ').trimEnd();
  out.write(`${line(headers)}\n`);
  out.write(`${widths.map(w => '-'.repeat(w)).join('  ')}\n`);
  for (const r of cells) out.write(`${line(r)}\n`);
}

function log(...args) {
  process.stderr.write(`${args.join(' ')}\n`);
}

// ---------------------------------------------------------------------------
// Timing and processes

function envInt(name, fallback, { min = 1 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) {
    throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Runs an async function once and returns elapsed wall-clock milliseconds. */
async function timeAsync(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Runs a command synchronously and returns { ms, stdout, stderr }. Throws on a non-zero
 * exit so a broken baseline never silently turns into a fast one.
 */
function runCommand(cmd, args, { capture = false, timeoutMs = 120000 } = {}) {
  const t0 = performance.now();
  const res = spawnSync(cmd, args, {
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (res.error) throw new Error(`${cmd} ${args.join(' ')}: ${res.error.message}`);
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} exited with ${res.status ?? res.signal}: ${(res.stderr || '').trim()}`,
    );
  }
  return { ms, stdout: res.stdout || '', stderr: res.stderr || '' };
}

module.exports = {
  mean,
  median,
  p95,
  percentile,
  stddev,
  summarize,
  seededRandom,
  bootstrapRatioCI,
  ratioOf,
  result,
  targetMet,
  describeTarget,
  fmt,
  roundForJson,
  printTable,
  log,
  envInt,
  timeAsync,
  runCommand,
};

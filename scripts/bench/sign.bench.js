'use strict';

/**
 * Grant signing, the way plugins/maskinporten-backend/src/tokenTests/grant.ts does it:
 * new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key) with an RSA-4096
 * private key imported once with crypto.createPrivateKey (a KeyObject). One sign at a time,
 * each awaited before the next, for BENCH_SIGN_SECONDS; fresh iat/exp/jti per grant.
 *
 * Baseline: `openssl speed -elapsed -mr -seconds S rsa4096`, which signs with a built-in
 * RSA-4096 key in a single process on one core. `-elapsed` makes openssl divide by
 * wall-clock time like we do (its default is CPU user time).
 *
 * Two informational rows help explain a gap if there is one:
 *   - node-crypto-sign-rs256-4096-per-s: crypto.sign('sha256', ...) directly, synchronously:
 *     Node's OpenSSL without jose, WebCrypto or the thread pool.
 *   - grant-sign-rs256-4096-fresh-keyobject-per-s: createPrivateKey(pem) before every sign, as
 *     MaskinportenService.testToken does today, which defeats jose's KeyObject -> CryptoKey cache.
 */

const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');

const BITS = 4096;
const AUD = 'https://test.maskinporten.no/';
const KID = 'bench-test-dfo-20250101-000000000000';
const DIAG_SECONDS = 2;
const WARMUP_MS = 500;

function claims() {
  const iat = Math.floor(Date.now() / 1000);
  return {
    aud: AUD,
    iss: 'client',
    scope: 'dfo:ansatte',
    iat,
    exp: iat + 120,
    jti: crypto.randomUUID(),
  };
}

function signGrant(jose, key) {
  return new jose.SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(key);
}

/** Calls fn sequentially (awaiting each) for `seconds`; returns ops/s and per-op latencies. */
async function loop(fn, seconds) {
  const latencies = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let now = t0;
  while (now < end) {
    const s = now;
    await fn();
    now = performance.now();
    latencies.push(now - s);
  }
  return { perSecond: latencies.length / ((now - t0) / 1000), count: latencies.length, latencies };
}

/**
 * Parses `openssl speed -mr` output for the RSA sign rate at `bits`.
 *
 * OpenSSL 3.0 prints, per key size k:
 *   +R1:<count>:<bits>:<seconds>           sign: count operations took seconds
 *   +R2:<count>:<bits>:<seconds>           verify
 *   +F2:<k>:<bits>:<sign/s>:<verify/s>     final summary (rates, not seconds, in 3.0)
 * Older releases printed seconds-per-op in +F2, so +R1 (count / seconds, unambiguous) is the
 * primary source and +F2 is only used as a cross-check. The human-readable table
 * (`rsa 4096 bits 0.0044s 0.000057s 226.3 17414.0`) is the fallback when -mr lines are absent.
 */
function parseOpensslSpeed(output, bits) {
  let r1Rate = null;
  let f2 = null;
  for (const line of output.split(/\r?\n/)) {
    const m1 = /^\+R1:(\d+):(\d+):([\d.]+)\s*$/.exec(line);
    if (m1 && Number(m1[2]) === bits && Number(m1[3]) > 0) {
      r1Rate = Number(m1[1]) / Number(m1[3]);
    }
    const m2 = /^\+F2:\d+:(\d+):([\d.eE+-]+):([\d.eE+-]+)\s*$/.exec(line);
    if (m2 && Number(m2[1]) === bits) f2 = Number(m2[2]);
  }
  if (r1Rate !== null) {
    if (f2 !== null && f2 > 0) {
      const agrees = x => Math.abs(x - r1Rate) / r1Rate < 0.05;
      if (!agrees(f2) && !agrees(1 / f2)) {
        throw new Error(`openssl speed: +R1 gives ${r1Rate} sign/s but +F2 says ${f2}`);
      }
    }
    return { signPerSecond: r1Rate, source: '+R1 count/seconds' };
  }
  const human = new RegExp(
    `^rsa\\s+${bits}\\s+bits\\s+([\\d.]+)s\\s+([\\d.]+)s\\s+([\\d.]+)\\s+([\\d.]+)\\s*$`,
    'm',
  ).exec(output);
  if (human) return { signPerSecond: Number(human[3]), source: 'sign/s column' };
  throw new Error(`Could not find the rsa ${bits} sign rate in openssl speed output:\n${output}`);
}

async function run(ctx) {
  const { lib, log } = ctx;
  const jose = require(require.resolve('jose', { paths: [ctx.repoRoot] }));
  const seconds = lib.envInt('BENCH_SIGN_SECONDS', 5);
  const opensslSeconds = Math.max(1, Math.round(seconds)); // -seconds takes an integer

  log('generating the RSA-4096 test key (not timed)');
  const { privateKey: generated, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: BITS,
  });
  const pem = generated.export({ type: 'pkcs8', format: 'pem' });
  const key = crypto.createPrivateKey(pem); // pre-imported once, as the brief's hot path

  // Correctness: the token verifies and carries exactly the header we expect.
  const token = await signGrant(jose, key);
  const { protectedHeader, payload } = await jose.jwtVerify(token, publicKey, { audience: AUD });
  if (protectedHeader.alg !== 'RS256' || protectedHeader.kid !== KID || payload.scope !== 'dfo:ansatte') {
    throw new Error('signed grant does not look right');
  }

  // Warm-up: JIT, jose's KeyObject -> CryptoKey cache, thread-pool start-up.
  await loop(() => signGrant(jose, key), WARMUP_MS / 1000);

  // A-B-A: half of our run before openssl speed and half after, so drift in machine load
  // affects both sides alike.
  log(`jose SignJWT, sequential, ${seconds} s in two halves around openssl speed`);
  const firstHalf = await loop(() => signGrant(jose, key), seconds / 2);

  log(`openssl speed -elapsed -mr -seconds ${opensslSeconds} rsa${BITS} (sign + verify phases)`);
  const speed = lib.runCommand(
    'openssl',
    ['speed', '-elapsed', '-mr', '-seconds', String(opensslSeconds), `rsa${BITS}`],
    { capture: true, timeoutMs: (opensslSeconds * 4 + 30) * 1000 },
  );

  const secondHalf = await loop(() => signGrant(jose, key), seconds / 2);
  const latencies = [...firstHalf.latencies, ...secondHalf.latencies];
  const elapsedS = latencies.reduce((a, b) => a + b, 0) / 1000;
  const ours = { count: latencies.length, latencies, perSecond: latencies.length / elapsedS };
  const openssl = parseOpensslSpeed(`${speed.stdout}\n${speed.stderr}`, BITS);

  log(`diagnostics: raw crypto.sign and fresh-KeyObject signing, ${DIAG_SECONDS} s each`);
  const data = Buffer.from(token.split('.').slice(0, 2).join('.')); // a real signing input
  const raw = await loop(() => crypto.sign('sha256', data, key), DIAG_SECONDS);
  const fresh = await loop(() => signGrant(jose, crypto.createPrivateKey(pem)), DIAG_SECONDS);

  const f = lib.fmt;
  const lat = l => `latency median ${f(lib.median(l), 3)} ms, p95 ${f(lib.p95(l), 3)} ms`;
  const opensslNote = `openssl: ${f(openssl.signPerSecond)} sign/s from ${openssl.source} (system OpenSSL, built-in key)`;

  return [
    lib.result({
      name: 'grant-sign-rs256-4096-per-s',
      value: ours.perSecond,
      unit: 'ops/s',
      baseline: openssl.signPerSecond,
      target: { op: '>=', value: 0.8 },
      notes:
        `${ours.count} grants in ~${seconds} s, one at a time; ${lat(ours.latencies)}. ` +
        `${opensslNote}. Node links its own OpenSSL ${process.versions.openssl}. ` +
        `jose/raw crypto.sign = ${f(ours.perSecond / raw.perSecond, 3)} (jose + WebCrypto thread-pool cost).`,
    }),
    lib.result({
      name: 'node-crypto-sign-rs256-4096-per-s',
      value: raw.perSecond,
      unit: 'ops/s',
      baseline: openssl.signPerSecond,
      notes: `Informational: synchronous crypto.sign on the same KeyObject, no jose/WebCrypto; ${lat(raw.latencies)}.`,
    }),
    lib.result({
      name: 'grant-sign-rs256-4096-fresh-keyobject-per-s',
      value: fresh.perSecond,
      unit: 'ops/s',
      baseline: openssl.signPerSecond,
      notes:
        'Informational: createPrivateKey(pem) + SignJWT per grant (what testToken does per request; ' +
        `jose's WeakMap key cache never hits); ${lat(fresh.latencies)}.`,
    }),
  ];
}

module.exports = { run, parseOpensslSpeed };

'use strict';

/**
 * RSA-4096 key generation, the way plugins/maskinporten-backend/src/keys/generateKeyPair.ts
 * does it: jose.generateKeyPair('RS256', { modulusLength: 4096, extractable: true }) (WebCrypto,
 * prime search on a libuv thread-pool thread), then exportJWK(publicKey) and
 * exportPKCS8(privateKey).
 *
 * Baseline: `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out <tmp>`, a fresh
 * process per sample, so it includes process start-up, config loading and writing the PEM.
 * Nothing is subtracted; the start-up cost is measured separately (`openssl version`) and
 * reported as context.
 *
 * Keygen time is dominated by the random search for two 2048-bit primes, so single samples
 * vary several-fold. We take N samples of each, interleaved (cycling through every order of
 * the arms, the three-arm form of ABBA) so slow drift in machine load hits all sides equally,
 * and run every sample sequentially: openssl genpkey is single-threaded, so ours gets one
 * thread too.
 *
 * A third, informational arm runs Node's crypto.generateKeyPair with the same exports: it uses
 * the same OpenSSL as jose, so jose/node-crypto isolates jose's own cost, while jose/openssl
 * also contains the difference between Node's bundled OpenSSL and the system one.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');

const generateKeyPairNode = promisify(crypto.generateKeyPair);

const BITS = 4096;
const SPAWN_OVERHEAD_SAMPLES = 7;

async function oursOnce(jose) {
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256', {
    modulusLength: BITS,
    extractable: true,
  });
  const jwk = await jose.exportJWK(publicKey);
  const pem = await jose.exportPKCS8(privateKey);
  if (!jwk.n || !jwk.e || !pem.startsWith('-----BEGIN PRIVATE KEY-----')) {
    throw new Error('jose produced an unexpected key');
  }
  // 4096-bit modulus = 512 bytes = 683 base64url characters.
  if (Buffer.from(jwk.n, 'base64url').length !== BITS / 8) {
    throw new Error(`jose produced a ${Buffer.from(jwk.n, 'base64url').length * 8}-bit modulus`);
  }
}

/**
 * Diagnostic arm: Node's own crypto.generateKeyPair (same OpenSSL as jose, no WebCrypto/jose
 * layer) with the same exports. Separates jose's cost from OpenSSL-version differences.
 */
async function nodeCryptoOnce() {
  const { publicKey, privateKey } = await generateKeyPairNode('rsa', { modulusLength: BITS });
  const jwk = publicKey.export({ format: 'jwk' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  if (!jwk.n || !pem.startsWith('-----BEGIN PRIVATE KEY-----')) {
    throw new Error('crypto.generateKeyPair produced an unexpected key');
  }
}

function opensslOnce(lib, outFile) {
  const { ms } = lib.runCommand('openssl', [
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    `rsa_keygen_bits:${BITS}`,
    '-out',
    outFile,
  ]);
  const size = fs.statSync(outFile).size;
  if (size < 3000) throw new Error(`openssl wrote a suspiciously small key (${size} bytes)`);
  fs.rmSync(outFile);
  return ms;
}

async function run(ctx) {
  const { lib, log } = ctx;
  const jose = require(require.resolve('jose', { paths: [ctx.repoRoot] }));
  const n = lib.envInt('BENCH_KEYGEN_SAMPLES', 12);
  const outFile = path.join(ctx.tmpDir, 'key.pem');

  // Context: what a bare openssl process costs on this machine.
  const spawnMs = [];
  for (let i = 0; i < SPAWN_OVERHEAD_SAMPLES; i++) {
    spawnMs.push(lib.runCommand('openssl', ['version']).ms);
  }

  // One unrecorded warm-up each: loads jose and starts the libuv thread pool on our side,
  // pages in libcrypto and the openssl binary on the other.
  log('warm-up (1 per arm, unrecorded)');
  await oursOnce(jose);
  await nodeCryptoOnce();
  opensslOnce(lib, outFile);

  const ours = [];
  const openssl = [];
  const nodeCrypto = [];
  const arms = {
    jose: async () => ours.push(await lib.timeAsync(() => oursOnce(jose))),
    openssl: async () => openssl.push(opensslOnce(lib, outFile)),
    node: async () => nodeCrypto.push(await lib.timeAsync(nodeCryptoOnce)),
  };
  // Cycle through all 6 orders of the three arms, so none is systematically first or last
  // and slow drift in machine load hits all of them alike (ABBA generalised to three arms).
  const orders = [
    ['jose', 'openssl', 'node'],
    ['openssl', 'node', 'jose'],
    ['node', 'jose', 'openssl'],
    ['openssl', 'jose', 'node'],
    ['jose', 'node', 'openssl'],
    ['node', 'openssl', 'jose'],
  ];
  for (let i = 0; i < n; i++) {
    for (const arm of orders[i % orders.length]) await arms[arm]();
    const last = xs => xs[xs.length - 1].toFixed(0);
    log(
      `sample ${i + 1}/${n}: jose ${last(ours)} ms, openssl ${last(openssl)} ms, ` +
        `node crypto ${last(nodeCrypto)} ms`,
    );
  }

  const so = lib.summarize(ours);
  const ss = lib.summarize(openssl);
  const spawn = lib.median(spawnMs);
  const [meanLo, meanHi] = lib.bootstrapRatioCI(ours, openssl, lib.mean);
  const [medLo, medHi] = lib.bootstrapRatioCI(ours, openssl, lib.median);
  const sn = lib.summarize(nodeCrypto);
  const [jnLo, jnHi] = lib.bootstrapRatioCI(ours, nodeCrypto, lib.mean);
  const f = lib.fmt;
  const spread = s => `min ${f(s.min)} / p95 ${f(s.p95)} / max ${f(s.max)} / sd ${f(s.stddev)} ms`;

  return [
    lib.result({
      name: 'rsa4096-keygen-mean-ms',
      value: so.mean,
      unit: 'ms',
      baseline: ss.mean,
      target: { op: '<=', value: 1.2 },
      notes:
        `n=${n} per arm, interleaved (all 6 orders of jose/openssl/node), sequential. 90% bootstrap CI of ratio ` +
        `${f(meanLo, 3)}-${f(meanHi, 3)}. jose ${spread(so)}; openssl ${spread(ss)}. ` +
        `Baseline includes openssl process start-up (~${f(spawn, 3)} ms), nothing subtracted.`,
    }),
    lib.result({
      name: 'rsa4096-keygen-median-ms',
      value: so.median,
      unit: 'ms',
      baseline: ss.median,
      notes: `Informational. 90% bootstrap CI of ratio ${f(medLo, 3)}-${f(medHi, 3)}.`,
    }),
    lib.result({
      name: 'rsa4096-keygen-node-crypto-mean-ms',
      value: sn.mean,
      unit: 'ms',
      baseline: ss.mean,
      notes:
        `Informational: crypto.generateKeyPair + JWK/PKCS#8 export, Node's OpenSSL ` +
        `${process.versions.openssl} without jose/WebCrypto (median ${f(sn.median)} ms). ` +
        `jose/node-crypto mean ratio ${f(so.mean / sn.mean, 3)} ` +
        `(90% CI ${f(jnLo, 3)}-${f(jnHi, 3)}) estimates jose's own overhead; same OpenSSL call, ` +
        `so ~1 is expected and the spread is prime-search luck. ` +
        `Baseline is system ${ctx.env.systemOpenssl.split(' (')[0]}.`,
    }),
    lib.result({
      name: 'openssl-spawn-overhead-ms',
      value: spawn,
      unit: 'ms',
      notes:
        `Median of ${SPAWN_OVERHEAD_SAMPLES} \`openssl version\` runs: the process start-up ` +
        'cost contained in every openssl baseline sample.',
    }),
  ];
}

module.exports = { run };

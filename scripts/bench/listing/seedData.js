'use strict';

/**
 * The listing benchmark's data (listing.bench.js): the index rows (10,000 by default), their
 * keys and token tests, the same for every database and every run (a seeded PRNG; only ids,
 * client ids and the random bytes that stand in for key material differ). The query mix in
 * listing.bench.js draws from the same owners, words and scopes, so they are exported too.
 */

const crypto = require('node:crypto');
const { seededRandom: rng } = require('../lib');

const DAY = 86_400_000;
const ENVIRONMENTS = ['test', 'prod'];
const WORDS = [
  'lønn', 'reskontro', 'faktura', 'skatt', 'a-melding', 'folkeregister', 'enhetsregister',
  'arkiv', 'innkjøp', 'regnskap', 'personal', 'tilskudd', 'tilsyn', 'saksbehandling', 'statistikk',
  'pensjon', 'refusjon', 'eiendom', 'kart', 'helse',
];
const SCOPES = [
  'dfo:ansatte', 'dfo:org', 'dfo:lonn', 'skatteetaten:inntekt', 'skatteetaten:formue',
  'altinn:serviceowner/instances.read', 'altinn:serviceowner/instances.write',
  'brreg:enhet', 'nav:aareg/v1/arbeidsforhold', 'ks:fiks', 'kartverket:eiendom', 'difi:arkiv',
  'ssb:statistikk', 'helsedir:register', 'udir:grunnskole',
];
const TEAMS = 200;
const USERS = 400;

/**
 * The catalog, keys and token tests to seed, identical for every database. Each row's expiry
 * comes from its keys through `integrationExpiryKey`, the plugin's own (the one the sync uses).
 */
function generateData(count, now, integrationExpiryKey) {
  const rand = rng(20261124);
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  // A realistic 2048-bit modulus and an encrypted PKCS#8 key are ~340 and ~2,300 characters.
  const modulus = crypto.randomBytes(256).toString('base64url');
  const ciphertext = `mpk1.v1.${crypto.randomBytes(1700).toString('base64url')}`;

  const integrations = [];
  const keys = [];
  const keyRows = [];
  const tests = [];
  for (let i = 0; i < count; i++) {
    const word = pick(WORDS);
    const name = `${word}-${String(i).padStart(5, '0')}`;
    const entityRef = `component:default/${name}`;
    // Skewed ownership: a few big teams, a long tail of small ones; some owned by people.
    const owner =
      rand() < 0.1
        ? `user:default/user-${Math.floor(rand() * USERS)}`
        : `group:default/team-${String(Math.floor(TEAMS * rand() ** 2)).padStart(3, '0')}`;
    const environment = rand() < 0.6 ? 'test' : 'prod';
    const clientId = rand() < 0.9 ? crypto.randomUUID() : undefined;
    const scopes = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(SCOPES)))];
    const integration = { entityRef, environment, clientId, scopes, resources: [] };

    const own = [];
    const keyCount = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 3);
    // Newest key created up to 400 days ago with a 365-day lifetime: a few percent expired,
    // some in the warning window, most fine. Older keys were rotated out a year apart.
    let createdAt = now.getTime() - Math.floor(rand() * 400 * DAY);
    for (let k = 0; k < keyCount; k++) {
      const kid = `mp-${environment}-${name}-${k}-${crypto.randomBytes(6).toString('hex')}`;
      const expired = createdAt + 365 * DAY <= now.getTime();
      let state = 'active';
      if (k === 0) {
        if (rand() < 0.1) state = 'pending';
      } else {
        state = expired ? 'expired' : 'retiring';
        if (rand() < 0.1) state = 'revoked';
      }
      const key = {
        id: crypto.randomUUID(),
        kid,
        entityRef,
        environment,
        clientId,
        state,
        createdAt: new Date(createdAt),
        expiresAt: new Date(createdAt + 365 * DAY),
      };
      own.push(key);
      keyRows.push({
        id: key.id,
        kid,
        entity_ref: entityRef,
        environment,
        client_id: clientId ?? null,
        algorithm: 'RS256',
        modulus_length: 2048,
        public_jwk: JSON.stringify({ kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: modulus }),
        private_key_ciphertext: ciphertext,
        encryption_secret_id: 'bench',
        state,
        created_by: `user:default/user-${Math.floor(rand() * USERS)}`,
        created_at: key.createdAt,
        registered_at: state === 'pending' ? null : key.createdAt,
        expires_at: key.expiresAt,
      });
      createdAt -= 300 * DAY;
    }
    keys.push(...own);

    if (keyCount > 0 && rand() < 0.35) {
      const testCount = 1 + Math.floor(rand() * 5);
      for (let t = 0; t < testCount; t++) {
        const ok = rand() < 0.7;
        tests.push({
          id: crypto.randomUUID(),
          entity_ref: entityRef,
          environment,
          client_id: clientId ?? null,
          kid: own[0].kid,
          requested_by: `user:default/user-${Math.floor(rand() * USERS)}`,
          requested_at: new Date(now.getTime() - Math.floor(rand() * 90 * DAY)),
          outcome: ok ? 'success' : 'rejected',
          message: ok ? 'Maskinporten issued a token' : 'Maskinporten refused the grant',
          http_status: ok ? 200 : 400,
          error_code: ok ? null : 'MP-100',
          error: ok ? null : 'invalid_grant',
          error_description: ok ? null : 'Invalid assertion. Client authentication failed. (MP-100)',
          granted_scopes: ok ? scopes.join(' ') : null,
          expires_in: ok ? 120 : null,
          duration_ms: 40 + Math.floor(rand() * 200),
        });
      }
    }

    // own is newest first, as the store returns keys.
    integrations.push({
      integration,
      title: `${word[0].toUpperCase()}${word.slice(1)} ${i}`,
      owner,
      expiresAt: integrationExpiryKey(own, now)?.expiresAt,
    });
  }
  return { integrations, keyRows, tests, keyCount: keys.length };
}

module.exports = { generateData, ENVIRONMENTS, WORDS, SCOPES, USERS };

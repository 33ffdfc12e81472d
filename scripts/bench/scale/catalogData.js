'use strict';

/**
 * The scale benchmark's data: the Maskinporten entities the bench's catalog provider applies, the
 * changes of the "1 % changed" step, and the keys and token tests seeded into the plugin's tables.
 *
 * Required by both processes: the backend child (scale/backend.js) applies and seeds this data,
 * and the parent (scale.bench.js) derives its queries and expected counts from it. Both must
 * therefore see exactly the same catalog, which is why everything here is deterministic (a
 * seeded PRNG) except the random bytes standing in for key material.
 */

const crypto = require('node:crypto');
const { seededRandom: rng } = require('../lib');

const DAY = 86_400_000;
const LOCATION = 'scale-bench:generated';
const REVISION_ANNOTATION = 'scale-bench/revision';
const CARD_ENTITY = { kind: 'component', namespace: 'default', name: 'scale-card' };
const CARD_RELATED = 5;
const WORDS = [
  ['lonn', 'Lønn'], ['reskontro', 'Reskontro'], ['faktura', 'Faktura'], ['skatt', 'Skatt'],
  ['a-melding', 'A-melding'], ['folkeregister', 'Folkeregister'], ['enhetsregister', 'Enhetsregister'],
  ['arkiv', 'Arkiv'], ['innkjop', 'Innkjøp'], ['regnskap', 'Regnskap'], ['personal', 'Personal'],
  ['tilskudd', 'Tilskudd'], ['tilsyn', 'Tilsyn'], ['saksbehandling', 'Saksbehandling'],
  ['statistikk', 'Statistikk'], ['pensjon', 'Pensjon'], ['refusjon', 'Refusjon'], ['eiendom', 'Eiendom'],
  ['kart', 'Kart'], ['helse', 'Helse'],
];
const SCOPES = [
  'dfo:ansatte', 'dfo:org', 'dfo:lonn', 'skatteetaten:inntekt', 'skatteetaten:formue',
  'altinn:serviceowner/instances.read', 'altinn:serviceowner/instances.write',
  'brreg:enhet', 'nav:aareg/v1/arbeidsforhold', 'ks:fiks', 'kartverket:eiendom', 'difi:arkiv',
  'ssb:statistikk', 'helsedir:register', 'udir:grunnskole',
];
const TEAMS = 200;
const USERS = 400;

/** A UUID-shaped client id from the seeded PRNG, so client ids are the same on every run. */
function uuidFrom(rand) {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * The catalog: `count` Maskinporten entities (70 % `Resource`s of type `maskinporten-client`,
 * 30 % `Component`s, each with client id, environment and scopes), plus one component without
 * annotations that `dependsOn` five of the resources (the card entity). Deterministic.
 */
function generateCatalog(count) {
  const rand = rng(20261207);
  const pick = xs => xs[Math.floor(rand() * xs.length)];
  const integrations = [];
  for (let i = 0; i < count; i++) {
    const [slug, word] = pick(WORDS);
    const kind = i % 10 < 3 ? 'Component' : 'Resource';
    const name = `${slug}-${String(i).padStart(5, '0')}`;
    const owner =
      rand() < 0.1
        ? `user:default/user-${Math.floor(rand() * USERS)}`
        : `group:default/team-${String(Math.floor(TEAMS * rand() ** 2)).padStart(3, '0')}`;
    const environment = rand() < 0.6 ? 'test' : 'prod';
    const scopes = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(SCOPES)))];
    integrations.push({
      i,
      kind,
      name,
      entityRef: `${kind.toLowerCase()}:default/${name}`,
      title: `${word} ${i}`,
      owner,
      environment,
      clientId: uuidFrom(rand),
      scopes,
    });
  }
  const related = integrations.filter(x => x.kind === 'Resource').slice(0, CARD_RELATED);
  return { integrations, related, card: CARD_ENTITY };
}

function entityOf(integration, revision) {
  const annotations = {
    'backstage.io/managed-by-location': LOCATION,
    'backstage.io/managed-by-origin-location': LOCATION,
    'maskinporten.no/client-id': integration.clientId,
    'maskinporten.no/environment': integration.environment,
    'maskinporten.no/scopes': integration.scopes.join(' '),
  };
  if (revision) annotations[REVISION_ANNOTATION] = String(revision);
  const spec =
    integration.kind === 'Resource'
      ? { type: 'maskinporten-client', owner: integration.owner }
      : { type: 'service', lifecycle: 'production', owner: integration.owner };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: integration.kind,
    metadata: {
      name: integration.name,
      namespace: 'default',
      title: revision ? `${integration.title} (revision ${revision})` : integration.title,
      description: `${integration.title}: reads ${integration.scopes.join(', ')} through Maskinporten (${integration.environment}).`,
      annotations,
    },
    spec,
  };
}

function cardEntity(catalog) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: CARD_ENTITY.name,
      namespace: 'default',
      title: 'Scale bench card',
      annotations: {
        'backstage.io/managed-by-location': LOCATION,
        'backstage.io/managed-by-origin-location': LOCATION,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-000',
      dependsOn: catalog.related.map(r => r.entityRef),
    },
  };
}

/** Which integrations revision `r` of the "1 % changed" step changes: every 100th, offset by r. */
function changedIn(catalog, revision) {
  return catalog.integrations.filter(x => x.i % 100 === (revision * 37) % 100);
}

/**
 * Keys (all live: the newest active, or pending for 10 %, the older ones retiring, so the
 * expiry scan judges every one) spread evenly over the integrations, and token tests for
 * about a third of them. Sizes of JWK and ciphertext as real ones.
 */
function generateKeysAndTests(catalog, keyTotal, now) {
  const rand = rng(4242);
  const modulus = crypto.randomBytes(512).toString('base64url');
  const ciphertext = `mpk1.v1.${crypto.randomBytes(1700).toString('base64url')}`;
  const n = catalog.integrations.length;
  const keys = [];
  const tests = [];
  catalog.integrations.forEach((x, index) => {
    const keyCount = Math.floor(keyTotal / n) + (index < keyTotal % n ? 1 : 0);
    const entityRef = x.entityRef.toLowerCase();
    // Newest key created up to 400 days ago with a 365-day lifetime (a few percent expired, some
    // within the warning window); each older one 30-90 days before the next.
    let createdAt = now - Math.floor(rand() * 400 * DAY);
    let newestKid;
    for (let k = 0; k < keyCount; k++) {
      const kid = `scale-${x.environment}-${x.name}-${k}-${crypto.randomBytes(4).toString('hex')}`;
      newestKid ??= kid;
      const state = k === 0 ? (rand() < 0.1 ? 'pending' : 'active') : 'retiring';
      keys.push({
        id: crypto.randomUUID(),
        kid,
        entity_ref: entityRef,
        environment: x.environment,
        client_id: x.clientId,
        algorithm: 'RS256',
        modulus_length: 4096,
        public_jwk: JSON.stringify({ kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: 'AQAB', n: modulus }),
        private_key_ciphertext: ciphertext,
        encryption_secret_id: 'scale-bench',
        state,
        created_by: `user:default/user-${Math.floor(rand() * USERS)}`,
        created_at: new Date(createdAt),
        registered_at: state === 'pending' ? null : new Date(createdAt),
        expires_at: new Date(createdAt + 365 * DAY),
      });
      createdAt -= (30 + Math.floor(rand() * 60)) * DAY;
    }
    if (keyCount > 0 && rand() < 0.35) {
      for (let t = 0, tc = 1 + Math.floor(rand() * 3); t < tc; t++) {
        const ok = rand() < 0.7;
        tests.push({
          id: crypto.randomUUID(),
          entity_ref: entityRef,
          environment: x.environment,
          client_id: x.clientId,
          kid: newestKid,
          requested_by: `user:default/user-${Math.floor(rand() * USERS)}`,
          requested_at: new Date(now - Math.floor(rand() * 90 * DAY)),
          outcome: ok ? 'success' : 'rejected',
          message: ok ? 'Maskinporten issued a token' : 'Maskinporten refused the grant',
          http_status: ok ? 200 : 400,
          error_code: ok ? null : 'MP-100',
          error: ok ? null : 'invalid_grant',
          error_description: ok ? null : 'Invalid assertion. Client authentication failed. (MP-100)',
          granted_scopes: ok ? x.scopes.join(' ') : null,
          expires_in: ok ? 120 : null,
          duration_ms: 40 + Math.floor(rand() * 200),
        });
      }
    }
  });
  return { keys, tests };
}

module.exports = {
  generateCatalog,
  entityOf,
  cardEntity,
  changedIn,
  generateKeysAndTests,
  REVISION_ANNOTATION,
  CARD_RELATED,
};

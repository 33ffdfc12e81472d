import { createPublicKey, KeyObject } from 'node:crypto';
import { inputError } from '../errors';

/** Algorithms Maskinporten accepts for client keys and grants. */
export const SUPPORTED_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

/** At most this many keys may be registered on one client. */
export const MAX_KEYS_PER_CLIENT = 5;

/** A key lives this long after it was posted (re-posting renews it). */
export const KEY_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/** Smallest accepted RSA modulus. */
export const MIN_MODULUS_BITS = 2048;

const KID_PATTERN = /^[A-Za-z0-9._-]+$/;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The public members of a registered RSA key, as stored and returned by the
 * self-service API.
 *
 * @public
 */
export interface SimulatorPublicJwk {
  kty: 'RSA';
  alg: 'RS256' | 'RS384' | 'RS512';
  use: 'sig';
  kid: string;
  e: string;
  n: string;
}

/** A validated key and its Node key object, ready to verify signatures. */
export interface ValidatedJwk {
  jwk: SimulatorPublicJwk;
  keyObject: KeyObject;
}

function describe(index: number, kid?: unknown): string {
  return typeof kid === 'string' && kid
    ? `keys[${index}] (kid "${kid}")`
    : `keys[${index}]`;
}

/**
 * Validates one public RSA JWK by Digdir's rules. Throws a 400 input error
 * naming the offending member.
 */
export function validatePublicJwk(raw: unknown, index: number): ValidatedJwk {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw inputError(`keys[${index}] must be a JSON object (a JWK)`);
  }
  const key = raw as Record<string, unknown>;
  const where = describe(index, key.kid);

  const privateMembers = PRIVATE_MEMBERS.filter(m => m in key);
  if (privateMembers.length > 0) {
    throw inputError(
      `${where} contains private key member(s) ${privateMembers.join(', ')}; ` +
        'only public keys may be registered, never post a private key',
    );
  }
  if (key.kty === undefined) {
    throw inputError(`${where}: kty is required`);
  }
  if (key.kty !== 'RSA') {
    throw inputError(`${where}: kty must be "RSA", got ${JSON.stringify(key.kty)}`);
  }
  if (key.alg === undefined) {
    throw inputError(`${where}: alg is required (RS256, RS384 or RS512)`);
  }
  if (!SUPPORTED_ALGORITHMS.includes(key.alg as any)) {
    throw inputError(
      `${where}: alg must be one of ${SUPPORTED_ALGORITHMS.join(', ')}, got ${JSON.stringify(key.alg)}`,
    );
  }
  if (key.use === undefined) {
    throw inputError(`${where}: use is required and must be "sig"`);
  }
  if (key.use !== 'sig') {
    throw inputError(`${where}: use must be "sig", got ${JSON.stringify(key.use)}`);
  }
  if (key.kid === undefined || key.kid === '') {
    throw inputError(`${where}: kid is required`);
  }
  if (typeof key.kid !== 'string' || !KID_PATTERN.test(key.kid)) {
    throw inputError(
      `${where}: kid may only contain letters, digits, ".", "_" and "-"`,
    );
  }
  for (const member of ['e', 'n'] as const) {
    if (key[member] === undefined) {
      throw inputError(`${where}: ${member} is required`);
    }
    if (typeof key[member] !== 'string' || !/^[A-Za-z0-9_-]+$/.test(key[member] as string)) {
      throw inputError(`${where}: ${member} must be a base64url string`);
    }
  }

  const jwk: SimulatorPublicJwk = {
    kty: 'RSA',
    alg: key.alg as SimulatorPublicJwk['alg'],
    use: 'sig',
    kid: key.kid,
    e: key.e as string,
    n: key.n as string,
  };
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({
      key: { kty: 'RSA', e: jwk.e, n: jwk.n },
      format: 'jwk',
    });
  } catch (e) {
    throw inputError(`${where}: n and e do not form a valid RSA public key`);
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) {
    throw inputError(
      `${where}: n is a ${bits}-bit modulus; at least ${MIN_MODULUS_BITS} bits are required`,
    );
  }
  return { jwk, keyObject };
}

/**
 * Validates a whole key set as posted to `POST /clients/{id}/jwks`
 * (the value of its `keys` member).
 */
export function validateKeySet(raw: unknown): ValidatedJwk[] {
  if (!Array.isArray(raw)) {
    throw inputError('keys is required and must be an array of JWKs');
  }
  if (raw.length === 0) {
    throw inputError(
      'keys must contain at least one key; use DELETE on the jwks resource to remove all keys',
    );
  }
  if (raw.length > MAX_KEYS_PER_CLIENT) {
    throw inputError(
      `keys holds ${raw.length} keys; at most ${MAX_KEYS_PER_CLIENT} keys may be registered on a client (a posted set replaces the whole set)`,
    );
  }
  const validated = raw.map((key, i) => validatePublicJwk(key, i));
  const seen = new Set<string>();
  validated.forEach(({ jwk }, i) => {
    if (seen.has(jwk.kid)) {
      throw inputError(`keys[${i}]: kid "${jwk.kid}" appears more than once in the set`);
    }
    seen.add(jwk.kid);
  });
  return validated;
}

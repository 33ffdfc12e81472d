import { createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { CertificateTrust } from '../certificates';
import { inputError } from '../errors';

/** Algorithms Maskinporten accepts for client keys and grants. */
export const SUPPORTED_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

/** At most this many keys may be registered on one client. */
export const MAX_KEYS_PER_CLIENT = 5;

/**
 * A key lives at most this long after it was posted (re-posting renews it): "En nøkkel har
 * maks ett års levetid fra tidspunktet den blir postet på"
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_autentisering).
 */
export const KEY_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/** Smallest accepted RSA modulus. */
export const MIN_MODULUS_BITS = 2048;

/** Longest accepted kid; Digdir documents none, this only bounds the work on request input. */
const MAX_KID_LENGTH = 255;
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
  /** The enterprise certificate chain the key is locked to, when it was posted with one. */
  x5c?: string[];
}

/** A validated key and its Node key object, ready to verify signatures. */
export interface ValidatedJwk {
  jwk: SimulatorPublicJwk;
  keyObject: KeyObject;
  /** The `exp` the caller posted (unix seconds), if any. */
  requestedExp?: number;
  /** The parsed `x5c` chain, leaf first, if any. */
  certificates?: X509Certificate[];
}

function describe(index: number, kid?: unknown): string {
  return typeof kid === 'string' && kid && kid.length <= MAX_KID_LENGTH
    ? `keys[${index}] (kid "${kid}")`
    : `keys[${index}]`;
}

function isKidChar(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2e || // .
    code === 0x5f || // _
    code === 0x2d // -
  );
}

/** Letters, digits, `.`, `_` and `-`, by a scan: kids arrive in request bodies. */
export function isValidKid(kid: string): boolean {
  if (kid.length === 0 || kid.length > MAX_KID_LENGTH) {
    return false;
  }
  for (let i = 0; i < kid.length; i++) {
    if (!isKidChar(kid.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

/** base64url without padding (RFC 7518 §6.3.1 `n` and `e`), by a scan. */
export function isBase64Url(value: string): boolean {
  if (value.length === 0) {
    return false;
  }
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!(isKidChar(code) && code !== 0x2e)) {
      return false;
    }
  }
  return true;
}

function checkPresentAndEqual(
  key: Record<string, unknown>,
  at: { where: string; index: number },
  member: 'kty' | 'use',
  expected: string,
): void {
  const field = `keys[${at.index}].${member}`;
  if (key[member] === undefined) {
    throw inputError(`${at.where}: ${member} is required and must be "${expected}"`, field);
  }
  if (key[member] !== expected) {
    throw inputError(`${at.where}: ${member} must be "${expected}", got ${JSON.stringify(key[member])}`, field);
  }
}

/** A posted `exp`: unix seconds. Digdir keeps a posted exp (see ClientKeys). */
function readRequestedExp(key: Record<string, unknown>, where: string, index: number) {
  if (key.exp === undefined) {
    return undefined;
  }
  if (typeof key.exp !== 'number' || !Number.isInteger(key.exp) || key.exp < 0) {
    throw inputError(`${where}: exp must be a whole number of seconds since the epoch`, `keys[${index}].exp`);
  }
  return key.exp;
}

/** A posted `x5c`: the chain whose leaf holds exactly this public key. */
function readCertificates(key: Record<string, unknown>, keyObject: KeyObject, where: string, index: number) {
  if (key.x5c === undefined) {
    return undefined;
  }
  const field = `keys[${index}].x5c`;
  const parsed = new CertificateTrust().parse(key.x5c);
  if (!Array.isArray(parsed)) {
    throw inputError(`${where}: ${parsed.message}`, field);
  }
  if (!parsed[0].publicKey.equals(keyObject)) {
    throw inputError(`${where}: the first certificate in x5c does not hold this key (n, e)`, field);
  }
  return parsed;
}

/**
 * Validates one public RSA JWK by Digdir's rules. Throws a 400 input error
 * naming the offending member.
 */
export function validatePublicJwk(raw: unknown, index: number): ValidatedJwk {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw inputError(`keys[${index}] must be a JSON object (a JWK)`, `keys[${index}]`);
  }
  const key = raw as Record<string, unknown>;
  const where = describe(index, key.kid);
  const privateMembers = PRIVATE_MEMBERS.filter(m => m in key);
  if (privateMembers.length > 0) {
    throw inputError(
      `${where} contains private key member(s) ${privateMembers.join(', ')}; ` +
        'only public keys may be registered, never post a private key',
      `keys[${index}]`,
    );
  }
  checkPresentAndEqual(key, { where, index }, 'kty', 'RSA');
  if (key.alg === undefined) {
    throw inputError(`${where}: alg is required (RS256, RS384 or RS512)`, `keys[${index}].alg`);
  }
  if (!SUPPORTED_ALGORITHMS.includes(key.alg as any)) {
    throw inputError(
      `${where}: alg must be one of ${SUPPORTED_ALGORITHMS.join(', ')}, got ${JSON.stringify(key.alg)}`,
      `keys[${index}].alg`,
    );
  }
  // `use` is required since Digdir's API release of 2025-05-22 (okdata-maskinporten-api,
  // maskinporten_api/maskinporten_client.py, `_jwk_ensure_use_sig`).
  checkPresentAndEqual(key, { where, index }, 'use', 'sig');
  if (key.kid === undefined || key.kid === '') {
    throw inputError(`${where}: kid is required`, `keys[${index}].kid`);
  }
  if (typeof key.kid !== 'string' || !isValidKid(key.kid)) {
    throw inputError(
      `${where}: kid may only contain letters, digits, ".", "_" and "-" (at most ${MAX_KID_LENGTH})`,
      `keys[${index}].kid`,
    );
  }
  for (const member of ['e', 'n'] as const) {
    if (key[member] === undefined) {
      throw inputError(`${where}: ${member} is required`, `keys[${index}].${member}`);
    }
    if (typeof key[member] !== 'string' || !isBase64Url(key[member] as string)) {
      throw inputError(`${where}: ${member} must be a base64url string`, `keys[${index}].${member}`);
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
    keyObject = createPublicKey({ key: { kty: 'RSA', e: jwk.e, n: jwk.n }, format: 'jwk' });
  } catch (e) {
    throw inputError(`${where}: n and e do not form a valid RSA public key`, `keys[${index}].n`);
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) {
    throw inputError(
      `${where}: n is a ${bits}-bit modulus; at least ${MIN_MODULUS_BITS} bits are required`,
      `keys[${index}].n`,
    );
  }
  const requestedExp = readRequestedExp(key, where, index);
  const certificates = readCertificates(key, keyObject, where, index);
  if (certificates) {
    jwk.x5c = [...(key.x5c as string[])];
  }
  return { jwk, keyObject, requestedExp, certificates };
}

/**
 * Validates a whole key set as posted to `POST`/`PUT /clients/{id}/jwks`
 * (the value of its `keys` member).
 */
export function validateKeySet(raw: unknown): ValidatedJwk[] {
  if (!Array.isArray(raw)) {
    throw inputError('keys is required and must be an array of JWKs', 'keys');
  }
  if (raw.length === 0) {
    throw inputError(
      'keys must contain at least one key; use DELETE on the jwks resource to remove all keys',
      'keys',
    );
  }
  if (raw.length > MAX_KEYS_PER_CLIENT) {
    throw inputError(
      `keys holds ${raw.length} keys; at most ${MAX_KEYS_PER_CLIENT} keys may be registered on a client (a posted set replaces the whole set)`,
      'keys',
    );
  }
  const validated = raw.map((key, i) => validatePublicJwk(key, i));
  const seen = new Set<string>();
  validated.forEach(({ jwk }, i) => {
    if (seen.has(jwk.kid)) {
      throw inputError(`keys[${i}]: kid "${jwk.kid}" appears more than once in the set`, `keys[${i}].kid`);
    }
    seen.add(jwk.kid);
  });
  return validated;
}

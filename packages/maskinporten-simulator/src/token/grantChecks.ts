import { KeyObject, X509Certificate } from 'node:crypto';
import type { Request } from 'express';
import { compactVerify } from 'jose';
import type { ClientRegistry, ResolvedKey, SimulatorClient } from '../clients';
import { JWT_BEARER_GRANT_TYPE, SUPPORTED_ALGORITHMS } from '../clients';
import { mpError } from '../errors';
import type { JtiStore } from './JtiStore';

/*
 * One small function per rule. They run in a fixed order (see
 * tokenEndpoint.ts) so that a grant with several faults always gets the same
 * code: structure → header → client (iss) → kid → key expiry → signature →
 * aud → times → claims → jti → scopes → consumer_org.
 */

/** Claims Digdir documents for a grant; anything else is "Invalid assertion". */
export const ALLOWED_GRANT_CLAIMS = [
  'aud',
  'iss',
  'scope',
  'iat',
  'exp',
  'jti',
  'resource',
  'consumer_org',
  'pid',
  'iss_onbehalfof',
  'authorization_details',
] as const;

export const MAX_GRANT_LIFETIME_SECONDS = 120;
export const MAX_CLOCK_SKEW_SECONDS = 10;

export interface DecodedGrant {
  assertion: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export type GrantHeader =
  | { alg: string; kid: string; x5c?: undefined }
  | { alg: string; kid?: undefined; x5c: unknown[] };

export interface GrantTimes {
  iat: number;
  exp: number;
}

export interface GrantClaims {
  jti: string;
  scope?: string;
  resource?: string | string[];
  consumerOrg?: string;
  pid?: string;
  issOnBehalfOf?: string;
  authorizationDetails?: Record<string, unknown>[];
}

const invalidAssertion = (detail: string) =>
  mpError('invalid_request', 'MP-011', `Invalid assertion: ${detail}`);

/** Content type, grant_type and assertion of the token request. Returns the assertion. */
export function readGrantRequest(req: Request): string {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw mpError(
      'invalid_request',
      'MP-011',
      'the token request must be a form post (Content-Type: application/x-www-form-urlencoded)',
    );
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const grantType = body.grant_type;
  if (grantType === undefined || grantType === '') {
    throw mpError('invalid_request', 'MP-011', 'grant_type is missing');
  }
  if (typeof grantType !== 'string') {
    throw mpError('invalid_request', 'MP-011', 'grant_type must be sent once');
  }
  if (grantType !== JWT_BEARER_GRANT_TYPE) {
    throw mpError(
      'unsupported_grant_type',
      undefined,
      `grant_type "${grantType}" is not supported; Maskinporten only accepts ${JWT_BEARER_GRANT_TYPE}`,
    );
  }
  const assertion = body.assertion;
  if (assertion === undefined || assertion === '') {
    throw mpError('invalid_request', 'MP-011', 'assertion is missing');
  }
  if (typeof assertion !== 'string') {
    throw mpError('invalid_request', 'MP-011', 'assertion must be sent once');
  }
  return assertion;
}

function parseSegment(segment: string, name: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) {
    throw invalidAssertion(`the JWT ${name} is not base64url`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw invalidAssertion(`the JWT ${name} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidAssertion(`the JWT ${name} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** The assertion must be a compact JWS: header.payload.signature. */
export function decodeGrant(assertion: string): DecodedGrant {
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts[2] === '') {
    throw invalidAssertion('the assertion is not a signed JWT (compact JWS)');
  }
  return {
    assertion,
    header: parseSegment(parts[0], 'header'),
    payload: parseSegment(parts[1], 'payload'),
  };
}

export function checkHeader(header: Record<string, unknown>): GrantHeader {
  const { alg, kid, x5c } = header;
  if (typeof alg !== 'string' || !SUPPORTED_ALGORITHMS.includes(alg as any)) {
    throw invalidAssertion(
      `header alg must be one of ${SUPPORTED_ALGORITHMS.join(', ')}, got ${JSON.stringify(alg ?? null)}`,
    );
  }
  if ('crit' in header) {
    throw invalidAssertion('header crit is not supported');
  }
  if (kid !== undefined && x5c !== undefined) {
    throw invalidAssertion('header must contain exactly one of kid and x5c, not both');
  }
  if (kid === undefined && x5c === undefined) {
    throw invalidAssertion('header must contain kid (a key registered on the client) or x5c');
  }
  if (x5c !== undefined) {
    if (!Array.isArray(x5c)) {
      throw mpError('invalid_grant', 'MP-123', 'Invalid x5c: the header x5c must be an array of certificates');
    }
    return { alg, x5c };
  }
  if (typeof kid !== 'string' || kid === '') {
    throw invalidAssertion('header kid must be a non-empty string');
  }
  return { alg, kid };
}

/** `iss` names the client; it must exist and be active. */
export function resolveClient(
  payload: Record<string, unknown>,
  registry: ClientRegistry,
): SimulatorClient {
  const iss = payload.iss;
  if (typeof iss !== 'string' || iss === '') {
    throw mpError(
      'invalid_grant',
      'MP-100',
      'Client authentication failed: iss (the client id) is missing',
    );
  }
  const client = registry.findActiveClient(iss);
  if (!client) {
    throw mpError(
      'invalid_grant',
      'MP-100',
      `Client authentication failed: client ${iss} not found (unknown, deactivated, or registered in another environment)`,
    );
  }
  return client;
}

/** The key named by `kid` on the client. */
export function resolveKey(
  header: GrantHeader & { kid: string },
  client: SimulatorClient,
  registry: ClientRegistry,
): ResolvedKey {
  const resolved = registry.findKey(client.clientId, header.kid);
  if (!resolved) {
    throw mpError(
      'invalid_grant',
      'MP-100',
      `Client authentication failed: no key with kid "${header.kid}" registered on client ${client.clientId}`,
    );
  }
  return resolved;
}

/**
 * The leaf certificate of an `x5c` grant. The simulator trusts no certificate authority:
 * a client may sign with `x5c` only when it has no registered keys and the leaf is exactly
 * the certificate configured for it. A longer chain must link up (each certificate issued
 * and signed by the next).
 */
export function resolveCertificate(
  header: GrantHeader & { x5c: unknown[] },
  client: SimulatorClient,
  registry: ClientRegistry,
  nowSeconds: number,
): X509Certificate {
  if (client.keys.length > 0) {
    throw mpError(
      'invalid_grant',
      'MP-100',
      `Client authentication failed: client ${client.clientId} has registered keys, so the grant must name one of them with kid instead of sending x5c`,
    );
  }
  const configured = registry.findCertificate(client.clientId);
  if (!configured) {
    throw mpError(
      'invalid_grant',
      'MP-120',
      `Invalid certificate: no enterprise certificate is configured for client ${client.clientId} in the simulator; configure one (certificate) or register a public key and sign with kid`,
    );
  }
  if (header.x5c.length === 0) {
    throw mpError('invalid_grant', 'MP-123', 'Invalid x5c: the certificate chain is empty');
  }
  const chain = header.x5c.map((entry, i) => {
    // x5c holds standard base64 (not base64url) DER, RFC 7515 §4.1.6.
    if (typeof entry !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(entry)) {
      throw mpError('invalid_grant', 'MP-123', `Invalid x5c: x5c[${i}] is not a base64 DER certificate`);
    }
    try {
      return new X509Certificate(Buffer.from(entry, 'base64'));
    } catch {
      throw mpError('invalid_grant', 'MP-123', `Invalid x5c: x5c[${i}] is not an X.509 certificate`);
    }
  });
  const [leaf] = chain;
  if (!leaf.raw.equals(configured.raw)) {
    throw mpError(
      'invalid_grant',
      'MP-120',
      `Invalid certificate: the leaf certificate in x5c (${leaf.subject.replace(/\n/g, ', ')}) is not the enterprise certificate of client ${client.clientId} (put the client's own certificate first)`,
    );
  }
  const validFrom = Date.parse(leaf.validFrom) / 1000;
  const validTo = Date.parse(leaf.validTo) / 1000;
  if (nowSeconds < validFrom || nowSeconds > validTo) {
    throw mpError(
      'invalid_grant',
      'MP-120',
      `Invalid certificate: the enterprise certificate of client ${client.clientId} is ${
        nowSeconds < validFrom ? 'not valid yet' : 'expired'
      } (valid ${leaf.validFrom} to ${leaf.validTo})`,
    );
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey)) {
      throw mpError(
        'invalid_grant',
        'MP-120',
        `Invalid certificate: x5c[${i}] is not issued by x5c[${i + 1}]; send the chain leaf first, each certificate followed by its issuer`,
      );
    }
  }
  return leaf;
}

/** An `x5c` grant must be signed by the leaf certificate's key. */
export async function checkCertificateSignature(
  grant: DecodedGrant,
  header: GrantHeader,
  leaf: X509Certificate,
): Promise<void> {
  const key: KeyObject = leaf.publicKey;
  try {
    await compactVerify(grant.assertion, key, { algorithms: [header.alg] });
  } catch {
    throw mpError(
      'invalid_grant',
      'MP-124',
      'Invalid signature: the grant was not signed by the private key of the certificate in x5c',
    );
  }
}

/** Key registrations last 365 days from when they were posted. */
export function checkKeyExpiry(resolved: ResolvedKey, nowSeconds: number): void {
  if (nowSeconds > resolved.key.exp) {
    throw mpError(
      'invalid_grant',
      'MP-121',
      `Expired key: the key with kid "${resolved.key.jwk.kid}" expired at ${new Date(
        resolved.key.exp * 1000,
      ).toISOString()} (keys live one year after they are posted); post a new key, or re-post this one to renew it`,
    );
  }
}

export async function checkSignature(
  grant: DecodedGrant,
  header: GrantHeader,
  resolved: ResolvedKey,
): Promise<void> {
  if (resolved.key.jwk.alg !== header.alg) {
    throw mpError(
      'invalid_grant',
      'MP-124',
      `Invalid signature: the grant is signed with ${header.alg} but key "${resolved.key.jwk.kid}" is registered for ${resolved.key.jwk.alg}`,
    );
  }
  try {
    await compactVerify(grant.assertion, resolved.keyObject, {
      algorithms: [header.alg],
    });
  } catch {
    throw mpError(
      'invalid_grant',
      'MP-124',
      `Invalid signature: the grant was not signed by the private key of kid "${resolved.key.jwk.kid}"`,
    );
  }
}

/** `aud` must be exactly the issuer, as a single string. */
export function checkAudience(aud: unknown, issuer: string): void {
  const fail = (detail: string) =>
    mpError('invalid_grant', 'MP-110', `Invalid audience: ${detail}; expected "${issuer}"`);
  if (aud === undefined) {
    throw fail('aud is missing');
  }
  if (typeof aud !== 'string') {
    throw fail('aud must be a single string, not an array or other value');
  }
  if (aud === issuer) {
    return;
  }
  if (`${aud}/` === issuer) {
    throw fail(`"${aud}" lacks the trailing slash`);
  }
  if (/\/token\/?$/.test(aud)) {
    throw fail(`"${aud}" is a token endpoint, not the issuer`);
  }
  throw fail(`"${aud}" is not this environment's issuer`);
}

const isNumericDate = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/** iat and exp: present, exp - iat ≤ 120 s, iat within 10 s of now, not expired. */
export function checkTimes(
  payload: Record<string, unknown>,
  nowSeconds: number,
): GrantTimes {
  const { iat, exp } = payload;
  if (!isNumericDate(exp)) {
    throw invalidAssertion('exp is missing or not a number (seconds since the epoch)');
  }
  if (!isNumericDate(iat)) {
    throw invalidAssertion('iat is missing or not a number (seconds since the epoch)');
  }
  const expired = (detail: string) =>
    mpError('invalid_grant', 'MP-130', `JWT is expired or not valid now: ${detail}`);
  if (exp <= iat) {
    throw expired(`exp (${exp}) must be after iat (${iat})`);
  }
  if (exp - iat > MAX_GRANT_LIFETIME_SECONDS) {
    throw expired(
      `grant lifetime exceeds ${MAX_GRANT_LIFETIME_SECONDS} s (exp - iat = ${exp - iat} s)`,
    );
  }
  const skew = iat - nowSeconds;
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    throw expired(
      `iat is ${Math.abs(Math.round(skew))} s ${skew > 0 ? 'ahead of' : 'behind'} Maskinporten's clock (clock skew; at most ${MAX_CLOCK_SKEW_SECONDS} s allowed)`,
    );
  }
  if (exp <= nowSeconds) {
    throw expired(`exp (${exp}) is in the past`);
  }
  return { iat, exp };
}

function isAbsoluteUri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol.length > 1;
  } catch {
    return false;
  }
}

/** The remaining claims: only documented ones, each well-formed. */
export function checkClaims(payload: Record<string, unknown>): GrantClaims {
  const unknown = Object.keys(payload).filter(
    c => !(ALLOWED_GRANT_CLAIMS as readonly string[]).includes(c),
  );
  if (unknown.length > 0) {
    throw invalidAssertion(
      `claim${unknown.length > 1 ? 's' : ''} ${unknown
        .map(c => `"${c}"`)
        .join(', ')} not allowed; a grant may only contain ${ALLOWED_GRANT_CLAIMS.join(', ')}`,
    );
  }
  const { jti, scope, resource, consumer_org, pid, iss_onbehalfof, authorization_details } =
    payload;
  if (jti === undefined || jti === '') {
    throw invalidAssertion('jti is missing; every grant needs a unique jti');
  }
  if (typeof jti !== 'string') {
    throw invalidAssertion('jti must be a string');
  }
  if (scope !== undefined && typeof scope !== 'string') {
    throw invalidAssertion('scope must be a space-separated string');
  }
  if (resource !== undefined) {
    const values = Array.isArray(resource) ? resource : [resource];
    if (
      values.length === 0 ||
      values.some(r => typeof r !== 'string' || !isAbsoluteUri(r))
    ) {
      throw invalidAssertion('resource must be an absolute URI or an array of absolute URIs');
    }
  }
  if (consumer_org !== undefined) {
    if (typeof consumer_org !== 'string' || !/^\d{9}$/.test(consumer_org)) {
      throw invalidAssertion('consumer_org must be a 9-digit organisation number');
    }
  }
  if (pid !== undefined && (typeof pid !== 'string' || !/^\d{11}$/.test(pid))) {
    throw invalidAssertion('pid must be an 11-digit national identity number');
  }
  if (iss_onbehalfof !== undefined && (typeof iss_onbehalfof !== 'string' || !iss_onbehalfof)) {
    throw invalidAssertion('iss_onbehalfof must be a non-empty string');
  }
  if (authorization_details !== undefined) {
    if (
      !Array.isArray(authorization_details) ||
      authorization_details.length === 0 ||
      authorization_details.some(
        d => typeof d !== 'object' || d === null || Array.isArray(d) || typeof d.type !== 'string',
      )
    ) {
      throw mpError(
        'invalid_request',
        'MP-301',
        'Invalid authorization_details: must be a non-empty array of objects, each with a string type',
      );
    }
  }
  return {
    jti,
    scope: scope as string | undefined,
    resource: resource as string | string[] | undefined,
    consumerOrg: consumer_org as string | undefined,
    pid: pid as string | undefined,
    issOnBehalfOf: iss_onbehalfof as string | undefined,
    authorizationDetails: authorization_details as Record<string, unknown>[] | undefined,
  };
}

export function checkJti(jti: string, store: JtiStore): void {
  if (store.has(jti)) {
    throw mpError(
      'invalid_grant',
      'MP-012',
      `Grant used before: jti "${jti}" was already used; create a new grant with a fresh jti for every request`,
    );
  }
}

/** Every requested scope must be registered on the client. Returns the scopes to grant. */
export function checkScopes(scope: string | undefined, client: SimulatorClient): string[] {
  const requested = [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
  if (requested.length === 0) {
    throw mpError(
      'invalid_scope',
      'MP-200',
      'Invalid scope: no scope requested; send the scope claim with the scopes registered on the client',
    );
  }
  const missing = requested.filter(s => !client.scopes.includes(s));
  if (missing.length > 0) {
    throw mpError(
      'invalid_scope',
      'MP-200',
      `Invalid scope: ${missing.map(s => `"${s}"`).join(', ')} ${
        missing.length > 1 ? 'are' : 'is'
      } not registered on client ${client.clientId}`,
    );
  }
  return requested;
}

export function checkConsumerOrg(consumerOrg: string | undefined, client: SimulatorClient): void {
  if (consumerOrg !== undefined && !client.consumerOrgs.includes(consumerOrg)) {
    throw mpError(
      'access_denied',
      'MP-251',
      `No delegation: organisation ${consumerOrg} has not delegated access to client ${client.clientId}`,
    );
  }
}

import { isIP } from 'node:net';
import { InputError } from '@backstage/errors';
import { GraviteeRenderInput } from '../types';

/*
 * Everything here ends up inside a Gravitee definition, several values inside Gravitee
 * EL or Freemarker. Restricting them to plain characters is what keeps a definition from
 * evaluating something we did not write.
 */
const KID = /^[A-Za-z0-9._-]{1,200}$/;
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,200}$/;
const ENVIRONMENT_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const HEADER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const SAFE_TEXT = /^[^'"{}\\\r\n]+$/;

export function validateRenderInput(input: GraviteeRenderInput): void {
  requireMatch(input.entityRef, SAFE_TEXT, 'entityRef', 'an entity ref such as component:default/my-service');
  requireMatch(input.name, SAFE_TEXT, 'name', 'a display name without quotes or braces');
  requireMatch(input.clientId, CLIENT_ID, 'clientId', 'a Maskinporten client id (letters, digits, ".", "_", ":", "-")');
  requireMatch(input.kid, KID, 'kid', 'a key id of letters, digits, ".", "_" and "-"');
  validateEnvironment(input);
  validateScopes(input.scopes);
  if (!isContextPath(input.contextPath)) {
    throw new InputError(
      `contextPath must be a path such as /maskinporten/my-service (letters, digits, ".", "_", "~", "-"; no "." or ".." segment), got ${JSON.stringify(input.contextPath)}`,
    );
  }
  validateIpAllowList(input.ipAllowList);
  if (input.tokenLifetimeSeconds !== undefined) {
    requireInteger(input.tokenLifetimeSeconds, 'tokenLifetimeSeconds', 3, 86_400);
  }
  if (input.issuerFromHeader !== undefined) {
    requireMatch(input.issuerFromHeader, HEADER_NAME, 'issuerFromHeader', 'a header name of letters, digits, "-" and "_"');
  }
}

function validateEnvironment(input: GraviteeRenderInput) {
  const env = input.environment;
  if (!env || typeof env !== 'object') {
    throw new InputError('environment must be an object with name, issuer and tokenEndpoint');
  }
  requireMatch(env.name, ENVIRONMENT_NAME, 'environment.name', 'an environment name such as test or prod');
  requireHttpUrl(env.issuer, 'environment.issuer');
  requireHttpUrl(env.tokenEndpoint, 'environment.tokenEndpoint');
  if (!env.issuer.endsWith('/')) {
    // Maskinporten compares `aud` to its issuer byte for byte.
    throw new InputError(`environment.issuer must end with "/", got ${env.issuer}`);
  }
}

function validateScopes(scopes: unknown) {
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new InputError('scopes must be a non-empty array of scope names');
  }
  scopes.forEach((scope, i) =>
    requireMatch(scope, SCOPE, `scopes[${i}]`, 'a scope such as dfo:ansatte, without spaces or quotes'),
  );
}

function validateIpAllowList(list: unknown) {
  if (!Array.isArray(list)) {
    throw new InputError('ipAllowList must be an array of IP addresses or CIDR ranges');
  }
  list.forEach((entry, i) => {
    if (typeof entry !== 'string' || !isIpOrCidr(entry)) {
      throw new InputError(
        `ipAllowList[${i}] must be an IP address or CIDR range such as 192.0.2.0/24 (prefix 1 or more, no leading zero), got ${JSON.stringify(entry)}`,
      );
    }
  });
}

const PATH_CHARS = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-');

/**
 * `/a/b` or `/a/b/`: non-empty segments of unreserved characters, none of them `.` or `..`
 * (a gateway or proxy could resolve `/x/../admin` to another API's path). Plain string code,
 * so the time is linear in the input whatever it holds.
 */
export function isContextPath(value: unknown): boolean {
  if (typeof value !== 'string' || value.length < 2 || value.length > 512 || value[0] !== '/') {
    return false;
  }
  const segments = value.slice(1).split('/');
  if (segments[segments.length - 1] === '') {
    segments.pop();
  }
  return (
    segments.length > 0 &&
    segments.every(
      segment => segment !== '' && segment !== '.' && segment !== '..' && [...segment].every(c => PATH_CHARS.has(c)),
    )
  );
}

/**
 * An IP address or a CIDR range. The prefix is written without leading zeros (so `/00` is not
 * a disguised `/0`), and `/0`, which allows every address, is refused: an allow-list of
 * everyone is no allow-list (leave it empty for no filter).
 */
export function isIpOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  if (prefix.length === 0 || prefix.length > 3 || [...prefix].some(c => c < '0' || c > '9')) {
    return false;
  }
  if (prefix.length > 1 && prefix.startsWith('0')) {
    return false;
  }
  const bits = Number(prefix);
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

function requireMatch(value: unknown, pattern: RegExp, field: string, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InputError(`${field} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

function requireHttpUrl(value: unknown, field: string): void {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new InputError(`${field} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
}

export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${field} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

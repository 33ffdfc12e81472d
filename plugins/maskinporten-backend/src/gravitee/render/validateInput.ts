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
const CONTEXT_PATH = /^(\/[A-Za-z0-9._~-]+)+\/?$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const SAFE_TEXT = /^[^'"{}\\\r\n]+$/;

export function validateRenderInput(input: GraviteeRenderInput): void {
  requireMatch(input.entityRef, SAFE_TEXT, 'entityRef', 'an entity ref such as component:default/my-service');
  requireMatch(input.name, SAFE_TEXT, 'name', 'a display name without quotes or braces');
  requireMatch(input.clientId, CLIENT_ID, 'clientId', 'a Maskinporten client id (letters, digits, ".", "_", ":", "-")');
  requireMatch(input.kid, KID, 'kid', 'a key id of letters, digits, ".", "_" and "-"');
  validateEnvironment(input);
  validateScopes(input.scopes);
  requireMatch(input.contextPath, CONTEXT_PATH, 'contextPath', 'a path such as /maskinporten/my-service');
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
        `ipAllowList[${i}] must be an IP address or CIDR range such as 192.0.2.0/24, got ${JSON.stringify(entry)}`,
      );
    }
  });
}

export function isIpOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  if (!/^\d{1,3}$/.test(prefix)) {
    return false;
  }
  return Number(prefix) <= (family === 4 ? 32 : 128);
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

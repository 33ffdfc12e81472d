import type { ClientInput, SimulatorClient } from '../clients';
import { checkLifetime, JWT_BEARER_GRANT_TYPE } from '../clients';
import { inputError } from '../errors';

/** A whole number of seconds, zero allowed (authorization and refresh-token lifetimes). */
function readNonNegativeSeconds(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw inputError(`${field} must be a whole number of seconds, 0 or more`, field);
  }
  return value;
}

/**
 * `client_uri`: an absolute http(s) URL, as in Digdir's example client
 * ("client_uri": "https://www.turboskatt.no", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin).
 */
function readClientUri(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.length > 2048) {
    throw inputError('client_uri must be an absolute http(s) URL', 'client_uri');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw inputError('client_uri must be an absolute http(s) URL', 'client_uri');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw inputError('client_uri must be an absolute http(s) URL', 'client_uri');
  }
  return value;
}

/**
 * Validates a Maskinporten client as sent to `POST /clients` or
 * `PUT /clients/{id}` and returns the fields the registry keeps. Read-only
 * fields a caller copies from a GET response (client_id, created, …) are ignored.
 */
export function validateClientBody(
  body: unknown,
  existing?: SimulatorClient,
): ClientInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw inputError('the request body must be a JSON object describing the client', 'body');
  }
  const b = body as Record<string, unknown>;

  if (existing && b.integration_type !== undefined && b.integration_type !== existing.integrationType) {
    throw inputError(
      `integration_type cannot be changed (the client is "${existing.integrationType}")`,
      'integration_type',
    );
  }
  if (b.integration_type === undefined) {
    throw inputError('integration_type is required and must be "maskinporten"', 'integration_type');
  }
  if (b.integration_type !== 'maskinporten') {
    throw inputError(
      `integration_type must be "maskinporten" (the simulator only holds Maskinporten clients), got ${JSON.stringify(b.integration_type)}`,
      'integration_type',
    );
  }

  const applicationType = b.application_type ?? 'web';
  if (applicationType !== 'web') {
    throw inputError(
      `application_type must be "web" for a Maskinporten client, got ${JSON.stringify(applicationType)}`,
      'application_type',
    );
  }

  if (b.token_endpoint_auth_method !== 'private_key_jwt') {
    throw inputError(
      `token_endpoint_auth_method must be "private_key_jwt", got ${JSON.stringify(b.token_endpoint_auth_method ?? null)}`,
      'token_endpoint_auth_method',
    );
  }

  const grantTypes = b.grant_types;
  if (!Array.isArray(grantTypes) || grantTypes.some(g => typeof g !== 'string')) {
    throw inputError(`grant_types must be an array of strings containing "${JWT_BEARER_GRANT_TYPE}"`, 'grant_types');
  }
  if (!grantTypes.includes(JWT_BEARER_GRANT_TYPE)) {
    throw inputError(`grant_types must contain "${JWT_BEARER_GRANT_TYPE}"`, 'grant_types');
  }
  const otherGrant = grantTypes.find(g => g !== JWT_BEARER_GRANT_TYPE);
  if (otherGrant !== undefined) {
    throw inputError(`grant_types: "${otherGrant}" is not allowed for a Maskinporten client`, 'grant_types');
  }

  const scopes = b.scopes;
  if (!Array.isArray(scopes) || scopes.some(s => typeof s !== 'string' || s.trim() === '' || /\s/.test(s))) {
    throw inputError('scopes must be an array of scope names (strings without spaces)', 'scopes');
  }

  for (const field of ['client_name', 'description'] as const) {
    const value = b[field];
    if (value === undefined || value === null) {
      throw inputError(`${field} is required`, field);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw inputError(`${field} must be a non-empty string`, field);
    }
  }

  let accessTokenLifetime: number | undefined;
  if (b.access_token_lifetime !== undefined) {
    checkLifetime(b.access_token_lifetime, 'access_token_lifetime');
    accessTokenLifetime = b.access_token_lifetime as number;
  }

  if (b.sso_disabled !== undefined && b.sso_disabled !== null && typeof b.sso_disabled !== 'boolean') {
    throw inputError('sso_disabled must be true or false', 'sso_disabled');
  }
  return {
    clientName: b.client_name as string,
    description: b.description as string,
    scopes: [...new Set(scopes as string[])],
    applicationType,
    grantTypes: [...new Set(grantTypes as string[])],
    accessTokenLifetime,
    authorizationLifetime: readNonNegativeSeconds(b.authorization_lifetime, 'authorization_lifetime'),
    refreshTokenLifetime: readNonNegativeSeconds(b.refresh_token_lifetime, 'refresh_token_lifetime'),
    clientUri: readClientUri(b.client_uri),
    ssoDisabled: typeof b.sso_disabled === 'boolean' ? b.sso_disabled : undefined,
  };
}

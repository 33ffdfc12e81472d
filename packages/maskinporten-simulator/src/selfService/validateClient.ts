import type { ClientInput, SimulatorClient } from '../clients';
import { checkLifetime, JWT_BEARER_GRANT_TYPE } from '../clients';
import { inputError } from '../errors';

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
    throw inputError('the request body must be a JSON object describing the client');
  }
  const b = body as Record<string, unknown>;

  if (existing && b.integration_type !== undefined && b.integration_type !== existing.integrationType) {
    throw inputError(
      `integration_type cannot be changed (the client is "${existing.integrationType}")`,
    );
  }
  if (b.integration_type === undefined) {
    throw inputError('integration_type is required and must be "maskinporten"');
  }
  if (b.integration_type !== 'maskinporten') {
    throw inputError(
      `integration_type must be "maskinporten" (the simulator only holds Maskinporten clients), got ${JSON.stringify(b.integration_type)}`,
    );
  }

  const applicationType = b.application_type ?? 'web';
  if (applicationType !== 'web') {
    throw inputError(
      `application_type must be "web" for a Maskinporten client, got ${JSON.stringify(applicationType)}`,
    );
  }

  if (b.token_endpoint_auth_method !== 'private_key_jwt') {
    throw inputError(
      `token_endpoint_auth_method must be "private_key_jwt", got ${JSON.stringify(b.token_endpoint_auth_method ?? null)}`,
    );
  }

  const grantTypes = b.grant_types;
  if (!Array.isArray(grantTypes) || grantTypes.some(g => typeof g !== 'string')) {
    throw inputError(`grant_types must be an array of strings containing "${JWT_BEARER_GRANT_TYPE}"`);
  }
  if (!grantTypes.includes(JWT_BEARER_GRANT_TYPE)) {
    throw inputError(`grant_types must contain "${JWT_BEARER_GRANT_TYPE}"`);
  }
  const otherGrant = grantTypes.find(g => g !== JWT_BEARER_GRANT_TYPE);
  if (otherGrant !== undefined) {
    throw inputError(`grant_types: "${otherGrant}" is not allowed for a Maskinporten client`);
  }

  const scopes = b.scopes;
  if (!Array.isArray(scopes) || scopes.some(s => typeof s !== 'string' || s.trim() === '' || /\s/.test(s))) {
    throw inputError('scopes must be an array of scope names (strings without spaces)');
  }

  for (const field of ['client_name', 'description'] as const) {
    const value = b[field];
    if (value === undefined || value === null) {
      throw inputError(`${field} is required`);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw inputError(`${field} must be a non-empty string`);
    }
  }

  let accessTokenLifetime: number | undefined;
  if (b.access_token_lifetime !== undefined) {
    checkLifetime(b.access_token_lifetime, 'access_token_lifetime');
    accessTokenLifetime = b.access_token_lifetime as number;
  }

  return {
    clientName: b.client_name as string,
    description: b.description as string,
    scopes: [...new Set(scopes as string[])],
    applicationType,
    grantTypes: [...new Set(grantTypes as string[])],
    accessTokenLifetime,
  };
}

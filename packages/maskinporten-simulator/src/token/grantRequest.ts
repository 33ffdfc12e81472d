import type { Request } from 'express';
import { isBase64Url, JWT_BEARER_GRANT_TYPE } from '../clients';
import { mpError } from '../errors';

/** A grant split into its parts; nothing in it is trusted yet. */
export interface DecodedGrant {
  assertion: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** MP-011, "Invalid assertion. Invalid parameter value" (Feilsøking i Maskinporten). */
export const invalidAssertion = (detail: string) =>
  mpError('invalid_request', 'MP-011', `Invalid assertion: ${detail}`);

/**
 * Content type, grant_type and assertion of the token request
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_token). Returns the assertion.
 */
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
      `grant_type "${grantType.slice(0, 100)}" is not supported; Maskinporten only accepts ${JWT_BEARER_GRANT_TYPE}`,
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
  if (!isBase64Url(segment)) {
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

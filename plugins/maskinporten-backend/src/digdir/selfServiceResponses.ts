import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { DigdirClientRecord, RegisteredJwk } from './types';

/*
 * Reading what Digdir's self-service API answers. Nothing here throws on a surprising
 * body: callers decide what an unreadable answer means.
 */

export function isClientBody(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { client_id?: unknown }).client_id === 'string'
  );
}

export function hasKeysArray(body: unknown): body is { keys: unknown[] } {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as { keys?: unknown }).keys)
  );
}

export function toClientRecord(raw: Record<string, unknown>): DigdirClientRecord {
  return {
    clientId: String(raw.client_id),
    clientName: typeof raw.client_name === 'string' ? raw.client_name : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    scopes: Array.isArray(raw.scopes) ? raw.scopes.filter(s => typeof s === 'string') : [],
    // Digdir lists deactivated clients only when asked (inactive=true); only an explicit
    // false means deactivated.
    active: raw.active !== false,
  };
}

/**
 * Whether a listed client can be the one an integration's description names: active, and a
 * Maskinporten client. NAV's digdirator matches the same way, on description and
 * integration type (nais/digdirator pkg/digdir/client.go, `clientMatches`).
 */
export function isAdoptable(raw: Record<string, unknown>, description: string): boolean {
  return (
    raw.description === description &&
    raw.active !== false &&
    (raw.integration_type === undefined || raw.integration_type === 'maskinporten')
  );
}

/** The public members of a key, and the certificate chain it is locked to, if any. */
export function publicMembers(key: PublicJwk | RegisteredJwk): RegisteredJwk {
  const jwk: RegisteredJwk = { kty: key.kty, alg: key.alg, use: key.use, kid: key.kid, e: key.e, n: key.n };
  const x5c = (key as RegisteredJwk).x5c;
  if (Array.isArray(x5c) && x5c.every(c => typeof c === 'string')) {
    jwk.x5c = [...x5c];
  }
  return jwk;
}

/** A key as listed by `…/jwks`: public members, x5c and `exp`. */
export function toRegisteredJwk(key: unknown): RegisteredJwk {
  const jwk = publicMembers(key as RegisteredJwk);
  const exp = (key as { exp?: unknown }).exp;
  if (typeof exp === 'number') {
    jwk.exp = exp;
  }
  return jwk;
}

const MAX_DESCRIBED_ERRORS = 5;
const MAX_MESSAGE_LENGTH = 300;

const clip = (text: string) =>
  text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;

/**
 * What went wrong, in words, from an error body, as " (…)" to append to a message; empty
 * when the body says nothing readable.
 *
 * Digdir's self-service API answers `{status, timestamp, correlation_id, errors:
 * [{errorMessage, isFieldError, objectName, fieldIdentifier}], error, error_description}`,
 * where `error` and `error_description` only repeat the messages as ", m1, m2" (the shape
 * okdata-maskinporten-api parses: resources/errors.py, and its fixture of a real answer in
 * test/maskinporten_api/conftest.py). So `errors[]` is read first, each message with the
 * field it names, then the correlation id Digdir's support asks for. OAuth-style bodies
 * (`error`, `error_description`: the token endpoint, 401/403) are read as before.
 */
export function describeError(body: unknown): string {
  if (typeof body !== 'object' || body === null) {
    return '';
  }
  const record = body as Record<string, unknown>;
  const correlation = typeof record.correlation_id === 'string' ? clip(record.correlation_id) : undefined;
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const messages = record.errors
      .slice(0, MAX_DESCRIBED_ERRORS)
      .map(describeFieldError)
      .filter((m): m is string => m !== undefined);
    if (messages.length > 0) {
      const more = record.errors.length > MAX_DESCRIBED_ERRORS ? `; and ${record.errors.length - MAX_DESCRIBED_ERRORS} more` : '';
      return ` (${messages.join('; ')}${more}${correlation ? `; correlation id ${correlation}` : ''})`;
    }
  }
  const parts = [record.error, record.error_description]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .map(clip);
  if (parts.length === 0) {
    return correlation ? ` (correlation id ${correlation})` : '';
  }
  return ` (${parts.join(': ')}${correlation ? `; correlation id ${correlation}` : ''})`;
}

function describeFieldError(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) {
    return undefined;
  }
  const { errorMessage, fieldIdentifier } = entry as Record<string, unknown>;
  if (typeof errorMessage !== 'string' || errorMessage === '') {
    return undefined;
  }
  const message = clip(errorMessage);
  // A message may already start with its field ("scopes: …"): say the field once.
  if (typeof fieldIdentifier === 'string' && fieldIdentifier !== '' && !message.startsWith(fieldIdentifier)) {
    return `${clip(fieldIdentifier)}: ${message}`;
  }
  return message;
}

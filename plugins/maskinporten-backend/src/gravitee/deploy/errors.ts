import { CustomErrorBase } from '@backstage/errors';

/**
 * Gravitee answered 401 or 403: the configured token is wrong, expired or lacks rights.
 * The caller did nothing wrong, so this is 502 (a bad upstream answer), not 401/403, which
 * the frontend would take for its own session or permissions.
 */
export class GraviteeCredentialsError extends CustomErrorBase {
  name = 'GraviteeCredentialsError' as const;
  readonly statusCode = 502;
}

const PEM_BLOCK = /-----BEGIN [^-]*-----[\s\S]*?(-----END [^-]*-----|$)/g;
const MAX_MESSAGE = 500;

/**
 * Text from Gravitee, made safe for error messages, logs and the database: any PEM block is
 * cut out (a management API could echo part of the definition, which may carry the key) and
 * the length is capped.
 */
export function sanitizeGraviteeText(text: string): string {
  const redacted = text.replace(PEM_BLOCK, '[redacted key]').replace(/\s+/g, ' ').trim();
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}…` : redacted;
}

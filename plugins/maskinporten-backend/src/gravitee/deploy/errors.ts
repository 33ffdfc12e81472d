import { CustomErrorBase } from '@backstage/errors';
import { SecretScrubber, cutPemBlocks } from './secretScrubber';

/**
 * Gravitee answered 401 or 403: the configured token is wrong, expired or lacks rights.
 * The caller did nothing wrong, so this is 502 (a bad upstream answer), not 401/403, which
 * the frontend would take for its own session or permissions.
 */
export class GraviteeCredentialsError extends CustomErrorBase {
  name = 'GraviteeCredentialsError' as const;
  readonly statusCode = 502;
}

const MAX_MESSAGE = 500;

/**
 * Text from Gravitee, made safe for error messages, logs and the database: every piece of a
 * private key the request carried is cut out (a management API may echo part of the
 * definition, as PEM or as bare base64; see `SecretScrubber`), any PEM block is cut out, and
 * the length is capped. Scrubbing happens before the cap, so a cut can never leave a piece.
 */
export function sanitizeGraviteeText(text: string, scrubber?: SecretScrubber): string {
  const scrubbed = scrubber ? scrubber.scrub(text) : cutPemBlocks(text);
  const collapsed = scrubbed.replace(/\s+/g, ' ').trim();
  return collapsed.length > MAX_MESSAGE ? `${collapsed.slice(0, MAX_MESSAGE)}…` : collapsed;
}

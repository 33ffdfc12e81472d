import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { KeyEncryption } from './KeyEncryption';

/** Marks secrets that are committed to a repository and so must never guard real keys. */
const DEVELOPMENT_SECRET_MARKER = /not-for-production/i;

/**
 * Builds the key-encryption service from config. Outside production a missing secret is
 * replaced by a random one for this process, with a loud warning: keys made then cannot
 * be decrypted after a restart. In production a missing or weak secret stops startup.
 */
export function resolveKeyEncryption(options: {
  config: MaskinportenConfig;
  logger: LoggerService;
  production: boolean;
}): KeyEncryption {
  const { config, logger, production } = options;
  const { secret, previousSecrets } = config.keyEncryption;
  const min = KeyEncryption.minimumSecretLength;

  if (secret === undefined) {
    if (production) {
      throw new Error(
        'maskinporten.keyEncryption.secret is not set. It encrypts private keys at rest and is required in production. ' +
          `Set it to a random string of at least ${min} characters, e.g. $(openssl rand -base64 48).`,
      );
    }
    logger.warn(
      '!!! maskinporten.keyEncryption.secret is not set: using a random DEVELOPMENT secret for this process. ' +
        'Private keys generated now cannot be decrypted after a restart. Never run like this in production. !!!',
    );
    return new KeyEncryption(randomBytes(48).toString('base64'), previousSecrets);
  }

  if (production && DEVELOPMENT_SECRET_MARKER.test(secret)) {
    // The example portal's app-config.simulator.yaml ships such a secret in plain text; a
    // deployment that loads it by mistake must not encrypt real keys with it.
    throw new Error(
      'maskinporten.keyEncryption.secret is a published development secret (it says "not-for-production"). ' +
        'Set MASKINPORTEN_KEY_ENCRYPTION_SECRET to a random string and do not load app-config.simulator.yaml in production.',
    );
  }

  if (!KeyEncryption.isStrongSecret(secret)) {
    const message = `maskinporten.keyEncryption.secret is too short: use at least ${min} random characters.`;
    if (production) {
      throw new Error(message);
    }
    logger.warn(`${message} Accepted outside production only.`);
  }
  return new KeyEncryption(secret, previousSecrets);
}

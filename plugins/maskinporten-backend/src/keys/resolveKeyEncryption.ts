import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { RunMode } from '../config/runMode';
import { KeyEncryption } from './KeyEncryption';

/** Marks secrets that are committed to a repository and so must never guard real keys. */
const DEVELOPMENT_SECRET_MARKER = 'not-for-production';

/**
 * Estimated entropy below which a secret is refused in production, whatever its length:
 * 36 repeated letters are long but guessable. `openssl rand -base64 48` scores about 350.
 */
const MIN_ESTIMATED_BITS = 100;

/**
 * Builds the key-encryption service from config. Outside production a missing secret is
 * replaced by a random one for this process, with a loud warning: keys made then cannot
 * be decrypted after a restart. In production a missing or weak secret stops startup, and
 * a published development secret is accepted only with `NODE_ENV=development`.
 */
export function resolveKeyEncryption(options: {
  config: MaskinportenConfig;
  logger: LoggerService;
  mode: RunMode;
}): KeyEncryption {
  const { config, logger, mode } = options;
  const { secret, previousSecrets } = config.keyEncryption;
  const min = KeyEncryption.minimumSecretLength;

  if (secret === undefined) {
    if (mode === 'production') {
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

  const published = [secret, ...previousSecrets].findIndex(isPublishedDevelopmentSecret);
  if (published >= 0 && mode !== 'development') {
    // The example portal's app-config.simulator.yaml ships such a secret in plain text; a
    // deployment (or a test run) that loads it by mistake must not encrypt real keys with it,
    // nor decrypt old rows with it.
    const key =
      published === 0
        ? 'maskinporten.keyEncryption.secret'
        : `maskinporten.keyEncryption.previousSecrets[${published - 1}]`;
    throw new Error(
      `${key} is a published development secret (it says "${DEVELOPMENT_SECRET_MARKER}"), accepted only with NODE_ENV=development. ` +
        'Set MASKINPORTEN_KEY_ENCRYPTION_SECRET to a random string and do not load app-config.simulator.yaml outside development.',
    );
  }

  const weakness = describeWeakness(secret);
  if (weakness) {
    const message = `maskinporten.keyEncryption.secret is ${weakness}: use at least ${min} random characters, e.g. $(openssl rand -base64 48).`;
    if (mode === 'production') {
      throw new Error(message);
    }
    logger.warn(`${message} Accepted outside production only.`);
  }
  previousSecrets.forEach((previous, index) => {
    const previousWeakness = describeWeakness(previous);
    if (previousWeakness) {
      // Still needed to decrypt old rows; a key rotation re-encrypts them under the new secret.
      logger.warn(
        `maskinporten.keyEncryption.previousSecrets[${index}] is ${previousWeakness}; keys it still protects are only as safe as it is.`,
      );
    }
  });
  return new KeyEncryption(secret, previousSecrets);
}

function isPublishedDevelopmentSecret(secret: string): boolean {
  return secret.toLocaleLowerCase('en-US').includes(DEVELOPMENT_SECRET_MARKER);
}

/** Why a secret is weak, or undefined when it is strong enough. */
export function describeWeakness(secret: string): string | undefined {
  if (!KeyEncryption.isStrongSecret(secret)) {
    return 'too short';
  }
  if (estimatedBits(secret) < MIN_ESTIMATED_BITS) {
    return 'too predictable (too few distinct characters)';
  }
  return undefined;
}

/** Length times the Shannon entropy of the secret's own character frequencies. */
function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  const length = [...secret].length;
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bitsPerChar -= p * Math.log2(p);
  }
  return bitsPerChar * length;
}

import { randomBytes } from 'node:crypto';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';

export interface GeneratedKey {
  kid: string;
  publicJwk: PublicJwk;
  /** PKCS#8 PEM. Encrypt it before it leaves this module's caller. */
  privateKeyPem: string;
  modulusLength: number;
}

/**
 * Generates an RS256 key pair. jose delegates to WebCrypto, which runs the prime search
 * on libuv's thread pool: the event loop keeps serving requests meanwhile.
 */
export async function generateRsaKey(options: {
  kid: string;
  modulusLength: number;
}): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', {
    modulusLength: options.modulusLength,
    extractable: true,
  });
  const jwk = await exportJWK(publicKey);
  if (!jwk.n || !jwk.e) {
    throw new Error('Generated key has no RSA public components');
  }
  return {
    kid: options.kid,
    // Built field by field so nothing but these six members can ever leave.
    publicJwk: {
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: options.kid,
      e: jwk.e,
      n: jwk.n,
    },
    privateKeyPem: await exportPKCS8(privateKey),
    modulusLength: options.modulusLength,
  };
}

/**
 * A globally unique, readable key id: prefix, environment, entity name, date and 48 random
 * bits, using only the characters Digdir allows (letters, digits, `.`, `_`, `-`).
 */
export function createKid(options: {
  prefix: string;
  environment: string;
  entityName: string;
  now: Date;
}): string {
  const slug = (value: string, max: number) =>
    value
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .split('-')
      .filter(Boolean)
      .join('-')
      .slice(0, max) || 'x';
  const date = options.now.toISOString().slice(0, 10).replace(/-/g, '');
  const random = randomBytes(6).toString('hex');
  return [
    slug(options.prefix, 32),
    slug(options.environment, 16),
    slug(options.entityName, 40),
    date,
    random,
  ].join('-');
}

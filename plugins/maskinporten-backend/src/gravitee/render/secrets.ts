import { createPrivateKey } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { GraviteeRenderInput, GraviteeSecretMode } from '../types';

export interface ResolvedKeyContent {
  /** The Generate JWT policy's `content`. */
  content: string;
  /** One or two sentences for the API description, so whoever imports it knows. */
  notice: string;
}

/**
 * Marks the placeholder unmistakably: the linter and humans both recognise it, and it can
 * never be mistaken for (or parsed as) key material.
 */
export const PLACEHOLDER_PREFIX = 'PLACEHOLDER - NO PRIVATE KEY HERE';

export function resolveKeyContent(
  input: GraviteeRenderInput,
  mode: GraviteeSecretMode,
  options: { placeholderHint?: string },
): ResolvedKeyContent {
  switch (mode) {
    case 'placeholder': {
      const hint =
        options.placeholderHint ??
        `Export it from Backstage (${input.entityRef}, environment ${input.environment.name}) ` +
          'with the maskinporten.gravitee.export permission, or let Backstage deploy it';
      return {
        content:
          `${PLACEHOLDER_PREFIX}: replace with the PEM private key of kid "${input.kid}" ` +
          `(client ${input.clientId}). ${hint}.`,
        notice:
          `The private key is NOT included: before starting the API, set the Generate JWT key to the ` +
          `private key of kid "${input.kid}". ${hint}.`,
      };
    }
    case 'inline':
      return {
        content: requireRsaPrivateKeyPem(input.privateKeyPem),
        notice:
          `This definition CONTAINS THE PRIVATE KEY of kid "${input.kid}": store and transmit it as a secret.`,
      };
    default:
      throw new InputError(
        `secrets must be one of placeholder, inline, got ${JSON.stringify(mode)}`,
      );
  }
}

function requireRsaPrivateKeyPem(pem: string | undefined): string {
  if (!pem) {
    throw new InputError('secrets=inline needs the private key (privateKeyPem), and none was given');
  }
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    type = undefined;
  }
  // Generate JWT only signs with RS256, so anything but an unencrypted RSA PEM would fail at runtime.
  const trimmed = pem.trim();
  const rsaHeader =
    trimmed.startsWith('-----BEGIN PRIVATE KEY-----') || trimmed.startsWith('-----BEGIN RSA PRIVATE KEY-----');
  if (type !== 'rsa' || !rsaHeader) {
    throw new InputError('privateKeyPem must be an unencrypted PEM-encoded RSA private key');
  }
  return trimmed;
}

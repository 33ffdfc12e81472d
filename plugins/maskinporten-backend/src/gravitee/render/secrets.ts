import { createPrivateKey } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_SECRET_REFERENCE_TEMPLATE,
  GraviteeRenderInput,
  GraviteeSecretsMode,
} from '../types';

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

const TEMPLATE_TOKEN = /\{([A-Za-z]+)\}/g;
const TEMPLATE_FIELDS = ['kid', 'clientId', 'environment', 'entityRef'] as const;

export function resolveKeyContent(
  input: GraviteeRenderInput,
  mode: GraviteeSecretsMode,
  options: { secretReferenceTemplate?: string; placeholderHint?: string },
): ResolvedKeyContent {
  switch (mode) {
    case 'placeholder': {
      const hint =
        options.placeholderHint ??
        `Export it from Backstage (${input.entityRef}, environment ${input.environment.name}) ` +
          'with the maskinporten.gravitee.export permission, or render with a secret reference';
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
    case 'reference': {
      const expression = expandSecretReference(
        options.secretReferenceTemplate ?? DEFAULT_SECRET_REFERENCE_TEMPLATE,
        input,
      );
      return {
        content: expression,
        notice: `The private key of kid "${input.kid}" is read from the gateway's secret provider: ${expression}.`,
      };
    }
    default:
      throw new InputError(
        `secrets must be one of placeholder, inline, reference, got ${JSON.stringify(mode)}`,
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
  if (type !== 'rsa' || !/^-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem.trim())) {
    throw new InputError('privateKeyPem must be an unencrypted PEM-encoded RSA private key');
  }
  return pem.trim();
}

/**
 * `{#…}` is Gravitee EL, so our own fields are written `{name}` without the `#`. Unknown
 * names fail loudly: a typo would otherwise produce a secret path that resolves to nothing.
 */
export function expandSecretReference(template: string, input: GraviteeRenderInput): string {
  const values: Record<(typeof TEMPLATE_FIELDS)[number], string> = {
    kid: input.kid,
    clientId: input.clientId,
    environment: input.environment.name,
    entityRef: input.entityRef,
  };
  const expanded = template.replace(TEMPLATE_TOKEN, (_match, name: string) => {
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(name)) {
      throw new InputError(
        `secretReferenceTemplate uses {${name}}; only ${TEMPLATE_FIELDS.map(f => `{${f}}`).join(', ')} are known`,
      );
    }
    return values[name as (typeof TEMPLATE_FIELDS)[number]];
  });
  if (!/^\{#.+\}$/s.test(expanded)) {
    throw new InputError(
      `secretReferenceTemplate must be a Gravitee EL expression such as ${DEFAULT_SECRET_REFERENCE_TEMPLATE}, got ${template}`,
    );
  }
  if (expanded.includes('-----BEGIN')) {
    throw new InputError('secretReferenceTemplate must reference a secret, not contain one');
  }
  return expanded;
}

import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { trimTrailing } from '../lib/trim';

/** Scopes the admin client asks for unless configured otherwise. */
export const DEFAULT_SELF_SERVICE_SCOPES = [
  'idporten:dcr.read',
  'idporten:dcr.write',
  'idporten:dcr.modify',
];

/** How the client authenticates to the self-service API. */
export type SelfServiceAuth =
  | {
      kind: 'adminToken';
      /** A static bearer token. Only the simulator accepts one. */
      adminToken: string;
    }
  | {
      kind: 'adminClient';
      clientId: string;
      /** Parsed once at start-up, so the PEM text is not kept around in config objects. */
      privateKey: KeyObject;
      /** Grant header `kid`; exactly one of `keyId` and `certificateChain` is set. */
      keyId?: string;
      /** Grant header `x5c`: base64 DER certificates, leaf first. */
      certificateChain?: string[];
      scopes: string[];
    };

/** `maskinporten.environments.<env>.selfService`, validated. */
export interface SelfServiceConfig {
  /** The `/api/v1` root, without a trailing slash. */
  baseUrl: string;
  auth: SelfServiceAuth;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

export const SELF_SERVICE_DEFAULTS = {
  timeoutMs: 10_000,
  retries: 3,
  backoffMs: 500,
} as const;

/**
 * Reads one environment's `selfService` block. Every error names the config key and none
 * repeats a secret value (token, private key).
 */
export function readSelfServiceConfig(
  config: Config,
  environment: string,
): SelfServiceConfig | undefined {
  const block = config.getOptionalConfig('selfService');
  if (!block) {
    return undefined;
  }
  const key = `maskinporten.environments.${environment}.selfService`;

  const baseUrl = readString(block, 'baseUrl', key, true)!;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InputError(`${key}.baseUrl must be an absolute URL, got "${baseUrl}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`${key}.baseUrl must be an http(s) URL, got "${baseUrl}"`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      `${key}.baseUrl must be a plain base URL (the /api/v1 root) without query, fragment or credentials`,
    );
  }

  const timeoutMs = readNumber(block, 'timeoutMs', key, SELF_SERVICE_DEFAULTS.timeoutMs);
  if (!(timeoutMs > 0)) {
    throw new InputError(`${key}.timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const retries = readNumber(block, 'retries', key, SELF_SERVICE_DEFAULTS.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new InputError(`${key}.retries must be an integer from 0 to 10, got ${retries}`);
  }
  const backoffMs = readNumber(block, 'backoffMs', key, SELF_SERVICE_DEFAULTS.backoffMs);
  if (!(backoffMs >= 0)) {
    throw new InputError(`${key}.backoffMs must be zero or a positive number, got ${backoffMs}`);
  }

  return {
    baseUrl: trimTrailing(baseUrl, '/'),
    auth: readAuth(block, `${key}.auth`),
    timeoutMs,
    retries,
    backoffMs,
  };
}

function readAuth(block: Config, key: string): SelfServiceAuth {
  const auth = block.getOptionalConfig('auth');
  if (!auth) {
    throw new InputError(
      `${key} is required: set either adminToken (the simulator) or clientId and privateKey (a Maskinporten admin client)`,
    );
  }
  const adminToken = readString(auth, 'adminToken', key);
  const clientId = readString(auth, 'clientId', key);
  if (adminToken !== undefined && clientId !== undefined) {
    throw new InputError(`${key}: set either adminToken or clientId, not both`);
  }
  if (adminToken !== undefined) {
    if (adminToken.trim() === '') {
      throw new InputError(`${key}.adminToken must not be empty`);
    }
    return { kind: 'adminToken', adminToken };
  }
  if (clientId === undefined) {
    throw new InputError(
      `${key} needs either adminToken (the simulator) or clientId and privateKey (a Maskinporten admin client)`,
    );
  }

  const pem = readString(auth, 'privateKey', key);
  if (pem === undefined) {
    throw new InputError(`${key}.privateKey is required with ${key}.clientId`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    // The value itself stays out of the message: it is (or was meant to be) a private key.
    throw new InputError(`${key}.privateKey is not a readable PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new InputError(
      `${key}.privateKey must be an RSA key (Maskinporten grants are signed RS256), got ${privateKey.asymmetricKeyType}`,
    );
  }

  const keyId = readString(auth, 'keyId', key);
  const rawChain = auth.getOptional('certificateChain');
  if (keyId !== undefined && rawChain !== undefined) {
    throw new InputError(
      `${key}: set either keyId (a key registered on the admin client) or certificateChain (the enterprise certificate, sent as x5c), not both`,
    );
  }
  if (keyId === undefined && rawChain === undefined) {
    throw new InputError(
      `${key} needs keyId (a key registered on the admin client) or certificateChain (the enterprise certificate, sent as x5c)`,
    );
  }
  if (keyId !== undefined && !/^[A-Za-z0-9._-]+$/.test(keyId)) {
    throw new InputError(`${key}.keyId may only contain letters, digits, ".", "_" and "-"`);
  }
  let certificateChain: string[] | undefined;
  if (rawChain !== undefined) {
    certificateChain = readCertificateChain(rawChain, `${key}.certificateChain`, privateKey);
  }

  const scopes = auth.getOptionalStringArray('scopes') ?? DEFAULT_SELF_SERVICE_SCOPES;
  if (scopes.length === 0 || scopes.some(s => !/^\S+$/.test(s))) {
    throw new InputError(`${key}.scopes must be a non-empty list of scopes without spaces`);
  }
  return { kind: 'adminClient', clientId, privateKey, keyId, certificateChain, scopes };
}

/**
 * The chain as base64 DER strings, leaf first (the `x5c` form). PEM blocks are accepted too,
 * because that is how certificates usually arrive; they are converted here.
 */
function readCertificateChain(raw: unknown, key: string, privateKey: KeyObject): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.some(c => typeof c !== 'string')) {
    throw new InputError(`${key} must be a non-empty array of base64 DER certificates, leaf first`);
  }
  const chain = (raw as string[]).map((value, i) => {
    const base64 = value
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, '');
    const invalid = () =>
      new InputError(`${key}[${i}] is not a base64 DER (or PEM) X.509 certificate`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
      throw invalid();
    }
    try {
      return { base64, certificate: new X509Certificate(Buffer.from(base64, 'base64')) };
    } catch {
      throw invalid();
    }
  });
  const leaf = chain[0].certificate;
  const fromPrivate = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const fromLeaf = leaf.publicKey.export({ format: 'der', type: 'spki' });
  if (!fromPrivate.equals(fromLeaf)) {
    throw new InputError(
      `${key}[0] (the leaf certificate) does not belong to the configured privateKey; list the enterprise certificate first`,
    );
  }
  return chain.map(c => c.base64);
}

function readString(block: Config, name: string, key: string, required = false) {
  let value: string | undefined;
  try {
    value = block.getOptionalString(name);
  } catch {
    throw new InputError(`${key}.${name} must be a string`);
  }
  if (value === undefined && required) {
    throw new InputError(`${key}.${name} is required`);
  }
  return value;
}

function readNumber(block: Config, name: string, key: string, fallback: number): number {
  try {
    return block.getOptionalNumber(name) ?? fallback;
  } catch {
    throw new InputError(`${key}.${name} must be a number`);
  }
}

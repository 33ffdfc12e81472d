import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readSelfServiceConfig, SelfServiceConfig } from '../digdir/readSelfServiceConfig';
import { trimTrailing } from '../lib/trim';

export interface MaskinportenEnvironment {
  name: string;
  issuer: string;
  tokenEndpoint: string;
  /** Digdir's self-service API for this environment, when automation is configured. */
  selfService?: SelfServiceConfig;
}

export interface MaskinportenConfig {
  environments: Map<string, MaskinportenEnvironment>;
  keys: {
    modulusLength: number;
    kidPrefix: string;
    lifetimeDays: number;
    warningDays: number;
    criticalDays: number;
  };
  keyEncryption: {
    secret?: string;
    previousSecrets: string[];
  };
  grantLifetimeSeconds: number;
  gravitee: {
    contextPathTemplate: string;
    ipAllowList: string[];
    issuerFromHeader?: string;
    /** Deploy through the management API; only when `managementUrl` and `token` are set. */
    deploy?: GraviteeDeployConfig;
    /** The format deploys use unless the request names one. */
    deployFormat: 'v2' | 'v4';
  };
  /** How often the integration index is re-synced from the catalog. */
  indexRefreshSeconds: number;
  tokenTests: {
    timeoutMs: number;
    rateLimitPerWindow: number;
    rateLimitWindowSeconds: number;
  };
}

export interface GraviteeDeployConfig {
  /** Base URL of the management API, without a trailing slash, e.g. `https://apim.example.org`. */
  managementUrl: string;
  /** Bearer personal access token. */
  token: string;
  organization: string;
  environment: string;
  timeoutMs: number;
  /** Where consumers call the gateway; token requests through deployed token services go here. */
  gatewayUrl?: string;
  /** The application whose subscription tests each token service (`verification.applicationId`). */
  verificationApplicationId?: string;
  /** How long a new subscription may take to reach the gateways. */
  subscriptionSyncMs: number;
}

/** Maskinporten rejects grants whose `exp - iat` exceeds this. */
export const MAX_GRANT_LIFETIME_SECONDS = 120;
const KID_PREFIX_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

/**
 * Reads and validates `maskinporten.*`. Errors name the config key, because a wrong
 * value here (an issuer without trailing slash, say) would otherwise surface much later
 * as an MP-110 from Maskinporten.
 */
export function readMaskinportenConfig(config: Config): MaskinportenConfig {
  const root = config.getOptionalConfig('maskinporten');
  const environments = new Map<string, MaskinportenEnvironment>();
  const envConfig = root?.getOptionalConfig('environments');
  for (const name of envConfig?.keys() ?? []) {
    const env = envConfig!.getConfig(name);
    const issuer = env.getString('issuer');
    const tokenEndpoint = env.getString('tokenEndpoint');
    const key = `maskinporten.environments.${name}`;
    assertHttpUrl(issuer, `${key}.issuer`);
    assertHttpUrl(tokenEndpoint, `${key}.tokenEndpoint`);
    if (!issuer.endsWith('/')) {
      throw new InputError(
        `${key}.issuer must end with "/" (Maskinporten compares aud to the issuer exactly), got ${issuer}`,
      );
    }
    const selfService = readSelfServiceConfig(env, name);
    environments.set(name, { name, issuer, tokenEndpoint, ...(selfService && { selfService }) });
  }

  const keys = root?.getOptionalConfig('keys');
  const modulusLength = keys?.getOptionalNumber('modulusLength') ?? 4096;
  if (![2048, 3072, 4096].includes(modulusLength)) {
    throw new InputError(
      `maskinporten.keys.modulusLength must be 2048, 3072 or 4096, got ${modulusLength}`,
    );
  }
  const kidPrefix = keys?.getOptionalString('kidPrefix') ?? 'backstage';
  if (!KID_PREFIX_PATTERN.test(kidPrefix)) {
    throw new InputError(
      'maskinporten.keys.kidPrefix may contain only letters, digits, ".", "_" and "-" (1-32 characters)',
    );
  }
  const lifetimeDays = keys?.getOptionalNumber('lifetimeDays') ?? 365;
  const warnDays = keys?.getOptional<number[]>('warnDays') ?? [30, 7];
  if (
    !Array.isArray(warnDays) ||
    warnDays.length !== 2 ||
    warnDays.some(d => typeof d !== 'number' || d < 0)
  ) {
    throw new InputError(
      'maskinporten.keys.warnDays must be two non-negative numbers: [warning, critical], e.g. [30, 7]',
    );
  }

  const grantLifetimeSeconds =
    root?.getOptionalNumber('grants.lifetimeSeconds') ?? MAX_GRANT_LIFETIME_SECONDS;
  if (grantLifetimeSeconds < 1 || grantLifetimeSeconds > MAX_GRANT_LIFETIME_SECONDS) {
    throw new InputError(
      `maskinporten.grants.lifetimeSeconds must be between 1 and ${MAX_GRANT_LIFETIME_SECONDS}, got ${grantLifetimeSeconds}`,
    );
  }

  const gravitee = root?.getOptionalConfig('gravitee');
  if (gravitee?.has('secretReferenceTemplate')) {
    // Removed: Generate JWT 1.8.x reads its key as it is (src/gravitee/README.md, "Secrets").
    throw new InputError(
      'maskinporten.gravitee.secretReferenceTemplate is no longer supported: the open-source Generate JWT policy never resolves a secret expression in its key, so such a token service could not sign. Remove the setting; deploys put the key inline.',
    );
  }
  const deployFormat = gravitee?.getOptionalString('deployFormat') ?? 'v4';
  if (deployFormat !== 'v2' && deployFormat !== 'v4') {
    throw new InputError(
      `maskinporten.gravitee.deployFormat must be "v2" or "v4", got "${deployFormat}"`,
    );
  }
  const managementUrl = gravitee?.getOptionalString('managementUrl');
  const managementToken = gravitee?.getOptionalString('token');
  let deploy: GraviteeDeployConfig | undefined;
  if (managementUrl) {
    assertHttpUrl(managementUrl, 'maskinporten.gravitee.managementUrl');
  }
  const timeoutMs = gravitee?.getOptionalNumber('timeoutMs') ?? 15_000;
  if (!(timeoutMs > 0)) {
    throw new InputError(`maskinporten.gravitee.timeoutMs must be positive, got ${timeoutMs}`);
  }
  const gatewayUrl = gravitee?.getOptionalString('gatewayUrl');
  if (gatewayUrl) {
    assertHttpUrl(gatewayUrl, 'maskinporten.gravitee.gatewayUrl');
  }
  if (managementUrl && managementToken) {
    deploy = {
      managementUrl: trimTrailing(managementUrl, '/'),
      token: managementToken,
      organization: readPathSegment(gravitee, 'organization'),
      environment: readPathSegment(gravitee, 'environment'),
      timeoutMs,
      gatewayUrl: gatewayUrl ? trimTrailing(gatewayUrl, '/') : undefined,
      verificationApplicationId: gravitee?.getOptionalString('verification.applicationId'),
      subscriptionSyncMs: gravitee?.getOptionalNumber('verification.subscriptionSyncMs') ?? 15_000,
    };
  }

  return {
    environments,
    keys: {
      modulusLength,
      kidPrefix,
      lifetimeDays,
      warningDays: Math.max(...warnDays),
      criticalDays: Math.min(...warnDays),
    },
    keyEncryption: {
      secret: root?.getOptionalString('keyEncryption.secret'),
      previousSecrets:
        root?.getOptionalStringArray('keyEncryption.previousSecrets') ?? [],
    },
    grantLifetimeSeconds,
    gravitee: {
      contextPathTemplate:
        root?.getOptionalString('gravitee.contextPathTemplate') ??
        '/maskinporten/{environment}/{name}',
      ipAllowList: root?.getOptionalStringArray('gravitee.ipAllowList') ?? [],
      issuerFromHeader: root?.getOptionalString('gravitee.issuerFromHeader'),
      deploy,
      deployFormat,
    },
    indexRefreshSeconds: root?.getOptionalNumber('index.refreshSeconds') ?? 60,
    tokenTests: {
      timeoutMs: root?.getOptionalNumber('tokenTests.timeoutMs') ?? 10_000,
      rateLimitPerWindow:
        root?.getOptionalNumber('tokenTests.rateLimitPerWindow') ?? 10,
      rateLimitWindowSeconds:
        root?.getOptionalNumber('tokenTests.rateLimitWindowSeconds') ?? 60,
    },
  };
}

/** Organization and environment ids go into management API paths, so only plain ids pass. */
function readPathSegment(gravitee: Config | undefined, key: 'organization' | 'environment') {
  const value = gravitee?.getOptionalString(key) ?? 'DEFAULT';
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value)) {
    throw new InputError(
      `maskinporten.gravitee.${key} may contain only letters, digits, ".", "_" and "-", got "${value}"`,
    );
  }
  return value;
}

function assertHttpUrl(value: string, key: string) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${key} must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`${key} must be an http(s) URL, got "${value}"`);
  }
}

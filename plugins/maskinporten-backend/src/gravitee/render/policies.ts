import { createHash } from 'node:crypto';
import {
  API_KEY_HEADER,
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  GRANT_REQUEST_BODY,
  POLICY,
  SCOPE_HEADER,
  TOKEN_CACHE_RESOURCE,
} from '../constants';
import {
  AssignContentConfiguration,
  CachePolicyConfiguration,
  GenerateJwtConfiguration,
  GraviteeResource,
  GraviteeStep,
  IpFilteringConfiguration,
  OverrideRequestMethodConfiguration,
  TransformHeadersConfiguration,
  TransformQueryParamsConfiguration,
} from '../types';
import { RenderSettings } from './settings';

/*
 * Policy steps shared by the v2 and v4 renderers: the policy configurations are the same
 * in both definition versions, only the flows around them differ.
 */

function step<C>(name: string, policy: string, configuration: C, description = ''): GraviteeStep<C> {
  return { name, description, enabled: true, policy, configuration };
}

const headerValue = (header: string) => `{#request.headers['${header}'][0]}`;

/** Undefined for an empty allow-list: an empty whitelist would let every address through anyway. */
export function ipFilteringStep(s: RenderSettings): GraviteeStep<IpFilteringConfiguration> | undefined {
  if (s.input.ipAllowList.length === 0) {
    return undefined;
  }
  return step(
    'IP filtering',
    POLICY.ipFiltering,
    {
      matchAllFromXForwardedFor: s.matchAllFromXForwardedFor,
      whitelistIps: [...s.input.ipAllowList],
      blacklistIps: [],
      // So that 192.0.2.7/32 means that one address, as an allow-list author expects.
      isInclusiveHostCount: true,
    },
    'Only the listed networks may request tokens',
  );
}

export function generateJwtStep(s: RenderSettings): GraviteeStep<GenerateJwtConfiguration> {
  const { input } = s;
  return step(
    'Generate JWT',
    POLICY.generateJwt,
    {
      signature: 'RSA_RS256',
      // INLINE, never a key file: the policy caches a file-based signer by path, so a rotated
      // key file would only be picked up after a gateway restart.
      keyResolver: 'INLINE',
      kid: input.kid,
      x509CertificateChain: 'NONE',
      audiences: [input.environment.issuer],
      issuer: input.issuerFromHeader ? headerValue(input.issuerFromHeader) : input.clientId,
      expiresIn: s.grantLifetimeSeconds,
      expiresInUnit: 'SECONDS',
      content: s.keyContent,
      // The gateway's grants must carry what Backstage's own token test sends, or a
      // delegated integration would get a token for the wrong organisation.
      customClaims: [
        { name: 'scope', value: headerValue(SCOPE_HEADER) },
        ...(input.consumerOrg ? [{ name: 'consumer_org', value: input.consumerOrg }] : []),
        ...(input.resources?.length ? [{ name: 'resource', value: input.resources[0] }] : []),
      ],
    },
    `Signs the Maskinporten grant for client ${input.clientId} with kid ${input.kid}`,
  );
}

export function assignContentStep(): GraviteeStep<AssignContentConfiguration> {
  return step(
    'Assign content',
    POLICY.assignContent,
    { scope: 'REQUEST', body: GRANT_REQUEST_BODY },
    'The jwt-bearer token request form',
  );
}

export function transformQueryParamsStep(): GraviteeStep<TransformQueryParamsConfiguration> {
  return step('Transform query parameters', POLICY.transformQueryParams, {
    addQueryParameters: [],
    removeQueryParameters: ['scope', 'iss'],
  });
}

export function transformHeadersStep(s: RenderSettings): GraviteeStep<TransformHeadersConfiguration> {
  const removeHeaders = ['iss', API_KEY_HEADER];
  if (s.input.issuerFromHeader && !removeHeaders.includes(s.input.issuerFromHeader)) {
    removeHeaders.unshift(s.input.issuerFromHeader);
  }
  return step('Transform headers', POLICY.transformHeaders, {
    scope: 'REQUEST',
    addHeaders: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
    removeHeaders,
    whitelistHeaders: [],
  });
}

/**
 * Consumers call the token service with GET so the plan's cache can answer; Maskinporten
 * only takes POST.
 */
export function overrideRequestMethodStep(): GraviteeStep<OverrideRequestMethodConfiguration> {
  return step('Override HTTP method', POLICY.overrideRequestMethod, { method: 'POST' });
}

export function cacheStep(s: RenderSettings): GraviteeStep<CachePolicyConfiguration> {
  return step(
    'Token cache',
    POLICY.cache,
    {
      cacheName: TOKEN_CACHE_RESOURCE,
      // Keyed on the requested scopes, and per application, so no consumer is ever handed
      // a token for scopes, or an application, other than its own.
      key: `{#request.headers['${SCOPE_HEADER}']}`,
      timeToLiveSeconds: s.cacheTtlSeconds,
      // Cache-Control from upstream could stretch the TTL beyond the token's lifetime.
      useResponseCacheHeaders: false,
      scope: 'APPLICATION',
      methods: ['GET'],
    },
    `Reuses a token for at most ${s.cacheTtlSeconds} s; access tokens live ${
      s.input.tokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS
    } s`,
  );
}

export function tokenCacheResource(s: RenderSettings): GraviteeResource {
  return {
    name: TOKEN_CACHE_RESOURCE,
    type: 'cache',
    enabled: true,
    configuration: {
      timeToIdleSeconds: 0,
      // Never 0: for this resource 0 means "keep forever".
      timeToLiveSeconds: s.cacheTtlSeconds,
      maxEntriesLocalHeap: 1000,
    },
  };
}

/** The main request steps, in the order the token request is assembled. */
export function tokenRequestSteps(s: RenderSettings): GraviteeStep[] {
  const ipFilter = ipFilteringStep(s);
  return [
    ...(ipFilter ? [ipFilter] : []),
    generateJwtStep(s),
    assignContentStep(),
    transformQueryParamsStep(),
    transformHeadersStep(s),
  ];
}

export function planDescription(s: RenderSettings): string {
  return (
    `API-key plan for ${s.input.entityRef}: send GET with the "${SCOPE_HEADER}" header ` +
    `(e.g. "${s.input.scopes.join(' ')}"); tokens are cached per application and scope.`
  );
}

/**
 * A stable id per integration and purpose, so re-importing the definition updates the
 * same plan instead of adding a twin.
 */
export function stableId(s: RenderSettings, purpose: string): string {
  const hex = createHash('sha256')
    .update(`${s.input.entityRef}\n${s.input.environment.name}\n${s.input.clientId}\n${purpose}`)
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

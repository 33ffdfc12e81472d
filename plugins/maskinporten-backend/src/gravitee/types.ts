import type { GraviteeFormat, GraviteeSecretMode } from '@maskinporten-backstage/plugin-maskinporten-common';

export type { GraviteeFormat, GraviteeSecretMode } from '@maskinporten-backstage/plugin-maskinporten-common';
/** A Maskinporten environment as configured under `maskinporten.environments`. */
export interface GraviteeMaskinportenEnvironment {
  name: string;
  /** The grant's `aud`, trailing slash included. */
  issuer: string;
  tokenEndpoint: string;
}

/** One integration, as the render function needs it. */
export interface GraviteeRenderInput {
  entityRef: string;
  /** The API's display name in Gravitee. */
  name: string;
  environment: GraviteeMaskinportenEnvironment;
  clientId: string;
  scopes: string[];
  /** The active key's `kid`. */
  kid: string;
  /** Only read when `secrets` is `inline`. */
  privateKeyPem?: string;
  /** The gateway context path, e.g. `/maskinporten/dfo-test`. Must be unique in Gravitee. */
  contextPath: string;
  /** IPs and CIDR ranges allowed to call the token service; empty means no IP filter. */
  ipAllowList: string[];
  /** The client's `access_token_lifetime`; a cached token must never outlive it. Default 120. */
  tokenLifetimeSeconds?: number;
  /**
   * For shared gateways: take the grant's `iss` (the client id) from this request header
   * instead of fixing it to `clientId`.
   */
  issuerFromHeader?: string;
  /** Delegation: the grant's `consumer_org` (9-digit organisation number). */
  consumerOrg?: string;
  /** Audience restriction; Generate JWT's custom claims are strings, so at most one. */
  resources?: string[];
}



export interface GraviteeRenderOptions {
  format: GraviteeFormat;
  /** Default `placeholder`. */
  secrets?: GraviteeSecretMode;
  /**
   * For `secrets: placeholder`: where an operator gets the key, written into the key field
   * and the description. Default: the Backstage entity and the export permission.
   */
  placeholderHint?: string;
  /** The grant's `exp - iat`; 1–118, default 118. */
  grantLifetimeSeconds?: number;
  /**
   * Default 118, or the access-token lifetime minus 2 s when that is shorter; never more
   * than the access-token lifetime minus 2 s.
   */
  cacheTtlSeconds?: number;
  /** Behind a load balancer, check every X-Forwarded-For hop instead of the peer address. */
  matchAllFromXForwardedFor?: boolean;
  /** The API's version label in Gravitee; default `1`. */
  apiVersion?: string;
}

/* ---- Policy configurations we emit (the subset of each policy's schema we use) ---- */

export interface IpFilteringConfiguration {
  matchAllFromXForwardedFor: boolean;
  whitelistIps: string[];
  blacklistIps: string[];
  /**
   * Count a CIDR's network and broadcast addresses as inside it. Without it, the policy's
   * SubnetUtils leaves them out, so a /32 (one address) or /31 matches nothing and blocks
   * every caller (gravitee-policy-ipfiltering IPFilteringPolicy#isIpInFilterIpRange, 1.19.x–3.0.0;
   * seen on the real 4.10.8 gateway).
   */
  isInclusiveHostCount: boolean;
}

export interface GenerateJwtConfiguration {
  signature: 'RSA_RS256';
  keyResolver: 'INLINE';
  kid: string;
  x509CertificateChain: 'NONE';
  audiences: string[];
  issuer: string;
  expiresIn: number;
  expiresInUnit: 'SECONDS';
  content: string;
  customClaims: Array<{ name: string; value: string }>;
}

export interface AssignContentConfiguration {
  scope: 'REQUEST';
  body: string;
}

export interface TransformQueryParamsConfiguration {
  addQueryParameters: Array<{ name: string; value: string }>;
  removeQueryParameters: string[];
}

export interface TransformHeadersConfiguration {
  scope: 'REQUEST';
  addHeaders: Array<{ name: string; value: string }>;
  removeHeaders: string[];
  whitelistHeaders: string[];
}

export interface OverrideRequestMethodConfiguration {
  method: 'POST';
}

export interface CachePolicyConfiguration {
  cacheName: string;
  key: string;
  timeToLiveSeconds: number;
  useResponseCacheHeaders: boolean;
  scope: 'APPLICATION';
  methods: string[];
}

export interface CacheResourceConfiguration {
  timeToIdleSeconds: number;
  timeToLiveSeconds: number;
  maxEntriesLocalHeap: number;
}

export interface GraviteeStep<C = unknown> {
  name: string;
  description: string;
  enabled: boolean;
  policy: string;
  configuration: C;
}

export interface GraviteeResource {
  name: string;
  type: 'cache';
  enabled: boolean;
  configuration: CacheResourceConfiguration;
}

/* ---- v2 (`"gravitee": "2.0.0"`) ---- */

export interface GraviteeV2Flow {
  name: string;
  'path-operator': { path: string; operator: 'STARTS_WITH' | 'EQUALS' };
  condition: string;
  consumers: unknown[];
  methods: string[];
  pre: GraviteeStep[];
  post: GraviteeStep[];
  enabled: boolean;
}

export interface GraviteeV2Plan {
  id: string;
  name: string;
  description: string;
  validation: 'MANUAL' | 'AUTO';
  security: 'API_KEY';
  securityDefinition: string;
  type: 'API';
  status: 'PUBLISHED' | 'STAGING';
  order: number;
  characteristics: string[];
  paths: Record<string, unknown>;
  flows: GraviteeV2Flow[];
  comment_required: boolean;
}

export interface GraviteeV2Endpoint {
  name: string;
  target: string;
  weight: number;
  backup: boolean;
  type: 'http';
  inherit: boolean;
}

export interface GraviteeV2Definition {
  /** Set by a deploy only: the deployment marker (see deploy/deploymentMarker.ts). */
  id?: string;
  crossId?: string;
  name: string;
  version: string;
  description: string;
  visibility: 'PRIVATE' | 'PUBLIC';
  gravitee: '2.0.0';
  flow_mode: 'DEFAULT' | 'BEST_MATCH';
  flows: GraviteeV2Flow[];
  resources: GraviteeResource[];
  properties: unknown[];
  plans: GraviteeV2Plan[];
  path_mappings: string[];
  proxy: {
    virtual_hosts: Array<{ path: string }>;
    strip_context_path: boolean;
    preserve_host: boolean;
    groups: Array<{
      name: string;
      endpoints: GraviteeV2Endpoint[];
      load_balancing: { type: 'ROUND_ROBIN' };
      http: Record<string, unknown>;
      ssl: { trustAll: boolean; hostnameVerifier: boolean };
    }>;
  };
  response_templates: Record<string, unknown>;
}

/* ---- v4 (`"definitionVersion": "V4"`, import payload) ---- */

export interface GraviteeV4Flow {
  name: string;
  enabled: boolean;
  selectors: Array<{
    type: 'HTTP';
    path: string;
    pathOperator: 'STARTS_WITH' | 'EQUALS';
    methods: string[];
  }>;
  request: GraviteeStep[];
  response: GraviteeStep[];
  subscribe: GraviteeStep[];
  publish: GraviteeStep[];
}

export interface GraviteeV4Plan {
  id: string;
  name: string;
  description: string;
  definitionVersion: 'V4';
  validation: 'MANUAL' | 'AUTO';
  security: { type: 'API_KEY'; configuration: { propagateApiKey: boolean } };
  mode: 'STANDARD';
  type: 'API';
  status: 'PUBLISHED' | 'STAGING';
  order: number;
  characteristics: string[];
  commentRequired: boolean;
  flows: GraviteeV4Flow[];
}

export interface GraviteeV4Endpoint {
  name: string;
  type: 'http-proxy';
  weight: number;
  inheritConfiguration: boolean;
  secondary: boolean;
  configuration: { target: string };
}

export interface GraviteeV4Api {
  /** Set by a deploy only: the deployment marker (see deploy/deploymentMarker.ts). */
  id?: string;
  crossId?: string;
  definitionVersion: 'V4';
  type: 'PROXY';
  name: string;
  apiVersion: string;
  description: string;
  visibility: 'PRIVATE' | 'PUBLIC';
  listeners: Array<{
    type: 'HTTP';
    paths: Array<{ path: string }>;
    entrypoints: Array<{ type: 'http-proxy'; qos: 'AUTO' }>;
  }>;
  endpointGroups: Array<{
    name: string;
    type: 'http-proxy';
    loadBalancer: { type: 'ROUND_ROBIN' };
    sharedConfiguration: Record<string, unknown>;
    endpoints: GraviteeV4Endpoint[];
  }>;
  analytics: { enabled: boolean };
  flowExecution: { mode: 'DEFAULT' | 'BEST_MATCH'; matchRequired: boolean };
  flows: GraviteeV4Flow[];
  resources: GraviteeResource[];
  properties: unknown[];
}

/** The body of `POST /management/v2/environments/{env}/apis/_import/definition`. */
export interface GraviteeV4ImportDefinition {
  api: GraviteeV4Api;
  plans: GraviteeV4Plan[];
  members: unknown[];
  metadata: unknown[];
  pages: unknown[];
}

export type GraviteeDefinition = GraviteeV2Definition | GraviteeV4ImportDefinition;

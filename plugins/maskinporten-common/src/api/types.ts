import type { AnnotationProblem } from '../annotations';

/** Lifecycle of a key the plugin holds: pending → active → retiring → expired | revoked. */
export type MaskinportenKeyState =
  | 'pending'
  | 'active'
  | 'retiring'
  | 'expired'
  | 'revoked';

/** Expiry colour: ok above the warning threshold, then warning, critical, expired. */
export type ExpiryStatus = 'ok' | 'warning' | 'critical' | 'expired' | 'unknown';

/** A public RSA JWK exactly as Samarbeidsportalen and the self-service API expect it. */
export interface PublicJwk {
  kty: 'RSA';
  alg: 'RS256' | 'RS384' | 'RS512';
  use: 'sig';
  kid: string;
  e: string;
  n: string;
}

/** What the API says about a key. Never contains private material. */
export interface MaskinportenKey {
  kid: string;
  environment: string;
  clientId?: string;
  algorithm: string;
  modulusLength: number;
  state: MaskinportenKeyState;
  createdAt: string;
  createdBy?: string;
  registeredAt?: string;
  expiresAt?: string;
  expiry: ExpiryStatus;
  daysUntilExpiry?: number;
}

/**
 * How a token test ended. `rejected` means Maskinporten answered with an OAuth error;
 * the others mean no verdict was reached.
 */
export type TokenTestOutcome =
  | 'success'
  | 'rejected'
  | 'timeout'
  | 'unreachable'
  | 'upstream-error';

export interface TokenTestResult {
  id: string;
  entityRef: string;
  environment: string;
  clientId?: string;
  kid?: string;
  requestedBy: string;
  requestedAt: string;
  outcome: TokenTestOutcome;
  /** One sentence for humans, safe to show as is. */
  message: string;
  httpStatus?: number;
  /** `MP-xxx` when Maskinporten named one. */
  errorCode?: string;
  error?: string;
  errorDescription?: string;
  meaning?: string;
  fix?: string;
  grantedScopes?: string[];
  expiresIn?: number;
  durationMs: number;
}

/** One integration as the entity card shows it. */
export interface MaskinportenIntegrationView {
  entityRef: string;
  title?: string;
  owner?: string;
  environment: string;
  clientId?: string;
  scopes: string[];
  resources: string[];
  consumerOrg?: string;
  externalKeyId?: string;
  keys: MaskinportenKey[];
  /** The newest key that is not retired: the one token tests and gateways sign with. */
  activeKid?: string;
  expiresAt?: string;
  expiry: ExpiryStatus;
  lastTokenTest?: TokenTestResult;
}

export interface InvalidIntegration {
  entityRef: string;
  problems: AnnotationProblem[];
}

export interface EntityIntegrationsResponse {
  items: MaskinportenIntegrationView[];
  invalid: InvalidIntegration[];
}

export interface CreateKeyResponse {
  key: MaskinportenKey;
  /** The new key alone. */
  jwk: PublicJwk;
  /**
   * The whole set to upload: Samarbeidsportalen and the self-service API replace the set,
   * so the array holds the keys to keep alongside the new one (never more than 5).
   */
  jwks: PublicJwk[];
}

export interface IntegrationListResponse {
  items: MaskinportenIntegrationView[];
  nextCursor?: string;
}

export interface IntegrationListQuery {
  owner?: string[];
  environment?: string;
  expiresWithinDays?: number;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** Expiry state of one key as the expiry scan judges it. */
export type KeyExpiryState = 'ok' | 'warning' | 'critical' | 'expired';

/** What one expiry scan found: live keys of indexed integrations, by state. */
export interface ExpiryScanResult {
  scanned: number;
  /** Keys whose state differed from the one their owner was last told about. */
  changed: number;
  byState: Record<KeyExpiryState, number>;
}

/** `GET /v1/expiry-scan`. */
export interface ExpiryScanStatus {
  /** When the last completed scan started. */
  lastRunAt?: string;
  /** When the schedule runs the scan next (estimated from the last run and the schedule). */
  nextRunAt?: string;
  lastResult?: ExpiryScanResult;
  /** Set when the last scan failed; its message. */
  lastError?: string;
  /** How state changes reach owners: the notifications service, or the backend log. */
  delivery: 'notifications' | 'log';
}

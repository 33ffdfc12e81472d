import type { AnnotationProblem } from '../annotations';
import type { IntegrationGatewaySummary, RotationGatewayProgress } from './gateways';

/** Lifecycle of a key the plugin holds: pending → active → retiring → expired | revoked. @public */
export type MaskinportenKeyState =
  | 'pending'
  | 'active'
  | 'retiring'
  | 'expired'
  | 'revoked';

/** Expiry colour: ok above the warning threshold, then warning, critical, expired. @public */
export type ExpiryStatus = 'ok' | 'warning' | 'critical' | 'expired' | 'unknown';

/** A public RSA JWK exactly as Samarbeidsportalen and the self-service API expect it. @public */
export interface PublicJwk {
  kty: 'RSA';
  alg: 'RS256' | 'RS384' | 'RS512';
  use: 'sig';
  kid: string;
  e: string;
  n: string;
}

/** What the API says about a key. Never contains private material. @public */
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
 *
 * @public
 */
export type TokenTestOutcome =
  | 'success'
  | 'rejected'
  | 'timeout'
  | 'unreachable'
  | 'upstream-error';

/** @public */
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

/** One integration as the entity card shows it. @public */
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
  /** The sliding window of keys: the one coming in, the one signing, the ones going out. */
  window?: KeyWindow;
  /** The open rotation, or the most recent one when none is open. */
  rotation?: KeyRotationView;
  /** Another integration declares or holds the same client id; shown on both. */
  clientConflict?: ClientIdConflict;
  /** Whether the organisation may use each scope, when Digdir's self-service API is configured. */
  scopeAccess?: Record<string, ScopeOffer['access']>;
  /** Imported from Digdir: `unclaimed` until an owner is assigned; `adopted` once its keys are managed here. */
  imported?: { unclaimed: boolean; adopted: boolean };
  /** The integration's gateway deployments and whether they sign with its active key; absent with none. */
  gateway?: IntegrationGatewaySummary;
  /**
   * How new keys reach Digdir in this environment: `self-service` when the backend registers
   * them through Digdir's self-service API, `manual` when someone pastes the JWK array into
   * Samarbeidsportalen. Absent from backends that do not say; the card then explains both.
   */
  keyRegistration?: 'self-service' | 'manual';
}

/**
 * A client id belongs to exactly one integration. When several declare one, the holder (the
 * first to use it through Backstage, or the one Backstage created it for) keeps it and the
 * others are refused; with no holder, none may use it.
 *
 * @public
 */
export interface ClientIdConflict {
  clientId: string;
  environment: string;
  /** Lower-case ref of the integration that holds the client id, if any. */
  heldBy?: string;
  /** The other integrations that declare it (lower-case refs), holder excluded. */
  alsoDeclaredBy: string[];
  /** One sentence for humans: who holds it and what to do. */
  message: string;
}

/** Which keys are where in a rotation's sliding window. @public */
export interface KeyWindow {
  /** A newer key that is not yet confirmed by a token test. */
  next?: string;
  /** The key grants are signed with. */
  active?: string;
  /** Confirmed-replaced keys that are still registered, waiting to be removed. */
  retiring: string[];
}

/**
 * Steps of a key rotation. Self-service: started → generated → registered → verified →
 * (gateways →) retired. Manual (no self-service API for the environment): started → generated
 * → awaiting-upload → verified → (gateways →) retired. `gateways`: the linked gateway
 * deployments are redeployed with the new key and tested through, or updated by their owners;
 * the old keys stay registered until every one signs with the new key. `failed` and
 * `cancelled` end a rotation early.
 *
 * @public
 */
export type KeyRotationPhase =
  | 'started'
  | 'generated'
  | 'registered'
  | 'awaiting-upload'
  | 'verified'
  | 'gateways'
  | 'retired'
  | 'failed'
  | 'cancelled';

/** @public */
export interface KeyRotationView {
  id: string;
  entityRef: string;
  environment: string;
  clientId: string;
  /** `self-service`: the backend posts key sets to Digdir; `manual`: the user uploads them. */
  mode: 'self-service' | 'manual';
  phase: KeyRotationPhase;
  /** False once retired, failed or cancelled. */
  open: boolean;
  newKid?: string;
  oldKids: string[];
  /** Failed attempts at the current step (Digdir down, token test not yet accepted …). */
  attempts: number;
  lastError?: string;
  startedBy: string;
  createdAt: string;
  updatedAt: string;
  registeredAt?: string;
  verifiedAt?: string;
  /** After this the old keys leave the registered set. */
  retireAfter?: string;
  completedAt?: string;
  /** What happens next, for humans. */
  nextStep: string;
  /**
   * Manual flow only: the JWK array to upload to Samarbeidsportalen now (the keys to keep and
   * the new one while awaiting the upload; without the retiring keys once verified).
   */
  jwks?: PublicJwk[];
  /** The linked gateway deployments the rotation carries, from verification on. */
  gateways?: RotationGatewayProgress[];
  /**
   * The deployments that would still sign with an old key if the old keys went now: what a
   * forced retirement must name (`POST …/force-retire`).
   */
  blockingDeployments?: string[];
  /** Set when an owner forced the retirement past gateways still on an old key. */
  forcedBy?: string;
}

/** @public */
export interface StartRotationResponse {
  rotation: KeyRotationView;
  /** False when a rotation was already open and is returned instead. */
  created: boolean;
  verification?: TokenTestResult;
}

/** What advancing, confirming an upload or cancelling answers. @public */
export interface RotationStepResponse {
  rotation: KeyRotationView;
  /** The token test with the new key, when this step ran one. */
  verification?: TokenTestResult;
}

/** @public */
export interface InvalidIntegration {
  entityRef: string;
  problems: AnnotationProblem[];
}

/** @public */
export interface EntityIntegrationsResponse {
  items: MaskinportenIntegrationView[];
  invalid: InvalidIntegration[];
}

/** @public */
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

/** @public */
export interface IntegrationListResponse {
  items: MaskinportenIntegrationView[];
  nextCursor?: string;
}

/** @public */
export interface IntegrationListQuery {
  owner?: string[];
  environment?: string;
  expiresWithinDays?: number;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** Expiry state of one key as the expiry scan judges it. @public */
export type KeyExpiryState = 'ok' | 'warning' | 'critical' | 'expired';

/** What one expiry scan found: live keys of indexed integrations, by state. @public */
export interface ExpiryScanResult {
  scanned: number;
  /** Keys whose state differed from the one their owner was last told about. */
  changed: number;
  byState: Record<KeyExpiryState, number>;
}

/** `GET /v1/expiry-scan`. @public */
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
  /** Every channel that hears expiry notices: the built-in one, then those modules added. */
  channels?: string[];
}

/**
 * A scope as the scope picker offers it: `granted` (the organisation has access), `open`
 * (accessible for all, no grant needed) or `request` (ask the scope's owner for access first).
 *
 * @public
 */
export interface ScopeOffer {
  name: string;
  description: string;
  /** Organisation number of the API provider that owns the scope. */
  ownerOrgno?: string;
  access: 'granted' | 'open' | 'request';
}

/** `GET /v1/environments/:environment/scopes` @public */
export interface ScopeOffersResponse {
  environment: string;
  /** `digdir` when Digdir's self-service API answered; `none` when it is not configured. */
  source: 'digdir' | 'none';
  scopes: ScopeOffer[];
}

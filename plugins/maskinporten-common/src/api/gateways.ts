import type { MaskinportenKeyState, TokenTestOutcome } from './types';

/**
 * Whether an integration's gateways sign with its active key: `in-sync` (every deployment
 * does), `stale` (one signs with a retiring, revoked, expired, pending or unknown key), or
 * `unknown` (one could not be read back and its owner has not confirmed what it signs with).
 *
 * @public
 */
export type GatewaySyncStatus = 'in-sync' | 'stale' | 'unknown';

/**
 * What the drift check found on a deployment, read back from the gateway:
 * - `unknown-kid`: it signs with a kid that is none of the integration's keys (changed by hand?);
 * - `retiring-key`, `revoked-key`, `expired-key`, `pending-key`: with a key in that state;
 * - `fingerprint-mismatch`: the kid is ours but the key under it is not;
 * - `several-signers`: more than one signing step with different kids;
 * - `no-signer`: no signing step at all;
 * - `missing`: the gateway no longer has the API;
 * - `not-started`: the gateway has it but does not run it.
 *
 * @public
 */
export type GatewayDriftFinding =
  | 'unknown-kid'
  | 'retiring-key'
  | 'revoked-key'
  | 'expired-key'
  | 'pending-key'
  | 'fingerprint-mismatch'
  | 'several-signers'
  | 'no-signer'
  | 'missing'
  | 'not-started';

/** The last token request sent through a deployment. Never the token. @public */
export interface GatewayTestRecord {
  at: string;
  outcome: TokenTestOutcome;
  message: string;
  /** The kid the deployment was recorded as signing with at the time. */
  kid?: string;
  httpStatus?: number;
  errorCode?: string;
  requestedBy: string;
  durationMs?: number;
}

/** One token service of an integration on one gateway, as the card shows it. @public */
export interface GatewayDeploymentView {
  id: string;
  entityRef: string;
  environment: string;
  /** The gateway target's id (`gravitee`), or `manual` for one its owner carries by hand. */
  target: string;
  targetTitle: string;
  /** True when the backend can redeploy and read it back itself; false: its owner updates it and confirms. */
  managed: boolean;
  /** `deployed` by the backend, `adopted` from an existing API, or `manual`. */
  origin: 'deployed' | 'adopted' | 'manual';
  apiId?: string;
  name?: string;
  contextPath?: string;
  definitionVersion?: string;
  gatewayVersion?: string;
  /** What it signs with: as read back by the last check, else as deployed or confirmed. */
  kid?: string;
  /** That key's state among the integration's keys; `unknown` for a kid that is not ours. */
  keyState?: MaskinportenKeyState | 'external' | 'unknown';
  deployedAt?: string;
  deployedBy?: string;
  state: 'deploying' | 'deployed' | 'failed';
  lastError?: string;
  status: GatewaySyncStatus;
  /** One sentence: what it signs with and what to do about it. */
  statusText: string;
  findings: GatewayDriftFinding[];
  checkedAt?: string;
  checkError?: string;
  lastTest?: GatewayTestRecord;
}

/** An integration's gateways at a glance (card and page listing). @public */
export interface IntegrationGatewaySummary {
  status: GatewaySyncStatus;
  deployments: GatewayDeploymentView[];
}

/** `GET …/gateway-deployments` @public */
export interface GatewayDeploymentsResponse {
  items: GatewayDeploymentView[];
  /** The gateway targets this backend can reach, for adoption. */
  targets: Array<{ id: string; title: string; managed: boolean }>;
}

/** `GET …/gateway-deployments/candidate`: an existing token service, read through the management API. @public */
export interface GatewayCandidate {
  target: string;
  apiId: string;
  name?: string;
  contextPath?: string;
  definitionVersion?: string;
  gatewayVersion?: string;
  started?: boolean;
  /** The signing steps found (Gravitee: Generate JWT), without key material. */
  signers: Array<{ kid?: string; issuer?: string; audiences?: string[]; fingerprintMatches?: boolean }>;
  /** The kid the owner confirms when linking. */
  kid?: string;
  keyState?: MaskinportenKeyState | 'external' | 'unknown';
  /** True when it can be linked to this integration; else `problems` says why not. */
  linkable: boolean;
  problems: string[];
  /** The integration it is already linked to. */
  linkedTo?: string;
}

/** `POST …/gateway-deployments/:id/token-tests` @public */
export interface GatewayTokenTestResponse {
  deployment: GatewayDeploymentView;
  test: GatewayTestRecord;
}

/** One linked deployment in a rotation's gateway phase. @public */
export interface RotationGatewayProgress {
  deploymentId: string;
  target: string;
  targetTitle: string;
  apiId?: string;
  name?: string;
  managed: boolean;
  /**
   * `pending`: not yet redeployed; `redeployed`: it signs with the new key, a token request
   * through it has not yet succeeded; `verified`: it has; `awaiting-owner`: the owner must
   * update it and confirm; `confirmed`: the owner has; `failed`: the last attempt failed
   * (`lastError`), retried on the next run.
   */
  state: 'pending' | 'redeployed' | 'verified' | 'awaiting-owner' | 'confirmed' | 'failed';
  /** What it signs with now, as far as the backend knows. */
  kid?: string;
  lastError?: string;
}

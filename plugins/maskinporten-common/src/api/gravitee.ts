/**
 * The Gravitee routes' request and response types, shared by the backend that answers them
 * and the frontend that calls them (README: HTTP API).
 */

/** `v2`: an APIM 4.x v2 API; `v4`: a `definitionVersion: V4` proxy API. @public */
export type GraviteeFormat = 'v2' | 'v4';

/**
 * How the private key reaches a rendered definition: `placeholder` (never; the key field says
 * where it must come from) or `inline` (embedded; the output is then a secret and needs the
 * export permission). There is no secret-reference mode: Generate JWT 1.8.x reads its
 * `content` as it is (docs/adr/0005-real-gravitee.md).
 *
 * @public
 */
export type GraviteeSecretMode = 'placeholder' | 'inline';

/** @public */
export type GraviteeLintSeverity = 'error' | 'warning' | 'info';

/** One finding of `POST /v1/gravitee/lint`. @public */
export interface GraviteeLintFinding {
  /** Stable id, e.g. `audience-token-endpoint`. */
  rule: string;
  severity: GraviteeLintSeverity;
  /** JSON path into the linted document, e.g. `$.flows[0].pre[1].configuration.audiences[0]`. */
  path: string;
  message: string;
  fix: string;
}

/** `POST /v1/gravitee/lint` @public */
export interface GraviteeLintResult {
  version: GraviteeFormat;
  findings: GraviteeLintFinding[];
}

/** `POST …/gravitee/deploy` @public */
export interface GraviteeDeployResponse {
  apiId: string;
  status: 'deployed';
  format: GraviteeFormat;
  /** True when this deploy imported a new API, false when it updated an existing one. */
  created: boolean;
  /** The APIM version the management API reported, e.g. `4.10.8`. */
  apimVersion: string;
  /** The key the deployed token service signs with. */
  kid: string;
  secrets: GraviteeSecretMode;
}

/** The last deploy, as `GET …/gravitee/deployment` answers it. @public */
export interface GraviteeDeploymentView {
  entityRef: string;
  environment: string;
  format: GraviteeFormat;
  apiId: string | null;
  /** The APIM version the management API reported on the last deploy. */
  apimVersion: string | null;
  status: 'deployed' | 'failed' | 'in-progress';
  /** The gateway deployment's id (`GET …/gateway-deployments`). */
  deploymentId: string;
  /** What the deployed definition signs with. */
  kid: string | null;
  lastError: string | null;
  deployedBy: string | null;
  updatedAt: string;
}

/** `GET /v1/gravitee/status` @public */
export interface GraviteeDeployStatus {
  deployConfigured: boolean;
  deployFormat: GraviteeFormat;
}

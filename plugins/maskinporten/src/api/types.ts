/**
 * Response shapes of the backend's Gravitee routes. They mirror the backend's own types
 * (gravitee/lint/types.ts and the deploy routes); the frontend keeps its copy because the
 * common package does not carry them.
 */

/** `v2`: an APIM 4.x v2 API; `v4`: a `definitionVersion: V4` proxy API. @public */
export type GraviteeFormat = 'v2' | 'v4';

/**
 * Where the private key comes from in a rendered definition: a placeholder to fill in, or
 * the key itself (needs the export permission).
 *
 * @public
 */
export type GraviteeSecretMode = 'placeholder' | 'inline';

/** @public */
export interface GraviteeDefinitionOptions {
  format: GraviteeFormat;
  secrets: GraviteeSecretMode;
}

/** @public */
export interface GraviteeDefinitionDownload {
  /** The definition as the backend rendered it. */
  definition: unknown;
  /** From Content-Disposition, or a name built from the entity and format. */
  filename: string;
}

/** @public */
export type GraviteeLintSeverity = 'error' | 'warning' | 'info';

/** @public */
export interface GraviteeLintFinding {
  rule: string;
  severity: GraviteeLintSeverity;
  /** JSON path into the linted document, e.g. `$.flows[0].pre[1].configuration.audiences[0]`. */
  path: string;
  message: string;
  fix: string;
}

/** @public */
export interface GraviteeLintResult {
  version: GraviteeFormat;
  findings: GraviteeLintFinding[];
}

/** @public */
export interface GraviteeDeployRequest {
  format?: GraviteeFormat;
}

/** @public */
export interface GraviteeDeployResult {
  apiId: string;
  status: string;
  format: GraviteeFormat;
  /** False when an existing API was updated. */
  created: boolean;
}

/**
 * The last deployment of an entity's definition, as the backend's deployment route reports
 * it; failures keep their status and `lastError`.
 *
 * @public
 */
export interface GraviteeDeployment {
  entityRef?: string;
  environment?: string;
  format?: GraviteeFormat;
  apiId?: string | null;
  status: string;
  lastError?: string | null;
  deployedBy?: string | null;
  updatedAt?: string;
}

/** @public */
export interface GraviteeStatus {
  deployConfigured: boolean;
  deployFormat: GraviteeFormat;
}

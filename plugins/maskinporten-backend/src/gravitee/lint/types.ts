import { GraviteeMaskinportenEnvironment } from '../types';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface GraviteeLintFinding {
  /** Stable id, e.g. `audience-token-endpoint`; see {@link GRAVITEE_LINT_RULES}. */
  rule: string;
  severity: LintSeverity;
  /** JSON path into the linted document, e.g. `$.flows[0].pre[1].configuration.audiences[0]`. */
  path: string;
  message: string;
  fix: string;
}

export interface GraviteeLintResult {
  version: 'v2' | 'v4';
  findings: GraviteeLintFinding[];
}

/** What we know about a key, by `kid`. */
export interface GraviteeLintKeyInfo {
  state: string;
  expiresAt?: Date;
  /** When known, a key used in another environment's definition is reported. */
  environment?: string;
  /** When known, a fixed `issuer` other than the key's client is reported. */
  clientId?: string;
}

export interface GraviteeLintContext {
  /** The configured Maskinporten environments; URLs are judged against these. */
  environments: GraviteeMaskinportenEnvironment[];
  /** Our keys by kid; without it the key rules are skipped (e.g. a CLI run without the database). */
  lookupKey?: (kid: string) => GraviteeLintKeyInfo | undefined;
  /** Default: the current time. */
  now?: Date;
  /** The clients' access-token lifetime the cache is judged against; default 120. */
  accessTokenLifetimeSeconds?: number;
  /** Key expiry at or within this many days is a warning; default 30. */
  keyWarningDays?: number;
}

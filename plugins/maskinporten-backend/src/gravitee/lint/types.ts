import { GraviteeMaskinportenEnvironment } from '../types';

// The findings are part of the HTTP contract, so they are defined in -common.
export type {
  GraviteeLintFinding,
  GraviteeLintResult,
  GraviteeLintSeverity,
} from '@maskinporten-backstage/plugin-maskinporten-common';

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

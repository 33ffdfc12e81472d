/**
 * Who may see a scope on `GET /scopes/all` (Digdir, "API for administrasjon av APIer /
 * scopes", section "Synlighet": https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten).
 *
 * @public
 */
export type ScopeVisibility = 'PUBLIC' | 'PRIVATE' | 'INTERNAL';

/**
 * A scope (an API) in the simulator's catalogue, as an option. A plain string in
 * `scopes` is short for `{ name, consumers: [<the simulated organisation>] }`: a public
 * scope of another organisation that the simulated organisation has been granted.
 *
 * @public
 */
export interface SimulatorScopeSeed {
  /** `prefix:subscope`, e.g. `dfo:ansatte`. */
  name: string;
  description?: string;
  /** The API provider; default `889640782` (the example organisation in Digdir's docs). */
  ownerOrgno?: string;
  /** Default `PUBLIC`. */
  visibility?: ScopeVisibility;
  /** Everyone may use it without being granted access; default false. */
  accessibleForAll?: boolean;
  /** Default `['maskinporten']`. A scope without `maskinporten` cannot be used by a Maskinporten client (MP-201). */
  allowedIntegrationTypes?: string[];
  /** Default true. */
  active?: boolean;
  /** Organisations (9 digits) that have been granted access (state APPROVED). Default none. */
  consumers?: string[];
}

/** A scope as the simulator keeps it (Digdir's field names in the API). */
export interface SimulatorScope {
  name: string;
  prefix: string;
  subscope: string;
  description: string;
  longDescription?: string;
  ownerOrgno: string;
  visibility: ScopeVisibility;
  accessibleForAll: boolean;
  allowedIntegrationTypes: string[];
  active: boolean;
  /** Maximum access-token lifetime the provider allows, seconds (`at_max_age`). */
  atMaxAge?: number;
  requiresUserConsent: boolean;
  requiresUserAuthentication: boolean;
  requiresPseudonymousTokens: boolean;
  tokenType: 'SELF_CONTAINED' | 'OPAQUE';
  created: string;
  lastUpdated: string;
}

/** An organisation's access to a scope (`/scopes/access…`). */
export interface SimulatorScopeAccess {
  scope: string;
  consumerOrgno: string;
  ownerOrgno: string;
  /** APPROVED while granted; a revoked grant is kept (Digdir never deletes) as DENIED. */
  state: 'APPROVED' | 'DENIED';
  active: boolean;
  created: string;
  lastUpdated: string;
}

/** Why a Maskinporten client may not use a scope at token time. */
export type ScopeUse =
  | { ok: true }
  | { ok: false; reason: 'inactive' | 'not-for-maskinporten' | 'no-access' };

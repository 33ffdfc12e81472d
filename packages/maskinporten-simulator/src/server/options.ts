import type { SimulatorClientSeed } from '../clients';
import type { SimulatorClock } from '../clock';
import type { SimulatorScopeSeed } from '../scopes';
import type { SigningKeyStore } from '../signing';

/**
 * Options for {@link createMaskinportenSimulatorRouter}.
 *
 * @public
 */
export interface SimulatorOptions {
  /**
   * The simulator's issuer, e.g. `http://127.0.0.1:18081/`: the base URL the
   * router is reachable at. It must end with `/`; it is the `aud` every grant
   * must carry.
   */
  issuer: string;
  /** Defaults to the system clock. */
  clock?: SimulatorClock;
  /** Clients registered at start. */
  clients?: SimulatorClientSeed[];
  /**
   * The scope catalogue; when given, clients may only hold these scopes (and scopes created
   * later through the API), and each is checked at token time (MP-201, MP-250). A string is
   * a public scope of another organisation that the simulated organisation has access to.
   */
  scopes?: Array<string | SimulatorScopeSeed>;
  /** Scope prefixes the simulated organisation owns, for `POST /scopes`. */
  ownedPrefixes?: string[];
  /** A static bearer token accepted by the self-service API (development convenience). */
  adminToken?: string;
  /** Lifetime of issued access tokens unless a client sets its own; default 120. */
  accessTokenLifetimeSeconds?: number;
  /** The simulated organisation's number; default `991825827`. */
  orgNumber?: string;
  /**
   * PEM certificates of the certificate authorities whose enterprise certificates are
   * trusted in `x5c` (grant headers and posted keys). Default none: `x5c` is refused (MP-120).
   */
  certificateAuthorities?: string[];
  /**
   * Seconds from a key upload until the token endpoint accepts the new set; Digdir
   * documents 0-2 minutes. Default 0 (at once).
   */
  keyPropagationDelaySeconds?: number;
  /** `delegation_source` of tokens issued with `consumer_org`; default `https://tt02.altinn.no/`. */
  delegationSource?: string;
  /** Where the simulator's own signing keys are kept between runs; default: nowhere. */
  signingKeyStore?: SigningKeyStore;
  /** Shorthand for a file store: a JSON file, created with mode 0600 when missing. */
  signingKeyFile?: string;
}

export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 120;
export const DEFAULT_ORG_NUMBER = '991825827';
/** Test environment's Altinn, as in Digdir's delegated-token example. */
export const DEFAULT_DELEGATION_SOURCE = 'https://tt02.altinn.no/';
/** "0-2 minutter": a larger delay is refused as a configuration mistake. */
export const MAX_KEY_PROPAGATION_DELAY_SECONDS = 600;

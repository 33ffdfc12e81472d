import type { SimulatorClientSeed } from '../clients';
import type { SimulatorClock } from '../clock';

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
  /** The scope catalogue; when given, clients may only hold scopes from it. */
  scopes?: string[];
  /** A static bearer token accepted by the self-service API (development convenience). */
  adminToken?: string;
  /** Lifetime of issued access tokens unless a client sets its own; default 120. */
  accessTokenLifetimeSeconds?: number;
  /** The simulated organisation's number; default `991825827`. */
  orgNumber?: string;
}

export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 120;
export const DEFAULT_ORG_NUMBER = '991825827';

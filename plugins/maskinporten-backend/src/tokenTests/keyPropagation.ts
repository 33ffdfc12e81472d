import { TokenRequestResult } from './tokenClient';

/**
 * How long to keep asking for a token with a key that was just registered. Digdir documents
 * that a configuration change takes 0-2 minutes to reach Maskinporten ("Overføring av
 * integrasjonskonfigurasjon, 0-2 minutter", sequence diagram in
 * https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin); until then the token endpoint
 * does not know the key (or a new client) and answers MP-100.
 */
export interface KeyPropagationOptions {
  /** Stop asking after this long; default 150 000 ms (Digdir's two minutes and a margin). */
  maxWaitMs?: number;
  /** The first pause between attempts; it doubles up to 30 s. Default 5 000 ms. */
  intervalMs?: number;
  /** Waits; tests pass one that moves a manual clock instead. */
  sleep?: (ms: number) => Promise<void>;
  /** "Now", to bound the wait; default the wall clock. */
  now?: () => Date;
}

export const DEFAULT_KEY_PROPAGATION_WAIT_MS = 150_000;
const DEFAULT_INTERVAL_MS = 5_000;
const MAX_INTERVAL_MS = 30_000;

const realSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Whether a token answer is what a key (or client) that has not reached the token endpoint
 * yet gets: `invalid_grant` MP-100, "Client authentication failed" / "Unknown key
 * identifier (kid) for client" ("Feilsøking i Maskinporten",
 * https://docs.digdir.no/docs/Maskinporten/maskinporten_feilsoking). Anything else will not
 * change by waiting.
 */
export function mayBeKeyPropagation(result: TokenRequestResult): boolean {
  return result.kind === 'rejected' && result.code === 'MP-100';
}

export interface PropagationWaitResult {
  result: TokenRequestResult;
  attempts: number;
  /** How long the attempts took by `now`, ms. */
  waitedMs: number;
}

/**
 * Asks for a token with a freshly registered key until it is accepted, fails for another
 * reason, or `maxWaitMs` has passed. `attempt` signs a new grant each time (a grant's `iat`
 * must be within 10 s of Maskinporten's clock and its `jti` fresh), for the `now` it is given.
 */
export async function requestTokenWhileKeyPropagates(
  attempt: (now: Date) => Promise<TokenRequestResult>,
  options: KeyPropagationOptions = {},
): Promise<PropagationWaitResult> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_KEY_PROPAGATION_WAIT_MS;
  let interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  if (!(maxWaitMs >= 0) || !(interval > 0)) {
    throw new RangeError('keyPropagation: maxWaitMs must be 0 or more and intervalMs more than 0');
  }
  const started = now().getTime();
  let attempts = 1;
  let result = await attempt(now());
  while (mayBeKeyPropagation(result)) {
    const elapsed = now().getTime() - started;
    if (elapsed >= maxWaitMs) {
      break;
    }
    await sleep(Math.min(interval, maxWaitMs - elapsed));
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
    attempts++;
    result = await attempt(now());
  }
  return { result, attempts, waitedMs: now().getTime() - started };
}

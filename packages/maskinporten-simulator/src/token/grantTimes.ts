import { mpError } from '../errors';
import { invalidAssertion } from './grantRequest';

export const MAX_GRANT_LIFETIME_SECONDS = 120;
export const MAX_CLOCK_SKEW_SECONDS = 10;

export interface GrantTimes {
  iat: number;
  exp: number;
}

const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * `aud` is Maskinporten's issuer ("The value in production is https://maskinporten.no/",
 * JWT grant page). RFC 7519 §4.1.3 lets a single audience be a string or an array, and
 * NAV's digdirator builds its admin grant's audience as a list (`Audience:
 * []string{issuer}` in nais/digdirator pkg/digdir/auth.go; older releases sent it as a
 * one-element array), in production. So `[issuer]` is accepted; an array with anything
 * else, or more, is MP-110.
 */
export function checkAudience(aud: unknown, issuer: string): void {
  const fail = (detail: string) =>
    mpError('invalid_grant', 'MP-110', `Invalid audience: ${detail}; expected "${issuer}"`);
  if (aud === undefined) {
    throw fail('aud is missing');
  }
  let value = aud;
  if (Array.isArray(aud)) {
    if (aud.length !== 1) {
      throw fail(`aud holds ${aud.length} audiences; a grant is for Maskinporten alone`);
    }
    value = aud[0];
  }
  if (typeof value !== 'string') {
    throw fail('aud must be a string (or an array holding one string)');
  }
  if (value === issuer) {
    return;
  }
  const shown = JSON.stringify(value.slice(0, 200));
  if (`${value}/` === issuer) {
    throw fail(`${shown} lacks the trailing slash`);
  }
  if (value.endsWith('/token') || value.endsWith('/token/')) {
    throw fail(`${shown} is a token endpoint, not the issuer`);
  }
  throw fail(`${shown} is not this environment's issuer`);
}

/**
 * `iat` and `exp` (JWT grant page): iat within 10 s of Maskinporten's clock, exp - iat ≤ 120.
 * `nbf` is not in Digdir's list, but digdirator sends `NotBefore: now` in every grant
 * (nais/digdirator pkg/digdir/auth.go) and works in production, so it is accepted and
 * checked as RFC 7519 §4.1.5 says: not after now (with the same 10 s of skew).
 */
export function checkTimes(payload: Record<string, unknown>, nowSeconds: number): GrantTimes {
  const { iat, exp, nbf } = payload;
  if (!isNumericDate(exp)) {
    throw invalidAssertion('exp is missing or not a number (seconds since the epoch)');
  }
  if (!isNumericDate(iat)) {
    throw invalidAssertion('iat is missing or not a number (seconds since the epoch)');
  }
  if (nbf !== undefined && !isNumericDate(nbf)) {
    throw invalidAssertion('nbf must be a number (seconds since the epoch)');
  }
  const expired = (detail: string) =>
    mpError('invalid_grant', 'MP-130', `JWT is expired or not valid now: ${detail}`);
  if (exp <= iat) {
    throw expired(`exp (${exp}) must be after iat (${iat})`);
  }
  if (exp - iat > MAX_GRANT_LIFETIME_SECONDS) {
    throw expired(`grant lifetime exceeds ${MAX_GRANT_LIFETIME_SECONDS} s (exp - iat = ${exp - iat} s)`);
  }
  const skew = iat - nowSeconds;
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    throw expired(
      `iat is ${Math.abs(Math.round(skew))} s ${skew > 0 ? 'ahead of' : 'behind'} Maskinporten's clock (clock skew; at most ${MAX_CLOCK_SKEW_SECONDS} s allowed)`,
    );
  }
  if (exp <= nowSeconds) {
    throw expired(`exp (${exp}) is in the past`);
  }
  if (nbf !== undefined && nbf - nowSeconds > MAX_CLOCK_SKEW_SECONDS) {
    throw expired(`nbf (${nbf}) is in the future: the grant is not valid yet`);
  }
  return { iat, exp };
}

import { randomUUID } from 'node:crypto';
import { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { MAX_GRANT_LIFETIME_SECONDS } from '../config/readMaskinportenConfig';

/** @public */
export interface GrantInput {
  /** The environment's issuer; Maskinporten requires it verbatim as `aud`. */
  issuer: string;
  clientId: string;
  scopes: string[];
  /** Header `kid`: a key registered on the client. Exactly one of `kid` and `x5c`. */
  kid?: string;
  /** Header `x5c`: the enterprise certificate chain, base64 DER, leaf first. */
  x5c?: string[];
  privateKey: KeyObject | CryptoKey;
  now: Date;
  lifetimeSeconds: number;
  resources?: string[];
  consumerOrg?: string;
}

/** The only claims a grant may carry: Maskinporten rejects anything else as MP-011. @public */
export const GRANT_CLAIMS = [
  'aud',
  'iss',
  'scope',
  'iat',
  'exp',
  'jti',
  'resource',
  'consumer_org',
] as const;

/**
 * Builds and signs a JWT bearer grant exactly per Digdir's rules: header `alg` and `kid`
 * only (or `x5c` instead of `kid`, for clients that sign with the enterprise certificate);
 * claims `aud` = issuer, `iss` = client id, space-separated `scope`, `iat` = now, `exp` at
 * most 120 s later, a fresh `jti`, and `resource`/`consumer_org` only when set.
 *
 * @public
 */
export async function signGrant(input: GrantInput): Promise<string> {
  if (input.lifetimeSeconds < 1 || input.lifetimeSeconds > MAX_GRANT_LIFETIME_SECONDS) {
    throw new RangeError(
      `Grant lifetime must be 1-${MAX_GRANT_LIFETIME_SECONDS} seconds, got ${input.lifetimeSeconds}`,
    );
  }
  if (input.scopes.length === 0) {
    throw new RangeError('A grant needs at least one scope');
  }
  if ((input.kid === undefined) === (input.x5c === undefined)) {
    throw new RangeError('A grant header carries exactly one of kid and x5c');
  }
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    aud: input.issuer,
    iss: input.clientId,
    scope: input.scopes.join(' '),
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: randomUUID(),
  };
  if (input.resources && input.resources.length > 0) {
    claims.resource = input.resources;
  }
  if (input.consumerOrg) {
    claims.consumer_org = input.consumerOrg;
  }
  return new SignJWT(claims)
    .setProtectedHeader(
      input.x5c ? { alg: 'RS256', x5c: input.x5c } : { alg: 'RS256', kid: input.kid },
    )
    .sign(input.privateKey);
}

import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { ClientRegistry } from '../clients';
import type { CertificateTrust } from '../certificates';
import { nowSeconds, SimulatorClock } from '../clock';
import { mpError, sendError } from '../errors';
import type { ScopeRegistry } from '../scopes';
import type { SigningKeyRing } from '../signing';
import { accessTokenClaims } from './accessToken';
import { authenticateClient, resolveClient } from './clientAuthentication';
import { checkClaims } from './grantClaims';
import { checkHeader } from './grantHeader';
import { decodeGrant, readGrantRequest } from './grantRequest';
import { checkAudience, checkTimes } from './grantTimes';
import type { JtiStore } from './JtiStore';
import { checkDelegation, checkScopeAccess, checkScopes } from './scopeChecks';

export interface TokenEndpointContext {
  issuer: string;
  orgNumber: string;
  delegationSource: string;
  clock: SimulatorClock;
  registry: ClientRegistry;
  scopes: ScopeRegistry;
  trust: CertificateTrust;
  signingKey: SigningKeyRing;
  jtiStore: JtiStore;
}

/** The successful token response body. */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * What makes a grant "used before" (MP-012). With a `jti` it is the jti; a grant without
 * one (allowed: jti is "Recommended") is remembered by its hash, so the same grant still
 * cannot be replayed ("A JWT cannot be reused").
 */
function replayKey(jti: string | undefined, assertion: string): string {
  return jti ?? `sha256:${createHash('sha256').update(assertion).digest('base64url')}`;
}

/**
 * Validates a JWT grant and, when every rule passes, issues an access token. The checks run
 * in a fixed order, so a grant with several faults always gets the same code: structure →
 * header → client (iss) → key or certificate → aud → times → claims → replay → scopes
 * registered → scope access → delegation.
 */
export async function processGrant(ctx: TokenEndpointContext, req: Request): Promise<TokenResponseBody> {
  const assertion = readGrantRequest(req);
  const grant = decodeGrant(assertion);
  const header = checkHeader(grant.header);
  const client = resolveClient(grant.payload, ctx.registry);
  const now = nowSeconds(ctx.clock);
  const clientAmr = await authenticateClient(grant, header, client, {
    registry: ctx.registry,
    trust: ctx.trust,
    orgNumber: ctx.orgNumber,
    nowSeconds: now,
  });
  checkAudience(grant.payload.aud, ctx.issuer);
  const times = checkTimes(grant.payload, now);
  const claims = checkClaims(grant.payload);
  const replay = replayKey(claims.jti, assertion);
  if (ctx.jtiStore.has(replay)) {
    throw mpError(
      'invalid_grant',
      'MP-012',
      claims.jti === undefined
        ? 'Grant used before: this grant (it has no jti) was already used; sign a new grant for every request'
        : `Grant used before: jti "${claims.jti.slice(0, 100)}" was already used; create a new grant with a fresh jti for every request`,
    );
  }
  const scopes = checkScopes(claims.scope, client);
  checkScopeAccess(scopes, claims.consumerOrg ?? ctx.orgNumber, ctx.scopes);
  checkDelegation(claims.consumerOrg, scopes, client, ctx.orgNumber);

  // Accepted. Remember the grant before any await, so that a concurrent request with the
  // same one cannot slip through while this one is being signed.
  ctx.jtiStore.remember(replay, times.exp);
  const iat = Math.floor(now);
  const accessToken = await ctx.signingKey.sign(
    accessTokenClaims({
      issuer: ctx.issuer,
      orgNumber: ctx.orgNumber,
      delegationSource: ctx.delegationSource,
      client,
      claims,
      scopes,
      iat,
      clientAmr,
    }),
  );
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: client.accessTokenLifetime,
    scope: scopes.join(' '),
  };
}

export function createTokenHandler(ctx: TokenEndpointContext): RequestHandler {
  return async (req: Request, res: Response) => {
    try {
      const body = await processGrant(ctx, req);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      res.status(200).json(body);
    } catch (err) {
      sendError(res, err);
    }
  };
}

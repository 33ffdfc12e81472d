import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { JWTPayload } from 'jose';
import type { ClientRegistry, SimulatorClient } from '../clients';
import { nowSeconds, SimulatorClock } from '../clock';
import { sendError } from '../errors';
import type { SimulatorSigningKey } from '../signing';
import {
  checkAudience,
  checkCertificateSignature,
  checkClaims,
  checkConsumerOrg,
  checkHeader,
  checkJti,
  checkKeyExpiry,
  checkScopes,
  checkSignature,
  checkTimes,
  decodeGrant,
  GrantClaims,
  readGrantRequest,
  resolveCertificate,
  resolveClient,
  resolveKey,
} from './grantChecks';
import type { JtiStore } from './JtiStore';

export interface TokenEndpointContext {
  issuer: string;
  orgNumber: string;
  clock: SimulatorClock;
  registry: ClientRegistry;
  signingKey: SimulatorSigningKey;
  jtiStore: JtiStore;
}

/** The successful token response body. */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

const orgId = (orgNumber: string) => ({
  authority: 'iso6523-actorid-upis',
  ID: `0192:${orgNumber}`,
});

function accessTokenClaims(
  ctx: TokenEndpointContext,
  client: SimulatorClient,
  claims: GrantClaims,
  scopes: string[],
  iat: number,
  clientAmr: string,
): JWTPayload {
  const payload: JWTPayload = {
    iss: ctx.issuer,
    client_amr: clientAmr,
    token_type: 'Bearer',
    scope: scopes.join(' '),
    client_id: client.clientId,
    consumer: orgId(claims.consumerOrg ?? ctx.orgNumber),
    iat,
    exp: iat + client.accessTokenLifetime,
    jti: randomUUID(),
  };
  if (claims.consumerOrg !== undefined) {
    payload.supplier = orgId(ctx.orgNumber);
  }
  if (claims.resource !== undefined) {
    const resources = Array.isArray(claims.resource) ? claims.resource : [claims.resource];
    payload.aud = resources.length === 1 ? resources[0] : resources;
  }
  if (claims.pid !== undefined) {
    payload.pid = claims.pid;
  }
  if (claims.issOnBehalfOf !== undefined) {
    payload.client_onbehalfof = claims.issOnBehalfOf;
  }
  if (claims.authorizationDetails !== undefined) {
    payload.authorization_details = claims.authorizationDetails;
  }
  return payload;
}

/**
 * Validates a JWT grant and, when every rule passes, issues an access token.
 * Throws the first rule violation.
 */
export async function processGrant(
  ctx: TokenEndpointContext,
  req: Request,
): Promise<TokenResponseBody> {
  const assertion = readGrantRequest(req);
  const grant = decodeGrant(assertion);
  const header = checkHeader(grant.header);
  const client = resolveClient(grant.payload, ctx.registry);
  const now = nowSeconds(ctx.clock);
  // Maskinporten's access tokens say how the client authenticated.
  let clientAmr: string;
  if (header.x5c !== undefined) {
    const leaf = resolveCertificate(header, client, ctx.registry, now);
    await checkCertificateSignature(grant, header, leaf);
    clientAmr = 'virksomhetssertifikat';
  } else {
    const resolvedKey = resolveKey(header, client, ctx.registry);
    checkKeyExpiry(resolvedKey, now);
    await checkSignature(grant, header, resolvedKey);
    clientAmr = 'private_key_jwt';
  }
  checkAudience(grant.payload.aud, ctx.issuer);
  const times = checkTimes(grant.payload, now);
  const claims = checkClaims(grant.payload);
  checkJti(claims.jti, ctx.jtiStore);
  const scopes = checkScopes(claims.scope, client);
  checkConsumerOrg(claims.consumerOrg, client);

  // Accepted. Remember the jti before any await, so that a concurrent request
  // with the same jti cannot slip through while this one is being signed.
  ctx.jtiStore.remember(claims.jti, times.exp);
  const iat = Math.floor(now);
  const accessToken = await ctx.signingKey.sign(
    accessTokenClaims(ctx, client, claims, scopes, iat, clientAmr),
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

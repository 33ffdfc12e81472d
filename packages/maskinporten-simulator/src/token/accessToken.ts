import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { SimulatorClient } from '../clients';
import type { ClientAmr } from './clientAuthentication';
import type { GrantClaims } from './grantClaims';

/** How an organisation is named in Maskinporten's tokens. */
export const orgId = (orgNumber: string) => ({
  authority: 'iso6523-actorid-upis',
  ID: `0192:${orgNumber}`,
});

export interface AccessTokenInput {
  issuer: string;
  /** The simulated organisation (the client's owner). */
  orgNumber: string;
  /** Altinn environment that holds delegations, as `delegation_source`. */
  delegationSource: string;
  client: SimulatorClient;
  claims: GrantClaims;
  scopes: string[];
  iat: number;
  clientAmr: ClientAmr;
}

/**
 * The access token's claims. Without delegation the consumer is the client's organisation.
 * With `consumer_org` the token names the consumer, the supplier and where the delegation
 * was found, as in Digdir's example of a delegated token ("Hente tokens",
 * https://docs.digdir.no/docs/Maskinporten/maskinporten_func_delegering):
 * `"supplier": {…"0192:991825827"}, "delegation_source": "https://tt02.altinn.no/", "consumer": {…}`.
 */
export function accessTokenClaims(input: AccessTokenInput): JWTPayload {
  const { client, claims } = input;
  const payload: JWTPayload = {
    iss: input.issuer,
    client_amr: input.clientAmr,
    token_type: 'Bearer',
    scope: input.scopes.join(' '),
    client_id: client.clientId,
    consumer: orgId(claims.consumerOrg ?? input.orgNumber),
    iat: input.iat,
    exp: input.iat + client.accessTokenLifetime,
    jti: randomUUID(),
  };
  if (claims.consumerOrg !== undefined) {
    payload.supplier = orgId(input.orgNumber);
    payload.delegation_source = input.delegationSource;
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
    // Maskinporten adds systemuser_id and system_id from Altinn's system register; the
    // simulator has no such register and returns what was asked for.
    payload.authorization_details = claims.authorizationDetails;
  }
  return payload;
}

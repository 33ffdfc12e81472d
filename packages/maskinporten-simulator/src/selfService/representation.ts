import type { SimulatorClient } from '../clients';

/** A client as the self-service API returns it (Digdir's field names). */
export function toApiClient(client: SimulatorClient, orgNumber: string) {
  return {
    client_id: client.clientId,
    client_name: client.clientName,
    description: client.description,
    client_orgno: orgNumber,
    integration_type: client.integrationType,
    application_type: client.applicationType,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    grant_types: [...client.grantTypes],
    scopes: [...client.scopes],
    active: client.active,
    created: client.created,
    last_updated: client.lastUpdated,
    access_token_lifetime: client.accessTokenLifetime,
    refresh_token_usage: 'ONETIME',
    refresh_token_lifetime: 0,
    authorization_lifetime: 0,
    redirect_uris: [],
    post_logout_redirect_uris: [],
    frontchannel_logout_session_required: false,
  };
}

/** A client's key set as `GET/POST /clients/{id}/jwks` return it. */
export function toApiJwks(client: SimulatorClient) {
  return {
    keys: client.keys.map(k => ({ ...k.jwk, exp: k.exp })),
    created: client.jwksCreated ?? null,
    last_updated: client.jwksLastUpdated ?? null,
  };
}

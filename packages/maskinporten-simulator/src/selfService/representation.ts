import type { SimulatorClient } from '../clients';
import type { SimulatorScope, SimulatorScopeAccess } from '../scopes';

/**
 * A client as the self-service API returns it (Digdir's field names; the set of fields is
 * that of digdirator's `ClientRegistration`, nais/digdirator pkg/digdir/types/types.go).
 */
export function toApiClient(client: SimulatorClient, orgNumber: string) {
  return {
    client_id: client.clientId,
    client_name: client.clientName,
    description: client.description,
    client_orgno: orgNumber,
    ...(client.clientUri !== undefined && { client_uri: client.clientUri }),
    integration_type: client.integrationType,
    application_type: client.applicationType,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    grant_types: [...client.grantTypes],
    scopes: [...client.scopes],
    active: client.active,
    created: client.created,
    last_updated: client.lastUpdated,
    access_token_lifetime: client.accessTokenLifetime,
    authorization_lifetime: client.authorizationLifetime,
    refresh_token_lifetime: client.refreshTokenLifetime,
    refresh_token_usage: 'ONETIME',
    sso_disabled: client.ssoDisabled,
    redirect_uris: [],
    post_logout_redirect_uris: [],
    frontchannel_logout_session_required: false,
  };
}

/** A client's key set as `GET/POST/PUT/DELETE /clients/{id}/jwks` return it. */
export function toApiJwks(client: SimulatorClient) {
  return {
    keys: client.keys.map(k => ({ ...k.jwk, exp: k.exp })),
    created: client.jwksCreated ?? null,
    last_updated: client.jwksLastUpdated ?? null,
  };
}

/**
 * A scope with the fields of digdirator's `ScopeRegistration` (pkg/digdir/types/types.go)
 * and Digdir's scope API page (visibility, accessible_for_all, allowed_integration_types).
 */
export function toApiScope(scope: SimulatorScope) {
  return {
    name: scope.name,
    prefix: scope.prefix,
    subscope: scope.subscope,
    description: scope.description,
    ...(scope.longDescription !== undefined && { long_description: scope.longDescription }),
    owner_orgno: scope.ownerOrgno,
    visibility: scope.visibility,
    accessible_for_all: scope.accessibleForAll,
    allowed_integration_types: [...scope.allowedIntegrationTypes],
    active: scope.active,
    ...(scope.atMaxAge !== undefined && { at_max_age: scope.atMaxAge }),
    requires_user_consent: scope.requiresUserConsent,
    requires_user_authentication: scope.requiresUserAuthentication,
    requires_pseudonymous_tokens: scope.requiresPseudonymousTokens,
    token_type: scope.tokenType,
    created: scope.created,
    last_updated: scope.lastUpdated,
  };
}

/**
 * An access grant as in Digdir's example of `GET /scopes/access?scope=`: `{"scope",
 * "state", "prefix", "created", "consumer_orgno", "last_updated", "owner_orgno"}`
 * (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten).
 */
export function toApiScopeAccess(access: SimulatorScopeAccess) {
  return {
    scope: access.scope,
    state: access.state,
    prefix: null,
    created: access.created,
    consumer_orgno: access.consumerOrgno,
    last_updated: access.lastUpdated,
    owner_orgno: access.ownerOrgno,
  };
}

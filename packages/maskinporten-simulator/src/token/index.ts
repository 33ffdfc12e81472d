export { createTokenHandler, processGrant } from './tokenEndpoint';
export type { TokenEndpointContext, TokenResponseBody } from './tokenEndpoint';
export { JtiStore } from './JtiStore';
export { ALLOWED_GRANT_CLAIMS } from './grantClaims';
export { MAX_GRANT_LIFETIME_SECONDS, MAX_CLOCK_SKEW_SECONDS } from './grantTimes';
export { AUTHORIZATION_DETAILS_TYPES } from './authorizationDetails';

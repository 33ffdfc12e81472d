/** The only grant type Maskinporten accepts at its token endpoint. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Where the Generate JWT policy leaves the signed token for later policies. */
export const GENERATED_JWT_ATTRIBUTE = 'jwt.generated';

/**
 * Form body for the token request. The assertion is interpolated by the Assign Content
 * policy (Freemarker); a JWT is base64url, so it needs no further URL encoding.
 */
export const GRANT_REQUEST_BODY =
  `grant_type=${encodeURIComponent(JWT_BEARER_GRANT_TYPE)}` +
  `&assertion=\${context.attributes['${GENERATED_JWT_ATTRIBUTE}']}`;

/** Digdir documents `exp - iat <= 120`. */
export const MAX_GRANT_LIFETIME_SECONDS = 120;

/**
 * We stay two seconds under Digdir's limit so a gateway whose clock runs slightly ahead
 * still produces an acceptable grant (Sikt settled on the same value).
 */
export const DEFAULT_GRANT_LIFETIME_SECONDS = 118;

/** Maskinporten's default `access_token_lifetime` when the client has none of its own. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 120;

/**
 * A cached token must still be usable when it is handed out; two seconds of margin under
 * the access-token lifetime covers the round trip to Maskinporten.
 */
export const CACHE_TTL_MARGIN_SECONDS = 2;

/** Matches Maskinporten's default token lifetime less the margin, whatever the client's lifetime. */
export const DEFAULT_CACHE_TTL_SECONDS = DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS - CACHE_TTL_MARGIN_SECONDS;

/** Key expiry closer than this is a warning, matching the card's colour thresholds. */
export const DEFAULT_KEY_WARNING_DAYS = 30;

/** The header Gravitee reads API keys from; it must not be forwarded to Maskinporten. */
export const API_KEY_HEADER = 'X-Gravitee-Api-Key';

/** The header consumers put the requested scopes in; the cache is keyed on it. */
export const SCOPE_HEADER = 'scope';

/** The name of the cache resource the plan's cache policy points at. */
export const TOKEN_CACHE_RESOURCE = 'token-cache';

/** Policy ids as Gravitee names them in definitions. */
export const POLICY = {
  ipFiltering: 'ip-filtering',
  generateJwt: 'policy-generate-jwt',
  assignContent: 'policy-assign-content',
  transformQueryParams: 'transform-queryparams',
  transformHeaders: 'transform-headers',
  overrideRequestMethod: 'policy-override-request-method',
  cache: 'cache',
} as const;

/** `ver2` was Maskinporten's old test host, shut down on 2024-06-10. */
export const LEGACY_VER2_HOST = 'ver2.maskinporten.no';

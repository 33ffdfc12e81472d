import cache from './cache.json';
import ipFiltering from './ip-filtering.json';
import assignContent from './policy-assign-content.json';
import generateJwt from './policy-generate-jwt.json';
import overrideRequestMethod from './policy-override-request-method.json';
import resourceCache from './resource-cache.json';
import transformHeaders from './transform-headers.json';
import transformQueryParams from './transform-queryparams.json';

/**
 * The configuration schema of every policy the renderer emits, keyed by policy id: each is
 * Gravitee's own `schema-form.json`, byte for byte, from the plugin version PROVENANCE.json
 * names (the version the real-gateway suite runs).
 */
export const POLICY_SCHEMAS: Readonly<Record<string, object>> = {
  'ip-filtering': ipFiltering,
  'policy-generate-jwt': generateJwt,
  'policy-assign-content': assignContent,
  'transform-queryparams': transformQueryParams,
  'transform-headers': transformHeaders,
  'policy-override-request-method': overrideRequestMethod,
  cache,
};

/** Configuration schemas of the resources the renderer emits, keyed by resource type. */
export const RESOURCE_SCHEMAS: Readonly<Record<string, object>> = {
  cache: resourceCache,
};

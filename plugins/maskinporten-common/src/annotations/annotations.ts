import type { Entity } from '@backstage/catalog-model';

/** Annotation prefix shared by every Maskinporten annotation. @public */
export const MASKINPORTEN_ANNOTATION_PREFIX = 'maskinporten.no/';

/** The integration's client id ("Integrasjons-ID"). May be absent until registered. @public */
export const ANNOTATION_CLIENT_ID = 'maskinporten.no/client-id';
/** The configured Maskinporten environment, `test` when absent. @public */
export const ANNOTATION_ENVIRONMENT = 'maskinporten.no/environment';
/** Space- or comma-separated scopes (`prefix:name`). @public */
export const ANNOTATION_SCOPES = 'maskinporten.no/scopes';
/** Optional RFC 8707 audience restriction, space separated. @public */
export const ANNOTATION_RESOURCE = 'maskinporten.no/resource';
/** Optional 9-digit organisation number for Altinn-delegated access. @public */
export const ANNOTATION_CONSUMER_ORG = 'maskinporten.no/consumer-org';
/** Optional `kid` of a key registered outside the plugin. @public */
export const ANNOTATION_KEY_ID = 'maskinporten.no/key-id';

/** Optional context path of the integration's Gravitee token service (overrides config). @public */
export const ANNOTATION_GRAVITEE_CONTEXT_PATH = 'maskinporten.no/gravitee-context-path';
/** Optional IPs/CIDR ranges allowed to call the Gravitee token service (overrides config). @public */
export const ANNOTATION_GRAVITEE_IP_ALLOW_LIST = 'maskinporten.no/gravitee-ip-allow-list';

/**
 * Set by the import from Digdir (`digdir`) on the Resources it provides for clients that exist
 * in Samarbeidsportalen but were not created through Backstage.
 *
 * @public
 */
export const ANNOTATION_IMPORTED_FROM = 'maskinporten.no/imported-from';
/** `true` on an imported client no ownership rule matched: owned by the triage group until claimed. @public */
export const ANNOTATION_UNCLAIMED = 'maskinporten.no/unclaimed';

/** The annotations that declare an integration (any one makes an entity a candidate). @public */
export const MASKINPORTEN_ANNOTATIONS = [
  ANNOTATION_CLIENT_ID,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_SCOPES,
  ANNOTATION_RESOURCE,
  ANNOTATION_CONSUMER_ORG,
  ANNOTATION_KEY_ID,
  ANNOTATION_GRAVITEE_CONTEXT_PATH,
  ANNOTATION_GRAVITEE_IP_ALLOW_LIST,
] as const;

/** The environment used when `maskinporten.no/environment` is absent. @public */
export const DEFAULT_ENVIRONMENT = 'test';

/** `spec.type` of Resource entities that model one Maskinporten client each. @public */
export const MASKINPORTEN_CLIENT_RESOURCE_TYPE = 'maskinporten-client';

/**
 * True when the entity declares a Maskinporten integration, valid or not.
 * Invalid annotations still count: the card must show them as an error, not hide them.
 *
 * @public
 */
export function isMaskinportenAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Object.keys(annotations).some(key =>
    key.startsWith(MASKINPORTEN_ANNOTATION_PREFIX),
  );
}

import type { Entity } from '@backstage/catalog-model';
import { isMaskinportenAvailable } from '@maskinporten-backstage/plugin-maskinporten-common';

/**
 * Where the entity card belongs: any entity that declares an integration (valid or not,
 * so broken annotations get shown), and Components that depend on a Resource, because
 * their integrations may live on related `maskinporten-client` resources.
 *
 * Deliberately narrower than "every Component": the relation does not say whether the
 * resource is a maskinporten-client, but a card on every component of the catalog would
 * mostly show an empty state to teams that never use Maskinporten.
 *
 * @public
 */
export function isMaskinportenCardApplicable(entity: Entity): boolean {
  if (isMaskinportenAvailable(entity)) {
    return true;
  }
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
    return false;
  }
  return (entity.relations ?? []).some(
    relation =>
      relation.type === 'dependsOn' && relation.targetRef.toLocaleLowerCase('en-US').startsWith('resource:'),
  );
}

import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useT } from '../../translation';

/** The principal the backend records for the rotation's own token tests and automatic rotations. */
const ROTATION_PRINCIPAL = 'maskinporten-key-rotation';

function asUserRef(value: string): string | undefined {
  try {
    const ref = parseEntityRef(value);
    return ref.kind.toLocaleLowerCase('en-US') === 'user' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who did something, as a person reads it: a user's display name (linked to their catalog
 * page) instead of `user:default/kari`, and words for the backend's own principals.
 */
export function PersonName(props: { principal: string }) {
  const { principal } = props;
  const t = useT();
  if (principal === ROTATION_PRINCIPAL) {
    return <>{t('common.automaticRotation')}</>;
  }
  const userRef = asUserRef(principal);
  if (userRef) {
    return <EntityRefLink entityRef={userRef} hideIcon disableTooltip />;
  }
  return <>{principal}</>;
}

import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { Link } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { useT } from '../../translation';

/** The owner's contact address from its catalog profile, when the catalog has one. */
function useOwnerEmail(owner?: string): string | undefined {
  // Optional: the card must not fail in apps (or tests) without the catalog API.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!owner || !catalogApi) return undefined;
    const entity = await catalogApi.getEntityByRef(owner);
    const email = (entity?.spec?.profile as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email : undefined;
  }, [catalogApi, owner]);
  return value;
}

/**
 * For someone who may not change this integration's keys: who owns it and whom to ask,
 * instead of actions they cannot take.
 */
export function OwnerNote(props: { owner?: string }) {
  const { owner } = props;
  const email = useOwnerEmail(owner);
  const t = useT();
  if (!owner) {
    return (
      <Typography variant="body2" data-testid="owner-note">
        {t('card.owner.none')}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" data-testid="owner-note">
      {t('card.owner.ownedBy')} <EntityRefLink entityRef={owner} defaultKind="group" hideIcon />
      {t('card.owner.askThem')}
      {email ? (
        <>
          {' '}
          (<Link to={`mailto:${email}`} underline="always">{email}</Link>)
        </>
      ) : null}{' '}
      {t('card.owner.toFix')}
    </Typography>
  );
}

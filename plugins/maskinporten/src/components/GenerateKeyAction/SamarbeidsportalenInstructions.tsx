import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { ANNOTATION_CLIENT_ID } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';

const PORTAL_URL = 'https://sjolvbetjening.samarbeid.digdir.no/';

/**
 * The manual upload, for environments without Digdir's self-service API: onto the existing
 * client when there is a client id, else as the keys of a client created by hand.
 */
export function SamarbeidsportalenInstructions(props: { environment: string; clientId?: string }) {
  const { environment, clientId } = props;
  const t = useT();
  return (
    <>
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        {clientId ? t('keys.portal.uploadTitle') : t('keys.portal.createTitle')}
      </Typography>
      <ol data-testid="samarbeidsportalen-steps">
        <li>
          {t('keys.portal.open')}
          <Link to={PORTAL_URL} underline="always">
            sjolvbetjening.samarbeid.digdir.no
          </Link>
          {t('keys.portal.chooseEnvironment', { environment })}
        </li>
        {clientId ? (
          <>
            <li>{t('keys.portal.openClient', { clientId })}</li>
            <li>{t('keys.portal.goToKeys')}</li>
            <li>{t('keys.portal.pasteReplace')}</li>
          </>
        ) : (
          <>
            <li>{t('keys.portal.createClient')}</li>
            <li>{t('keys.portal.pasteNew')}</li>
            <li>
              {t('keys.portal.addClientId')}{' '}
              <code>{ANNOTATION_CLIENT_ID}</code>.
            </li>
          </>
        )}
      </ol>
      <Typography variant="body2">
        {t('keys.portal.propagation')}
      </Typography>
    </>
  );
}

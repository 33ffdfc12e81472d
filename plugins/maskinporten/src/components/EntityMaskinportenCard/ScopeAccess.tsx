import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckIcon from '@material-ui/icons/Check';
import PublicIcon from '@material-ui/icons/Public';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { MaskinportenIntegrationView, ScopeOffer } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { useT } from '../../translation';

type Access = ScopeOffer['access'];

// error.dark on the paper background keeps the text above WCAG AA (4.5:1).
const useStyles = makeStyles((theme: Theme) => ({
  request: { color: theme.palette.error.dark, borderColor: theme.palette.error.dark },
  requestIcon: { color: theme.palette.error.dark },
}));

const ICONS: Record<Access, JSX.Element> = {
  granted: <CheckIcon />,
  open: <PublicIcon />,
  request: <BlockIcon />,
};

/** The scopes the organisation has lost access to: the second most common cause of failing tokens. */
export function withdrawnScopes(integration: MaskinportenIntegrationView): string[] {
  return integration.scopes.filter(scope => integration.scopeAccess?.[scope] === 'request');
}

/**
 * The integration's scopes, each with the organisation's access in words, an icon and, for
 * a scope without access, the error colour. Plain chips where Digdir's scope-access API is
 * not configured for the environment (no `scopeAccess`).
 */
export function ScopeChips(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const t = useT();
  const classes = useStyles();
  return (
    <Box component="span" display="inline-flex" flexWrap="wrap" style={{ gap: 4 }}>
      {integration.scopes.map(scope => {
        const access = integration.scopeAccess?.[scope];
        if (!access) return <Chip key={scope} size="small" variant="outlined" label={scope} />;
        return (
          <Tooltip key={scope} title={t(`card.scopeAccess.${access}Help`)}>
            <Chip
              size="small"
              variant="outlined"
              icon={ICONS[access]}
              label={`${scope} · ${t(`card.scopeAccess.${access}`)}`}
              className={access === 'request' ? classes.request : undefined}
              classes={access === 'request' ? { icon: classes.requestIcon } : undefined}
              data-testid={`scope-${scope}`}
              data-access={access}
            />
          </Tooltip>
        );
      })}
    </Box>
  );
}

/**
 * Said plainly under the summary, where non-owners see it too: which scopes have no access
 * now and whom to ask. The owners' organisation numbers come from the scope catalogue,
 * read only when a scope has lost its access.
 */
export function WithdrawnScopesAlert(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const t = useT();
  const api = useApi(maskinportenApiRef);
  const withdrawn = withdrawnScopes(integration);
  const owners = useAsync(async () => {
    if (withdrawn.length === 0) return new Map<string, string>();
    const offers = await api.listScopes(integration.environment);
    return new Map(offers.scopes.filter(offer => offer.ownerOrgno).map(offer => [offer.name, offer.ownerOrgno!]));
    // The scopes' identity changes with each load of the card; their names do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, integration.environment, withdrawn.join(' ')]);
  if (withdrawn.length === 0) return null;
  const asks = withdrawn.map(scope => {
    const orgno = owners.value?.get(scope);
    return orgno ? t('card.scopeAccess.askOwner', { scope, orgno }) : undefined;
  });
  const known = asks.filter(Boolean);
  return (
    <Box mt={1}>
      <Alert severity="error" data-testid="withdrawn-scopes">
        {t('card.scopeAccess.withdrawn', { count: withdrawn.length, scopes: withdrawn.join(', ') })}{' '}
        {known.length > 0 ? known.join(' ') : t('card.scopeAccess.askOwnerUnknown')}
      </Alert>
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  MaskinportenIntegrationView,
  MaskinportenKey,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { CopyButton } from '../common';
import { ExpiryChip } from '../ExpiryStatus';
import { GatewayStatusChip } from '../GatewayDeployments';
import { useT, type Translate } from '../../translation';
import { ImportedChips } from './ImportedFromDigdir';
import { LastTokenTestSummary } from './LastTokenTestSummary';
import { WithdrawnScopesAlert } from './ScopeAccess';

/** A key not yet confirmed by a token test, unless a rotation already guides it. */
export function unconfirmedKey(integration: MaskinportenIntegrationView): MaskinportenKey | undefined {
  if (integration.rotation?.open) return undefined;
  return integration.keys.find(key => key.state === 'pending');
}

/** What confirms a pending key, as far as the card knows how it reaches Digdir. */
function confirmationHint(t: Translate, integration: MaskinportenIntegrationView, key: MaskinportenKey): string {
  if (key.registeredAt || integration.keyRegistration === 'self-service') {
    return t('card.summary.unconfirmedRegistered', { kid: key.kid });
  }
  if (integration.keyRegistration === 'manual') {
    return t('card.summary.unconfirmedManual', { kid: key.kid });
  }
  return t('card.summary.unconfirmedUnknown', { kid: key.kid });
}

/** One integration at a glance: environment, expiry, rotation, client id and last test. */
export function IntegrationSummary(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const unconfirmed = unconfirmedKey(integration);
  const t = useT();
  return (
    <Box data-testid="integration-summary">
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
        <Chip size="small" label={t('card.summary.environment', { environment: integration.environment })} />
        <ExpiryChip status={integration.expiry} expiresAt={integration.expiresAt} />
        {integration.rotation?.open && (
          <Chip
            size="small"
            variant="outlined"
            color="primary"
            label={t('card.summary.rotation', { phase: t(`rotation.phases.${integration.rotation.phase}`) })}
          />
        )}
        {integration.gateway && <GatewayStatusChip status={integration.gateway.status} />}
        <ImportedChips integration={integration} />
      </Box>
      <Box mt={0.5} display="flex" flexWrap="wrap" alignItems="center" style={{ columnGap: 16 }}>
        <Typography variant="body2" component="span">
          {t('card.summary.clientId')} <code>{integration.clientId ?? t('card.summary.clientIdMissing')}</code>
          {integration.clientId && (
            <CopyButton
              text={integration.clientId}
              aria-label={t('card.summary.copyClientId')}
              copiedText={t('card.summary.clientIdCopied')}
            />
          )}
        </Typography>
        <Typography variant="body2" component="span">
          {t('card.summary.lastTokenTest')} <LastTokenTestSummary test={integration.lastTokenTest} component="span" />
        </Typography>
      </Box>
      {unconfirmed && (
        <Typography variant="body2" data-testid="summary-unconfirmed-key">
          {confirmationHint(t, integration, unconfirmed)}
        </Typography>
      )}
      <WithdrawnScopesAlert integration={integration} />
    </Box>
  );
}

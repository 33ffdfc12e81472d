import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  MaskinportenIntegrationView,
  MaskinportenKey,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { CopyButton } from '../common';
import { ExpiryChip } from '../ExpiryStatus';
import { PHASE_LABELS } from '../KeyRotation';
import { LastTokenTestSummary } from './LastTokenTestSummary';

/** A key not yet confirmed by a token test, unless a rotation already guides it. */
export function unconfirmedKey(integration: MaskinportenIntegrationView): MaskinportenKey | undefined {
  if (integration.rotation?.open) return undefined;
  return integration.keys.find(key => key.state === 'pending');
}

/** What confirms a pending key, as far as the card knows how it reaches Digdir. */
function confirmationHint(integration: MaskinportenIntegrationView, key: MaskinportenKey): string {
  if (key.registeredAt || integration.keyRegistration === 'self-service') {
    return `Not confirmed yet: "Test token" confirms key ${key.kid}.`;
  }
  if (integration.keyRegistration === 'manual') {
    return `Not confirmed yet: upload the JWK array, then "Test token" confirms key ${key.kid}.`;
  }
  return `Not confirmed yet: "Test token" confirms key ${key.kid} (MP-100 means Digdir lacks it: upload the JWK array).`;
}

/** One integration at a glance: environment, expiry, rotation, client id and last test. */
export function IntegrationSummary(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const unconfirmed = unconfirmedKey(integration);
  return (
    <Box data-testid="integration-summary">
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
        <Chip size="small" label={`Environment: ${integration.environment}`} />
        <ExpiryChip status={integration.expiry} expiresAt={integration.expiresAt} />
        {integration.rotation?.open && (
          <Chip
            size="small"
            variant="outlined"
            color="primary"
            label={`Rotation: ${PHASE_LABELS[integration.rotation.phase]}`}
          />
        )}
      </Box>
      <Box mt={0.5} display="flex" flexWrap="wrap" alignItems="center" style={{ columnGap: 16 }}>
        <Typography variant="body2" component="span">
          Client id: <code>{integration.clientId ?? 'not registered yet'}</code>
          {integration.clientId && (
            <CopyButton text={integration.clientId} aria-label="Copy client id" copiedText="Client id copied" />
          )}
        </Typography>
        <Typography variant="body2" component="span">
          Last token test: <LastTokenTestSummary test={integration.lastTokenTest} component="span" />
        </Typography>
      </Box>
      {unconfirmed && (
        <Typography variant="body2" data-testid="summary-unconfirmed-key">
          {confirmationHint(integration, unconfirmed)}
        </Typography>
      )}
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { ExpiryChip } from '../ExpiryStatus';
import { PHASE_LABELS } from '../KeyRotation';
import { LastTokenTestSummary } from './LastTokenTestSummary';

/** The key that still waits for its upload, unless a rotation already guides it. */
export function keyAwaitingUpload(integration: MaskinportenIntegrationView): string | undefined {
  if (integration.rotation?.open) return undefined;
  return integration.keys.find(key => key.state === 'pending')?.kid;
}

/** One integration at a glance: environment, expiry, rotation, client id and last test. */
export function IntegrationSummary(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const awaitingUpload = keyAwaitingUpload(integration);
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
      <Box mt={0.5} display="flex" flexWrap="wrap" style={{ columnGap: 16 }}>
        <Typography variant="body2" component="span">
          Client id: <code>{integration.clientId ?? 'not registered yet'}</code>
        </Typography>
        <Typography variant="body2" component="span">
          Last token test: <LastTokenTestSummary test={integration.lastTokenTest} component="span" />
        </Typography>
      </Box>
      {awaitingUpload && (
        <Typography variant="body2" data-testid="summary-awaiting-upload">
          Key {awaitingUpload} is not confirmed at Digdir yet: upload the JWK array, then test the token.
        </Typography>
      )}
    </Box>
  );
}

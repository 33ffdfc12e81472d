import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { GatewayDeploymentRow, type GatewayPermissions } from './GatewayDeploymentRow';
import { AdoptGatewayDialog, ManualGatewayDialog } from './LinkGatewayDialogs';

/**
 * The integration's gateway deployments on the card: each with what it signs with and whether
 * that is the active key, tests through the gateway, and for owners: link an existing token
 * service, add one kept by hand, check now. Renewal's effect on gateways is said here, where
 * the owner looks when a key nears expiry.
 */
export function GatewayDeploymentsSection(props: {
  integration: MaskinportenIntegrationView;
  permissions: GatewayPermissions;
  onChanged: () => void;
}) {
  const { integration, permissions, onChanged } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const [dialog, setDialog] = useState<'adopt' | 'manual'>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const deployments = integration.gateway?.deployments ?? [];

  const check = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.checkGatewayDeployments(integration.entityRef);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <Box data-testid="gateway-deployments">
      {deployments.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {t('gateways.none')}
        </Typography>
      ) : (
        <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {deployments.map(deployment => (
            <GatewayDeploymentRow
              key={deployment.id}
              integration={integration}
              deployment={deployment}
              permissions={permissions}
              onChanged={onChanged}
            />
          ))}
        </Box>
      )}
      {deployments.length > 0 && integration.keyRegistration !== 'manual' && (
        <Typography variant="caption" color="textSecondary" component="p" data-testid="gateway-renewal-note">
          {t('gateways.renewal')}
        </Typography>
      )}
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{t('gateways.failed', { error: failure })}</Alert>
        </Box>
      )}
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mt={1}>
        {permissions.testToken && deployments.some(d => d.managed) && (
          <Button size="small" disabled={busy} onClick={check}>
            {t('gateways.checkNow')}
          </Button>
        )}
        {permissions.manageKeys && integration.clientId && (
          <>
            <Button size="small" onClick={() => setDialog('adopt')}>
              {t('gateways.link')}
            </Button>
            <Button size="small" onClick={() => setDialog('manual')}>
              {t('gateways.addManual')}
            </Button>
          </>
        )}
      </Box>
      <AdoptGatewayDialog
        integration={integration}
        open={dialog === 'adopt'}
        onClose={() => setDialog(undefined)}
        onLinked={onChanged}
      />
      <ManualGatewayDialog
        integration={integration}
        open={dialog === 'manual'}
        onClose={() => setDialog(undefined)}
        onLinked={onChanged}
      />
    </Box>
  );
}

import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type {
  GatewayDeploymentView,
  MaskinportenIntegrationView,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { RelativeTime } from '../common';
import { ConfirmDialog } from '../KeyRotation/ConfirmDialog';
import { GatewayStatusChip } from './GatewayStatusChip';
import { KidSelect, usableKids } from './KidSelect';

export interface GatewayPermissions {
  manageKeys: boolean;
  testToken: boolean;
}

/** `Gravitee API lonn-service` */
export function useDeploymentName() {
  const t = useT();
  return (d: Pick<GatewayDeploymentView, 'targetTitle' | 'name' | 'apiId' | 'id'>) =>
    t('gateways.where', { target: d.targetTitle, name: d.name ?? d.apiId ?? d.id });
}

/**
 * One deployment: where it runs, what it signs with and whether that is the active key, the
 * last token request through it, and its actions: "Test through the gateway" (a gateway the
 * backend can call), "Confirm update" (one kept by hand that is behind), "Unlink".
 */
export function GatewayDeploymentRow(props: {
  integration: MaskinportenIntegrationView;
  deployment: GatewayDeploymentView;
  permissions: GatewayPermissions;
  onChanged: () => void;
}) {
  const { integration, deployment: d, permissions, onChanged } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const nameOf = useDeploymentName();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [dialog, setDialog] = useState<'confirm' | 'unlink'>();
  const [kid, setKid] = useState(integration.activeKid ?? '');
  const name = nameOf(d);

  const run = async (step: () => Promise<unknown>) => {
    setDialog(undefined);
    setBusy(true);
    setFailure(undefined);
    try {
      await step();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <Box component="li" mb={1.5} data-testid={`gateway-${d.id}`}>
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
        <GatewayStatusChip status={d.status} />
        <Typography variant="body2" component="span" style={{ fontWeight: 600 }}>
          {name}
        </Typography>
        <Typography variant="body2" component="span" color="textSecondary">
          {t(`gateways.origin.${d.origin}`)}
          {d.contextPath ? `, ${t('gateways.contextPath', { path: d.contextPath })}` : ''}
        </Typography>
        <Typography variant="body2" component="code" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {d.kid ? t('gateways.signsWith', { kid: d.kid }) : t('gateways.kidUnknown')}
        </Typography>
      </Box>
      <Typography variant="caption" color="textSecondary" component="p" data-testid="gateway-status-text">
        {d.statusText}
      </Typography>
      {d.lastTest && (
        <Typography variant="caption" color="textSecondary" component="p" data-testid="gateway-last-test">
          {t('gateways.lastTest', { outcome: t(`gateways.outcomes.${d.lastTest.outcome}`), message: d.lastTest.message })}{' '}
          (<RelativeTime iso={d.lastTest.at} format="past" />)
        </Typography>
      )}
      {d.checkError && (
        <Typography variant="caption" color="error" component="p">
          {t('gateways.checkError', { error: d.checkError })}
        </Typography>
      )}
      {d.lastError && !d.checkError && (
        <Typography variant="caption" color="error" component="p">
          {d.lastError}
        </Typography>
      )}
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mt={0.5}>
        {permissions.testToken && d.managed && d.apiId && (
          <Button
            size="small"
            variant="outlined"
            disabled={busy}
            onClick={() => run(() => api.testThroughGateway(integration.entityRef, d.id))}
          >
            {t('gateways.testThrough')}
          </Button>
        )}
        {permissions.manageKeys && !d.managed && d.status !== 'in-sync' && (
          <Button size="small" variant="outlined" color="primary" disabled={busy} onClick={() => setDialog('confirm')}>
            {t('gateways.confirmUpdate')}
          </Button>
        )}
        {permissions.manageKeys && (
          <Button size="small" disabled={busy} onClick={() => setDialog('unlink')}>
            {t('gateways.unlink')}
          </Button>
        )}
      </Box>
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{t('gateways.failed', { error: failure })}</Alert>
        </Box>
      )}
      <ConfirmDialog
        id={`confirm-gateway-${d.id}`}
        open={dialog === 'confirm'}
        title={t('gateways.confirmDialog.title', { name })}
        confirmLabel={t('gateways.confirmDialog.confirm')}
        onCancel={() => setDialog(undefined)}
        onConfirm={() => run(() => api.confirmGatewayDeployment(integration.entityRef, d.id, kid))}
      >
        <Typography variant="body2" paragraph>
          {t('gateways.confirmDialog.intro')}
        </Typography>
        <KidSelect
          id={`confirm-gateway-kid-${d.id}`}
          label={t('gateways.confirmDialog.kid')}
          kids={usableKids(integration)}
          value={kid}
          onChange={setKid}
        />
      </ConfirmDialog>
      <ConfirmDialog
        id={`unlink-gateway-${d.id}`}
        open={dialog === 'unlink'}
        title={t('gateways.unlinkDialog.title', { name })}
        confirmLabel={t('gateways.unlinkDialog.action')}
        onCancel={() => setDialog(undefined)}
        onConfirm={() => run(() => api.unlinkGatewayDeployment(integration.entityRef, d.id))}
      >
        <Typography variant="body2">{t('gateways.unlinkDialog.text')}</Typography>
      </ConfirmDialog>
    </Box>
  );
}

import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import type { GraviteeDeployResponse } from '@maskinporten-backstage/plugin-maskinporten-common';
import { errorMessage } from '../../lib/errors';
import { useT, useTimeFormat } from '../../translation';

type Step =
  | { name: 'closed' }
  | { name: 'confirm' }
  | { name: 'working' }
  | { name: 'done'; result: GraviteeDeployResponse }
  | { name: 'failed'; message: string };

/**
 * Imports or updates the integration's definition in Gravitee, then starts and deploys it.
 * Only offered when the backend has a management API configured and the user may export
 * the definition (the deployed API holds the private key).
 */
export function GraviteeDeployAction(props: {
  integration: MaskinportenIntegrationView;
  canDeploy: boolean;
}) {
  const { integration, canDeploy } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const time = useTimeFormat();
  const [step, setStep] = useState<Step>({ name: 'closed' });
  const status = useAsync(() => api.getGraviteeStatus(), [api]);
  const configured = status.value?.deployConfigured === true;
  const lastDeployment = useAsyncRetry(
    async () => (configured ? api.getGraviteeDeployment(integration.entityRef) : undefined),
    [api, configured, integration.entityRef],
  );

  if (!configured) return null;

  const deploy = async () => {
    setStep({ name: 'working' });
    try {
      const result = await api.deployGravitee(integration.entityRef);
      setStep({ name: 'done', result });
    } catch (failure) {
      setStep({ name: 'failed', message: errorMessage(failure) });
    }
    lastDeployment.retry();
  };

  const close = () => {
    if (step.name !== 'working') setStep({ name: 'closed' });
  };

  const last = lastDeployment.value;
  return (
    <>
      {canDeploy && (
        <Button variant="outlined" size="small" onClick={() => setStep({ name: 'confirm' })}>
          {t('gravitee.deploy.button')}
        </Button>
      )}
      {last && (
        <Typography variant="body2" color="textSecondary" data-testid="gravitee-last-deployment" style={{ alignSelf: 'center' }}>
          {t('gravitee.deploy.last', { status: last.status })}
          {last.apiId ? ` ${t('gravitee.deploy.lastApi', { apiId: last.apiId })}` : ''}
          {last.updatedAt ? `, ${time.absolute(last.updatedAt)}` : ''}
          {last.lastError ? ` — ${last.lastError}` : ''}
        </Typography>
      )}
      <Dialog open={step.name !== 'closed'} onClose={close} maxWidth="sm" fullWidth aria-labelledby="gravitee-deploy-title">
        <DialogTitle id="gravitee-deploy-title">{t('gravitee.deploy.title')}</DialogTitle>
        <DialogContent>
          {step.name === 'confirm' && (
            <DialogContentText>
              {t('gravitee.deploy.confirm', {
                format: status.value?.deployFormat ?? 'v2',
                environment: integration.environment,
                clientId: integration.clientId ?? '',
              })}
            </DialogContentText>
          )}
          {step.name === 'working' && <Progress />}
          {step.name === 'done' && (
            <Alert severity="success">
              {t(step.result.created ? 'gravitee.deploy.created' : 'gravitee.deploy.updated', {
                apiId: step.result.apiId,
                format: step.result.format,
                status: step.result.status,
              })}
            </Alert>
          )}
          {step.name === 'failed' && <Alert severity="error">{t('gravitee.deploy.failed', { error: step.message })}</Alert>}
        </DialogContent>
        <DialogActions>
          {step.name === 'confirm' ? (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button color="primary" variant="contained" onClick={deploy}>
                {t('gravitee.deploy.action')}
              </Button>
            </>
          ) : (
            <Button onClick={close} disabled={step.name === 'working'}>
              {t('common.close')}
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}

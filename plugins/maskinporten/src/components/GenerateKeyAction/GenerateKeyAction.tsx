import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CreateKeyResponse,
  MaskinportenIntegrationView,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { JwkArray } from '../KeySet';
import { SamarbeidsportalenInstructions } from './SamarbeidsportalenInstructions';

type Step =
  | { name: 'closed' }
  | { name: 'confirm' }
  | { name: 'working' }
  | { name: 'done'; created: CreateKeyResponse }
  | { name: 'failed'; message: string };

/**
 * The first key of an integration that has no client yet: generate it, then hand over the
 * JWK array to create the client with. Once there is a client id, "Rotate key" takes over
 * (it registers through Digdir's self-service API where configured, and checks the key).
 */
export function GenerateKeyAction(props: {
  integration: MaskinportenIntegrationView;
  onGenerated?: () => void;
}) {
  const { integration, onGenerated } = props;
  const api = useApi(maskinportenApiRef);
  const [step, setStep] = useState<Step>({ name: 'closed' });
  const t = useT();
  const titleId = `generate-key-title-${integration.entityRef}`;

  const generate = async () => {
    setStep({ name: 'working' });
    try {
      const created = await api.createKey(integration.entityRef);
      setStep({ name: 'done', created });
    } catch (error) {
      setStep({ name: 'failed', message: errorMessage(error) });
    }
  };

  const close = () => {
    if (step.name === 'done') onGenerated?.();
    setStep({ name: 'closed' });
  };

  return (
    <>
      <Button variant="outlined" color="primary" size="small" onClick={() => setStep({ name: 'confirm' })}>
        {t('keys.generate.button')}
      </Button>
      <Dialog open={step.name !== 'closed'} onClose={close} maxWidth="md" fullWidth aria-labelledby={titleId}>
        <DialogTitle id={titleId}>{t('keys.generate.title')}</DialogTitle>
        <DialogContent>
          {step.name === 'confirm' && (
            <DialogContentText>
              {t('keys.generate.confirm', {
                title: integration.title ?? integration.entityRef,
                environment: integration.environment,
              })}
            </DialogContentText>
          )}
          {step.name === 'working' && <Progress />}
          {step.name === 'failed' && (
            <WarningPanel severity="error" title={t('keys.generate.failed')} message={step.message} />
          )}
          {step.name === 'done' && (
            <>
              <DialogContentText>
                {t('keys.generate.created', { kid: step.created.key.kid })}
              </DialogContentText>
              <JwkArray jwks={step.created.jwks} />
              <SamarbeidsportalenInstructions environment={integration.environment} clientId={integration.clientId} />
            </>
          )}
        </DialogContent>
        <DialogActions>
          {step.name === 'confirm' ? (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button color="primary" variant="contained" onClick={generate}>
                {t('keys.generate.action')}
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

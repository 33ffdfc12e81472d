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
        Generate key
      </Button>
      <Dialog open={step.name !== 'closed'} onClose={close} maxWidth="md" fullWidth aria-labelledby={titleId}>
        <DialogTitle id={titleId}>Generate a key for a new client</DialogTitle>
        <DialogContent>
          {step.name === 'confirm' && (
            <DialogContentText>
              {integration.title ?? integration.entityRef} has no client id yet. Generate an RSA key
              for its {integration.environment} client? The private key stays on the server; you get
              the JWK array to create the client with in Samarbeidsportalen. You can show the array
              again later with "Show JWK array".
            </DialogContentText>
          )}
          {step.name === 'working' && <Progress />}
          {step.name === 'failed' && (
            <WarningPanel severity="error" title="No key was generated" message={step.message} />
          )}
          {step.name === 'done' && (
            <>
              <DialogContentText>
                New key <code>{step.created.key.kid}</code> created.
              </DialogContentText>
              <JwkArray jwks={step.created.jwks} />
              <SamarbeidsportalenInstructions environment={integration.environment} clientId={integration.clientId} />
            </>
          )}
        </DialogContent>
        <DialogActions>
          {step.name === 'confirm' ? (
            <>
              <Button onClick={close}>Cancel</Button>
              <Button color="primary" variant="contained" onClick={generate}>
                Generate
              </Button>
            </>
          ) : (
            <Button onClick={close} disabled={step.name === 'working'}>
              Close
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}

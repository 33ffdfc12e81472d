import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { CodeSnippet, CopyTextButton, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CreateKeyResponse,
  MaskinportenIntegrationView,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { SamarbeidsportalenInstructions } from './SamarbeidsportalenInstructions';

type Step =
  | { name: 'closed' }
  | { name: 'confirm' }
  | { name: 'working' }
  | { name: 'done'; created: CreateKeyResponse }
  | { name: 'failed'; message: string };

/** Confirm, generate, then hand over the public key set to paste into Samarbeidsportalen. */
export function GenerateKeyAction(props: {
  integration: MaskinportenIntegrationView;
  onGenerated?: () => void;
}) {
  const { integration, onGenerated } = props;
  const api = useApi(maskinportenApiRef);
  const [step, setStep] = useState<Step>({ name: 'closed' });

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

  const jwksText = step.name === 'done' ? JSON.stringify(step.created.jwks, null, 2) : '';

  return (
    <>
      <Button variant="outlined" color="primary" size="small" onClick={() => setStep({ name: 'confirm' })}>
        Generate key
      </Button>
      <Dialog open={step.name !== 'closed'} onClose={close} maxWidth="md" fullWidth>
        <DialogTitle>Generate a new key</DialogTitle>
        <DialogContent>
          {step.name === 'confirm' && (
            <DialogContentText>
              Generate a new RSA key for the {integration.environment} client
              {integration.clientId ? ` ${integration.clientId}` : ''}? Existing keys keep working
              until they expire. The private key stays on the server; you get the public keys to
              upload to Samarbeidsportalen.
            </DialogContentText>
          )}
          {step.name === 'working' && <Progress />}
          {step.name === 'failed' && (
            <WarningPanel severity="error" title="No key was generated" message={step.message} />
          )}
          {step.name === 'done' && (
            <>
              <DialogContentText>
                New key <code>{step.created.key.kid}</code> created. Upload the whole key set below:
                Samarbeidsportalen replaces the keys on the client with what you paste.
              </DialogContentText>
              <Box display="flex" alignItems="center" justifyContent="space-between">
                <strong>JWK array ({step.created.jwks.length} keys)</strong>
                <CopyTextButton text={jwksText} aria-label="Copy JWK array" tooltipText="JWK array copied" />
              </Box>
              <Box data-testid="jwks-json">
                <CodeSnippet text={jwksText} language="json" />
              </Box>
              <SamarbeidsportalenInstructions environment={integration.environment} />
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

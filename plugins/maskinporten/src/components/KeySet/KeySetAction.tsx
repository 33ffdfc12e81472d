import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { SamarbeidsportalenInstructions } from '../GenerateKeyAction/SamarbeidsportalenInstructions';
import { useT } from '../../translation';
import { JwkArray } from './JwkArray';

/**
 * The integration's current key set, read fresh from the backend each time it opens: the
 * way back to the JWK array after the dialog that generated a key has been closed.
 */
export function KeySetDialog(props: {
  integration: MaskinportenIntegrationView;
  open: boolean;
  onClose: () => void;
}) {
  const { integration, open, onClose } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const jwks = useAsync(
    async () => (open ? api.getJwks(integration.entityRef) : undefined),
    [api, integration.entityRef, open],
  );
  const pending = integration.keys.filter(key => key.state === 'pending').map(key => key.kid);
  const titleId = `key-set-title-${integration.entityRef}`;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId}>
        {t('keys.keySet.title', { title: integration.title ?? integration.entityRef, environment: integration.environment })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {integration.clientId
            ? t('keys.keySet.intro', { clientId: integration.clientId })
            : t('keys.keySet.introNoClient')}
        </DialogContentText>
        {pending.length > 0 && (
          <Box mb={2}>
            <Alert severity="info" data-testid="pending-upload">
              {t('keys.keySet.pending', { kids: pending.join(', ') })}
            </Alert>
          </Box>
        )}
        {jwks.loading && <Progress />}
        {jwks.error && <Alert severity="error">{t('keys.keySet.readFailed', { error: errorMessage(jwks.error) })}</Alert>}
        {jwks.value && <JwkArray jwks={jwks.value} />}
        {integration.keyRegistration === 'self-service' ? (
          <DialogContentText style={{ marginTop: 16 }}>
            {t('keys.keySet.selfService', { environment: integration.environment })}
          </DialogContentText>
        ) : (
          <SamarbeidsportalenInstructions environment={integration.environment} clientId={integration.clientId} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** "Show JWK array" and its dialog. */
export function KeySetAction(props: { integration: MaskinportenIntegrationView; label?: string }) {
  const [open, setOpen] = useState(false);
  const t = useT();
  return (
    <>
      <Button variant="outlined" size="small" onClick={() => setOpen(true)}>
        {props.label ?? t('keys.keySet.button')}
      </Button>
      <KeySetDialog integration={props.integration} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

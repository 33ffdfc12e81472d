import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MaskinportenIntegrationView,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { TokenTestResultView } from '../TokenTestResult';

type State =
  | { name: 'closed' }
  | { name: 'running' }
  | { name: 'done'; result: TokenTestResult }
  | { name: 'failed'; message: string };

/** Runs one token request against the integration's environment and explains the outcome. */
export function TokenTestAction(props: {
  integration: MaskinportenIntegrationView;
  onTested?: () => void;
}) {
  const { integration, onTested } = props;
  const api = useApi(maskinportenApiRef);
  const [state, setState] = useState<State>({ name: 'closed' });

  const run = async () => {
    setState({ name: 'running' });
    try {
      const result = await api.runTokenTest(integration.entityRef, {});
      setState({ name: 'done', result });
    } catch (error) {
      // Only transport and authorization problems land here; Maskinporten's own refusals are results.
      setState({ name: 'failed', message: errorMessage(error) });
    }
  };

  const close = () => {
    if (state.name === 'done') onTested?.();
    setState({ name: 'closed' });
  };

  return (
    <>
      <Button variant="outlined" size="small" onClick={run}>
        Test token
      </Button>
      <Dialog open={state.name !== 'closed'} onClose={close} maxWidth="sm" fullWidth>
        <DialogTitle>
          Token test: {integration.environment}
          {integration.clientId ? ` · ${integration.clientId}` : ''}
        </DialogTitle>
        <DialogContent>
          {state.name === 'running' && <Progress />}
          {state.name === 'done' && <TokenTestResultView result={state.result} />}
          {state.name === 'failed' && (
            <WarningPanel severity="error" title="The token test could not run" message={state.message} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={state.name === 'running'}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

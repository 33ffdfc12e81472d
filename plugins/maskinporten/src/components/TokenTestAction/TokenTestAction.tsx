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
import { errorMessage, withTitle } from '../../lib/errors';
import { useT } from '../../translation';
import { KeySetAction } from '../KeySet';
import { TokenTestResultView, unuploadedKeyFor } from '../TokenTestResult';

type State =
  | { name: 'closed' }
  | { name: 'running' }
  | { name: 'done'; result: TokenTestResult }
  | { name: 'failed'; message: string };

/**
 * Runs one token request against the integration's environment and explains the outcome.
 * When the refusal is a key nobody uploaded, owners get the JWK array right there.
 */
export function TokenTestAction(props: {
  integration: MaskinportenIntegrationView;
  canManageKeys: boolean;
  onTested?: () => void;
}) {
  const { integration, canManageKeys, onTested } = props;
  const api = useApi(maskinportenApiRef);
  const [state, setState] = useState<State>({ name: 'closed' });
  const t = useT();
  const titleId = `token-test-title-${integration.entityRef}`;

  const run = async () => {
    setState({ name: 'running' });
    try {
      const result = await api.runTokenTest(integration.entityRef, {});
      setState({ name: 'done', result });
    } catch (error) {
      // Only transport and authorization problems land here; Maskinporten's own refusals are results.
      setState({ name: 'failed', message: withTitle(errorMessage(error), integration.entityRef, integration.title) });
    }
  };

  const close = () => {
    if (state.name === 'done') onTested?.();
    setState({ name: 'closed' });
  };

  const showKeySet =
    canManageKeys && state.name === 'done' && unuploadedKeyFor(state.result, integration.keys) !== undefined;

  return (
    <>
      <Button variant="outlined" size="small" onClick={run}>
        {t('tokenTest.button')}
      </Button>
      <Dialog open={state.name !== 'closed'} onClose={close} maxWidth="sm" fullWidth aria-labelledby={titleId}>
        <DialogTitle id={titleId}>
          {t('tokenTest.dialogTitle', {
            title: integration.title ?? integration.entityRef,
            environment: integration.environment,
          })}
        </DialogTitle>
        <DialogContent>
          {state.name === 'running' && <Progress />}
          {state.name === 'done' && (
            <TokenTestResultView
              result={state.result}
              keys={integration.keys}
              action={showKeySet ? <KeySetAction integration={integration} /> : undefined}
            />
          )}
          {state.name === 'failed' && (
            <WarningPanel severity="error" title={t('tokenTest.couldNotRun')} message={state.message} />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={state.name === 'running'}>
            {t('common.close')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
